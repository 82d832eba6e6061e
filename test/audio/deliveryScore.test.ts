import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { computeDeliveryScore, DELIVERY_WEIGHTS, type DeliveryInputs } from '../../src/pipeline/analyze/deliveryScore.js';

const none: DeliveryInputs = {
  wpm: null,
  fillersPerMinute: null,
  hedgesPerMinute: null,
  pauseRatio: null,
  longestPauseSec: null,
  pitchVariabilitySemitones: null,
  loudnessVariabilityDb: null,
};
const ideal: DeliveryInputs = {
  wpm: 140,
  fillersPerMinute: 0.5,
  hedgesPerMinute: 0,
  pauseRatio: 0.1,
  longestPauseSec: 1.5,
  pitchVariabilitySemitones: 3.5,
  loudnessVariabilityDb: 5,
};

describe('computeDeliveryScore', () => {
  it('gives 100 and no notes to an answer inside every reference band', () => {
    const result = computeDeliveryScore(ideal);
    expect(result.score).toBe(100);
    expect(result.notes).toEqual([]);
    expect(Object.keys(result.parts).sort()).toEqual(Object.keys(DELIVERY_WEIGHTS).sort());
  });

  it('scores pace 100 inside 100–165 wpm and less the further outside', () => {
    const pace = (wpm: number): number => computeDeliveryScore({ ...none, wpm }).parts.pace ?? NaN;
    expect([pace(100), pace(142), pace(165)]).toEqual([100, 100, 100]);
    expect(pace(80)).toBe(50);
    expect(pace(192.5)).toBe(50);
    expect([pace(40), pace(260)]).toEqual([0, 0]);
    expect(computeDeliveryScore({ ...none, wpm: 200 }).notes[0]).toMatch(/200 wpm is fast/);
  });

  it('leaves out missing inputs and renormalises the weights over the rest', () => {
    // pace 100 (weight 0.25) and fillers 0 (weight 0.25) → 50, whatever else is missing.
    expect(computeDeliveryScore({ ...none, wpm: 140, fillersPerMinute: 8 }).score).toBe(50);
    expect(computeDeliveryScore({ ...none, wpm: 140 }).score).toBe(100);
    const noAudio = computeDeliveryScore({ ...ideal, pitchVariabilitySemitones: null, loudnessVariabilityDb: Number.NaN });
    expect(noAudio.score).toBe(100);
    expect(noAudio.parts).not.toHaveProperty('pitch');
    expect(noAudio.parts).not.toHaveProperty('loudness');
  });

  it('says when nothing could be measured', () => {
    expect(computeDeliveryScore(none)).toEqual({ score: 0, parts: {}, notes: ['No delivery measurements were available.'] });
  });

  it('calls a flat voice monotone and lists the costliest problems first', () => {
    const result = computeDeliveryScore({ ...ideal, pitchVariabilitySemitones: 1.5, fillersPerMinute: 6 });
    expect(result.parts.pitch).toBe(25);
    expect(result.notes).toHaveLength(2);
    expect(result.notes[0]).toMatch(/^Fillers at 6\/min/);
    expect(result.notes[1]).toMatch(/^Monotone pitch \(varies 1.5 semitones\)/);
    expect(result.score).toBeLessThan(100);
  });

  it('only goes down as fillers, hedges and pauses go up', () => {
    let previous = 101;
    for (const worse of [0, 2, 4, 6, 8]) {
      const { score } = computeDeliveryScore({ ...ideal, fillersPerMinute: worse, hedgesPerMinute: worse / 2, longestPauseSec: 2 + worse });
      expect(score).toBeLessThanOrEqual(previous);
      previous = score;
    }
    expect(previous).toBeLessThan(60);
  });

  it('matches the weights written in docs/DELIVERY-SCORE.md', async () => {
    const doc = await readFile(new URL('../../docs/DELIVERY-SCORE.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `(\w+)` \| ([\d.]+) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(documented)).toEqual(DELIVERY_WEIGHTS);
  });
});
