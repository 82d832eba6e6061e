import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserFacingError, type UserErrorCode } from '../../src/errors.js';
import { decodeAudioFile, measureAudio, resampleMono } from '../../src/pipeline/audio/index.js';
import type { AnswerAudio, TimeSpan } from '../../src/pipeline/audio/types.js';
import { createOpusEncoder, encodeFixture, synthesizeAnswer, wav16k, wavFile, type SpokenFixture } from '../helpers/audioFixtures.js';
import { writeOggOpus } from './oggOpusWriter.js';

let fixture: SpokenFixture;
beforeAll(async () => {
  fixture = await synthesizeAnswer();
});

function gaps(speech: readonly TimeSpan[]): number[] {
  return speech.slice(1).map((s, i) => s.start - (speech[i]?.end ?? 0));
}

/** Duration within 2 % and every inserted silence within 100 ms. */
function expectFaithful(audio: AnswerAudio): void {
  expect(audio.sampleRate).toBe(16000);
  expect(audio.pcm.length).toBe(Math.round(audio.durationSec * 16000));
  expect(Math.abs(audio.durationSec - fixture.durationSec) / fixture.durationSec).toBeLessThanOrEqual(0.02);
  const found = gaps(audio.speech);
  expect(found).toHaveLength(fixture.gapsSec.length);
  found.forEach((gap, i) => expect(Math.abs(gap - (fixture.gapsSec[i] ?? NaN))).toBeLessThanOrEqual(0.1));
  const metrics = measureAudio(audio);
  expect(metrics.pauses.count).toBe(2);
  expect(Math.abs(metrics.pauses.longestSec - 3)).toBeLessThanOrEqual(0.1);
}

