import { describe, expect, it } from 'vitest';
import { detectSpeech } from '../../src/pipeline/audio/EnergyVad.js';
import { detectHesitations } from '../../src/pipeline/audio/detectHesitations.js';
import type { TimeSpan } from '../../src/pipeline/audio/types.js';
import { uncoveredStretches } from '../../src/pipeline/audio/uncoveredStretches.js';
import { buildClip, VOICES, type ClipPart, type DistractorKind, type HesitationClip } from '../helpers/hesitationClips.js';

/** One "uhhh" among every kind of sound that must not count. */
const SCRIPT: ClipPart[] = [
  { silenceSec: 0.4 },
  { phrase: 'I started by profiling the slow endpoint.' },
  { silenceSec: 0.2 },
  { fillerSec: 0.6, kind: 'uh' },
  { silenceSec: 0.2 },
  { phrase: 'The cache was missing most requests.' },
  { silenceSec: 1.2 },
  { phrase: 'We moved the heavy work into a queue.' },
  { silenceSec: 0.15 },
  { breathSec: 0.45 },
  { silenceSec: 0.15 },
  { phrase: 'and then we moved on to the', holdSec: 0.5 },
  { silenceSec: 0.3 },
  { phrase: 'Latency dropped by half in a week.', dropWord: 1 },
  { silenceSec: 0.4 },
];

function overlaps(a: TimeSpan, b: TimeSpan): boolean {
  return Math.min(a.end, b.end) > Math.max(a.start, b.start);
}

function distractor(clip: HesitationClip, kind: DistractorKind): TimeSpan {
  const found = clip.distractors.find((d) => d.kind === kind);
  if (!found) throw new Error(`no ${kind} in the clip`);
  return found.span;
}

