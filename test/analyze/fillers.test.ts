import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/pipeline/analyze/analyzeText.js';

const fillers = (text: string) => analyzeText({ text }).fillers;

describe('vocalised fillers', () => {
  it.each([
    ['Um, I would use a queue.', 'um'],
    ['So uh the cache expires.', 'uh'],
    ['Er, that depends.', 'er'],
    ['Erm, let me think.', 'erm'],
    ['Ah, right, the index.', 'ah'],
    ['Hmm, good question.', 'hmm'],
    ['Mm, yes.', 'mm'],
  ])('counts %j as %s', (text, word) => {
    expect(fillers(text).byWord).toEqual({ [word]: 1 });
  });

  it.each([
    ['Umm, ok', 'um'],
    ['Ummmm ok', 'um'],
    ['Uhh ok', 'uh'],
    ['uhhhh ok', 'uh'],
    ['Hmmm ok', 'hmm'],
    ['errr ok', 'er'],
    ['Ahhh ok', 'ah'],
    ['mmm ok', 'mm'],
  ])('counts the stretched spelling %j as %s', (text, word) => {
    expect(fillers(text).byWord).toEqual({ [word]: 1 });
  });

  it('does not mistake words that start like fillers', () => {
    expect(fillers('The user uploads an image and the error handler runs.').total).toBe(0);
  });
});

describe('lexical fillers are counted only where they are fillers', () => {
  it.each([
    'Like, the virtual DOM is compared with the old one.',
    'It is, like, much faster.',
    'And like we cached it.',
    'So like the reconciler runs.',
    'Um like the keys matter.',
  ])('"like" is a filler in %j', (text) => {
    expect(fillers(text).byWord.like).toBe(1);
  });

  it.each([
    'I like React.',
    'I feel like hooks are cleaner.',
    'It looks like a race condition.',
    'I would like to add tests.',
    'We used things like Redux and Zustand.',
    'It sounds like a memory leak.',
    'It seems like the right call.',
    'We like small pull requests.',
    "I'd like to try it.",
  ])('"like" is not a filler in %j', (text) => {
    expect(fillers(text).byWord.like).toBeUndefined();
  });

  it.each([
    'You know, the cache was stale.',
    'We shipped it, you know, on Friday.',
    'It was slow, you know.',
    'And you know we had to roll back.',
  ])('"you know" is a filler in %j', (text) => {
    expect(fillers(text).byWord['you know']).toBe(1);
  });

  it.each([
    'Do you know the answer?',
    'You know how the event loop works.',
    'Did you know that React batches updates?',
    'You know what the index does.',
  ])('"you know" is not a filler in %j', (text) => {
    expect(fillers(text).byWord['you know']).toBeUndefined();
  });

  it.each(['I mean, it was fine.', 'It failed. I mean the build did.'])('"I mean" is a filler in %j', (text) => {
    expect(fillers(text).byWord['I mean']).toBe(1);
  });

  it.each(['I mean it when I say tests matter.', 'What I mean is the cache is global.', 'I mean that literally... no.'])(
    '"I mean" is not a filler in %j',
    (text) => {
      expect(fillers(text).byWord['I mean']).toBeUndefined();
    },
  );

  it('counts basically and literally', () => {
    expect(fillers('Basically it is literally a map.').byWord).toEqual({ basically: 1, literally: 1 });
  });
});

describe('totals, rates and spans', () => {
  it('counts a mixed answer and gives per-minute when the duration is known', () => {
    const text = 'So the um reconciler compares the new tree, like, with the old one. Uh, and you know, keys matter.';
    const result = analyzeText({ text, durationSec: 30 });
    expect(result.fillers.byWord).toEqual({ um: 1, like: 1, uh: 1, 'you know': 1 });
    expect(result.fillers.total).toBe(4);
    expect(result.fillers.perMinute).toBe(8);
    expect(result.fillers.spans.map((s) => text.slice(s.start, s.end))).toEqual(['um', 'like', 'Uh', 'you know']);
  });

  it('has no per-minute rate without a duration', () => {
    expect(analyzeText({ text: 'Um, yes.' }).fillers.perMinute).toBeNull();
  });

  it('handles empty text', () => {
    const result = analyzeText({ text: '' });
    expect(result.wordCount).toBe(0);
    expect(result.fillers.total).toBe(0);
    expect(result.pace.wpm).toBeNull();
  });
});
