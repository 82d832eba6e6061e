// storage: SQLite and PostgreSQL
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_FILES_READ_MESSAGE } from '../../src/bot/slack/downloadSlackFile.js';
import { FRIENDLY_FAILURE } from '../../src/bot/slack/slackErrors.js';
import { toMrkdwn } from '../../src/bot/slack/mrkdwn.js';
import { FakeOpenAI, type FakeTranscript } from '../fakes/openai/FakeOpenAI.js';
import { fileSharedEvent, fileShareMessage, httpError, type FakeSlackFile, type StoredMessage } from '../fakes/slack/index.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { CHANNEL, headerOf, HOST, messageText, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';
import { sessionId as sessionIdOf } from '../helpers/ids.js';

/** What the fake Whisper "hears": two um's and an uh among 18 words. */
const SPOKEN = 'Um, so I would, uh, add a cache in front of the database, um, keyed by user id and invalidated on writes.';

function transcriptOf(text: string, durationSec: number): FakeTranscript {
  const words = text.split(' ');
  const step = durationSec / words.length;
  return {
    language: 'english',
    duration: durationSec,
    segments: [
      {
        start: 0,
        end: durationSec,
        text: ` ${text}`,
        no_speech_prob: 0.01,
        avg_logprob: -0.2,
        words: words.map((word, i) => ({ word: word.replace(/[,.]/g, ''), start: i * step, end: i * step + step * 0.8 })),
      },
    ],
  };
}

/** Slack fills in `shares` (files.info) once a file is posted in a thread; the fake leaves that to the test. */
function sharedInThread(file: FakeSlackFile, channel: string, threadTs: string): FakeSlackFile {
  return Object.assign(file, { shares: { public: { [channel]: [{ ts: `${threadTs}1`, thread_ts: threadTs, channel_name: 'practice' }] } } });
}

