import { and, desc, eq } from '../db/drizzle.js';
import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import { answers, evaluations, questions } from '../db/schema.js';
import type { Services } from '../services.js';
import type { Card } from './card.js';
import { roleLabel } from './cards/questionCard.js';
import { truncate } from './format.js';

/** `/history`: the caller's last answers in this workspace, newest first. */
export function showHistory(services: Pick<Services, 'repos' | 'handle'>, caller: PlatformIdentity, workspace: PlatformIdentity, limit = 10): Card {
  const user = services.repos.identity.findUser(caller.platform, caller.id);
  const ws = services.repos.identity.upsertWorkspace(workspace);
  const rows = user
    ? services.handle.db
        .select({ at: answers.createdAt, role: answers.role, question: questions.text, score: evaluations.score, status: answers.status })
        .from(answers)
        .innerJoin(questions, eq(questions.id, answers.questionId))
        .leftJoin(evaluations, eq(evaluations.answerId, answers.id))
        .where(and(eq(answers.userId, user.id), eq(answers.workspaceId, ws.id)))
        .orderBy(desc(answers.createdAt), desc(answers.id))
        .limit(limit)
        .all()
    : [];
  if (rows.length === 0) return { title: '🗂 Your history', description: 'No practice yet — try `/drill`.', tone: 'info', ephemeral: true };
  const lines = rows.map((r) => {
    const day = r.at.toISOString().slice(0, 10);
    const score = r.score !== null ? `**${r.score}/10**` : r.status === 'failed' ? 'not scored' : 'scoring…';
    return `\`${day}\` ${roleLabel(r.role)} · ${score} — ${truncate(r.question, 90)}`;
  });
  return { title: '🗂 Your last answers', description: lines.join('\n'), footer: 'See your trend: /progress', tone: 'info', ephemeral: true };
}
