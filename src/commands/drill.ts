import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import type { SessionRow } from '../db/schema.js';
import type { Difficulty, Role } from '../pipeline/questions/types.js';
import type { AnswerInput, AnswerResult } from '../session/answerTypes.js';
import type { Services } from '../services.js';
import type { Card } from './card.js';
import { feedbackCard } from './cards/feedbackCard.js';
import { questionCard } from './cards/questionCard.js';

/** Each person has at most one open drill; its "channel" is private to them. */
export function drillChannel(who: PlatformIdentity): string {
  return `drill:${who.platform}:${who.id}`;
}

export async function startDrill(
  services: Pick<Services, 'engine'>,
  options: { caller: PlatformIdentity; workspace: PlatformIdentity; role: Role; difficulty: Difficulty; platform: 'discord' | 'slack' },
): Promise<{ session: SessionRow; card: Card }> {
  const channelId = drillChannel(options.caller);
  const previous = services.engine.findOpen(channelId);
  if (previous) services.engine.end(previous.id, 'abandoned');
  const { session } = await services.engine.start({
    platform: options.platform,
    kind: 'drill',
    workspace: options.workspace,
    host: options.caller,
    channelId,
    role: options.role,
    difficulty: options.difficulty,
    count: 1,
    mode: 'text',
  });
  return { session, card: questionCard(services.engine.current(session.id), { drill: true }) };
}

/** The caller's open drill, if any (voice messages in DM answer it). */
export function openDrill(services: Pick<Services, 'engine'>, caller: PlatformIdentity): SessionRow | undefined {
  return services.engine.findOpen(drillChannel(caller));
}

/** Scores a drill answer and closes the drill; the feedback card is for the caller only. */
export async function answerDrill(
  services: Pick<Services, 'engine' | 'answers'>,
  sessionId: string,
  caller: PlatformIdentity,
  input: AnswerInput,
  who: string,
  onProgress?: Parameters<Services['answers']['submit']>[0]['onProgress'],
): Promise<{ result: AnswerResult; card: Card }> {
  const user = services.engine.requireParticipant(sessionId, caller);
  const asked = services.engine.current(sessionId);
  const result = await services.answers.submit({ sessionId, questionId: asked.question.id, userId: user.id, input, onProgress });
  services.engine.end(sessionId);
  const card = feedbackCard(result, { who, number: 1, total: 1, question: asked.question, ephemeral: true });
  return { result, card: { ...card, title: card.title.replace('Question 1/1', 'Drill'), footer: `${card.footer ?? ''} · Another one: /drill`.trim() } };
}