describe('Slack audio answers: clips downloaded, decoded, transcribed by a fake Whisper, scored', () => {
  let h: SlackHarness;
  let openai: FakeOpenAI;
  let m4a: Buffer;
  let webm: Buffer;
  let root: StoredMessage | undefined;
  let sessionId = sessionIdOf('none');
  const logLines: string[] = [];

  beforeAll(async () => {
    openai = await FakeOpenAI.start();
    const spoken = await synthesizeAnswer();
    [m4a, webm] = await Promise.all([encodeFixture(spoken.pcm, 'm4a'), encodeFixture(spoken.pcm, 'webm')]);
    openai.transcript = transcriptOf(SPOKEN, Math.floor(spoken.durationSec));
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => void (logLines.push(chunk.toString('utf8')), done()) });
    h = await startHarness({ WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'test', PROVIDER_MAX_RETRIES: '0' }, pino({ level: 'warn' }, sink));
    await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 5', user_id: HOST, channel_id: CHANNEL });
    root = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake);
      return candidate && h.fake.threadMessages(CHANNEL, candidate.ts).length >= 3 ? candidate : undefined;
    }, 5000);
    sessionId = (await h.services.engine.openSessions())[0]?.id ?? sessionIdOf('none');
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
    await openai?.close();
  });

  const thread = () => h.fake.threadMessages(CHANNEL, root?.ts ?? '');
  const feedbackFor = (n: number) => thread().find((m) => new RegExp(`^Question ${n}/5 — `).test(headerOf(m) ?? ''));
  const waitForFeedback = (n: number) => h.fake.waitUntil(() => feedbackFor(n), 15_000);
  const downloadsOf = (fileId: string) => h.fake.calls('download').filter((c) => c.args.file_id === fileId);

  it('an m4a clip (slack_audio, audio/mp4) → one status message edited into feedback with the transcript\'s filler counts', async () => {
    const clip = h.fake.addAudioClip({ bytes: m4a, mimetype: 'audio/mp4', user: HOST, durationMs: 12_000 });
    const sent = await h.fake.sendEvent(fileShareMessage({ user: HOST, channel: CHANNEL, files: [clip], thread_ts: root?.ts ?? '' }));
    // Acknowledged before any of the slow work: nothing has been transcribed when the event's response arrives.
    expect(sent.status).toBe(200);
    expect(openai.callsTo('transcriptions')).toHaveLength(0);

    const feedback = await waitForFeedback(1);
    const text = messageText(feedback);
    expect(text).toContain('fillers 3 (um ×2, uh ×1)');
    expect(text).toMatch(/Delivery \d+\/100 — pace \d+ wpm/);
    expect(text).toContain(toMrkdwn('“**Um**, so I would, **uh**, add a cache'));
    // ⏳ downloading → received → transcribing → scoring → feedback, all one message.
    expect(feedback?.edits).toBeGreaterThanOrEqual(3);
    expect(thread().filter((m) => m.text.includes('⏳'))).toEqual([]);

    expect(downloadsOf(clip.id)).toHaveLength(1);
    expect(downloadsOf(clip.id)[0]?.authorization).toBe(`Bearer ${h.fake.botToken}`);
    const [request] = openai.callsTo('transcriptions');
    expect(request?.form?.model).toEqual(['whisper-1']);
    expect(request?.files?.file?.name).toBe('answer.wav');
    const stored = (await h.services.repos.answers.forSession(sessionId)).at(-1);
    expect(stored?.answer).toMatchObject({ inputKind: 'audio_clip', status: 'scored' });
    expect(stored?.metrics?.fillersByWord).toEqual({ um: 2, uh: 1 });
  }, 20_000);

  it('a webm clip is decoded in process and scored the same way', async () => {
    await h.fake.waitUntil(() => thread().some((m) => (headerOf(m) ?? '').startsWith('Question 2/5 · ')), 5000);
    const clip = h.fake.addAudioClip({ bytes: webm, mimetype: 'audio/webm', user: HOST });
    await h.fake.sendEvent(fileShareMessage({ user: HOST, channel: CHANNEL, files: [clip], thread_ts: root?.ts ?? '' }));
    expect(messageText(await waitForFeedback(2))).toContain('fillers 3 (um ×2, uh ×1)');
    expect(openai.callsTo('transcriptions')).toHaveLength(2);
  }, 20_000);

  it('file_shared and message/file_share for the same clip → one download, one transcription, one feedback', async () => {
    await h.fake.waitUntil(() => thread().some((m) => (headerOf(m) ?? '').startsWith('Question 3/5 · ')), 5000);
    const clip = sharedInThread(h.fake.addAudioClip({ bytes: webm, mimetype: 'audio/webm', user: HOST }), CHANNEL, root?.ts ?? '');
    const transcriptionsBefore = openai.callsTo('transcriptions').length;
    await Promise.all([
      h.fake.sendEvent(fileSharedEvent({ file: clip, user: HOST, channel: CHANNEL })),
      h.fake.sendEvent(fileShareMessage({ user: HOST, channel: CHANNEL, files: [clip], thread_ts: root?.ts ?? '' })),
    ]);
    await waitForFeedback(3);
    // Both events have been looked at: file_shared asked files.info about this clip.
    await h.fake.waitForCall('files.info', (c) => c.args.file === clip.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(downloadsOf(clip.id)).toHaveLength(1);
    expect(openai.callsTo('transcriptions')).toHaveLength(transcriptionsBefore + 1);
    expect(thread().filter((m) => /^Question 3\/5 — /.test(headerOf(m) ?? ''))).toHaveLength(1);
  }, 20_000);

  it('file_shared alone (no history scope) still finds the thread through files.info', async () => {
    await h.fake.waitUntil(() => thread().some((m) => (headerOf(m) ?? '').startsWith('Question 4/5 · ')), 5000);
    const clip = sharedInThread(h.fake.addAudioClip({ bytes: m4a, user: HOST }), CHANNEL, root?.ts ?? '');
    await h.fake.sendEvent(fileSharedEvent({ file: clip, user: HOST, channel: CHANNEL }));
    expect(messageText(await waitForFeedback(4))).toContain('fillers 3 (um ×2, uh ×1)');
  }, 20_000);

  it('an unexpected failure (the file host answers 500) → a friendly line in place of the status, details only in the log', async () => {
    await h.fake.waitUntil(() => thread().some((m) => (headerOf(m) ?? '').startsWith('Question 5/5 · ')), 5000);
    const clip = h.fake.addAudioClip({ bytes: m4a, user: HOST });
    h.fake.failNext('download', httpError(500));
    await h.fake.sendEvent(fileShareMessage({ user: HOST, channel: CHANNEL, files: [clip], thread_ts: root?.ts ?? '' }));
    const notice = await h.fake.waitUntil(() => thread().find((m) => messageText(m).includes(FRIENDLY_FAILURE)), 5000);
    expect(notice.edits).toBe(1); // the ⏳ status message, edited
    expect(messageText(notice)).not.toMatch(/HTTP 500|Error|\bat \S+:\d+|xoxb-/);
    const logged = logLines.join('');
    expect(logged).toContain('"msg":"unexpected error"');
    expect(logged).toContain('"where":"audio answer"');
    expect(logged).toContain('file download failed with HTTP 500');
    expect(logged).not.toContain(h.fake.botToken);
  }, 20_000);

  it('without files:read Slack serves a sign-in page: the thread says exactly that, nothing is transcribed', async () => {
    const transcriptionsBefore = openai.callsTo('transcriptions').length;
    const clip = h.fake.addAudioClip({ bytes: m4a, user: HOST });
    h.fake.setFilesReadScope(false);
    try {
      await h.fake.sendEvent(fileShareMessage({ user: HOST, channel: CHANNEL, files: [clip], thread_ts: root?.ts ?? '' }));
      await h.fake.waitFor((c) => c.method === 'download' && c.args.file_id === clip.id, 5000);
      const notice = await h.fake.waitUntil(() => thread().find((m) => messageText(m).includes('files:read')), 5000);
      expect(messageText(notice)).toContain(toMrkdwn(MISSING_FILES_READ_MESSAGE));
      expect(notice.text).not.toContain('⏳');
    } finally {
      h.fake.setFilesReadScope(true);
    }
    expect(downloadsOf(clip.id)[0]?.args.outcome).toBe('login_page');
    expect(openai.callsTo('transcriptions')).toHaveLength(transcriptionsBefore);
    // The failed download is not an answer: the same question is still open for a retry.
    expect((await h.services.engine.current(sessionId)).number).toBe(5);
  }, 20_000);
});
