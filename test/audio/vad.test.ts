import { beforeAll, describe, expect, it } from 'vitest';
import { detectSpeech, EnergyVad, measureAudio, pausesBetween } from '../../src/pipeline/audio/index.js';
import type { TimeSpan } from '../../src/pipeline/audio/types.js';
import { prng, synthesizeAnswer, type SpokenFixture } from '../helpers/audioFixtures.js';

let fixture: SpokenFixture;
beforeAll(async () => {
  fixture = await synthesizeAnswer();
});

function gaps(speech: readonly TimeSpan[]): number[] {
  return speech.slice(1).map((s, i) => s.start - (speech[i]?.end ?? 0));
}

function noise(seconds: number, dbfs: number, seed = 7): Int16Array {
  const random = prng(seed);
  const amplitude = 32768 * 10 ** (dbfs / 20) * Math.sqrt(3); // uniform noise with that RMS
  return Int16Array.from({ length: Math.round(seconds * 16000) }, () => Math.round((random() * 2 - 1) * amplitude));
}

describe('detectSpeech (energy VAD with hysteresis)', () => {
  it('finds each phrase and measures the silences between them within 100 ms', () => {
    const speech = detectSpeech(fixture.pcm, 16000);
    expect(speech).toHaveLength(fixture.phrases.length);
    speech.forEach((segment, i) => {
      expect(segment.start).toBeCloseTo(fixture.phrases[i]?.start ?? NaN, 1);
      expect(Math.abs(segment.end - (fixture.phrases[i]?.end ?? NaN))).toBeLessThanOrEqual(0.1);
    });
    gaps(speech).forEach((gap, i) => expect(Math.abs(gap - (fixture.gapsSec[i] ?? NaN))).toBeLessThanOrEqual(0.1));
  });

  it('counts only silences of at least 1 s as pauses', () => {
    const pauses = pausesBetween(detectSpeech(fixture.pcm, 16000));
    expect(pauses.count).toBe(2);
    expect(Math.abs(pauses.longestSec - 3)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(pauses.totalSec - 4.5)).toBeLessThanOrEqual(0.2);
  });

  it('reports silence and quiet noise as no speech', () => {
    expect(detectSpeech(new Int16Array(16000 * 5), 16000)).toEqual([]);
    expect(detectSpeech(noise(5, -60), 16000)).toEqual([]);
    const metrics = measureAudio({ pcm: noise(5, -60), sampleRate: 16000, durationSec: 5, speech: [] });
    expect(metrics).toMatchObject({ speechSec: 0, pauses: { count: 0 }, pitchVariabilitySemitones: null, loudnessVariabilityDb: null });
  });

  it('adapts to steady background noise and still measures the pauses', () => {
    const hiss = noise(fixture.durationSec, -45);
    const noisy = fixture.pcm.map((v, i) => Math.max(-32768, Math.min(32767, v + (hiss[i] ?? 0))));
    const speech = detectSpeech(noisy, 16000);
    const pauses = pausesBetween(speech);
    expect(pauses.count).toBe(2);
    expect(Math.abs(pauses.longestSec - 3)).toBeLessThanOrEqual(0.1);
  });

  it('gives the same segments whether audio comes at once, in odd pieces, or as counted silence', () => {
    const whole = detectSpeech(fixture.pcm, 16000);
    const pieces = new EnergyVad();
    for (let at = 0; at < fixture.pcm.length; at += 777) pieces.push(fixture.pcm.subarray(at, at + 777));
    expect(pieces.flush()).toEqual(whole);

    const counted = new EnergyVad();
    const speechOnly = fixture.pcm.subarray(0, Math.round(fixture.phrases[0]!.end * 16000));
    counted.push(speechOnly);
    counted.pushSilence(16000 * 2 + 5);
    counted.push(speechOnly);
    const explicit = new EnergyVad();
    explicit.push(speechOnly);
    explicit.push(new Int16Array(16000 * 2 + 5));
    explicit.push(speechOnly);
    expect(counted.flush()).toEqual(explicit.flush());
  });

  it('tracks the end of the last voice while speech is still open', () => {
    const vad = new EnergyVad();
    expect(vad.lastVoiceSec).toBeNull();
    const firstEnd = fixture.phrases[0]!.end;
    vad.push(fixture.pcm.subarray(0, Math.round((firstEnd + 0.1) * 16000)));
    expect(vad.inSpeech).toBe(true);
    expect(Math.abs((vad.lastVoiceSec ?? NaN) - firstEnd)).toBeLessThanOrEqual(0.1);
  });
});
