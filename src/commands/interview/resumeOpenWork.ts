import { replyOf } from '../../messageRef.js';
import { errorCard } from '../card.js';
import { feedbackCard } from '../cards/feedbackCard.js';
import { withGroupRatings } from '../peerRatings.js';
import type { SessionRow } from '../../db/schema.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import type { ChatSurface } from './ChatSurface.js';
import type { InterviewFlow } from './InterviewFlow.js';

export interface ResumeTarget {
  platform: 'discord' | 'slack';
  /** The surface of a session's thread, or undefined when it cannot be reached any more. */
  surfaceFor(session: SessionRow): Promise<ChatSurface | undefined>;
  /** Whether this process serves the session's workspace (a Discord shard: its own guilds only); default all. */
  serves?(session: SessionRow): Promise<boolean> | boolean;
  /**
   * `takeover`: only rounds of other processes whose lease ran out (a periodic sweep); default `restart`, which
   * also takes back this process's own rounds at once.
   */
  scope?: 'restart' | 'takeover';
}

type ResumeServices = Pick<Services, 'engine' | 'answers' | 'repos' | 'leases'>;

/**
 * After a restart, for one platform: answers whose work never finished are finished (scored, or transcribed
 * again from STORE_AUDIO) and their message edited; voice answers whose audio was lost get a note; open text
 * rounds continue from their current question (or move on when the answers finished here completed it); voice rounds, whose connection is gone, are closed with a note.
 */
export async function resumeOpenWork(services: ResumeServices, flow: InterviewFlow, target: ResumeTarget, logger: Logger): Promise<void> {
  const { engine, answers, repos, leases } = services;
  const onPlatform = async (session: SessionRow) => (await repos.identity.getWorkspace(session.workspaceId))?.platform === target.platform;
  const serves = async (session: SessionRow) => (await onPlatform(session)) && ((await target.serves?.(session)) ?? true);
  const takeover = target.scope === 'takeover';
  // Claimed first: what another live process holds (its lease running) is left alone, answers included.
  const candidates: SessionRow[] = [];
  for (const session of await engine.openSessions()) {
    if (!(takeover && session.owner === leases.owner) && (await serves(session))) candidates.push(session);
  }
  const claimed = await leases.claim(candidates);
  const ours = async (session: SessionRow) =>
    claimed.has(session.id) || (!takeover && session.status !== 'lobby' && session.status !== 'active' && (await serves(session)));

  // Handed off (ANSWER_QUEUE=pg-boss), every unfinished answer has its job: a worker finishes it and the owed card follows.
  for (const answer of answers.handsOff ? [] : await repos.answers.unfinished()) {
    const session = await repos.sessions.get(answer.sessionId);
    if (!session || !(await ours(session))) continue;
    try {
      const result = answer.status === 'received' ? await answers.retryTranscription(answer.id) : await answers.resume(answer.id);
      const reply = replyOf(answer);
      const surface = reply && session.kind !== 'drill' ? await target.surfaceFor(session) : undefined;
      if (!result) {
        // A voice answer whose audio was only in memory: say so instead of leaving "transcribing…" forever.
        await answers.abandonUntranscribed(answer.id);
        if (surface && reply) await surface.edit(reply, errorCard('I restarted before I could transcribe that voice answer — please send it again.'));
        continue;
      }
      const user = await repos.identity.getUser(answer.userId);
      const question = await repos.sessions.getQuestion(answer.questionId);
      if (!surface || !reply || !user || !question) continue;
      const card = feedbackCard(result, { who: surface.mention(user), number: question.position + 1, total: session.questionCount, question });
      // A group round's card keeps its rating controls after a restart.
      await surface.edit(reply, await withGroupRatings(card, session, answer.id, engine));
    } catch (err) {
      logger.warn({ err, answerId: answer.id }, 'could not resume an answer');
    }
  }

  for (const session of await engine.openSessions()) {
    if (session.kind === 'drill' || !claimed.has(session.id)) continue;
    try {
      const surface = await target.surfaceFor(session);
      if (!surface) {
        await engine.end(session.id, 'abandoned');
        continue;
      }
      if (session.mode === 'voice') {
        await engine.end(session.id, 'abandoned');
        await surface.post({ title: '🔌 I restarted and lost the voice connection', description: 'Your answers so far are saved. Start a new round with `/mock-interview` — see them in `/progress`.', tone: 'warning' });
        continue;
      }
      await surface.post({ title: '🔁 I restarted — picking up where we left off.', tone: 'info' });
      await flow.resume(session.id, surface);
    } catch (err) {
      logger.warn({ err, sessionId: session.id }, 'could not resume a session; closing it');
      await engine.end(session.id, 'abandoned').catch((error: unknown) => logger.warn({ err: error, sessionId: session.id }, 'could not close the session'));
    }
  }
}
