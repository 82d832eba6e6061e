import { describe, expect, it } from 'vitest';
import { measureAudio, resampleMono, SpeexResampler } from '../../src/pipeline/audio/index.js';
import { PcmBuffer } from '../../src/pipeline/audio/PcmBuffer.js';
import type { AnswerAudio } from '../../src/pipeline/audio/types.js';

const RATE = 16000;

/** A voice-like buzz: the first 10 harmonics of an F0 that may change over time, at a level that may change too. */
function buzz(seconds: number, f0: (t: number) => number, gain: (t: number) => number = () => 1): Int16Array {
  const out = new Int16Array(Math.round(seconds * RATE));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    phase += (2 * Math.PI * f0(t)) / RATE;
    let v = 0;
    for (let h = 1; h <= 10; h++) v += Math.sin(h * phase) / h;
    out[i] = Math.round(4000 * gain(t) * v);
  }
  return out;
}

function asAnswer(pcm: Int16Array): AnswerAudio {
  const durationSec = pcm.length / RATE;
  return { pcm, sampleRate: RATE, durationSec, speech: [{ start: 0, end: durationSec }] };
}

describe('prosody', () => {
  it('finds no pitch movement in a steady voice and about 4.2 semitones in one gliding between 100 and 200 Hz', () => {
    const steady = measureAudio(asAnswer(buzz(4, () => 120)));
    expect(steady.pitchVariabilitySemitones).not.toBeNull();
    expect(steady.pitchVariabilitySemitones ?? NaN).toBeLessThan(0.3);
    // F0 = 141 Hz · 2^(sin(2πt/2)/2): ±6 semitones, a sine whose standard deviation is 6/√2 ≈ 4.24.
    const gliding = measureAudio(asAnswer(buzz(4, (t) => 141.4 * 2 ** (Math.sin(Math.PI * t) / 2))));
    expect(gliding.pitchVariabilitySemitones ?? NaN).toBeGreaterThan(3.7);
    expect(gliding.pitchVariabilitySemitones ?? NaN).toBeLessThan(4.7);
  });

  it('measures loudness variation: none for an even level, about 6 dB for a level switching by 12 dB', () => {
    const even = measureAudio(asAnswer(buzz(4, () => 130)));
    expect(even.loudnessVariabilityDb ?? NaN).toBeLessThan(0.5);
    const switching = measureAudio(asAnswer(buzz(4, () => 130, (t) => (Math.floor(t / 0.4) % 2 ? 0.25 : 1))));
    expect(switching.loudnessVariabilityDb ?? NaN).toBeGreaterThan(5);
    expect(switching.loudnessVariabilityDb ?? NaN).toBeLessThan(7);
  });

  it('leaves pitch unmeasured when there is too little voice', () => {
    const short = measureAudio(asAnswer(buzz(0.2, () => 120)));
    expect(short.pitchVariabilitySemitones).toBeNull();
  });
});

describe('resampling (Speex)', () => {
  it('keeps length, timing and frequency when converting 22 050 Hz to 16 kHz', () => {
    const tone = Int16Array.from({ length: 22050 }, (_, i) => Math.round(10000 * Math.sin((2 * Math.PI * 440 * i) / 22050)));
    const out = resampleMono(tone, 22050, 16000);
    expect(out.length).toBe(16000);
    let worst = 0;
    for (let i = 200; i < out.length - 200; i++) worst = Math.max(worst, Math.abs((out[i] ?? 0) - 10000 * Math.sin((2 * Math.PI * 440 * i) / 16000)));
    expect(worst).toBeLessThan(100); // aligned in time: the filter delay is removed
  });

  it('gives the same result fed in pieces as at once', () => {
    const noise = Int16Array.from({ length: 48000 }, (_, i) => ((i * 7919) % 2001) - 1000);
    const whole = resampleMono(noise, 48000, 16000);
    const resampler = new SpeexResampler(48000, 16000);
    const parts: number[] = [];
    for (let at = 0; at < noise.length; at += 1234) resampler.process(noise.subarray(at, at + 1234), (s) => parts.push(...s));
    resampler.flush((s) => parts.push(...s));
    resampler.destroy();
    expect(Int16Array.from(parts.slice(0, whole.length))).toEqual(whole);
  });
});

describe('PcmBuffer', () => {
  it('grows in place up to its capacity and reports what did not fit', () => {
    const buffer = new PcmBuffer(16000);
    expect(buffer.append(new Int16Array(10000).fill(5))).toBe(10000);
    expect(buffer.appendSilence(4000)).toBe(4000);
    expect(buffer.append(new Int16Array(5000).fill(7))).toBe(2000);
    expect(buffer.full).toBe(true);
    const samples = buffer.toInt16Array();
    expect(samples.length).toBe(16000);
    expect([samples[0], samples[12000], samples[15999]]).toEqual([5, 0, 7]);
  });
});
