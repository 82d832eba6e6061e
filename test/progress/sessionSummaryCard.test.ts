// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { createRepositories, type Database } from '../../src/db/index.js';
import { buildSessionSummary, type SessionSummary } from '../../src/commands/progress/sessionSummary.js';
import { sessionSummaryCard } from '../../src/commands/progress/sessionSummaryCard.js';
import { seedProgressScenario, type ProgressScenario } from '../helpers/seedHistory.js';
import { sessionId } from '../helpers/ids.js';

let temp: TempDatabase;
let handle: Database;
let s: ProgressScenario;
let summary: SessionSummary;

beforeAll(async () => {
  temp = await createTempDatabase();
  handle = temp.database;
  s = await seedProgressScenario(handle);
  const found = await buildSessionSummary(createRepositories(handle), sessionId('s3'));
  if (!found) throw new Error('session s3 not found');
  summary = found;
});

afterAll(async () => {
  await temp.cleanup();
});

describe('round summary', () => {
  it('summarises each participant in join order from the stored answers', async () => {
    expect(summary.participants.map((p) => [p.displayName, p.answers, p.avgScore, p.fillersPerMinute, p.wpm, p.deliveryScore, p.best])).toEqual([
      // Bob: 6 (spoken) and 8 (typed): delivery figures come from the spoken answer only.
      ['bob', 2, 7, 4, 140, 65, { position: 1, category: 'Hooks', score: 8 }],
      // Alice: one scored answer; her second failed and does not count.
      ['alice', 1, 9, 1, 170, 85, { position: 0, category: 'React', score: 9 }],
      ['dave', 0, null, null, null, null, null],
    ]);
    expect(summary.participants.map((p) => p.userId)).toEqual([s.bob, s.alice, s.dave]);
    // um: Alice 1 + Bob 3; like: Bob 1.
    expect(summary.topFiller).toEqual({ word: 'um', count: 4 });
  });

  it('lists people in join order without the leaderboard flag', async () => {
    const card = sessionSummaryCard(summary);
    expect(card.title).toBe('🏁 Round complete — frontend · mid · 2 questions');
    expect(card.description).toBe(
      [
        '3 answers from 3 participants',
        '',
        '• **bob** — **7.0/10** avg · delivery 65/100 · 4.0 fillers/min · 140 wpm · best: Q2 Hooks (8.0)',
        '• **alice** — **9.0/10** avg · delivery 85/100 · 1.0 fillers/min · 170 wpm · best: Q1 React (9.0)',
        '• **dave** — no scored answers',
      ].join('\n'),
    );
    expect(card.fields).toEqual([{ name: "Group's most common filler", value: '“um” ×4' }]);
    expect(card.footer).toBe('Keep going: `/drill role:frontend` · See your trend: `/progress`');
  });

  it('ranks by average score only with the leaderboard flag', async () => {
    const card = sessionSummaryCard(summary, { leaderboard: true, mention: (p) => `<@${p.platformUserId}>`, roleLabel: 'Frontend' });
    expect(card.title).toBe('🏁 Round complete — Frontend · mid · 2 questions');
    expect(card.description?.split('\n').slice(2)).toEqual([
      '🥇 <@A> — **9.0/10** avg · delivery 85/100 · 1.0 fillers/min · 170 wpm · best: Q1 React (9.0)',
      '🥈 <@B> — **7.0/10** avg · delivery 65/100 · 4.0 fillers/min · 140 wpm · best: Q2 Hooks (8.0)',
      '• <@D> — no scored answers',
    ]);
  });

  it('is undefined for an unknown session', async () => {
    expect(await buildSessionSummary(createRepositories(handle), sessionId('nope'))).toBeUndefined();
  });
});
