// storage: SQLite and PostgreSQL
import { describe, expect, it } from 'vitest';
import { buildProgressReport } from '../../src/commands/progress/buildProgressReport.js';
import { PngCache } from '../../src/commands/progress/pngCache.js';
import { clearProgressPngCache, renderProgressPng } from '../../src/commands/progress/renderProgressPng.js';
import { SCENARIO_NOW, createHistorySeeder } from '../helpers/seedHistory.js';
import { useSeededProgressScenario } from '../helpers/seededProgressScenario.js';

const seeded = useSeededProgressScenario();

describe('the progress image cache', () => {
  it('hands back the same image for a repeat /progress, and draws anew after a new answer', async () => {
    clearProgressPngCache();
    const first = await renderProgressPng(await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now: SCENARIO_NOW }), { who: 'alice' });
    const repeat = await renderProgressPng(await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now: SCENARIO_NOW }), { who: 'alice' });
    expect(first).not.toBeNull();
    expect(repeat).toBe(first);
    // Another name on the image, or a period, is another image.
    const renamed = await renderProgressPng(await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now: SCENARIO_NOW }), { who: 'Alice L.' });
    expect(renamed).not.toBe(first);
    const period = await renderProgressPng(await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now: SCENARIO_NOW, periodDays: 30 }), { who: 'alice' });
    expect(period).not.toBe(first);

    await createHistorySeeder(seeded.database).answer({ user: seeded.scenario.alice, session: 's5', at: '2026-11-24T09:00:00Z', category: 'CSS', score: 3 });
    const after = await renderProgressPng(await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now: SCENARIO_NOW }), { who: 'alice' });
    expect(after).not.toBe(first);
    expect(after?.equals(first ?? Buffer.alloc(0))).toBe(false);
  });

  it('keeps at most its bound, dropping the least recently used', async () => {
    const cache = new PngCache(2);
    const a = Buffer.from('a');
    cache.set('a', a);
    cache.set('b', Buffer.from('b'));
    expect(cache.get('a')).toBe(a);
    cache.set('c', Buffer.from('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
  });
});
