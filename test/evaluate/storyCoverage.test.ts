import { describe, expect, it } from 'vitest';
import {
  classifyCompetencies,
  competencyOfCategory,
  MAX_COMPETENCIES,
  starBits,
  starFromBits,
  storyCoverage,
  validCompetencies,
} from '../../src/pipeline/evaluate/storyCoverage.js';
import { CONFLICT_STORY, FAILURE_STORY } from '../helpers/stories.js';

describe('the offline story classifier', () => {
  it('names the competencies a story shows, strongest first', () => {
    expect(classifyCompetencies(CONFLICT_STORY)[0]).toBe('conflict');
    expect(classifyCompetencies(FAILURE_STORY)[0]).toBe('failure');
  });

  it('needs two different phrases, or one when the question asked for that competency', () => {
    const passing = 'I think we had a disagreement once, but it was fine.';
    expect(classifyCompetencies(passing)).not.toContain('conflict');
    expect(classifyCompetencies(passing, 'conflict')).toEqual(['conflict']);
  });

  it('finds nothing in an answer that tells no story', () => {
    expect(classifyCompetencies('I am not sure what to say here.')).toEqual([]);
    expect(classifyCompetencies('')).toEqual([]);
  });

  it('names at most three, each once', () => {
    const everything = `${CONFLICT_STORY} ${FAILURE_STORY} I led the team, mentored two engineers and took the lead. I convinced the stakeholders with a business case and got buy-in. I explained it to non-technical people in plain language.`;
    const named = classifyCompetencies(everything);
    expect(named.length).toBe(MAX_COMPETENCIES);
    expect(new Set(named).size).toBe(named.length);
  });

  it('reads the asked competency from the question category', () => {
    expect(competencyOfCategory('Conflict')).toBe('conflict');
    expect(competencyOfCategory(' Influence ')).toBe('influence');
    expect(competencyOfCategory('Caching')).toBeNull();
  });

  it('keeps only known competencies from an LLM, each once, at most three', () => {
    expect(validCompetencies(['Conflict', 'conflict', 'heroism', ' failure ', 'growth', 'ownership'])).toEqual(['conflict', 'failure', 'growth']);
    expect(validCompetencies([])).toEqual([]);
  });

  it('rates a story on its score and its STAR parts, and prefers the evaluator’s competencies when given', () => {
    const full = storyCoverage({ answer: CONFLICT_STORY, category: 'Conflict', score: 8 });
    expect(full.star).toEqual({ situation: true, task: true, action: true, result: true });
    expect(full.strength).toBe(9);
    const thin = storyCoverage({ answer: 'We disagreed. It was fine.', category: 'Conflict', score: 2 });
    expect(thin.strength).toBeLessThan(5);
    expect(thin.competencies).toEqual(['conflict']);
    expect(storyCoverage({ answer: CONFLICT_STORY, category: 'Conflict', score: 8, fromEvaluator: ['influence'] }).competencies).toEqual(['influence']);
  });

  it('stores STAR parts as bits and reads them back', () => {
    const star = { situation: true, task: false, action: true, result: false };
    expect(starBits(star)).toBe(5);
    expect(starFromBits(starBits(star))).toEqual(star);
    expect(starBits({ situation: true, task: true, action: true, result: true })).toBe(15);
  });
});
