// storage: SQLite and PostgreSQL
import { randomBytes } from 'node:crypto';
import { downloadAttachment } from '../../src/bot/discord/downloadAttachment.js';
import { isUserFacingError } from '../../src/errors.js';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startBulkDownloadServer } from '../helpers/bulkDownloadServer.js';
import { encodeFixture } from '../helpers/audioFixtures.js';
import { startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { declareOggDuration, roomNoise, shortSpokenAnswer, truncateOgg } from './audioFaults.js';
import {
  countOf,
  startRound,
  waitForError,
  waitForTitle,
  watchAttachmentDownloads,
  watchUnhandledRejections,
  errorCards,
  type DownloadWatch,
  type RejectionWatch,
  type Round,
} from './discordDriver.js';
import { ReliabilityRecorder } from './recorder.js';

const rec = new ReliabilityRecorder('badAudio', 'Bad audio in Discord voice messages');
const MAX_AUDIO_BYTES = 1_572_864; // 1.5 MiB, so a "huge" file stays cheap to build

let openai: FakeOpenAI;
let h: DiscordHarness;
let round: Round;
let spoken: Awaited<ReturnType<typeof shortSpokenAnswer>>;
let rejections: RejectionWatch;
let downloads: DownloadWatch;

beforeAll(async () => {
  rejections = watchUnhandledRejections();
  downloads = watchAttachmentDownloads();
  openai = await FakeOpenAI.start();
  spoken = await shortSpokenAnswer();
  h = await startDiscordHarness({
    WHISPER_BASE_URL: openai.url,
    WHISPER_API_KEY: 'whisper-test-key',
    MAX_AUDIO_BYTES: String(MAX_AUDIO_BYTES),
    LOBBY_SECONDS: '600',
    LIMIT_SESSIONS_PER_USER_PER_DAY: '1000',
  });
  round = await startRound(h, { role: 'backend' });
});

afterAll(async () => {
  await h?.stop();
  await openai?.close();
  downloads?.stop();
  rejections?.stop();
  const entry = rec.add({ area: 'process', input: 'whole file: every bad voice message above', expected: 'no unhandled promise rejection' });
  entry.observed = `${rejections.reasons.length} unhandled rejections`;
  entry.pass = rejections.reasons.length === 0;
  await rec.flush();
  expect(rejections.reasons).toEqual([]);
});

/** Sends a voice message into the round and returns the error the user sees, with what reached Whisper. */
async function sendBadVoice(audio: Buffer, durationSecs: number, options: { filename?: string; contentType?: string } = {}) {
  const before = errorCards(h, round.threadId).length;
  const transcriptionsBefore = openai.callsTo('transcriptions').length;
  h.fake.sendVoiceMessage({ channelId: round.threadId, audio, durationSecs, ...options });
  const message = await waitForError(h, round.threadId, before);
  return { message, transcriptionCalls: openai.callsTo('transcriptions').length - transcriptionsBefore };
}

function scoredAnswers(): Promise<number> {
  return countOf(h, "select count(*) as n from answers where session_id = ? and status <> 'failed'", round.sessionId);
}

describe('bad audio sent as a Discord voice message', () => {
  rec.case(
    { area: 'bad audio', input: 'corrupt Ogg: a voice message cut off in the middle of a page', expected: 'says the file is incomplete or damaged; nothing sent to Whisper; no answer counted' },
    async (observe) => {
      const { message, transcriptionCalls } = await sendBadVoice(truncateOgg(spoken.ogg), spoken.durationSec);
      observe(`"${message}"`);
      expect(message).toMatch(/incomplete or damaged/);
      expect(transcriptionCalls).toBe(0);
      expect(await scoredAnswers()).toBe(0);
      observe('0 transcription requests, 0 answers counted');
    },
  );

  rec.case(
    { area: 'bad audio', input: 'random bytes (4 KB) flagged as a voice message', expected: 'says the file is not audio it recognises, names the file; no stack trace' },
    async (observe) => {
      const { message, transcriptionCalls } = await sendBadVoice(randomBytes(4096), 3);
      observe(`"${message}"`);
      expect(message).toMatch(/not an audio file I recognise/);
      expect(message).toContain('voice-message.ogg');
      expect(message).not.toMatch(/Error:|\bat .+\.[jt]s/);
      expect(transcriptionCalls).toBe(0);
    },
  );

  rec.case(
    { area: 'bad audio', input: 'zero-length voice message attachment', expected: 'says the file is empty' },
    async (observe) => {
      const { message, transcriptionCalls } = await sendBadVoice(Buffer.alloc(0), 0);
      observe(`"${message}"`);
      expect(message).toMatch(/the file is empty/);
      expect(transcriptionCalls).toBe(0);
    },
  );

  rec.case(
    { area: 'bad audio', input: `2 MiB file with MAX_AUDIO_BYTES = 1.5 MiB`, expected: 'refused from the attachment size before any download, message states size and limit correctly' },
    async (observe) => {
      const downloadsBefore = downloads.paths.length;
      const { message, transcriptionCalls } = await sendBadVoice(randomBytes(2 * 1024 * 1024), 600);
      observe(`"${message}"`);
      expect(message).toMatch(/2(\.0)? MB/);
      expect(message).toContain('1.5 MB');
      expect(downloads.paths.length - downloadsBefore).toBe(0);
      expect(transcriptionCalls).toBe(0);
      observe('0 attachment downloads');
    },
  );

  rec.case(
    { area: 'bad audio', input: 'an attachment whose stated size (100 B) lies: the server streams 64 MiB', expected: 'download stops once MAX_AUDIO_BYTES is passed, with the size message; the rest is never sent' },
    async (observe) => {
      const total = 64 * 1024 * 1024;
      const server = await startBulkDownloadServer(total);
      const error = await downloadAttachment({ size: 100, url: server.url }, MAX_AUDIO_BYTES).catch((e: unknown) => e);
      const closedEarly = await server.closedEarly();
      const written = server.sent;
      await server.close();
      const message = isUserFacingError(error) ? error.message : String(error);
      observe(`"${message}"; server sent ${(written / 1024 / 1024).toFixed(1)} of 64 MiB before the client hung up`);
      expect(message).toContain('1.5 MB');
      expect(closedEarly).toBe(true);
      expect(written).toBeLessThan(total);
    },
  );

  rec.case(
    { area: 'bad audio', input: 'a 2-hour voice message (Ogg Opus whose headers declare 7200 s)', expected: 'refused before decoding; message names the length and the 5-minute cap' },
    async (observe) => {
      const { message, transcriptionCalls } = await sendBadVoice(declareOggDuration(spoken.ogg, 7200), 7200);
      observe(`"${message}"`);
      expect(message).toContain('2 hours');
      expect(message).toContain('5 minutes');
      expect(transcriptionCalls).toBe(0);
    },
  );

  rec.case(
    { area: 'bad audio', input: 'a silent voice message (3 s of faint room noise)', expected: '"no speech" message; never sent to the transcriber; the attempt does not count' },
    async (observe) => {
      const silent = await encodeFixture(roomNoise(3), 'ogg');
      const { message, transcriptionCalls } = await sendBadVoice(silent, 3);
      observe(`"${message}"`);
      expect(message).toMatch(/couldn't hear any speech/);
      expect(transcriptionCalls).toBe(0);
      const failed = await countOf(h, "select count(*) as n from answers where session_id = ? and status = 'failed' and error = 'no_speech'", round.sessionId);
      expect(failed).toBe(1);
      expect(await scoredAnswers()).toBe(0);
      observe('0 transcription requests; answer row kept as failed/no_speech, not counted');
    },
  );

  rec.case(
    { area: 'bad audio', input: 'unsupported codec: MP3 bytes in a voice message', expected: 'says MP3 is not supported and lists what is' },
    async (observe) => {
      const { message, transcriptionCalls } = await sendBadVoice(await encodeFixture(spoken.pcm, 'mp3'), spoken.durationSec, { filename: 'answer.mp3', contentType: 'audio/mpeg' });
      observe(`"${message}"`);
      expect(message).toMatch(/can't read MP3 files/);
      expect(message).toMatch(/Ogg or WebM/);
      expect(transcriptionCalls).toBe(0);
    },
  );

  rec.case(
    { area: 'bad audio', input: 'unsupported codec: FLAC bytes labelled audio/ogg', expected: 'sniffs the real container and says FLAC is not supported' },
    async (observe) => {
      const { message } = await sendBadVoice(await encodeFixture(spoken.pcm, 'flac'), spoken.durationSec);
      observe(`"${message}"`);
      expect(message).toMatch(/can't read FLAC files/);
    },
  );

  rec.case(
    { area: 'bad audio', input: 'unsupported codec: Ogg Vorbis (not Opus)', expected: 'says Ogg Vorbis is not supported' },
    async (observe) => {
      const { message } = await sendBadVoice(await encodeFixture(spoken.pcm, 'ogg-vorbis'), spoken.durationSec);
      observe(`"${message}"`);
      expect(message).toMatch(/can't read Ogg Vorbis audio/);
    },
  );

  rec.case(
    { area: 'bad audio', input: 'an image uploaded with no text (not a voice message)', expected: 'a hint that answers are text or voice; nothing stored' },
    async (observe) => {
      const before = errorCards(h, round.threadId).length;
      h.fake.sendMessage({ channelId: round.threadId, attachments: [{ filename: 'diagram.png', contentType: 'image/png', data: Buffer.from('89504e470d0a1a0a', 'hex') }] });
      const message = await waitForError(h, round.threadId, before);
      observe(`"${message}"`);
      expect(message).toMatch(/text or a voice message/);
      expect(await scoredAnswers()).toBe(0);
    },
  );

  rec.case(
    { area: 'bad audio', input: 'a good voice message after all the bad ones, same person, same question', expected: 'transcribed and scored: earlier failures blocked nothing; exactly one answer stored' },
    async (observe) => {
      h.fake.sendVoiceMessage({ channelId: round.threadId, audio: spoken.ogg, durationSecs: spoken.durationSec });
      await waitForTitle(h, round.threadId, 'Question 1/1 —', 15_000);
      expect(await scoredAnswers()).toBe(1);
      expect(openai.callsTo('transcriptions')).toHaveLength(1);
      const status = (await h.services.repos.answers.forSession(round.sessionId)).find((r) => r.answer.status !== 'failed')?.answer.status;
      expect(status).toBe('scored');
      observe(`feedback card posted; 1 transcription request in the whole file; answer status ${status}`);
    },
  );

  rec.case(
    { area: 'bad audio', input: 'an m4a recording uploaded as a file (not a voice message), no text', expected: 'decoded (ffmpeg) and answered like a voice message: transcribed, scored, stored as an audio clip' },
    async (observe) => {
      const second = await startRound(h, { role: 'frontend' });
      h.fake.sendMessage({ channelId: second.threadId, attachments: [{ filename: 'answer.m4a', contentType: 'audio/mp4', data: await encodeFixture(spoken.pcm, 'm4a') }] });
      await waitForTitle(h, second.threadId, 'Question 1/1 —', 15_000);
      const answer = (await h.services.repos.answers.forSession(second.sessionId))[0]?.answer;
      observe(`feedback posted; answer ${answer?.status}, input ${answer?.inputKind}, ${answer?.durationSec} s`);
      expect(answer?.status).toBe('scored');
      expect(answer?.inputKind).toBe('audio_clip');
    },
  );
});
