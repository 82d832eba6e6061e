import type { AnswerRecord } from '../db/index.js';
import type { QuestionRow } from '../db/schema.js';
import { offlineFollowUp } from '../pipeline/questions/followUpQuestion.js';
import type { Question } from '../pipeline/questions/types.js';
import { questionFromRow } from './questionFromRow.js';

/** The offline follow-up to a scored answer (see offlineFollowUp); null when the answer was not scored. */
export function offlineFollowUpFor(question: QuestionRow, record: AnswerRecord): Question | null {
  const e = record.evaluation;
  if (!e || record.answer.transcript === null) return null;
  const criteria = { relevance: e.relevance, depth: e.depth, structure: e.structure, clarity: e.clarity };
  return offlineFollowUp(questionFromRow(question), record.answer.transcript, { keywordsMissed: e.keywordsMissed, criteria }).question;
}
