// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import type { Database } from '../../src/db/client.js';
import { buildProgressReport } from '../../src/commands/progress/buildProgressReport.js';
import { progressCard } from '../../src/commands/progress/progressCard.js';
import { RECENT_ANSWERS } from '../../src/commands/progress/thresholds.js';
import { createHistorySeeder } from '../helpers/seedHistory.js';
import { type UserId } from '../helpers/ids.js';

let temp: TempDatabase;
let handle: Database;
let alice: UserId;
let bob: UserId;
const now = new Date('2026-11-24T12:00:00.000Z');

/** Minute `i` after a fixed start: answers in a known order, oldest first. */
function at(i: number): string {
  return new Date(Date.parse('2026-11-01T09:00:00.000Z') + i * 60_000).toISOString();
}

beforeAll(async () => {
  temp = await createTempDatabase();
  handle = temp.database;
  const seed = createHistorySeeder(handle);
  alice = await seed.user('alice');
  bob = await seed.user('bob');
  const ws = await seed.workspace('guild');
  await seed.session({ id: 's1', workspace: ws, at: at(0) });
  // The older window: RECENT_ANSWERS answers, two of them live voice answers (5 s and 4 s) and the rest voice
  // messages and typed answers, which have no time to first word.
  for (let i = 0; i < RECENT_ANSWERS; i++) {
    const firstWordSec = i === 0 ? 5 : i === 1 ? 4 : null;
    await seed.answer({ user: alice, session: 's1', at: at(i), score: 6, inputKind: firstWordSec === null ? (i % 2 ? 'text' : 'voice_message') : 'voice', firstWordSec });
  }
  // The newest window: three live answers (2, 2.5, 1) among typed ones.
  for (let i = 0; i < RECENT_ANSWERS; i++) {
    const firstWordSec = [2, 2.5, 1][i] ?? null;
    await seed.answer({ user: alice, session: 's1', at: at(RECENT_ANSWERS + i), score: 7, inputKind: firstWordSec === null ? 'text' : 'voice', firstWordSec });
  }
  await seed.answer({ user: bob, session: 's1', at: at(0), score: 5, inputKind: 'text' });
});

afterAll(async () => {
  await temp.cleanup();
});

describe('/progress: time to first word', () => {
  it('averages the live voice answers among the newest answers against the window before', async () => {
    const r = await buildProgressReport(handle, { userId: alice, now });
    expect(r.firstWord).toEqual({
      window: RECENT_ANSWERS,
      current: 1.83, // (2 + 2.5 + 1) / 3
      currentAnswers: 3,
      previous: 4.5,
      previousAnswers: 2,
      guide: { min: 1, max: 4 },
    });
    // The JSON the CLI prints carries it as well.
    expect(JSON.parse(JSON.stringify(r)).firstWord.current).toBe(1.83);
  });

  it('says it in words on the card, and says nothing for someone with no live voice answers', async () => {
    const card = progressCard(await buildProgressReport(handle, { userId: alice, now }));
    const trend = card.fields?.find((f) => f.name === 'Trend')?.value ?? '';
    expect(trend).toContain(`Time to first word: 1.8 s over 3 live voice answers of your last ${RECENT_ANSWERS} (4.5 s the ${RECENT_ANSWERS} answers before) — guideline 1–4 s`);

    const typedOnly = await buildProgressReport(handle, { userId: bob, now });
    expect(typedOnly.firstWord?.current).toBeNull();
    const text = JSON.stringify(progressCard(typedOnly));
    expect(text).not.toContain('first word');
  });
});