async function rejection(promise: Promise<unknown>): Promise<{ code: UserErrorCode; message: string }> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isUserFacingError(error)) throw new Error(`expected a UserFacingError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('decodeAudioFile: formats', () => {
  it.each(['ogg', 'webm', 'm4a'] as const)('decodes %s to 16 kHz mono with the silences in place', async (format) => {
    expectFaithful(await decodeAudioFile(await encodeFixture(fixture.pcm, format)));
  });

  it('decodes WAV at 16 kHz mono and resamples 48 kHz stereo WAV', async () => {
    const exact = await decodeAudioFile(wav16k(fixture.pcm));
    expect(exact.pcm).toEqual(fixture.pcm);
    expectFaithful(exact);
    expectFaithful(await decodeAudioFile(wavFile(resampleMono(fixture.pcm, 16000, 48000), 48000, 2)));
  });

  it('goes by the bytes, not the name or content type', async () => {
    const ogg = await encodeFixture(fixture.pcm, 'ogg');
    expectFaithful(await decodeAudioFile(ogg, { fileName: 'clip.m4a', contentType: 'video/mp4' }));
  });

  it('returns silence as audio without speech instead of failing', async () => {
    const audio = await decodeAudioFile(await encodeFixture(new Int16Array(16000 * 3), 'ogg'));
    expect(audio.speech).toEqual([]);
    expect(audio.durationSec).toBeCloseTo(3, 1);
  });
});

describe('decodeAudioFile: refusals', () => {
  it('calls empty, random and truncated files unreadable', async () => {
    expect((await rejection(decodeAudioFile(Buffer.alloc(0)))).code).toBe('audio_unreadable');
    expect((await rejection(decodeAudioFile(randomBytes(4096), { fileName: 'answer.ogg' }))).code).toBe('audio_unreadable');
    const ogg = await encodeFixture(fixture.pcm, 'ogg');
    const cut = await rejection(decodeAudioFile(ogg.subarray(0, Math.floor(ogg.length * 0.6))));
    expect(cut).toMatchObject({ code: 'audio_unreadable', message: expect.stringMatching(/incomplete/) });
    const page = Buffer.concat([Buffer.from('OggS'), randomBytes(2000)]);
    expect((await rejection(decodeAudioFile(page))).code).toBe('audio_unreadable');
    const html = Buffer.from('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
    expect(await rejection(decodeAudioFile(html))).toMatchObject({ code: 'audio_unreadable', message: expect.stringMatching(/web page/) });
  });

  it('refuses a real 2-hour Ogg file from its headers, without decoding it', async () => {
    const silent = createOpusEncoder().encode(Buffer.alloc(3840));
    const twoHours = writeOggOpus(new Array<Buffer>(2 * 3600 * 50).fill(silent));
    const started = performance.now();
    const refused = await rejection(decodeAudioFile(twoHours, { maxBytes: 64 * 1024 * 1024 }));
    expect(performance.now() - started).toBeLessThan(1000); // decoding 2 h of Opus takes several seconds
    expect(refused).toEqual({ code: 'audio_too_long', message: 'That clip is 2 hours long; answers are capped at 5 minutes.' });
  });

  it('refuses from the header a WAV that declares 2 hours', async () => {
    const wav = wavFile(new Int16Array(16000), 16000, 1);
    wav.writeUInt32LE(2 * 3600 * 16000 * 2, 40);
    expect(await rejection(decodeAudioFile(wav))).toEqual({
      code: 'audio_too_long',
      message: 'That clip is 2 hours long; answers are capped at 5 minutes.',
    });
  });

  it('enforces the cap while decoding when the container does not say how long it is', async () => {
    const webm = await rejection(decodeAudioFile(await encodeFixture(fixture.pcm, 'webm'), { maxDurationSec: 5 }));
    expect(webm).toEqual({ code: 'audio_too_long', message: 'That clip is longer than 5 seconds; answers are capped at 5 seconds.' });
    const m4a = await rejection(decodeAudioFile(await encodeFixture(fixture.pcm, 'm4a'), { maxDurationSec: 5 }));
    expect(m4a).toEqual({ code: 'audio_too_long', message: 'That clip is 18 seconds long; answers are capped at 5 seconds.' });
  });

  it('refuses an oversized file before looking inside', async () => {
    const refused = await rejection(decodeAudioFile(Buffer.alloc(3 * 1024 * 1024), { maxBytes: 1024 * 1024 }));
    expect(refused).toEqual({ code: 'audio_too_large', message: 'That file is 3 MB; audio answers are limited to 1 MB.' });
  });

  it.each(['mp3', 'flac', 'ogg-vorbis'] as const)('names %s as unsupported', async (format) => {
    const refused = await rejection(decodeAudioFile(await encodeFixture(fixture.pcm.subarray(0, 16000), format)));
    expect(refused.code).toBe('audio_unsupported');
    expect(refused.message).toMatch(/^I can't read (MP3 files|FLAC files|Ogg Vorbis audio)\./);
  });

  it('says clearly when ffmpeg is missing (option, FFMPEG_PATH, or not on PATH)', async () => {
    const m4a = await encodeFixture(fixture.pcm.subarray(0, 16000), 'm4a');
    const viaOption = await rejection(decodeAudioFile(m4a, { ffmpegPath: '/nonexistent/bin/ffmpeg' }));
    expect(viaOption.code).toBe('ffmpeg_missing');
    expect(viaOption.message).toMatch(/no ffmpeg.*\/nonexistent\/bin\/ffmpeg.*FFMPEG_PATH/);
    const saved = { FFMPEG_PATH: process.env.FFMPEG_PATH, PATH: process.env.PATH };
    try {
      process.env.FFMPEG_PATH = '/nonexistent/ffmpeg-from-env';
      expect((await rejection(decodeAudioFile(m4a))).code).toBe('ffmpeg_missing');
      delete process.env.FFMPEG_PATH;
      process.env.PATH = '/nonexistent-bin';
      expect(await rejection(decodeAudioFile(m4a))).toMatchObject({ code: 'ffmpeg_missing', message: expect.stringContaining('`ffmpeg`') });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
