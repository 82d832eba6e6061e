import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReplayStore } from '../../src/session/ReplayStore.js';
import { applyCuts, replayCuts } from '../../src/pipeline/audio/replay/index.js';
import { fillerWordSpans } from '../../src/pipeline/analyze/fillerTimes.js';
import { answerId, userId } from '../helpers/ids.js';

const RATE = 16000;
const MINUTE = 60_000;

/** `seconds` of a quiet tone: content does not matter to the store, only its size. */
function pcmOf(seconds: number): Int16Array {
  return new Int16Array(Math.round(seconds * RATE)).fill(1000);
}

const noCuts = (seconds: number) => ({ durationSec: seconds, speech: [{ start: 0, end: seconds }], fillers: [], hesitations: [] });

function storeWithClock(maxBytes = 64 * 1024 * 1024) {
  let now = 1_000_000;
  const store = new ReplayStore({ ttlMs: 15 * MINUTE, maxBytes, now: () => now });
  return { store, advance: (ms: number) => (now += ms) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ReplayStore', () => {
  it('keeps a replay for REPLAY_MINUTES, then it is gone (injected clock, no waiting)', async () => {
    const { store, advance } = storeWithClock();
    expect(store.keep(answerId(1), userId(7), pcmOf(2), noCuts(2))).toBe(true);
    advance(15 * MINUTE - 1);
    expect(store.facts(answerId(1))).toEqual({ ownerUserId: 7 });
    advance(1);
    expect(store.facts(answerId(1))).toBeUndefined();
    expect(await store.audio(answerId(1))).toBeUndefined();
    expect(store.heldBytes).toBe(0);
  });

  it('lets go of expired audio on its own, even when nobody asks for anything (fake timers)', () => {
    vi.useFakeTimers();
    const store = new ReplayStore({ ttlMs: 15 * MINUTE, maxBytes: 64 * 1024 * 1024 });
    store.keep(answerId(1), userId(7), pcmOf(1), noCuts(1));
    vi.advanceTimersByTime(5 * MINUTE);
    store.keep(answerId(2), userId(7), pcmOf(1), noCuts(1));
    vi.advanceTimersByTime(10 * MINUTE + 1);
    expect(store.size).toBe(1);
    vi.advanceTimersByTime(5 * MINUTE + 1);
    expect(store.size).toBe(0);
    expect(store.heldBytes).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('evicts the oldest replays first when memory is over the cap, and counts bytes exactly', () => {
    const oneSecond = RATE * 2;
    const { store, advance } = storeWithClock(3 * oneSecond);
    store.keep(answerId(1), userId(1), pcmOf(1), noCuts(1));
    advance(1000);
    store.keep(answerId(2), userId(1), pcmOf(1), noCuts(1));
    advance(1000);
    store.keep(answerId(3), userId(2), pcmOf(1), noCuts(1));
    expect(store.heldBytes).toBe(3 * oneSecond);
    store.keep(answerId(4), userId(2), pcmOf(1.5), noCuts(1.5));
    // 1 and 2 had to go for 4 to fit; 3 (newer) stays.
    expect(store.facts(answerId(1))).toBeUndefined();
    expect(store.facts(answerId(2))).toBeUndefined();
    expect(store.facts(answerId(3))).toBeDefined();
    expect(store.facts(answerId(4))).toBeDefined();
    expect(store.heldBytes).toBe(2.5 * oneSecond);
  });

  it('refuses a replay larger than the whole cap rather than evicting everything for it', () => {
    const { store } = storeWithClock(RATE * 2);
    store.keep(answerId(1), userId(1), pcmOf(0.5), noCuts(0.5));
    expect(store.keep(answerId(2), userId(1), pcmOf(5), noCuts(5))).toBe(false);
    expect(store.facts(answerId(1))).toBeDefined();
  });

  it('encodes on the first request only (two at once share it), then holds the (smaller) file instead of the PCM', async () => {
    const { store } = storeWithClock();
    store.keep(answerId(1), userId(1), pcmOf(3), noCuts(3));
    const before = store.heldBytes;
    const [first, concurrent] = await Promise.all([store.audio(answerId(1)), store.audio(answerId(1))]);
    expect(concurrent).toBe(first);
    expect(first?.ogg.subarray(0, 4).toString('ascii')).toBe('OggS');
    expect(store.heldBytes).toBe(first?.ogg.length);
    expect(store.heldBytes).toBeLessThan(before);
    expect(await store.audio(answerId(1))).toBe(first);
  });

  it("forget-me drops every replay of that person and no one else's", () => {
    const { store } = storeWithClock();
    store.keep(answerId(1), userId(1), pcmOf(1), noCuts(1));
    store.keep(answerId(2), userId(2), pcmOf(1), noCuts(1));
    store.dropOwner(userId(1));
    expect(store.facts(answerId(1))).toBeUndefined();
    expect(store.facts(answerId(2))).toBeDefined();
  });
});

describe('replay cuts', () => {
  it('cuts pauses over 1 s down to a breath each side, pads filler cuts inward, merges overlaps', () => {
    const cuts = replayCuts({
      durationSec: 12,
      speech: [
        { start: 0.3, end: 3 },
        { start: 3.5, end: 5 }, // 0.5 s gap: kept
        { start: 7, end: 11.2 }, // 2 s gap: cut
      ],
      fillers: [{ start: 1, end: 1.4 }, { start: 6.8, end: 7.3 }], // the second runs into the pause's cut
      hesitations: [{ start: 9, end: 9.5 }],
    });
    const rounded = cuts.map((c) => ({ start: Math.round(c.start * 100) / 100, end: Math.round(c.end * 100) / 100 }));
    expect(rounded).toEqual([
      { start: 1.02, end: 1.38 },
      { start: 5.15, end: 7.28 },
      { start: 9.02, end: 9.48 },
    ]);
  });

  it('removes exactly the cut samples, fading each joint instead of clicking', () => {
    const pcm = pcmOf(4);
    const { pcm: out, removedSamples } = applyCuts(pcm, [{ start: 1, end: 1.5 }, { start: 2, end: 3 }]);
    expect(removedSamples).toBe(1.5 * RATE);
    expect(out.length).toBe(2.5 * RATE);
    // Faded to silence right at the first joint, full level away from it.
    expect(out[RATE - 1]).toBe(0);
    expect(out[RATE]).toBe(0);
    expect(out[RATE / 2]).toBe(1000);
  });
});

describe('filler word spans', () => {
  it('places a two-word filler from its first word start to its last word end', () => {
    const text = 'So, you know, we shipped it. Um, late.';
    const words = [
      { word: 'So', start: 0, end: 0.2 },
      { word: 'you', start: 0.5, end: 0.6 },
      { word: 'know,', start: 0.6, end: 0.9 },
      { word: 'we', start: 1, end: 1.1 },
      { word: 'shipped', start: 1.1, end: 1.5 },
      { word: 'it.', start: 1.5, end: 1.7 },
      { word: 'Um,', start: 2.4, end: 2.8 },
      { word: 'late.', start: 3, end: 3.4 },
    ];
    const youKnow = { start: text.indexOf('you know'), end: text.indexOf('you know') + 'you know'.length };
    const um = { start: text.indexOf('Um'), end: text.indexOf('Um') + 2 };
    expect(fillerWordSpans(text, [youKnow, um], words)).toEqual([
      { start: 0.5, end: 0.9 },
      { start: 2.4, end: 2.8 },
    ]);
  });
});
