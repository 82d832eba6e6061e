import type { QuestionRow } from '../db/schema.js';
import type { Question } from '../pipeline/questions/types.js';

/**
 * Rebuilds the pipeline's Question from its stored row (the row is a snapshot, so a bank edit changes nothing). A role
 * or difficulty this version does not know arrives as `unknown` (the repository reported it) and stays `unknown`:
 * scoring needs neither, and no other role's rules are applied to it.
 */
export function questionFromRow(row: QuestionRow): Question {
  return {
    id: row.questionKey,
    role: row.role,
    category: row.category,
    difficulty: row.difficulty,
    text: row.text,
    keywords: row.keywords,
    idealAnswer: row.idealAnswer,
    star: row.star,
    origin: row.origin === 'gemini' || row.origin === 'openai' ? row.origin : 'bank',
  };
}
