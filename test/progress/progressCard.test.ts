// storage: SQLite and PostgreSQL
import { describe, expect, it } from 'vitest';
import { buildProgressReport } from '../../src/commands/progress/buildProgressReport.js';
import { progressCard } from '../../src/commands/progress/progressCard.js';
import { SCENARIO_NOW } from '../helpers/seedHistory.js';
import { useSeededProgressScenario } from '../helpers/seededProgressScenario.js';

const seeded = useSeededProgressScenario();

function field(card: ReturnType<typeof progressCard>, name: string): string | undefined {
  return card.fields?.find((f) => f.name === name)?.value;
}

describe('progressCard', () => {
  it('says in text what the charts show, and attaches the chart as progress.png', async () => {
    const report = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now: SCENARIO_NOW });
    const png = Buffer.from('png bytes');
    const card = progressCard(report, { png });
    expect(card.title).toBe('📈 Your progress');
    expect(card.description).toBe('**5 sessions · 7 answers**');
    expect(card.ephemeral).toBe(true);
    expect(field(card, 'Average score')).toBe(
      'Last 7 days: 7.0 (nothing the 7 days before)\nLast 30 days: 7.2 ▲ +2.2 vs 5.0 the 30 days before',
    );
    expect(field(card, 'Best category')).toBe('React — 7.7/10 (3 answers)');
    expect(field(card, 'Weakest category')).toBe('System design — 5.0/10 (1 answer)');
    expect(field(card, 'Most frequent fillers')).toBe('um ×10 · like ×3 · basically ×2');
    expect(field(card, 'Practice streak')).toBe('🔥 2 days');
    expect(field(card, 'Trend')).toBe(
      [
        'Sessions 1 Oct → 24 Nov (5 shown)',
        'Score (3-session average): 5.0 → 7.0',
        'Fillers per minute: 3.8 → 0.0',
        'Pace: 105 → 130 wpm (aim for 100–165)',
      ].join('\n'),
    );
    expect(field(card, 'By category (answers)')).toBe('React 7.7 (3) · Behavioral 7.0 (1) · CSS 5.5 (2) · System design 5.0 (1)');
    expect(field(card, 'Next: work on')).toBe(
      [
        '1. Cover points you often miss: keys (4×), specificity (2×)',
        '2. Go deeper with specifics and trade-offs: depth averages 6.0/10',
        '3. Structure your answers (situation → action → result): structure averages 6.3/10',
      ].join('\n'),
    );
    expect(card.image?.name).toBe('progress.png');
    expect(card.image?.png).toBe(png);
    expect(card.image?.alt).toMatch(/score per session.*fillers per minute.*pace.*category/);
  });

  it('shows a fall with ▼, the scope in the title, and a streak that needs today', async () => {
    const report = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, workspaceId: seeded.scenario.w2, now: SCENARIO_NOW });
    const card = progressCard(report, { displayName: 'alice', ephemeral: false });
    expect(card.title).toBe('📈 Progress — alice');
    expect(card.ephemeral).toBe(false);
    expect(card.image).toBeUndefined();
    expect(field(card, 'Practice streak')).toBe('🔥 1 day — practise today to keep it');
    // Three days later the last 7 days hold 5, 7 and the 10 given after SCENARIO_NOW; the 7 before hold the 9.
    const fallen = progressCard(await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now: new Date('2026-11-27T12:00:00Z') }));
    expect(field(fallen, 'Average score')).toContain('Last 7 days: 7.3 ▼ −1.7 vs 9.0 the 7 days before');
    const role = progressCard(await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, role: 'frontend', periodDays: 30, now: SCENARIO_NOW }));
    expect(role.title).toBe('📈 Your progress · frontend · last 30 days');
  });

  it('is a friendly nudge, not an empty chart, without history', async () => {
    const card = progressCard(await buildProgressReport(seeded.database, { userId: seeded.scenario.nobody, now: SCENARIO_NOW }), { png: Buffer.from('x') });
    expect(card).toEqual({ kind: { type: 'progress' }, title: '📈 Your progress', description: 'No practice yet — try `/drill`.', tone: 'info', ephemeral: true });
  });

  it('says when the practice was before the asked period', async () => {
    const card = progressCard(await buildProgressReport(seeded.database, { userId: seeded.scenario.carol, periodDays: 30, now: SCENARIO_NOW }));
    expect(card.description).toBe('No practice in the last 30 days (last on 25 Sep) — try `/drill`.');
    expect(card.image).toBeUndefined();
  });
});
