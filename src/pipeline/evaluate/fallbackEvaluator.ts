import { FallbackPair } from '../providers/fallback.js';
import type { Evaluation, EvaluationInput, Evaluator } from './types.js';

/**
 * An LLM evaluator with the offline rubric behind it. The Evaluation keeps the name of whichever evaluator
 * produced it, so a stored score says whether the rubric stood in, and `fallbackFrom` names the one that
 * failed, so the card can say so while it keeps failing.
 */
export class FallbackEvaluator extends FallbackPair<Evaluator> implements Evaluator {
  protected readonly role = 'evaluator';

  evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<Evaluation> {
    return this.withFallback(
      (primary) => primary.evaluate(input, signal),
      async (fallback) => ({ ...(await fallback.evaluate(input, signal)), fallbackFrom: this.primary.name }),
      signal,
    );
  }
}
