import { withFallback, type FallbackListener } from '../providers/fallback.js';
import type { Evaluation, EvaluationInput, Evaluator } from './types.js';

/**
 * An LLM evaluator with the offline rubric behind it. The Evaluation keeps the name of whichever evaluator
 * produced it, so a stored score says whether the rubric stood in, and `fallbackFrom` names the one that
 * failed, so the card can say so while it keeps failing.
 */
export class FallbackEvaluator implements Evaluator {
  readonly name: string;

  constructor(
    readonly primary: Evaluator,
    readonly fallback: Evaluator,
    private readonly onFallback?: FallbackListener,
  ) {
    this.name = primary.name;
  }

  evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<Evaluation> {
    return withFallback(
      () => this.primary.evaluate(input, signal),
      async () => ({ ...(await this.fallback.evaluate(input, signal)), fallbackFrom: this.primary.name }),
      { role: 'evaluator', primary: this.primary.name, fallback: this.fallback.name },
      signal,
      this.onFallback,
    );
  }
}