describe('hesitations from the audio', () => {
  for (const voice of VOICES) {
    // espeak synthesis is slow on a shared machine: a generous limit, not a speed check.
    it(`finds the filler the words leave out within ±100 ms, and nothing else (espeak pitch ${voice.pitch})`, { timeout: 120_000 }, async () => {
      const clip = await buildClip(SCRIPT, voice, 7);
      const speech = detectSpeech(clip.pcm);
      const result = detectHesitations({ pcm: clip.pcm, speech, words: clip.words });
      const truth = clip.hesitations[0];
      expect(truth).toBeDefined();
      expect(result?.total).toBe(1);
      const found = result?.spans[0];
      expect(Math.abs((found?.start ?? 0) - (truth?.start ?? 0))).toBeLessThanOrEqual(0.1);
      expect(Math.abs((found?.end ?? 0) - (truth?.end ?? 0))).toBeLessThanOrEqual(0.1);
    });
  }

  it('does not report the breath, the held word-final vowel or the missed word, though all are uncovered speech', async () => {
    const clip = await buildClip(SCRIPT, VOICES[0] ?? { voice: 'en-us', pitch: 35, f0: 105 }, 7);
    const speech = detectSpeech(clip.pcm);
    const stretches = uncoveredStretches(speech, clip.words, 0.15);
    const found = detectHesitations({ pcm: clip.pcm, speech, words: clip.words })?.spans ?? [];
    // Each distractor really reached the classifier (the VAD heard it and no word covers it)…
    for (const kind of ['breath', 'lengthening', 'missed word'] as const) {
      expect(stretches.some((s) => overlaps(s, distractor(clip, kind))), kind).toBe(true);
      // …and was turned down.
      expect(found.some((s) => overlaps(s, distractor(clip, kind))), kind).toBe(false);
    }
  });

  it('does not report a silent pause', async () => {
    const clip = await buildClip(SCRIPT, VOICES[1] ?? { voice: 'en-us', pitch: 70, f0: 150 }, 7);
    const pause = clip.distractors.find((d) => d.kind === 'pause' && d.span.end - d.span.start >= 1)?.span;
    expect(pause).toBeDefined();
    const found = detectHesitations({ pcm: clip.pcm, speech: detectSpeech(clip.pcm), words: clip.words })?.spans ?? [];
    expect(found.some((s) => pause && overlaps(s, pause))).toBe(false);
  });

  it('finds an "ummm" said straight after a word, with no break', { timeout: 120_000 }, async () => {
    const voice = VOICES[0] ?? { voice: 'en-us', pitch: 35, f0: 105 };
    const clip = await buildClip(
      [{ silenceSec: 0.4 }, { phrase: 'The cache was missing most requests.' }, { fillerSec: 0.7, kind: 'um' }, { silenceSec: 0.3 }, { phrase: 'We moved the heavy work into a queue.' }, { silenceSec: 0.4 }],
      voice,
      3,
    );
    const found = detectHesitations({ pcm: clip.pcm, speech: detectSpeech(clip.pcm), words: clip.words })?.spans ?? [];
    expect(found).toHaveLength(1);
    expect(Math.abs((found[0]?.start ?? 0) - (clip.hesitations[0]?.start ?? 0))).toBeLessThanOrEqual(0.1);
  });

  it('tells a held vowel from a filler when the word times are off: a word end inside the held vowel, or overshooting into a filler', { timeout: 120_000 }, async () => {
    const voice = VOICES[0] ?? { voice: 'en-us', pitch: 35, f0: 105 };
    const clip = await buildClip(
      [
        { silenceSec: 0.4 },
        { phrase: 'the main reason was so', holdSec: 0.5 },
        { silenceSec: 0.4 },
        { phrase: 'The cache was missing most requests.' },
        { silenceSec: 0.12 },
        { fillerSec: 0.6, kind: 'uh' },
        { silenceSec: 0.3 },
        { phrase: 'We moved the heavy work into a queue.' },
        { silenceSec: 0.4 },
      ],
      voice,
      5,
    );
    const held = distractor(clip, 'lengthening');
    const filler = clip.hesitations[0];
    if (!filler) throw new Error('no filler');
    // "so" ends 100 ms into its held vowel; "requests." ends 50 ms into the filler (past the 120 ms break).
    const words = clip.words.map((w) => {
      if (w.word === 'so' && Math.abs(w.end - held.start) < 0.01) return { ...w, end: held.start + 0.1 };
      if (w.word === 'requests.') return { ...w, end: filler.start + 0.05 };
      return w;
    });
    expect(words.filter((w, i) => w !== clip.words[i])).toHaveLength(2);
    const found = detectHesitations({ pcm: clip.pcm, speech: detectSpeech(clip.pcm), words })?.spans ?? [];
    expect(found.some((s) => overlaps(s, held))).toBe(false);
    expect(found.filter((s) => overlaps(s, filler))).toHaveLength(1);
  });

  it('measures nothing without word timestamps (every vowel would be "uncovered")', async () => {
    const clip = await buildClip(SCRIPT, VOICES[0] ?? { voice: 'en-us', pitch: 35, f0: 105 }, 7);
    expect(detectHesitations({ pcm: clip.pcm, speech: detectSpeech(clip.pcm), words: [] })).toBeNull();
  });
});

describe('uncovered stretches', () => {
  it('are the speech no word overlaps, at least the minimum long, marked when they start at a word end', () => {
    const speech = [{ start: 0, end: 3 }, { start: 4, end: 5 }];
    const words = [{ start: 0.1, end: 1 }, { start: 1.1, end: 1.5 }, { start: 2, end: 2.9 }, { start: 4, end: 4.9 }];
    // 0–0.1 s and 4.9–5 s are uncovered too, but shorter than 150 ms.
    expect(uncoveredStretches(speech, words, 0.15)).toEqual([{ start: 1.5, end: 2, afterWord: true }]);
  });

  it('cover a whole span with no word in it', () => {
    expect(uncoveredStretches([{ start: 1, end: 2 }], [{ start: 3, end: 4 }], 0.15)).toEqual([{ start: 1, end: 2, afterWord: false }]);
  });
});
