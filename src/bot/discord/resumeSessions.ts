import { errorCard } from '../../commands/card.js';
import { feedbackCard } from '../../commands/cards/feedbackCard.js';
import type { BotContext } from './BotContext.js';
import { sessionSurface } from './sessionSurface.js';

/**
 * After a restart: answers whose scoring never finished are scored and their message edited; open rounds
 * continue where they were (the current question is asked again) or, for lobbies, start now.
 */
export async function resumeDiscordSessions(ctx: BotContext): Promise<void> {
  const { engine, answers, repos } = ctx.services;
  for (const answer of repos.answers.unfinished()) {
    const session = repos.sessions.get(answer.sessionId);
    if (!session || session.channelId.startsWith('cli:')) continue;
    try {
      const result = answer.status === 'received' ? await answers.retryTranscription(answer.id) : await answers.resume(answer.id);
      if (!result) {
        // A voice answer whose audio was only in memory: say so instead of leaving "transcribing…" forever.
        answers.abandonUntranscribed(answer.id);
        if (answer.replyRef && session.kind !== 'drill') {
          const surface = await sessionSurface(ctx, session.id);
          await surface.edit(answer.replyRef, errorCard('I restarted before I could transcribe that voice answer — please send it again.'));
        }
        continue;
      }
      if (!answer.replyRef || session.kind === 'drill') continue;
      const user = repos.identity.getUser(answer.userId);
      const question = repos.sessions.getQuestion(answer.questionId);
      if (!user || !question) continue;
      const surface = await sessionSurface(ctx, session.id);
      await surface.edit(answer.replyRef, feedbackCard(result, { who: surface.mention(user), number: question.position + 1, total: session.questionCount, question }));
    } catch (err) {
      ctx.logger.warn({ err, answerId: answer.id }, 'could not resume an answer');
    }
  }
  for (const session of engine.openSessions()) {
    if (session.kind === 'drill' || !session.id) continue;
    const platformOk = session.channelId && !session.channelId.startsWith('cli:') && !session.channelId.startsWith('drill:');
    if (!platformOk) continue;
    try {
      const surface = await sessionSurface(ctx, session.id);
      if (session.mode === 'voice') {
        // The voice connection did not survive the restart: close the round cleanly and say so.
        engine.end(session.id, 'abandoned');
        await surface.post({ title: '🔌 I restarted and lost the voice connection', description: 'Your answers so far are saved. Start a new round with `/mock-interview` — see them in `/progress`.', tone: 'warning' });
        continue;
      }
      await surface.post({ title: '🔁 I restarted — picking up where we left off.', tone: 'info' });
      if (session.status === 'lobby') await ctx.flow.begin(session.id, surface);
      else await ctx.flow.askCurrent(session.id, surface);
    } catch (err) {
      ctx.logger.warn({ err, sessionId: session.id }, 'could not resume a session; closing it');
      engine.end(session.id, 'abandoned');
    }
  }
}
