import type { Card } from '../card.js';
import { oneDecimal, plural } from './formatProgress.js';
import { peerAverageText } from '../peerRatings.js';
import type { ParticipantSummary, SessionSummary } from './sessionSummary.js';

export interface SessionSummaryCardOptions {
  /** Rank by average score; otherwise people keep their join order. Defaults to the session's own setting. */
  leaderboard?: boolean;
  /** How to name someone, e.g. a platform mention (`<@id>`); defaults to the bold display name. */
  mention?: (p: ParticipantSummary) => string;
  /** Human label for the role, e.g. `Frontend` for `frontend`. */
  roleLabel?: string;
}

const MEDALS = ['🥇', '🥈', '🥉'];

function participantLine(p: ParticipantSummary, name: string): string {
  if (p.answers === 0 || p.avgScore === null) return `${name} — no scored answers`;
  const parts = [`${name} — **${oneDecimal(p.avgScore)}/10** avg`];
  if (p.deliveryScore !== null) parts.push(`delivery ${Math.round(p.deliveryScore)}/100`);
  if (p.fillersPerMinute !== null) parts.push(`${oneDecimal(p.fillersPerMinute)} fillers/min`);
  if (p.wpm !== null) parts.push(`${Math.round(p.wpm)} wpm`);
  if (p.best) parts.push(`best: Q${p.best.position + 1} ${p.best.category} (${oneDecimal(p.best.score)})`);
  return parts.join(' · ');
}

function ranked(participants: readonly ParticipantSummary[]): ParticipantSummary[] {
  // Stable sort keeps join order among equal scores; people without a score go last.
  return [...participants].sort((a, b) => (b.avgScore ?? -1) - (a.avgScore ?? -1));
}

/** Group rounds: each answer's score from the scorer beside what the other participants gave it. */
function peerRatingLines(summary: SessionSummary, mention: (p: ParticipantSummary) => string): string[] {
  const people = new Map(summary.participants.map((p) => [p.userId, p]));
  return summary.answerRatings.map((a) => {
    const person = people.get(a.userId);
    return `Q${a.position + 1} ${person ? mention(person) : 'someone'} — scorer ${oneDecimal(a.score)}/10 · ${peerAverageText(a.peer ?? undefined)}`;
  });
}

/** End-of-round card: one line per participant, the group's most common filler, and where to go next. */
export function sessionSummaryCard(summary: SessionSummary, options: SessionSummaryCardOptions = {}): Card {
  const leaderboard = options.leaderboard ?? summary.leaderboard;
  const mention = options.mention ?? ((p: ParticipantSummary) => `**${p.displayName || 'someone'}**`);
  const people = leaderboard ? ranked(summary.participants) : summary.participants;
  const lines = people.map((p, i) => {
    // Only people with a score take a place on the leaderboard.
    const marker = leaderboard && p.avgScore !== null ? (MEDALS[i] ?? `${i + 1}.`) : '•';
    return `${marker} ${participantLine(p, mention(p))}`;
  });
  const answers = summary.participants.reduce((n, p) => n + p.answers, 0);
  const roleLabel = options.roleLabel ?? summary.role;
  // A round ended early says how far it got, not how long it was meant to be.
  const asked = Math.min(summary.questionsAsked, summary.questionCount);
  const length = asked < summary.questionCount ? `${asked} of ${plural(summary.questionCount, 'question')}` : plural(summary.questionCount, 'question');
  return {
    kind: { type: 'summary' },
    title: `🏁 Round complete — ${roleLabel} · ${summary.difficulty} · ${length}`,
    description: [`${plural(answers, 'answer')} from ${plural(summary.participants.length, 'participant')}`, '', ...lines].join('\n'),
    fields: [
      {
        // One person is not a group.
        name: summary.participants.length === 1 ? 'Most common filler' : "Group's most common filler",
        value: summary.topFiller ? `“${summary.topFiller.word}” ×${summary.topFiller.count}` : 'None recorded',
      },
      ...(summary.participants.length > 1 && summary.answerRatings.length > 0 ? [{ name: 'Scorer vs peers', value: peerRatingLines(summary, mention).join('\n') }] : []),
    ],
    footer: `Keep going: \`/drill role:${summary.role}\` · See your trend: \`/progress\``,
    tone: 'success',
  };
}
