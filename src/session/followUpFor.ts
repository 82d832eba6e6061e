import type { AnswerRecord } from '../db/index.js';
import type { QuestionRow } from '../db/schema.js';
import { offlineFollowUp } from '../pipeline/questions/followUpQuestion.js';
import type { Question } from '../pipeline/questions/types.js';
import type { FollowUpWriter } from '../pipeline/questions/followUpWriter.js';
import { questionFromRow } from './questionFromRow.js';

/** The offline follow-up to a scored answer (see offlineFollowUp); null when the answer was not scored. */
export function offlineFollowUpFor(question: QuestionRow, record: AnswerRecord): Question | null {
  const e = record.evaluation;
  if (!e || record.answer.transcript === null) return null;
  const criteria = { relevance: e.relevance, depth: e.depth, structure: e.structure, clarity: e.clarity };
  return offlineFollowUp(questionFromRow(question), record.answer.transcript, { keywordsMissed: e.keywordsMissed, criteria }).question;
}

/**
 * The follow-up to a scored answer written by `writer` (an LLM with the offline writer behind it, or the offline one);
 * null when the answer was not scored.
 */
export function followUpFor(writer: FollowUpWriter): (question: QuestionRow, record: AnswerRecord) => Promise<Question | null> {
  return async (question, record) => {
    const e = record.evaluation;
    if (!e || record.answer.transcript === null) return null;
    const criteria = { relevance: e.relevance, depth: e.depth, structure: e.structure, clarity: e.clarity };
    return writer.write({ question: questionFromRow(question), answer: record.answer.transcript, evaluation: { keywordsMissed: e.keywordsMissed, criteria } });
  };
}
