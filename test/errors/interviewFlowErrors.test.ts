// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../src/commands/card.js';
import type { ChatSurface } from '../../src/commands/interview/ChatSurface.js';
import { InterviewFlow } from '../../src/commands/interview/InterviewFlow.js';
import { createLogger } from '../../src/logger.js';
import { RubricEvaluator } from '../../src/pipeline/evaluate/rubricEvaluator.js';
import type { Question, QuestionRequest, QuestionSource } from '../../src/pipeline/questions/types.js';
import { AnswerProcessor } from '../../src/session/AnswerProcessor.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import { INTERNAL_ANSWER_MESSAGE } from '../../src/toUserError.js';
import { refuseWrites } from '../helpers/inspectDatabase.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { person, place, type SessionId } from '../helpers/ids.js';
import { cliRun } from '../helpers/locations.js';
import { messageId } from '../../src/location.js';
import { messageRef, type MessageRef } from '../../src/messageRef.js';

class TwoQuestions implements QuestionSource {
  readonly name = 'two';
  async generate(request: QuestionRequest): Promise<Question[]> {
    return [1, 2].map((n) => ({
      id: `${request.role}:q${n}`,
      role: request.role,
      category: 'Cat',
      difficulty: 'mid' as const,
      text: `Question ${n}: how would you speed up a slow endpoint?`,
      keywords: [],
      idealAnswer: 'Measure first.',
      star: false,
      origin: 'bank' as const,
    }));
  }
}

/** The ChatSurface of a chat that only keeps what it was shown (the interface the adapters implement). */
class RecordingSurface implements ChatSurface {
  readonly messages = new Map<string, Card>();
  private next = 0;
  async post(card: Card): Promise<MessageRef> {
    const id = `m${++this.next}`;
    this.messages.set(id, card);
    return messageRef(messageId(id));
  }
  async edit(message: MessageRef, card: Card): Promise<void> {
    this.messages.set(message.id, card);
  }
  mention(user: { displayName: string }): string {
    return `@${user.displayName}`;
  }
  descriptions(): string[] {
    return [...this.messages.values()].map((c) => c.description ?? '');
  }
}

const ANA = person('cli', 'ana', 'ana');
const BO = person('cli', 'bo', 'bo');

let db: TempDatabase;
let logLines: string[];
let engine: SessionEngine;
let flow: InterviewFlow;
let surface: RecordingSurface;

beforeEach(async () => {
  db = await createTempDatabase();
  logLines = [];
  const logger = createLogger('info', { write: (line: string) => void logLines.push(line) });
  engine = new SessionEngine({ repos: db.repos, questions: new TwoQuestions(), fallbackQuestions: new TwoQuestions() });
  const answers = new AnswerProcessor({ repos: db.repos, evaluator: new RubricEvaluator(), transcriber: null, maxAnswerChars: 4000 });
  flow = new InterviewFlow({ engine, answers, repos: db.repos }, { summaryCard: () => ({ title: 'Round over', tone: 'info' }), logger });
  surface = new RecordingSurface();
});
afterEach(async () => db.cleanup());

async function startRound(options: { lobby?: boolean; roundMode?: 'everyone' | 'hot-seat' } = {}): Promise<SessionId> {
  const { session } = await engine.start({
    platform: 'cli',
    kind: 'interview',
    workspace: place('cli', 'local', 'local'),
    host: ANA,
    location: cliRun(`term-${Math.random()}`),
    role: 'backend',
    difficulty: 'mid',
    count: 2,
    mode: 'text',
    lobby: options.lobby ?? true,
    roundMode: options.roundMode,
  });
  return session.id;
}

const text = (t: string) => ({ kind: 'text' as const, text: t });
const ANSWER = 'I would measure first, then add an index and a cache for the hot keys.';

function unexpectedErrorLines(): Record<string, unknown>[] {
  return logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'unexpected error');
}

describe('InterviewFlow errors go through the one mapping', () => {
  it('an answer before the host starts the round: round_not_started, shown, nothing logged', async () => {
    const sessionId = await startRound();
    const outcome = await flow.submitAnswer({ sessionId, identity: ANA, input: text(ANSWER), surface });
    expect(outcome.error?.code).toBe('round_not_started');
    expect(surface.descriptions()).toContain(outcome.error?.message);
    expect(unexpectedErrorLines()).toEqual([]);
  });

  it('a second answer to the same question: already_answered', async () => {
    const sessionId = await startRound();
    await engine.join(sessionId, BO);
    // Bo has not answered yet, so the round stays on question 1.
    await flow.begin(sessionId, surface);
    expect((await flow.submitAnswer({ sessionId, identity: ANA, input: text(ANSWER), surface })).result).toBeDefined();
    const again = await flow.submitAnswer({ sessionId, identity: ANA, input: text(ANSWER), surface });
    expect(again.error?.code).toBe('already_answered');
    expect(again.error?.message).toMatch(/already answered this question/);
  });

  it('someone out of the hot seat: not_your_turn', async () => {
    const sessionId = await startRound({ roundMode: 'hot-seat' });
    await engine.join(sessionId, BO);
    await flow.begin(sessionId, surface);
    const seat = (await engine.current(sessionId)).question.seatUserId;
    const other = (seat === null ? undefined : await db.repos.identity.getUser(seat))?.platformUserId === 'ana' ? BO : ANA;
    const outcome = await flow.submitAnswer({ sessionId, identity: other, input: text(ANSWER), surface });
    expect(outcome.error?.code).toBe('not_your_turn');
  });

  it('an unexpected failure while storing the score: internal, the answer kept, logged once with the session and answer ids', async () => {
    const sessionId = await startRound({ lobby: false });
    // A real database failure where nothing expects one: writing the evaluation.
    await refuseWrites(db.database, 'evaluations', 'insert', 'disk trouble');
    const outcome = await flow.submitAnswer({ sessionId, identity: ANA, input: text(ANSWER), surface });
    expect(outcome.error?.code).toBe('internal');
    expect(outcome.error?.message).toBe(INTERNAL_ANSWER_MESSAGE);
    expect(surface.descriptions()).toContain(INTERNAL_ANSWER_MESSAGE);
    expect(surface.descriptions().join('\n')).not.toMatch(/disk trouble|SqliteError/);

    const [stored] = await db.repos.answers.forSession(sessionId);
    expect(stored?.answer.status).toBe('transcribed');
    const lines = unexpectedErrorLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, where: 'answer', sessionId, answerId: stored?.answer.id });
    expect(JSON.stringify(lines[0]?.err)).toContain('disk trouble');
  });
});
