import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/pipeline/analyze/analyzeText.js';
import type { TranscriptWord } from '../../src/pipeline/transcribe/types.js';

function wordsAt(text: string, starts: number[], wordLength = 0.3): TranscriptWord[] {
  return text.split(' ').map((word, i) => ({ word, start: starts[i] ?? 0, end: (starts[i] ?? 0) + wordLength }));
}

describe('hedges', () => {
  it('counts each hedge phrase', () => {
    const result = analyzeText({ text: 'I think it is maybe a lock. I guess it is kind of slow, sort of. Probably.' });
    expect(result.hedges.byPhrase).toEqual({ 'I think': 1, maybe: 1, 'I guess': 1, 'kind of': 1, 'sort of': 1, probably: 1 });
    expect(result.hedges.total).toBe(6);
  });

  it('does not count "kind of" used as a noun phrase', () => {
    const result = analyzeText({ text: 'What kind of index? This sort of query needs a composite key.' });
    expect(result.hedges.total).toBe(0);
  });
});

describe('repetitions', () => {
  it('finds doubled words and repeated phrases but not grammatical doubles', () => {
    const result = analyzeText({ text: 'I, I would say we can we can cache it. I had had enough. That that is fine.' });
    expect(result.repetitions.examples).toEqual(['i i', 'we can']);
    expect(result.repetitions.total).toBe(2);
  });
});

describe('pace and pauses from word timestamps', () => {
  it('computes wpm over the speaking span and pauses of at least one second', () => {
    // 10 words: starts every 0.4 s, with a 1.5 s gap after word 4 and a 2.1 s gap after word 7.
    const starts = [0, 0.4, 0.8, 1.2, 3.0, 3.4, 3.8, 6.2, 6.6, 7.0];
    const words = wordsAt('one two three four five six seven eight nine ten', starts);
    const result = analyzeText({ text: 'one two three four five six seven eight nine ten', words });
    expect(result.pauses.count).toBe(2);
    expect(result.pauses.longestSec).toBeCloseTo(2.1, 2);
    expect(result.pauses.totalSec).toBeCloseTo(3.6, 2);
    expect(result.speakingSec).toBeCloseTo(7.3, 1);
    expect(result.pace.wpm).toBeCloseTo((10 / 7.3) * 60, 0);
    expect(result.pace.band).toBe('slow');
  });

  it('ignores gaps under one second', () => {
    const words = wordsAt('a b c', [0, 1.2, 2.2]);
    expect(analyzeText({ text: 'a b c', words }).pauses.count).toBe(0);
  });

  it('uses the duration for pace when there are no timestamps', () => {
    const text = Array.from({ length: 150 }, () => 'word').join(' ');
    const result = analyzeText({ text, durationSec: 60 });
    expect(result.pace.wpm).toBe(150);
    expect(result.pace.band).toBe('good');
  });

  it('flags a fast pace', () => {
    const text = Array.from({ length: 100 }, () => 'word').join(' ');
    expect(analyzeText({ text, durationSec: 30 }).pace.band).toBe('fast');
  });
});
