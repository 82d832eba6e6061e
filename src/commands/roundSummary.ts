import type { SessionRow, UserRow } from '../db/schema.js';
import type { Services } from '../services.js';
import type { Card } from './card.js';
import { roleLabel } from './cards/questionCard.js';
import { buildSessionSummary, sessionSummaryCard } from './progress/index.js';

/** The end-of-round card for any platform; `mention` names people in the platform's syntax. */
export function roundSummaryCard(services: Pick<Services, 'repos'>, session: SessionRow, mention: (user: Pick<UserRow, 'platformUserId' | 'displayName'>) => string): Card {
  const summary = buildSessionSummary(services.repos, session.id);
  if (!summary) return { title: 'Round ended', tone: 'info' };
  return sessionSummaryCard(summary, {
    leaderboard: session.leaderboard,
    roleLabel: roleLabel(session.role),
    mention: (p) => {
      const user = services.repos.identity.getUser(p.userId);
      return user ? mention(user) : `**${p.displayName}**`;
    },
  });
}
