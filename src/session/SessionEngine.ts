import type { Location } from '../location.js';
import { newSessionId, type SessionId } from '../ids.js';
import type { Repositories } from '../db/index.js';
import type { NewSession } from '../db/repositories/sessionRepository.js';
import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import { isUniqueViolation, OPEN_ROUND_PER_CHANNEL, type AnswerRecord } from '../db/index.js';
import type { QuestionRow, SessionRow, UserRow } from '../db/schema.js';
import { UserFacingError } from '../errors.js';
import type { Question, QuestionSource } from '../pipeline/questions/types.js';
import { canAnswer, canControl, roundOpen, participant, type Actor, type ActorFacts, type ControlAction, type RoundFacts } from './guards.js';
import { enforce, type RefusalWording } from './refusals.js';
import type { AdvanceResult, AskedQuestion, StartSessionOptions } from './types.js';
import type { UsageLimits } from './UsageLimits.js';

export interface SessionEngineDeps {
  repos: Repositories;
  questions: QuestionSource;
  /** Answers when the configured source fails or returns too few questions. */
  fallbackQuestions: QuestionSource;
  /** Daily session limits for chat platforms; the local CLI is not limited. */
  limits?: UsageLimits;
  /** Rounds started here are held by this process (`sessions.owner`) for `ms`, renewed while it runs (RoundLeases). */
  lease?: { owner: string; ms: number };
}

export const MAX_QUESTIONS = 10;

/**
 * The interview state machine: lobby → active → ended (or abandoned). Every transition is written to the
 * database first, so a restarted process continues from the same place.
 */
export class SessionEngine {
  constructor(private readonly deps: SessionEngineDeps) {}

  private get repos(): Repositories {
    return this.deps.repos;
  }

  async start(options: StartSessionOptions): Promise<{ session: SessionRow; host: UserRow }> {
    if (options.count < 1 || options.count > MAX_QUESTIONS) {
      throw new UserFacingError('bad_question_count', `Pick between 1 and ${MAX_QUESTIONS} questions.`);
    }
    await this.precheck(options);
    const workspace = await this.repos.identity.upsertWorkspace(options.workspace);
    const host = await this.repos.identity.upsertUser(options.host);
    const exclude = await this.repos.sessions.askedKeys(host.id, options.role);
    const request = {
      role: options.role,
      difficulty: options.difficulty,
      count: options.count,
      topics: options.topics,
      jobDescription: options.jobDescription,
      exclude,
    };
    let questionList = await this.deps.questions.generate(request).catch(() => []);
    if (questionList.length < options.count) {
      const more = await this.deps.fallbackQuestions.generate({
        ...request,
        exclude: new Set([...exclude, ...questionList.map((q) => q.id)]),
        count: options.count - questionList.length,
      });
      questionList = [...questionList, ...more];
    }
    const lease = this.deps.lease;
    const row: NewSession = {
      id: newSessionId(),
      kind: options.kind,
      workspaceId: workspace.id,
      hostUserId: host.id,
      location: options.location,
      role: options.role,
      difficulty: options.difficulty,
      questionCount: questionList.length,
      mode: options.mode,
      roundMode: options.roundMode ?? 'everyone',
      topics: options.topics ?? [],
      jobDescription: options.jobDescription ?? null,
      leaderboard: options.leaderboard ?? false,
      followUps: options.followUps ?? false,
      status: options.lobby ? 'lobby' : 'active',
      owner: lease?.owner ?? null,
      leaseUntil: lease ? new Date(Date.now() + lease.ms) : null,
    };
    // Counted before the round exists, and given back if it cannot be created: limits hold across processes.
    const limits = options.platform === 'cli' ? undefined : this.deps.limits;
    if (limits) await limits.reserveSessionStart(host.id, workspace.id);
    let session: SessionRow;
    try {
      session = await this.createRound(options, row, questionList);
    } catch (error) {
      // Nothing was created: the start is not counted.
      await limits?.releaseSessionStart(host.id, workspace.id);
      throw error;
    }
    if (!limits) {
      await this.repos.usage.add('user', host.id, { sessions: 1 });
      await this.repos.usage.add('workspace', workspace.id, { sessions: 1 });
    }
    if (!options.lobby) await this.markAsked(session, 0);
    return { session, host };
  }

