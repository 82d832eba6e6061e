import { beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile, detectSpeech, encodeWav, TRIM_MARGIN_SEC, wavChunks, wavUpload } from '../../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../../src/pipeline/audio/types.js';
import { LEAD_SILENCE_SEC, synthesizeAnswer, TAIL_SILENCE_SEC } from '../helpers/audioFixtures.js';

let audio: AnswerAudio;
beforeAll(async () => {
  const fixture = await synthesizeAnswer();
  // More silence around the answer than the margin, as when someone waits before speaking.
  const padded = new Int16Array(fixture.pcm.length + 32000 * 2);
  padded.set(fixture.pcm, 32000);
  audio = { pcm: padded, sampleRate: 16000, durationSec: padded.length / 16000, speech: detectSpeech(padded, 16000) };
});

describe('encodeWav', () => {
  it('writes a 16 kHz mono 16-bit PCM WAV that decodes back to the same samples', async () => {
    const wav = encodeWav(audio);
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 16000, 16]);
    expect(wav.readUInt32LE(40)).toBe(audio.pcm.length * 2);
    expect(wav.length).toBe(44 + audio.pcm.length * 2);
    expect((await decodeAudioFile(wav)).pcm).toEqual(audio.pcm);
  });

  it('trims silence before and after the speech but keeps the silences inside', async () => {
    const trimmed = await decodeAudioFile(encodeWav(audio, { trim: true }));
    const first = audio.speech[0]!;
    const last = audio.speech.at(-1)!;
    const expected = last.end - first.start + 2 * TRIM_MARGIN_SEC;
    expect(trimmed.durationSec).toBeCloseTo(expected, 2);
    expect(trimmed.durationSec).toBeLessThan(audio.durationSec - 4 - LEAD_SILENCE_SEC - TAIL_SILENCE_SEC + 2 * TRIM_MARGIN_SEC + 0.05);
    const inner = trimmed.speech.slice(1).map((s, i) => s.start - trimmed.speech[i]!.end);
    const outer = audio.speech.slice(1).map((s, i) => s.start - audio.speech[i]!.end);
    expect(inner.length).toBe(outer.length);
    inner.forEach((gap, i) => expect(gap).toBeCloseTo(outer[i]!, 1));
    expect(trimmed.speech[0]!.start).toBeCloseTo(TRIM_MARGIN_SEC, 1);
  });

  it('has no samples to send when trimming audio without speech', () => {
    const silent: AnswerAudio = { pcm: new Int16Array(16000), sampleRate: 16000, durationSec: 1, speech: [] };
    expect(encodeWav(silent, { trim: true }).length).toBe(44);
    expect(encodeWav(silent).length).toBe(44 + 32000);
  });
});

describe('wavUpload', () => {
  it('is the same WAV as encodeWav, as a header and a view of the answer\'s own samples', () => {
    for (const trim of [false, true]) {
      const upload = wavUpload(audio, { trim });
      const chunks = [...wavChunks(upload)];
      expect(Buffer.concat(chunks).equals(encodeWav(audio, { trim }))).toBe(true);
      expect(upload.byteLength).toBe(encodeWav(audio, { trim }).length);
      // Nothing but the 44-byte header is new memory: the sample bytes are the capture's.
      expect(chunks[0]?.byteLength).toBe(44);
      expect(chunks.slice(1).every((c) => c.buffer === audio.pcm.buffer)).toBe(true);
    }
  });

  it('is only a header when trimming audio without speech', () => {
    const silent: AnswerAudio = { pcm: new Int16Array(16000), sampleRate: 16000, durationSec: 1, speech: [] };
    expect([...wavChunks(wavUpload(silent, { trim: true }))].map((c) => c.byteLength)).toEqual([44]);
  });
});
