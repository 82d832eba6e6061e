import type { SessionRow, UserRow } from '../db/schema.js';
import type { Services } from '../services.js';
import type { Card } from './card.js';
import { roleLabel } from './cards/questionCard.js';
import { buildSessionSummary, sessionSummaryCard } from './progress/index.js';

/** The end-of-round card for any platform; `mention` names people in the platform's syntax. */
export async function roundSummaryCard(
  services: Pick<Services, 'repos'>,
  session: SessionRow,
  mention: (user: Pick<UserRow, 'platformUserId' | 'displayName'>) => string,
): Promise<Card> {
  const summary = await buildSessionSummary(services.repos, session.id);
  if (!summary) return { title: 'Round ended', tone: 'info' };
  const users = new Map<number, UserRow>();
  for (const p of summary.participants) {
    const user = await services.repos.identity.getUser(p.userId);
    if (user) users.set(p.userId, user);
  }
  return sessionSummaryCard(summary, {
    leaderboard: session.leaderboard,
    roleLabel: roleLabel(session.role),
    mention: (p) => {
      const user = users.get(p.userId);
      return user ? mention(user) : `**${p.displayName}**`;
    },
  });
}
