// storage: SQLite and PostgreSQL
import { describe, expect, it } from 'vitest';
import type { Competency } from '../../src/enums.js';
import { competencyOfCategory } from '../../src/pipeline/evaluate/storyCoverage.js';
import { BankQuestionSource } from '../../src/pipeline/questions/bankQuestionSource.js';
import { orderByCompetency } from '../../src/pipeline/questions/competencyOrder.js';
import type { Question } from '../../src/pipeline/questions/types.js';
import { competencyCoverage, needRank } from '../../src/session/competencyCoverage.js';
import { prng } from '../helpers/prng.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import { cliSessionOptions } from '../helpers/sessionOptions.js';
import { createTempDatabase } from '../helpers/tempDb.js';

function q(id: string, category: string): Question {
  return { id, role: 'behavioral', category, difficulty: 'mid', text: id, keywords: [], idealAnswer: '', star: true, origin: 'bank' };
}

const rankFrom = (ranks: Partial<Record<Competency, number>>) => (c: Competency) => ranks[c] ?? 3;

describe('behavioural question order by competency', () => {
  it('asks the uncovered competency first, then the weak, then the covered', () => {
    const ordered = orderByCompetency([q('a', 'Teamwork'), q('b', 'Failure'), q('c', 'Conflict')], rankFrom({ conflict: 0, failure: 1.4, teamwork: 3.8 }));
    expect(ordered.map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });

  it('never asks the same competency twice in a row while another is open', () => {
    const list = [q('c1', 'Conflict'), q('c2', 'Conflict'), q('c3', 'Conflict'), q('f1', 'Failure'), q('f2', 'Failure')];
    const ordered = orderByCompetency(list, rankFrom({ conflict: 0, failure: 1 }));
    expect(ordered.map((x) => competencyOfCategory(x.category))).toEqual(['conflict', 'failure', 'conflict', 'failure', 'conflict']);
  });

  it('does not start with the competency asked last time while another is open', () => {
    const list = [q('f1', 'Failure'), q('t1', 'Teamwork')];
    expect(orderByCompetency(list, rankFrom({ failure: 1, teamwork: 3 }), 'failure').map((x) => x.id)).toEqual(['t1', 'f1']);
    expect(orderByCompetency([q('f1', 'Failure')], rankFrom({}), 'failure').map((x) => x.id)).toEqual(['f1']);
  });

  it('a person asked one competency gets another next time, all else equal (stored history, seeded picks)', async () => {
    const db = await createTempDatabase();
    try {
      for (const seed of [11, 12, 13]) {
        const bank = new BankQuestionSource({ random: prng(seed) });
        const engine = new SessionEngine({ repos: db.repos, questions: bank, fallbackQuestions: bank });
        const asked: (string | null)[] = [];
        for (let i = 0; i < 8; i++) {
          const { session } = await engine.start(cliSessionOptions(`lee-${seed}`, { role: 'behavioral', count: 1, mode: 'text' }));
          asked.push(competencyOfCategory((await engine.current(session.id)).question.category));
          await engine.end(session.id);
        }
        expect(asked.every((c) => c !== null)).toBe(true);
        for (let i = 1; i < asked.length; i++) expect(asked[i], `seed ${seed}, drill ${i + 1}: ${asked.join(', ')}`).not.toBe(asked[i - 1]);
      }
    } finally {
      await db.cleanup();
    }
  });

  it('the bank picks a question of the one uncovered competency, whatever the seed', async () => {
    const rank = rankFrom({ influence: 0 });
    for (const seed of [1, 2, 3, 4, 5]) {
      const [picked] = await new BankQuestionSource({ random: prng(seed) }).generate({ role: 'behavioral', count: 1, exclude: new Set(), competencyRank: rank });
      expect(picked?.category, `seed ${seed}`).toBe('Influence');
    }
  });

  it('the same seed picks the same questions; without a rank the bank is unchanged', async () => {
    const request = { role: 'behavioral' as const, count: 3, exclude: new Set<string>(), competencyRank: rankFrom({ growth: 0, failure: 0 }) };
    const first = await new BankQuestionSource({ random: prng(7) }).generate(request);
    const again = await new BankQuestionSource({ random: prng(7) }).generate(request);
    expect(again.map((x) => x.id)).toEqual(first.map((x) => x.id));
    expect(first.slice(0, 2).map((x) => x.category).sort()).toEqual(['Failure', 'Growth']);
    const plain = { role: 'behavioral' as const, count: 3, exclude: new Set<string>() };
    const a = await new BankQuestionSource({ random: prng(9) }).generate(plain);
    expect(a).toHaveLength(3);
  });

  it('rates coverage from stored totals: no story is uncovered, a weak average is weak', () => {
    const coverage = competencyCoverage([
      { competency: 'conflict', stories: 2, avgStrength: 8, bestStrength: 9, complete: 2 },
      { competency: 'failure', stories: 1, avgStrength: 4, bestStrength: 4, complete: 0 },
      { competency: 'heroism', stories: 5, avgStrength: 9, bestStrength: 9, complete: 5 },
    ]);
    const byName = new Map(coverage.map((c) => [c.competency as string, c]));
    expect(byName.get('conflict')?.status).toBe('covered');
    expect(byName.get('failure')?.status).toBe('weak');
    expect(byName.get('leadership')?.status).toBe('uncovered');
    expect(byName.has('heroism')).toBe(false);
    expect(needRank(byName.get('leadership'))).toBeLessThan(needRank(byName.get('failure')));
    expect(needRank(byName.get('failure'))).toBeLessThan(needRank(byName.get('conflict')));
  });
});
