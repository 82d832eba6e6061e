import type { Repositories } from '../../src/db/index.js';
import type { NewAnswer } from '../../src/db/repositories/answerRepository.js';
import type { SessionRow, UserRow } from '../../src/db/schema.js';
import type { Question, QuestionRequest, QuestionSource } from '../../src/pipeline/questions/types.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import type { AskedQuestion } from '../../src/session/types.js';
import { cliSessionOptions } from './sessionOptions.js';

/** Always asks the same question, so a test knows what was asked without a bank or an LLM. */
export class OneQuestion implements QuestionSource {
  readonly name = 'one';
  async generate(request: QuestionRequest): Promise<Question[]> {
    return [{ id: `${request.role}:q1`, role: request.role, category: 'Cat', difficulty: 'mid', text: 'How would you speed up a slow endpoint?', keywords: [], idealAnswer: 'Measure first.', star: false, origin: 'bank' }];
  }
}

/** A one-question voice rehearsal for `ana` on the CLI, its question asked, ready for an answer. */
export async function startOneQuestionRound(repos: Repositories): Promise<{ engine: SessionEngine; session: SessionRow; host: UserRow }> {
  const engine = new SessionEngine({ repos, questions: new OneQuestion(), fallbackQuestions: new OneQuestion() });
  const started = await engine.start(cliSessionOptions('ana', { role: 'backend', count: 1, mode: 'voice' }));
  return { engine, ...started };
}

/** An answer row to the question being asked, by `user`: where it belongs taken from the round, the rest given. */
export function answerTo(
  session: SessionRow,
  asked: AskedQuestion,
  user: UserRow,
  rest: Omit<NewAnswer, 'sessionId' | 'questionId' | 'userId' | 'workspaceId' | 'role' | 'category'>,
): NewAnswer {
  return {
    sessionId: session.id,
    questionId: asked.question.id,
    userId: user.id,
    workspaceId: session.workspaceId,
    role: asked.question.role,
    category: asked.question.category,
    ...rest,
  };
}
