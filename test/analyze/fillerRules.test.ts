import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/pipeline/analyze/analyzeText.js';

// One case per rule of issue 13 part 2, each written with punctuation and as raw speech-to-text gives it.
const analyse = (text: string) => analyzeText({ text });
const fillers = (text: string) => analyse(text).fillers.byWord;

describe('"like" without punctuation', () => {
  it.each([
    ['before an adverb', 'it was like really hard to reproduce'],
    ['before an intensifier', 'the test was like super flaky'],
    ['before a quantifier', 'we deployed it like every day'],
    ['before a number', 'it took like ten minutes'],
    ['before an amount', 'we had like a hundred flaky tests'],
    ['before a past verb form', 'we like deployed it on friday'],
    ['before an -ing form', 'every request was like timing out'],
    ['before a past form after an adverb', 'we like really pushed for tests'],
    ['after "was" before an adjective', 'the logs were like empty'],
    ['after "is" before a clause', 'it is like we never had tests'],
    ['after "was" before a clause', 'it was like nobody owned the alerts'],
    ['after an article', 'the like main problem was retries'],
    ['between an adverb and an adjective', 'i was totally like confused'],
    ['between a past verb and a preposition', 'we went like to the old version'],
    ['before a past verb behind another filler', 'i like you know wanted to rewrite it'],
  ])('is a filler %s: %j', (_rule, text) => {
    expect(fillers(text).like).toBe(1);
  });

  it.each([
    ['"Like I said" opening a sentence', 'Like I said, the index was missing.'],
    ['"like I said" in raw text', 'like i said the index was missing'],
    ['"like we discussed"', 'it failed like we discussed'],
    ['"just like X"', 'It behaved just like the previous release.'],
    ['"just like X" in raw text', 'it behaved just like the previous release'],
    ['a comparison after "was"', 'it was like a nightmare to debug'],
    ['"like" ending a sentence after "was"', "That's what it was like."],
    ['a verb before a noun', 'we like small pull requests'],
    ['a verb before an -ing form', 'i like coding in rust'],
    ['a comparison after a noun', 'we used a queue like kafka'],
    ['a comparison after a noun before an adjective', 'we tested cases like empty input'],
    ['a comparison after a noun before an -ing form', 'we used patterns like batching'],
    ['"kind of like a"', 'its kind of like a queue'],
    ['a comparison after raw "its"', 'its like a map with expiry'],
    ['a verb before an object behind a filler', 'i like um small pull requests'],
  ])('is not a filler as %s: %j', (_rule, text) => {
    expect(fillers(text).like).toBeUndefined();
  });

  it.each([
    ['I was like like totally confused.', 2],
    ['i was like like totally confused', 2],
  ])('doubled "like" counts both: %j', (text, count) => {
    expect(fillers(text).like).toBe(count);
  });

  it.each([
    ['I like, you know, wanted to rewrite it.'],
    ['We looked at things like, the logs first.'],
    ['It feels like, broken.'],
  ])('a comma right after "like" makes it a filler whatever precedes: %j', (text) => {
    expect(fillers(text).like).toBe(1);
  });

  it('a comma after "like" leaves "you know" to its own rule', () => {
    expect(fillers('I like, you know, wanted to rewrite it.')).toEqual({ like: 1, 'you know': 1 });
  });
});

describe('"you know" without punctuation', () => {
  it.each([
    'you know the database was down',
    'and you know we had to roll back',
    'the service you know was down for an hour',
    'you know it was down all morning',
    'we shipped it you know on a friday',
  ])('is a filler opening a clause: %j', (text) => {
    expect(fillers(text)['you know']).toBe(1);
  });

  it.each([
    'do you know the difference between a process and a thread',
    'Do you know the answer?',
    'you know how the event loop works',
    'You know what I mean?',
    'you know what i mean',
    'if you know the user id you can look it up',
    'i think you know the answer already',
  ])('is not a filler as a question or with an object: %j', (text) => {
    expect(fillers(text)['you know']).toBeUndefined();
  });
});

describe('"I mean" without punctuation', () => {
  it.each(['i mean it worked in the end', 'you know i mean it just worked', 'i mean the rollout went fine'])('is a filler introducing a clause: %j', (text) => {
    expect(fillers(text)['I mean']).toBe(1);
  });

  it.each(['i mean it when i say tests matter', 'what i mean is the cache is global'])('is not a filler meaning "I intend": %j', (text) => {
    expect(fillers(text)['I mean']).toBeUndefined();
  });
});

describe('stumbles', () => {
  it.each([
    ['across a filler', 'The uh the service kept restarting.', ['the the']],
    ['across a filler, raw', 'we moved our um our sessions to redis', ['our our']],
    ['a run of one word', 'I I I was not sure.', ['i i i']],
    ['a run of one word, raw', 'i i i was not sure', ['i i i']],
    ['a phrase across a filler', 'The API, uh, the API returned a 500.', ['the api']],
  ])('count once %s: %j', (_rule, text, examples) => {
    const result = analyse(text);
    expect(result.repetitions.total).toBe(1);
    expect(result.repetitions.examples).toEqual(examples);
  });

  it('does not count repeated fillers as stumbles', () => {
    expect(analyse('um um we should add retries').repetitions.total).toBe(0);
  });
});

describe('discourse markers', () => {
  it.each([
    ['So, the first thing I did was profile it.', 'so'],
    ['so the first thing i did was profile it', 'so'],
    ['Well, it depends on the traffic.', 'well'],
    ['well it depends on the traffic', 'well'],
    ['Okay, we had three services.', 'okay'],
    ['ok we had three services', 'okay'],
    ['Right, the cache was invalidated.', 'right'],
    ['right the cache was invalidated', 'right'],
    ['It was slow. So we added an index.', 'so'],
    ['Um, so the plan was to split it.', 'so'],
  ])('are reported apart from fillers when they open a sentence: %j', (text, word) => {
    const result = analyse(text);
    expect(result.discourseMarkers.byWord).toEqual({ [word]: 1 });
    expect(result.fillers.byWord[word]).toBeUndefined();
  });

  it('counts every marker that opens a sentence', () => {
    expect(analyse('Okay so, we split it. Right, then we measured.').discourseMarkers).toEqual({ total: 3, byWord: { okay: 1, so: 1, right: 1 } });
  });

  it.each([
    'Right now we deploy twice a day.',
    'So far the migration has gone fine.',
    'So many alerts fired that night.',
    'Well-tested code is easier to change.',
    'We were tired so we stopped.',
    'It went well.',
    'Turn right at the corner.',
  ])('are not counted inside a sentence or as part of it: %j', (text) => {
    expect(analyse(text).discourseMarkers.total).toBe(0);
  });
});
