// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InterviewFlow } from '../../src/commands/interview/InterviewFlow.js';
import type { FlowEvents } from '../../src/commands/interview/flowEvents.js';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { openServices, type Services } from '../../src/services.js';
import { RecordingSurface } from '../helpers/recordingSurface.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { person, place } from '../helpers/ids.js';
import { inChannel } from '../helpers/locations.js';

let location: TempDatabaseLocation;
let services: Services;
beforeEach(async () => {
  location = await createTempDatabaseLocation('flow.db');
  services = await openServices(parseConfig({ ...location.env, QUESTION_PROVIDER: 'bank', EVALUATOR_PROVIDER: 'rubric', TRANSCRIBER_PROVIDER: 'none', SPEAKER_PROVIDER: 'espeak' }));
});
afterEach(async () => {
  await services.close();
  await location.cleanup();
});

const alice = person('discord', 'alice', 'alice');

async function startRound(count: number) {
  const { session } = await services.engine.start({
    platform: 'discord',
    kind: 'interview',
    workspace: place('discord', 'g1', 'Guild'),
    host: alice,
    location: inChannel('room'),
    role: 'backend',
    difficulty: 'mid',
    count,
    mode: 'text',
  });
  return session;
}

type Seen = { [K in keyof FlowEvents]: [K, FlowEvents[K]] }[keyof FlowEvents];

function record(flow: InterviewFlow): Seen[] {
  const seen: Seen[] = [];
  flow.events.on('questionAsked', (e) => seen.push(['questionAsked', e]));
  flow.events.on('answerRecorded', (e) => seen.push(['answerRecorded', e]));
  flow.events.on('questionClosed', (e) => seen.push(['questionClosed', e]));
  flow.events.on('roundEnded', (e) => seen.push(['roundEnded', e]));
  return seen;
}

describe('the interview flow tells listeners what happens to a round', () => {
  it('asked → answered → closed → asked → skipped → ended, in order, with the question each is about', async () => {
    const session = await startRound(2);
    const flow = new InterviewFlow(services, { summaryCard: () => ({ title: '🏁 Round complete' }) });
    const seen = record(flow);
    const surface = new RecordingSurface();

    await flow.askCurrent(session.id, surface);
    const first = (await services.engine.current(session.id)).question.id;
    await flow.submitAnswer({ sessionId: session.id, identity: alice, input: { kind: 'text', text: 'I would add an index on the user id and cache hot reads in Redis.' }, surface });
    const second = (await services.engine.current(session.id)).question.id;
    await flow.control(session.id, 'skip', surface);

    expect(seen.map(([name]) => name)).toEqual(['questionAsked', 'answerRecorded', 'questionClosed', 'questionAsked', 'questionClosed', 'roundEnded']);
    const [asked1, recorded, closed1, asked2, closed2, ended] = seen.map(([, e]) => e);
    expect(asked1).toMatchObject({ sessionId: session.id, repeat: false, asked: { number: 1, question: { id: first } } });
    expect(recorded).toMatchObject({ sessionId: session.id, questionId: first, platformUserId: 'alice', result: { answer: { status: 'scored' } } });
    expect(closed1).toEqual({ sessionId: session.id, questionId: first, how: 'answered' });
    expect(asked2).toMatchObject({ asked: { number: 2, question: { id: second } } });
    expect(closed2).toEqual({ sessionId: session.id, questionId: second, how: 'skipped' });
    expect(ended).toMatchObject({ sessionId: session.id, session: { status: 'ended' } });
    // Listeners hear of the end once the summary is shown.
    expect(surface.shown.at(-1)?.card.title).toBe('🏁 Round complete');
  });

  it('a repeat is marked as one; ending closes the current question; a listener that throws breaks nothing', async () => {
    const session = await startRound(3);
    const errors: string[] = [];
    const logger = createLogger('error', { write: (line: string) => void errors.push(String((JSON.parse(line) as { event?: string }).event)) });
    const flow = new InterviewFlow(services, { summaryCard: () => ({ title: 'summary' }), logger });
    flow.events.on('questionAsked', () => {
      throw new Error('listener bug');
    });
    const seen = record(flow);
    const surface = new RecordingSurface();
    const question = await flow.askCurrent(session.id, surface);
    await flow.control(session.id, 'repeat', surface, question.id);
    const current = (await services.engine.current(session.id)).question.id;
    await flow.end(session.id, surface);
    await flow.end(session.id, surface);

    expect(seen.map(([name, e]) => (name === 'questionAsked' ? `asked${e.repeat ? ' again' : ''}` : name))).toEqual(['asked', 'asked again', 'questionClosed', 'roundEnded']);
    expect(seen[2]?.[1]).toEqual({ sessionId: session.id, questionId: current, how: 'ended' });
    expect(errors).toEqual(['questionAsked', 'questionAsked']);
    expect((await services.engine.get(session.id)).status).toBe('ended');
  });

  it('input that ends before any answer abandons the round: no summary, listeners still hear it ended', async () => {
    const session = await startRound(2);
    const flow = new InterviewFlow(services, { summaryCard: () => ({ title: 'summary' }) });
    const seen = record(flow);
    const surface = new RecordingSurface();
    await flow.askCurrent(session.id, surface);
    await flow.end(session.id, surface, 'abandoned');
    expect(seen.map(([name]) => name)).toEqual(['questionAsked', 'questionClosed', 'roundEnded']);
    expect((await services.engine.get(session.id)).status).toBe('abandoned');
    expect(surface.shown.some((s) => s.card.title === 'summary')).toBe(false);
  });
});
