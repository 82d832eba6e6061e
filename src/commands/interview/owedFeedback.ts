import { replyOf } from '../../messageRef.js';
import { errorCard } from '../card.js';
import { feedbackCard } from '../cards/feedbackCard.js';
import { withGroupRatings } from '../peerRatings.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import type { InterviewFlow } from './InterviewFlow.js';
import type { ResumeTarget } from './resumeOpenWork.js';

/**
 * ANSWER_QUEUE=pg-boss, for one platform: answers this process stored whose result landed when nobody here waited for
 * it any more (the bot restarted meanwhile) get their card — the answer's message edited, as if it had waited — and
 * the round moves on if that answer completed its question. Catches up at once, then on every result heard.
 */
export function showOwedFeedback(services: Pick<Services, 'answers' | 'repos' | 'engine'>, flow: InterviewFlow, target: ResumeTarget, logger: Logger): Promise<void> {
  const { answers, repos, engine } = services;
  if (!answers.handsOff) return Promise.resolve();
  return answers.onOwedFeedback({
    accepts: async (answer) => {
      const session = await repos.sessions.get(answer.sessionId);
      if (!session || (await repos.identity.getWorkspace(session.workspaceId))?.platform !== target.platform) return false;
      return (await target.serves?.(session)) ?? true;
    },
    show: async (outcome) => {
      const answer = await repos.answers.get(outcome.answerId);
      const session = answer && (await repos.sessions.get(answer.sessionId));
      const question = answer && (await repos.sessions.getQuestion(answer.questionId));
      const user = answer && (await repos.identity.getUser(answer.userId));
      if (!answer || !session || !question || !user || session.kind === 'drill') return;
      const surface = await target.surfaceFor(session);
      if (!surface) return;
      const card =
        'error' in outcome
          ? errorCard(outcome.error.message)
          : await withGroupRatings(
              feedbackCard(outcome.result, { who: surface.mention(user), number: question.position + 1, total: session.questionCount, question }),
              session,
              answer.id,
              engine,
            );
      const reply = replyOf(answer);
      const edited = reply
        ? await surface.edit(reply, card).then(
            () => true,
            () => false,
          )
        : false;
      if (!edited) await surface.post(card);
      logger.info({ answerId: answer.id }, 'showed feedback that landed after a restart');
      if (!('error' in outcome)) await flow.advanceIfComplete(session.id, question.id, surface);
    },
  });
}
