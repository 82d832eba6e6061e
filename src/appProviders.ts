import type { Config } from './config/index.js';
import type { Logger } from './logger.js';
import { RubricEvaluator } from './pipeline/evaluate/rubricEvaluator.js';
import { BankQuestionSource } from './pipeline/questions/bankQuestionSource.js';
import { createProviders, type Providers } from './pipeline/providers/selectProviders.js';
import { EspeakSpeaker } from './pipeline/speech/espeakSpeaker.js';

/** The configured providers with the offline ones behind them (question bank, rubric, espeak-ng). */
export function createAppProviders(config: Config, logger?: Logger, bank: BankQuestionSource = new BankQuestionSource()): Providers {
  return createProviders(
    config,
    { questions: bank, evaluator: new RubricEvaluator(), speaker: new EspeakSpeaker() },
    {
      // The provider's own error goes to the log only; the user sees the fallback's answer.
      onFallback: (event) => logger?.warn({ role: event.role, primary: event.primary, fallback: event.fallback, err: event.error }, 'provider failed; offline fallback answered'),
    },
  );
}