  /**
   * Inserts the round. An interview is checked against the channel with the insert, in one transaction; and the
   * database allows one open interview per channel (a partial unique index), so a start that raced another — in this
   * process or another shard, on SQLite or Postgres — gets the same refusal as one that came second.
   */
  private async createRound(options: StartSessionOptions, row: NewSession, questionList: readonly Question[]): Promise<SessionRow> {
    if (options.kind !== 'interview') return this.repos.sessions.create(row, questionList);
    try {
      const result = await this.repos.sessions.createUnlessChannelBusy(row, questionList);
      if (result.running) throw await this.roundRunning(result.running);
      return result.created;
    } catch (error) {
      if (!isUniqueViolation(error, OPEN_ROUND_PER_CHANNEL)) throw error;
      const running = await this.repos.sessions.findOpenAt(options.location);
      throw running ? await this.roundRunning(running) : error;
    }
  }

  /**
   * The quick refusals of `start` (a round running here, daily limits), for adapters to run before they defer a
   * public reply: refused early, the message can still go only to the person who asked.
   */
  async precheck(options: StartSessionOptions): Promise<void> {
    await this.refuseIfRunning(options);
    if (options.platform !== 'cli') await this.deps.limits?.checkSessionStart(options.host, options.workspace);
  }

  private async refuseIfRunning(options: StartSessionOptions): Promise<void> {
    if (options.kind !== 'interview') return;
    const running = await this.repos.sessions.findOpenAt(options.location);
    if (running) throw await this.roundRunning(running);
  }

  private async roundRunning(running: SessionRow): Promise<UserFacingError> {
    const host = running.hostUserId ? await this.repos.identity.getUser(running.hostUserId) : undefined;
    return new UserFacingError(
      'session_running',
      `A round is already running here${host ? ` (started by ${host.displayName || 'someone'})` : ''}. Join it, or start yours in another channel.`,
    );
  }

  async get(sessionId: SessionId): Promise<SessionRow> {
    const session = await this.repos.sessions.get(sessionId);
    if (!session) throw new UserFacingError('no_session', 'That interview no longer exists.');
    return session;
  }

  /** The open session at a place: the thread a message is in, a person's drill, a channel. */
  async findOpen(location: Location): Promise<SessionRow | undefined> {
    return this.repos.sessions.findOpenAt(location);
  }

  /** The session now lives at `location` (its thread was made after the round started). */
  async moveTo(sessionId: SessionId, location: Location): Promise<SessionRow> {
    return (await this.repos.sessions.update(sessionId, { location })) ?? this.get(sessionId);
  }

  async join(sessionId: SessionId, identity: PlatformIdentity): Promise<UserRow> {
    const session = await this.requireOpen(sessionId);
    const user = await this.repos.identity.upsertUser(identity);
    await this.repos.sessions.addParticipant(session.id, user.id);
    return user;
  }

  async leave(sessionId: SessionId, identity: PlatformIdentity): Promise<void> {
    const user = await this.repos.identity.findUser(identity.platform, identity.id);
    if (user) await this.repos.sessions.removeParticipant(sessionId, user.id);
  }

  async participants(sessionId: SessionId): Promise<UserRow[]> {
    return this.repos.sessions.participants(sessionId);
  }

  /** The participant, or a `not_participant` refusal for someone who is not in this round. */
  async requireParticipant(sessionId: SessionId, identity: PlatformIdentity, wording?: RefusalWording): Promise<UserRow> {
    const user = await this.repos.identity.findUser(identity.platform, identity.id);
    enforce(participant(await this.roundFacts(await this.get(sessionId)), { userId: user?.id }), wording);
    if (!user) throw new Error('unreachable: a participant without a user row');
    return user;
  }

