import { JsonLlmTask } from '../providers/jsonLlm.js';
import { evaluationJsonSchema, parseLlmEvaluation } from './evaluationSchema.js';
import { buildScoringPrompt } from './scoringPrompt.js';
import type { Evaluation, EvaluationInput, Evaluator } from './types.js';

/** Scores answers with a chat model asked for JSON that follows the evaluation schema. Failures throw ProviderError. */
export class LlmEvaluator extends JsonLlmTask implements Evaluator {
  evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<Evaluation> {
    return this.llm.ask(
      { ...buildScoringPrompt(input), schemaName: 'evaluation', schema: evaluationJsonSchema, temperature: 0.2 },
      (text) => parseLlmEvaluation(text, input.question, { evaluator: this.name, model: this.model }),
      signal,
    );
  }
}
