// TEMPORARY until src/pipeline/providers/selectProviders.ts lands: same wiring as createServices, offline providers.
import type { Config } from '../../src/config/index.js';
import { createRepositories, openDatabase } from '../../src/db/index.js';
import { RubricEvaluator } from '../../src/pipeline/evaluate/rubricEvaluator.js';
import { BankQuestionSource } from '../../src/pipeline/questions/bankQuestionSource.js';
import { EspeakSpeaker } from '../../src/pipeline/speech/espeakSpeaker.js';
import type { Services } from '../../src/services.js';
import { AnswerProcessor } from '../../src/session/AnswerProcessor.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';

export async function createServicesForTest(config: Config, options: { databasePath: string }): Promise<Services> {
  const handle = openDatabase(options.databasePath);
  const repos = createRepositories(handle.db);
  const bank = new BankQuestionSource();
  const evaluator = new RubricEvaluator();
  return {
    config,
    handle,
    repos,
    engine: new SessionEngine({ repos, questions: bank, fallbackQuestions: bank }),
    answers: new AnswerProcessor({ repos, evaluator, transcriber: null, maxAnswerChars: config.MAX_ANSWER_CHARS }),
    questions: bank,
    evaluator,
    transcriber: null,
    speaker: new EspeakSpeaker(),
    describeProviders: () => [],
    close: () => handle.close(),
  };
}