  /** Applies `canControl` (guards.ts) for this actor; returns the session when allowed. */
  async requireControl(sessionId: SessionId, actor: Actor, action: ControlAction, wording?: RefusalWording): Promise<SessionRow> {
    const session = await this.get(sessionId);
    enforce(canControl(await this.roundFacts(session), await this.actorFacts(actor), action), wording, action);
    return session;
  }

  /** Applies `canAnswer` (guards.ts) to the current question: the answerer and the question they answer. */
  async requireAnswerer(sessionId: SessionId, identity: PlatformIdentity, wording?: RefusalWording): Promise<{ user: UserRow; asked: AskedQuestion }> {
    const session = await this.get(sessionId);
    const user = await this.repos.identity.findUser(identity.platform, identity.id);
    const facts = await this.roundFacts(session);
    // Refusals that need no question come first: an ended round has no current question to read.
    enforce(participant(facts, { userId: user?.id }), wording);
    enforce(roundOpen(facts), wording);
    const asked = await this.current(sessionId);
    enforce(canAnswer(facts, asked.question, { userId: user?.id }), wording);
    if (!user) throw new Error('unreachable: an answerer without a user row');
    return { user, asked };
  }

  private async roundFacts(session: SessionRow): Promise<RoundFacts> {
    return { status: session.status, hostUserId: session.hostUserId, participantIds: (await this.participants(session.id)).map((p) => p.id) };
  }

  private async actorFacts(actor: Actor): Promise<ActorFacts> {
    return { userId: (await this.repos.identity.findUser(actor.identity.platform, actor.identity.id))?.id, isModerator: actor.isModerator };
  }

  /** Lobby → active: asks the first question. */
  async begin(sessionId: SessionId): Promise<AskedQuestion> {
    const session = await this.requireOpen(sessionId);
    if (session.status === 'lobby') {
      await this.repos.sessions.update(session.id, { status: 'active' });
      await this.markAsked(session, session.currentIndex);
    }
    return this.current(sessionId);
  }

  async current(sessionId: SessionId): Promise<AskedQuestion> {
    const session = await this.get(sessionId);
    const question = await this.repos.sessions.questionAt(session.id, session.currentIndex);
    if (!question) throw new UserFacingError('session_ended', 'This interview has no more questions.');
    return { session, question, number: session.currentIndex + 1, total: session.questionCount };
  }

  /** Moves to the next question; `skip` marks the current one skipped. Ends the round after the last. */
  async advance(sessionId: SessionId, how: 'next' | 'skip' = 'next'): Promise<AdvanceResult> {
    const session = await this.requireOpen(sessionId);
    const current = await this.repos.sessions.questionAt(session.id, session.currentIndex);
    if (current) await this.repos.sessions.updateQuestion(current.id, { status: how === 'skip' ? 'skipped' : 'done' });
    const nextIndex = session.currentIndex + 1;
    if (nextIndex >= session.questionCount) return { kind: 'ended', session: await this.end(session.id) };
    const updated = (await this.repos.sessions.update(session.id, { currentIndex: nextIndex, status: 'active' })) ?? session;
    await this.markAsked(updated, nextIndex);
    return { kind: 'question', asked: await this.current(session.id) };
  }

  async end(sessionId: SessionId, status: 'ended' | 'abandoned' = 'ended'): Promise<SessionRow> {
    const session = await this.get(sessionId);
    if (session.status === 'ended' || session.status === 'abandoned') return session;
    return (await this.repos.sessions.update(session.id, { status, endedAt: new Date() })) ?? session;
  }

