import { describe, expect, it } from 'vitest';
import { RubricEvaluator } from '../../src/pipeline/evaluate/rubricEvaluator.js';
import { bankQuestions } from '../../src/pipeline/questions/questionBank.js';
import { ROLES } from '../../src/pipeline/questions/types.js';

const rubric = new RubricEvaluator();
const VAGUE = 'I think it depends on the situation, and I would do what is best for the team and the users.';

describe('rubric calibration over the whole question bank', () => {
  it.each(ROLES)('%s: every ideal answer scores at least 6.5, every vague one at most 4', (role) => {
    for (const question of bankQuestions(role)) {
      const ideal = rubric.evaluateSync({ question, answer: question.idealAnswer });
      const vague = rubric.evaluateSync({ question, answer: VAGUE });
      expect.soft(ideal.score, `${question.id} ideal`).toBeGreaterThanOrEqual(6.5);
      expect.soft(ideal.keywordsMissed, `${question.id} ideal misses`).toEqual([]);
      expect.soft(vague.score, `${question.id} vague`).toBeLessThanOrEqual(4);
    }
  });
});
