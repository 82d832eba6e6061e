import type { QuestionRow } from '../db/schema.js';
import { isDifficulty, isRole, type Question } from '../pipeline/questions/types.js';

/** Rebuilds the pipeline's Question from its stored row (the row is a snapshot, so a bank edit changes nothing). */
export function questionFromRow(row: QuestionRow): Question {
  return {
    id: row.questionKey,
    role: isRole(row.role) ? row.role : 'behavioral',
    category: row.category,
    difficulty: isDifficulty(row.difficulty) ? row.difficulty : 'mid',
    text: row.text,
    keywords: row.keywords,
    idealAnswer: row.idealAnswer,
    star: row.star,
    origin: row.origin === 'gemini' || row.origin === 'openai' ? row.origin : 'bank',
  };
}
