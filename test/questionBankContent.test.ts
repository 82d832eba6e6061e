import { describe, expect, it } from 'vitest';
import { DIFFICULTIES, ROLES, type BankQuestion } from '../src/pipeline/questions/types.js';
import { bankQuestions } from '../src/pipeline/questions/questionBank.js';
import { COMPETENCIES } from '../src/enums.js';
import { competencyOfCategory } from '../src/pipeline/evaluate/storyCoverage.js';

const all = ROLES.flatMap((role) => bankQuestions(role).map((question) => ({ role, question })));

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

/** Lowercase words separated by single spaces, padded so `includes` matches whole words only. */
function words(text: string): string {
  return ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

/** Counts per role and difficulty, so a failure names the thin spot. */
function difficultyCounts(questions: readonly BankQuestion[]): Record<string, number> {
  return Object.fromEntries(
    DIFFICULTIES.map((difficulty) => [difficulty, questions.filter((q) => q.difficulty === difficulty).length]),
  );
}

describe('question bank content', () => {
  describe.each(ROLES)('%s', (role) => {
    const questions = bankQuestions(role);

    it('has at least 27 questions and 8 of each difficulty', () => {
      expect(questions.length).toBeGreaterThanOrEqual(27);
      for (const [difficulty, count] of Object.entries(difficultyCounts(questions))) {
        expect(count, `${role} ${difficulty}`).toBeGreaterThanOrEqual(8);
      }
    });

    it('spreads questions over 4 to 7 categories (behavioural: one per competency, so every competency can be asked)', () => {
      const categories = new Set(questions.map((q) => q.category));
      if (role === 'behavioral') {
        expect([...categories].map((c) => competencyOfCategory(c)).sort()).toEqual([...COMPETENCIES].sort());
        return;
      }
      expect(categories.size).toBeGreaterThanOrEqual(4);
      expect(categories.size).toBeLessThanOrEqual(7);
    });

    it('prefixes every id with the role and a kebab-case slug', () => {
      for (const q of questions) {
        expect(q.id).toMatch(new RegExp(`^${role}:[a-z0-9]+(-[a-z0-9]+)*$`));
      }
    });

    it('marks exactly the behavioural questions as STAR', () => {
      for (const q of questions) {
        expect(q.star === true, q.id).toBe(role === 'behavioral');
      }
    });
  });

  it('has unique ids across every role', () => {
    expect(duplicates(all.map(({ question }) => question.id))).toEqual([]);
  });

  it('has no duplicate question texts', () => {
    expect(duplicates(all.map(({ question }) => question.text.trim().toLowerCase()))).toEqual([]);
  });

  it.each(all.map(({ question }) => [question.id, question] as const))('%s is well formed', (_id, q) => {
    expect(q.text.trim().length).toBeGreaterThan(10);
    expect(q.category.trim()).not.toBe('');
    expect(q.idealAnswer.trim().length).toBeGreaterThan(40);
    expect(q.keywords.length).toBeGreaterThanOrEqual(4);
    expect(q.keywords.length).toBeLessThanOrEqual(6);
    for (const keyword of q.keywords) {
      // Terms are matched against lowercase transcripts, so they must be short spoken words.
      expect(keyword.term.trim()).not.toBe('');
      expect(keyword.term).toBe(keyword.term.toLowerCase());
      expect(keyword.synonyms.length, keyword.term).toBeGreaterThanOrEqual(1);
      expect(keyword.synonyms.length, keyword.term).toBeLessThanOrEqual(4);
      for (const synonym of keyword.synonyms) expect(synonym.trim(), keyword.term).not.toBe('');
    }
    expect(duplicates(q.keywords.map((k) => k.term))).toEqual([]);
  });

  it.each(all.map(({ question }) => [question.id, question] as const))(
    '%s ideal answer mentions every keyword',
    (_id, q) => {
      // The ideal answer is shown as the model answer, so it must itself cover what the rubric asks for.
      const answer = words(q.idealAnswer);
      const missed = q.keywords
        .filter((k) => ![k.term, ...k.synonyms].some((phrase) => answer.includes(words(phrase))))
        .map((k) => k.term);
      expect(missed).toEqual([]);
    },
  );
});
