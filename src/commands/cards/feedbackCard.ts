import type { AnswerResult } from '../../session/answerTypes.js';
import type { QuestionRow } from '../../db/schema.js';
import type { Card, CardField } from '../card.js';
import { replayActionId } from '../actionIds.js';
import { fillerSummary, formatScore, markedExcerpt, scoreBar, truncate } from '../format.js';
import { describeCluster } from '../../pipeline/analyze/disfluencyClusters.js';
import { PACE_BAND } from '../../pipeline/analyze/types.js';
import { FIRST_WORD_GUIDE, firstWordBand } from '../../pipeline/analyze/firstWord.js';

export interface FeedbackCardOptions {
  who: string;
  number: number;
  total: number;
  question: QuestionRow;
  /** Spoiler-tag the ideal answer (Discord); Slack shows it plainly. */
  spoilerIdeal?: boolean;
  /** A private drill's card: titled as the drill (not "Question 1/1"), shown only to its owner, ending with the next step. */
  drill?: boolean;
}

function deliveryLine(result: AnswerResult): string {
  const { analysis, audio, deliveryScore, disfluency } = result;
  const parts: string[] = [];
  if (analysis.pace.wpm !== null) {
    const mark = analysis.pace.band === 'good' ? '✓' : analysis.pace.band === 'fast' ? '(fast — aim ≤ 165)' : `(slow — aim ≥ ${PACE_BAND.min})`;
    parts.push(`pace ${Math.round(analysis.pace.wpm)} wpm ${mark}`);
  }
  const fillers = analysis.fillers;
  // Per minute counts both, as the delivery score does.
  const perMinute = fillers.perMinute !== null ? Math.round((fillers.perMinute + (disfluency.hesitationsPerMinute ?? 0)) * 10) / 10 : null;
  parts.push(fillerSummary(fillers.byWord, fillers.total, disfluency.hesitations?.total ?? null, perMinute));
  if (analysis.hedges.total > 0) parts.push(`hedges ${analysis.hedges.total}`);
  if (audio || analysis.pauses.count > 0) {
    const p = analysis.pauses;
    parts.push(p.count === 0 ? 'no pauses > 1 s' : `${p.count} pause${p.count === 1 ? '' : 's'} > 1 s (longest ${p.longestSec.toFixed(1)} s)`);
  }
  if (audio?.pitchVariabilitySemitones != null) {
    parts.push(audio.pitchVariabilitySemitones < 2 ? 'pitch flat — vary your tone' : 'pitch varied ✓');
  }
  if (result.firstWordSec !== null) parts.push(firstWordText(result.firstWordSec));
  const head = deliveryScore !== null ? `Delivery ${Math.round(deliveryScore)}/100 — ` : '';
  return head + parts.join(' · ');
}

/** Live voice only: how long after the question the first word came, against the guideline band. */
export function firstWordText(sec: number): string {
  const band = firstWordBand(sec);
  const mark = band === 'good' ? '✓' : band === 'quick' ? '(quick — a breath to think is fine)' : '(long — a bridging phrase buys time)';
  return `first word ${sec.toFixed(1)} s after the question ${mark} (guideline ${FIRST_WORD_GUIDE.min}–${FIRST_WORD_GUIDE.max} s)`;
}

const PROVIDER_NAMES: Record<string, string> = { gemini: 'Gemini', openai: 'OpenAI' };

/** A fallback that nobody sees is a bug (UX.md): when the offline scorer stood in, the footer says why. */
function scoredBy(evaluation: AnswerResult['evaluation']): string {
  if (evaluation.fallbackFrom) {
    const failed = PROVIDER_NAMES[evaluation.fallbackFrom] ?? evaluation.fallbackFrom;
    return `Scored by the offline ${evaluation.evaluator} — ${failed} is unavailable`;
  }
  return `Scored by ${evaluation.evaluator}${evaluation.model ? ` (${evaluation.model})` : ''}`;
}

/** The feedback card of one answer (UX.md §4). */
export function feedbackCard(result: AnswerResult, options: FeedbackCardOptions): Card {
  const { evaluation, analysis } = result;
  const c = evaluation.criteria;
  const fields: CardField[] = [
    { name: 'Criteria', value: `Relevance ${formatScore(c.relevance)} · Depth ${formatScore(c.depth)} · Structure ${formatScore(c.structure)} · Clarity ${formatScore(c.clarity)}` },
    // Typed answers have no delivery to measure, only their wording.
    { name: result.audio ? 'Delivery' : 'Wording', value: deliveryLine(result) },
  ];
  if (result.disfluency.clusters.length) {
    fields.push({ name: 'Moments', value: result.disfluency.clusters.slice(0, 5).map(describeCluster).join('\n') });
  }
  const covered = evaluation.keywordsCovered.length ? `✓ ${evaluation.keywordsCovered.join(', ')}` : '';
  const missed = evaluation.keywordsMissed.length ? `✗ ${evaluation.keywordsMissed.join(', ')}` : '';
  if (covered || missed) fields.push({ name: 'Keywords', value: [covered, missed].filter(Boolean).join('   ') });
  fields.push({ name: 'Feedback', value: truncate(evaluation.feedback, 1000) });
  fields.push({ name: result.audio ? 'Transcript' : 'Your answer', value: `“${markedExcerpt(analysis.transcript, analysis.fillers.spans, 600)}”` });
  const ideal = truncate(evaluation.idealAnswer, 900);
  fields.push({ name: 'Ideal answer', value: options.spoilerIdeal === false ? ideal : `||${ideal}||` });
  return {
    kind: { type: 'feedback' },
    // Mentions do not render in embed titles, so the person is named in the description.
    title: `${options.drill ? 'Drill' : `Question ${options.number}/${options.total}`} — ${formatScore(evaluation.score)}/10  ${scoreBar(evaluation.score)}`,
    description: `${options.who} · ${truncate(options.question.text, 200)}`,
    fields,
    footer: options.drill ? `${scoredBy(evaluation)} · Another one: /drill` : scoredBy(evaluation),
    tone: evaluation.score >= 7 ? 'success' : evaluation.score >= 4 ? 'info' : 'warning',
    ephemeral: options.drill,
    // Spoken answers only, while their audio is kept in memory (see hearReplay).
    ...(result.replay ? { buttons: [{ id: replayActionId(result.answer.id), label: 'Hear it without the ums', emoji: '🎧', style: 'secondary' as const }] } : {}),
  };
}
