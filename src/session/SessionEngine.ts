import { randomUUID } from 'node:crypto';
import type { Repositories } from '../db/index.js';
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
    this.precheck(options);
    const workspace = this.repos.identity.upsertWorkspace(options.workspace);
    const host = this.repos.identity.upsertUser(options.host);
    const exclude = this.repos.sessions.askedKeys(host.id, options.role);
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
    // Asked again after the await: another start in this channel may have finished meanwhile (slow LLM questions).
    this.refuseIfRunning(options);
    // Counted before the round exists, and given back if it cannot be created: limits hold across processes.
    const limits = options.platform === 'cli' ? undefined : this.deps.limits;
    if (limits) limits.reserveSessionStart(host.id, workspace.id);
    const lease = this.deps.lease;
    let session: SessionRow;
    try {
      session = this.createRound(options, workspace.id, host.id, questionList, lease);
    } catch (error) {
      // Nothing was created: the start is not counted.
      limits?.releaseSessionStart(host.id, workspace.id);
      throw error;
    }
    this.repos.sessions.addParticipant(session.id, host.id);
    if (!limits) {
      this.repos.usage.add('user', host.id, { sessions: 1 });
      this.repos.usage.add('workspace', workspace.id, { sessions: 1 });
    }
    if (!options.lobby) this.markAsked(session, 0);
    return { session, host };
  }

  /**
   * Inserts the round. The database allows one open interview per channel (a partial unique index), so a start
   * that raced another — in this process or another shard — gets the same refusal as one that came second.
   */
  private createRound(
    options: StartSessionOptions,
    workspaceId: number,
    hostUserId: number,
    questionList: readonly Question[],
    lease: SessionEngineDeps['lease'],
  ): SessionRow {
    try {
      return this.repos.sessions.create(
        {
          id: randomUUID(),
          kind: options.kind,
          workspaceId,
          hostUserId,
          channelId: options.channelId,
          threadId: options.threadId ?? null,
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
        },
        questionList,
      );
    } catch (error) {
      if (isUniqueViolation(error, OPEN_ROUND_PER_CHANNEL)) this.refuseIfRunning(options);
      throw error;
    }
  }

  /**
   * The quick refusals of `start` (a round running here, daily limits), for adapters to run before they defer a
   * public reply: refused early, the message can still go only to the person who asked.
   */
  precheck(options: StartSessionOptions): void {
    this.refuseIfRunning(options);
    if (options.platform !== 'cli') this.deps.limits?.checkSessionStart(options.host, options.workspace);
  }

  private refuseIfRunning(options: StartSessionOptions): void {
    if (options.kind !== 'interview') return;
    const running = this.repos.sessions.findOpenInChannel(options.channelId);
    if (!running) return;
    const host = running.hostUserId ? this.repos.identity.getUser(running.hostUserId) : undefined;
    throw new UserFacingError(
      'session_running',
      `A round is already running here${host ? ` (started by ${host.displayName || 'someone'})` : ''}. Join it, or start yours in another channel.`,
    );
  }

  get(sessionId: string): SessionRow {
    const session = this.repos.sessions.get(sessionId);
    if (!session) throw new UserFacingError('no_session', 'That interview no longer exists.');
    return session;
  }

  /** The open session a message in this channel or thread belongs to. */
  findOpen(channelOrThreadId: string): SessionRow | undefined {
    return this.repos.sessions.findOpenByThread(channelOrThreadId) ?? this.repos.sessions.findOpenInChannel(channelOrThreadId);
  }

  attachThread(sessionId: string, threadId: string): SessionRow {
    return this.repos.sessions.update(sessionId, { threadId }) ?? this.get(sessionId);
  }

  join(sessionId: string, identity: PlatformIdentity): UserRow {
    const session = this.requireOpen(sessionId);
    const user = this.repos.identity.upsertUser(identity);
    this.repos.sessions.addParticipant(session.id, user.id);
    return user;
  }

  leave(sessionId: string, identity: PlatformIdentity): void {
    const user = this.repos.identity.findUser(identity.platform, identity.id);
    if (user) this.repos.sessions.removeParticipant(sessionId, user.id);
  }

  participants(sessionId: string): UserRow[] {
    return this.repos.sessions.participants(sessionId);
  }

  /** The participant, or a `not_participant` refusal for someone who is not in this round. */
  requireParticipant(sessionId: string, identity: PlatformIdentity, wording?: RefusalWording): UserRow {
    const user = this.repos.identity.findUser(identity.platform, identity.id);
    enforce(participant(this.roundFacts(this.get(sessionId)), { userId: user?.id }), wording);
    if (!user) throw new Error('unreachable: a participant without a user row');
    return user;
  }

  /** Applies `canControl` (guards.ts) for this actor; returns the session when allowed. */
  requireControl(sessionId: string, actor: Actor, action: ControlAction, wording?: RefusalWording): SessionRow {
    const session = this.get(sessionId);
    enforce(canControl(this.roundFacts(session), this.actorFacts(actor), action), wording, action);
    return session;
  }

  /** Applies `canAnswer` (guards.ts) to the current question: the answerer and the question they answer. */
  requireAnswerer(sessionId: string, identity: PlatformIdentity, wording?: RefusalWording): { user: UserRow; asked: AskedQuestion } {
    const session = this.get(sessionId);
    const user = this.repos.identity.findUser(identity.platform, identity.id);
    const facts = this.roundFacts(session);
    // Refusals that need no question come first: an ended round has no current question to read.
    enforce(participant(facts, { userId: user?.id }), wording);
    enforce(roundOpen(facts), wording);
    const asked = this.current(sessionId);
    enforce(canAnswer(facts, asked.question, { userId: user?.id }), wording);
    if (!user) throw new Error('unreachable: an answerer without a user row');
    return { user, asked };
  }

  private roundFacts(session: SessionRow): RoundFacts {
    return { status: session.status, hostUserId: session.hostUserId, participantIds: this.participants(session.id).map((p) => p.id) };
  }

  private actorFacts(actor: Actor): ActorFacts {
    return { userId: this.repos.identity.findUser(actor.identity.platform, actor.identity.id)?.id, isModerator: actor.isModerator };
  }

  /** Lobby → active: asks the first question. */
  begin(sessionId: string): AskedQuestion {
    const session = this.requireOpen(sessionId);
    if (session.status === 'lobby') {
      this.repos.sessions.update(session.id, { status: 'active' });
      this.markAsked(session, session.currentIndex);
    }
    return this.current(sessionId);
  }

  current(sessionId: string): AskedQuestion {
    const session = this.get(sessionId);
    const question = this.repos.sessions.questionAt(session.id, session.currentIndex);
    if (!question) throw new UserFacingError('session_ended', 'This interview has no more questions.');
    return { session, question, number: session.currentIndex + 1, total: session.questionCount };
  }

  /** Moves to the next question; `skip` marks the current one skipped. Ends the round after the last. */
  advance(sessionId: string, how: 'next' | 'skip' = 'next'): AdvanceResult {
    const session = this.requireOpen(sessionId);
    const current = this.repos.sessions.questionAt(session.id, session.currentIndex);
    if (current) this.repos.sessions.updateQuestion(current.id, { status: how === 'skip' ? 'skipped' : 'done' });
    const nextIndex = session.currentIndex + 1;
    if (nextIndex >= session.questionCount) return { kind: 'ended', session: this.end(session.id) };
    const updated = this.repos.sessions.update(session.id, { currentIndex: nextIndex, status: 'active' }) ?? session;
    this.markAsked(updated, nextIndex);
    return { kind: 'question', asked: this.current(session.id) };
  }

  end(sessionId: string, status: 'ended' | 'abandoned' = 'ended'): SessionRow {
    const session = this.get(sessionId);
    if (session.status === 'ended' || session.status === 'abandoned') return session;
    return this.repos.sessions.update(session.id, { status, endedAt: new Date() }) ?? session;
  }

  /**
   * Who must answer the current question: the seat in hot-seat rounds, else every participant it was asked of.
   * Someone who joins while a question runs may answer it, but the round does not wait for them: they are
   * expected from the next question on (asking a question records whom it was asked of).
   */
  expectedAnswerers(sessionId: string): UserRow[] {
    const { session, question } = this.current(sessionId);
    const participants = this.participants(sessionId);
    if (question.seatUserId !== null) return participants.filter((p) => p.id === question.seatUserId);
    const askedOf = this.repos.sessions.askedSince(question.questionKey, session.createdAt);
    return participants.filter((p) => askedOf.has(p.id));
  }

  /**
   * With follow-ups on, the question just answered gets one follow-up, asked next, when exactly one person was
   * expected to answer it (a follow-up probes one answer; a group has several) and it is not a follow-up itself.
   * `makeFollowUp` builds it from that answer. Returns the follow-up, or undefined when none is due.
   */
  async addFollowUp(sessionId: string, makeFollowUp: (question: QuestionRow, answer: AnswerRecord) => Promise<Question | null> | Question | null): Promise<QuestionRow | undefined> {
    const { session, question } = this.current(sessionId);
    if (!session.followUps || question.followUpOf !== null) return undefined;
    const expected = this.expectedAnswerers(sessionId);
    const only = expected.length === 1 ? expected[0] : undefined;
    const answer = only ? this.repos.answers.findForQuestion(question.id, only.id) : undefined;
    const record = answer ? this.repos.answers.record(answer.id) : undefined;
    if (!record?.evaluation) return undefined;
    const followUp = await makeFollowUp(question, record);
    // Asked again after the await: the round may have moved on or ended meanwhile.
    const now = this.get(sessionId);
    if (!followUp || now.status !== 'active' || now.currentIndex !== session.currentIndex) return undefined;
    return this.repos.sessions.insertFollowUp(sessionId, question, followUp);
  }

  /** A voice round whose voice connection failed goes on as a text round. */
  switchToText(sessionId: string): SessionRow {
    const session = this.requireOpen(sessionId);
    return this.repos.sessions.update(session.id, { mode: 'text' }) ?? session;
  }

  /** True when everyone expected has answered (or had their answer fail) the current question. */
  allAnswered(sessionId: string): boolean {
    const { question } = this.current(sessionId);
    return this.expectedAnswerers(sessionId).every((u) => this.repos.answers.findForQuestion(question.id, u.id) !== undefined);
  }

  openSessions(): SessionRow[] {
    return this.repos.sessions.listOpen();
  }

  private requireOpen(sessionId: string): SessionRow {
    const session = this.get(sessionId);
    enforce(roundOpen(session));
    return session;
  }

  private markAsked(session: SessionRow, position: number): void {
    const question = this.repos.sessions.questionAt(session.id, position);
    if (!question) return;
    const participants = this.participants(session.id);
    // A follow-up goes to whoever answered the question it follows, not to the next seat in the rotation.
    const followed = question.followUpOf !== null ? this.repos.sessions.getQuestion(question.followUpOf) : undefined;
    const followedSeat = followed?.seatUserId != null ? participants.find((p) => p.id === followed.seatUserId) : undefined;
    // The rotation counts the round's own questions: follow-ups before this one take no turn.
    const turn = followedSeat ? 0 : position - this.repos.sessions.questions(session.id).filter((q) => q.followUpOf !== null && q.position < position).length;
    const seat =
      session.roundMode === 'hot-seat' && participants.length > 0 ? (followedSeat ?? participants[turn % participants.length]) : undefined;
    this.repos.sessions.updateQuestion(question.id, { status: 'asked', seatUserId: seat?.id ?? null });
    for (const p of seat ? [seat] : participants) this.repos.sessions.recordAsked(p.id, question.questionKey, question.role);
  }
}