  /**
   * Who must answer the current question: the seat in hot-seat rounds, else every participant it was asked of.
   * Someone who joins while a question runs may answer it, but the round does not wait for them: they are
   * expected from the next question on (asking a question records whom it was asked of).
   */
  async expectedAnswerers(sessionId: SessionId): Promise<UserRow[]> {
    const { session, question } = await this.current(sessionId);
    const participants = await this.participants(sessionId);
    if (question.seatUserId !== null) return participants.filter((p) => p.id === question.seatUserId);
    const askedOf = await this.repos.sessions.askedSince(question.questionKey, session.createdAt);
    return participants.filter((p) => askedOf.has(p.id));
  }

  /**
   * With follow-ups on, the question just answered gets one follow-up, asked next, when exactly one person was
   * expected to answer it (a follow-up probes one answer; a group has several) and it is not a follow-up itself.
   * `makeFollowUp` builds it from that answer. Returns the follow-up, or undefined when none is due.
   */
  async addFollowUp(sessionId: SessionId, makeFollowUp: (question: QuestionRow, answer: AnswerRecord) => Promise<Question | null> | Question | null): Promise<QuestionRow | undefined> {
    const { session, question } = await this.current(sessionId);
    if (!session.followUps || question.followUpOf !== null) return undefined;
    const expected = await this.expectedAnswerers(sessionId);
    const only = expected.length === 1 ? expected[0] : undefined;
    const answer = only ? await this.repos.answers.findForQuestion(question.id, only.id) : undefined;
    const record = answer ? await this.repos.answers.record(answer.id) : undefined;
    if (!record?.evaluation) return undefined;
    const followUp = await makeFollowUp(question, record);
    // Asked again after the await: the round may have moved on or ended meanwhile.
    const now = await this.get(sessionId);
    if (!followUp || now.status !== 'active' || now.currentIndex !== session.currentIndex) return undefined;
    return this.repos.sessions.insertFollowUp(sessionId, question, followUp);
  }

  /** A voice round whose voice connection failed goes on as a text round. */
  async switchToText(sessionId: SessionId): Promise<SessionRow> {
    const session = await this.requireOpen(sessionId);
    return (await this.repos.sessions.update(session.id, { mode: 'text' })) ?? session;
  }

  /** True when everyone expected has answered (or had their answer fail) the current question. */
  async allAnswered(sessionId: SessionId): Promise<boolean> {
    const { question } = await this.current(sessionId);
    for (const u of await this.expectedAnswerers(sessionId)) {
      if ((await this.repos.answers.findForQuestion(question.id, u.id)) === undefined) return false;
    }
    return true;
  }

  async openSessions(): Promise<SessionRow[]> {
    return this.repos.sessions.listOpen();
  }

  private async requireOpen(sessionId: SessionId): Promise<SessionRow> {
    const session = await this.get(sessionId);
    enforce(roundOpen(session));
    return session;
  }

  private async markAsked(session: SessionRow, position: number): Promise<void> {
    const question = await this.repos.sessions.questionAt(session.id, position);
    if (!question) return;
    const participants = await this.participants(session.id);
    // A follow-up goes to whoever answered the question it follows, not to the next seat in the rotation.
    const followed = question.followUpOf !== null ? await this.repos.sessions.getQuestion(question.followUpOf) : undefined;
    const followedSeat = followed?.seatUserId != null ? participants.find((p) => p.id === followed.seatUserId) : undefined;
    // The rotation counts the round's own questions: follow-ups before this one take no turn.
    const turn = followedSeat ? 0 : position - (await this.repos.sessions.questions(session.id)).filter((q) => q.followUpOf !== null && q.position < position).length;
    const seat =
      session.roundMode === 'hot-seat' && participants.length > 0 ? (followedSeat ?? participants[turn % participants.length]) : undefined;
    await this.repos.sessions.updateQuestion(question.id, { status: 'asked', seatUserId: seat?.id ?? null });
    for (const p of seat ? [seat] : participants) await this.repos.sessions.recordAsked(p.id, question.questionKey, question.role);
  }
}
