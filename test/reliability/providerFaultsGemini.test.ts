// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { embedOf, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { FakeGemini, geminiAudio, geminiError, geminiText, type ScriptedReply } from '../fakes/gemini/FakeGemini.js';
import { sinePcm } from '../fakes/openai/FakeOpenAI.js';
import { startRound, waitForTitle, watchUnhandledRejections, type RejectionWatch, type Round } from './discordDriver.js';
import { healthyJson, promptKind } from './llmReplies.js';
import { ReliabilityRecorder } from './recorder.js';

const rec = new ReliabilityRecorder('providerFaultsGemini', 'Provider faults mid-round: Gemini (questions, scoring, speech)');

const FAULTS: { name: string; reply: () => ScriptedReply }[] = [
  { name: '429 RESOURCE_EXHAUSTED with Retry-After: 0', reply: () => geminiError(429, { headers: { 'retry-after': '0' }, retryDelay: '0s' }) },
  { name: '500', reply: () => geminiError(500) },
  { name: 'timeout (answer after 4 s; PROVIDER_TIMEOUT_MS 300)', reply: () => ({ ...geminiText('{}'), delayMs: 4_000 }) },
  { name: 'malformed response body ("{\\"candidates\\": [")', reply: () => ({ raw: '{"candidates": [' }) },
];

let gemini: FakeGemini;
let h: DiscordHarness;
let rejections: RejectionWatch;

/** The bot against the Gemini at `baseUrl`: short timeouts, one retry, and room for every round the file plays. */
function geminiBotEnv(baseUrl: string): Record<string, string> {
  return {
    GEMINI_BASE_URL: baseUrl,
    GEMINI_API_KEY: 'gemini-test-SECRET789',
    PROVIDER_TIMEOUT_MS: '300',
    PROVIDER_MAX_RETRIES: '1',
    LOBBY_SECONDS: '600',
    LIMIT_SESSIONS_PER_USER_PER_DAY: '1000',
  };
}

beforeAll(async () => {
  rejections = watchUnhandledRejections();
  gemini = await FakeGemini.start();
  gemini.setDefault((request) => (promptKind(request) === 'other' ? geminiAudio(sinePcm(1, 24_000)) : geminiText(healthyJson(request))));
  h = await startDiscordHarness(geminiBotEnv(gemini.url));
});

afterAll(async () => {
  await h?.stop();
  await gemini?.close();
  rejections?.stop();
  const entry = rec.add({ area: 'process', input: 'whole file: every Gemini fault above', expected: 'no unhandled promise rejection' });
  entry.observed = `${rejections.reasons.length} unhandled rejections`;
  entry.pass = rejections.reasons.length === 0;
  await rec.flush();
  expect(rejections.reasons).toEqual([]);
});

const calls = (kind: 'scoring' | 'questions' | 'other'): number => gemini.calls.filter((r) => promptKind(r) === kind).length;
const origin = async (harness: DiscordHarness, round: Round): Promise<string | undefined> => (await harness.services.repos.sessions.questionAt(round.sessionId, 0))?.origin;

async function scoreText(harness: DiscordHarness, round: Round) {
  harness.fake.sendMessage({ channelId: round.threadId, content: 'I would profile first, then add an index and cache the hot reads.' });
  const card = await waitForTitle(harness, round.threadId, 'Question 1/1 —');
  return { card, evaluation: (await harness.services.repos.answers.forSession(round.sessionId))[0]?.evaluation };
}

describe('Gemini faults', () => {
  rec.case(
    { area: 'gemini', input: 'healthy Gemini (control): question, score, speech', expected: 'all three answered by gemini' },
    async (observe) => {
      const round = await startRound(h);
      const { evaluation } = await scoreText(h, round);
      const speech = await h.services.speaker.speak('Next question.');
      observe(`question ${await origin(h, round)}, evaluator ${evaluation?.evaluator}, speaker ${speech.speaker}`);
      expect(await origin(h, round)).toBe('gemini');
      expect(evaluation?.evaluator).toBe('gemini');
      expect(speech.speaker).toMatch(/^gemini:/);
    },
  );

  for (const fault of FAULTS) {
    rec.case(
      { area: 'questions', input: `Gemini ${fault.name}, on every attempt`, expected: 'the round starts with a bank question' },
      async (observe) => {
        const before = calls('questions');
        gemini.script(fault.reply(), fault.reply());
        const round = await startRound(h);
        observe(`question origin ${await origin(h, round)} after ${calls('questions') - before} attempts`);
        expect(await origin(h, round)).toBe('bank');
      },
    );
  }

  for (const fault of [...FAULTS, { name: 'schema-violating JSON ({"score":"ten"})', reply: () => geminiText(JSON.stringify({ score: 'ten' })) }]) {
    rec.case(
      { area: 'scoring', input: `Gemini ${fault.name}, on every attempt`, expected: 'rubric scores the answer; stored evaluation and card say so' },
      async (observe) => {
        const round = await startRound(h);
        const before = calls('scoring');
        gemini.script(fault.reply(), fault.reply());
        const { card, evaluation } = await scoreText(h, round);
        observe(`evaluator ${evaluation?.evaluator}, score ${evaluation?.score}, footer "${embedOf(card).footer}" after ${calls('scoring') - before} attempts`);
        expect(evaluation?.evaluator).toBe('rubric');
        expect(embedOf(card).footer).toBe('Scored by the offline rubric — Gemini is unavailable');
      },
    );
  }

  for (const fault of [...FAULTS, { name: 'reply without audio (text only)', reply: () => geminiText('I cannot speak.') }]) {
    rec.case(
      { area: 'speech', input: `Gemini TTS ${fault.name}, on every attempt`, expected: 'espeak-ng speaks the question instead' },
      async (observe) => {
        gemini.script(fault.reply(), fault.reply());
        const speech = await h.services.speaker.speak('How would you speed up a slow endpoint?');
        observe(`speaker ${speech.speaker}`);
        expect(speech.speaker).toMatch(/^espeak-ng:/);
      },
    );
  }
});

describe('Gemini refusing connections', () => {
  let down: DiscordHarness;
  beforeAll(async () => {
    down = await startDiscordHarness(geminiBotEnv(await FakeGemini.closedPortUrl()));
  });
  afterAll(async () => {
    await down?.stop();
  });

  rec.case(
    { area: 'connection refused', input: 'Gemini base URL on a closed port: questions, scoring, TTS', expected: 'bank question, rubric score, espeak voice' },
    async (observe) => {
      const round = await startRound(down);
      const { evaluation } = await scoreText(down, round);
      const speech = await down.services.speaker.speak('Next question.');
      observe(`question ${await origin(down, round)}, evaluator ${evaluation?.evaluator}, speaker ${speech.speaker}`);
      expect(await origin(down, round)).toBe('bank');
      expect(evaluation?.evaluator).toBe('rubric');
      expect(speech.speaker).toMatch(/^espeak-ng:/);
    },
  );
});
