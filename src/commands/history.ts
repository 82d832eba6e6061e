import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import type { Services } from '../services.js';
import type { Card } from './card.js';
import { roleLabel } from './cards/questionCard.js';
import { truncate } from './format.js';

/** `/history`: the caller's last answers in this workspace, newest first. Reading it stores nothing. */
export async function showHistory(services: Pick<Services, 'repos'>, caller: PlatformIdentity, workspace: PlatformIdentity, limit = 10): Promise<Card> {
  const rows = await services.repos.history.recentAnswers(caller, workspace, limit);
  if (rows.length === 0) return { title: '🗂 Your history', description: 'No practice yet — try `/drill`.', tone: 'info', ephemeral: true };
  const lines = rows.map((r) => {
    const day = r.at.toISOString().slice(0, 10);
    const score = r.score !== null ? `**${r.score}/10**` : r.status === 'failed' ? 'not scored' : 'scoring…';
    return `\`${day}\` ${roleLabel(r.role)} · ${score} — ${truncate(r.question, 90)}`;
  });
  return { title: '🗂 Your last answers', description: lines.join('\n'), footer: 'See your trend: /progress', tone: 'info', ephemeral: true };
}
