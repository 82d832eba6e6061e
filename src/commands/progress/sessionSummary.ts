import type { AnswerRecord, AnswerRepository } from '../../db/repositories/answerRepository.js';
import type { IdentityRepository } from '../../db/repositories/identityRepository.js';
import type { SessionRepository } from '../../db/repositories/sessionRepository.js';
import type { QuestionRow, SessionRow, UserRow } from '../../db/schema.js';
import type { PeerAverage, PeerRatingRepository } from '../../db/repositories/peerRatingRepository.js';
import type { AnswerId, SessionId, UserId } from '../../ids.js';

export interface ParticipantSummary {
  userId: UserId;
  displayName: string;
  platform: string;
  platformUserId: string;
  /** Scored answers. */
  answers: number;
  avgScore: number | null;
  /** Averages over spoken answers; null when the participant only typed. */
  fillersPerMinute: number | null;
  wpm: number | null;
  deliveryScore: number | null;
  best: { position: number; category: string; score: number } | null;
}

export interface SessionSummary {
  sessionId: SessionId;
  role: string;
  difficulty: string;
  questionCount: number;
  /** Questions actually put to the room (fewer than `questionCount` when the round was ended early). */
  questionsAsked: number;
  leaderboard: boolean;
  /** In join order; people who answered and then left come after, in the order they first answered. */
  participants: ParticipantSummary[];
  topFiller: { word: string; count: number } | null;
  /** Each scored answer, in question order: the scorer's score beside the other participants' star average. */
  answerRatings: AnswerRating[];
}

export interface AnswerRating {
  userId: UserId;
  /** 0-based question position. */
  position: number;
  score: number;
  /** Null when nobody gave it stars. */
  peer: PeerAverage | null;
}

export interface RoundData {
  session: SessionRow;
  /** Current participants in join order. */
  participants: readonly UserRow[];
  questions: readonly QuestionRow[];
  records: readonly AnswerRecord[];
  /** Looks up people who answered but have since left. */
  userById?: (id: UserId) => UserRow | undefined;
  /** Peer star averages by answer (group rounds); none when left out. */
  peerAverages?: ReadonlyMap<AnswerId, PeerAverage>;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

function summarizeParticipant(user: UserRow, records: readonly AnswerRecord[], questions: ReadonlyMap<number, QuestionRow>): ParticipantSummary {
  const scored = records.filter((r) => r.evaluation !== null);
  const spoken = records.filter((r) => r.answer.inputKind !== 'text' && r.metrics !== null);
  const numbers = (pick: (r: AnswerRecord) => number | null | undefined) =>
    spoken.map(pick).filter((v): v is number => typeof v === 'number');
  let best: ParticipantSummary['best'] = null;
  for (const r of scored) {
    const score = r.evaluation?.score ?? 0;
    const position = questions.get(r.answer.questionId)?.position ?? 0;
    // Ties go to the earlier question.
    if (!best || score > best.score || (score === best.score && position < best.position)) {
      best = { position, category: r.answer.category, score };
    }
  }
  return {
    userId: user.id,
    displayName: user.displayName,
    platform: user.platform,
    platformUserId: user.platformUserId,
    answers: scored.length,
    avgScore: mean(scored.map((r) => r.evaluation?.score ?? 0)),
    // Hesitations from the audio count as fillers, as in the delivery score and /progress.
    fillersPerMinute: mean(numbers((r) => (r.metrics?.fillersPerMinute == null ? null : r.metrics.fillersPerMinute + (r.metrics.hesitationsPerMinute ?? 0)))),
    wpm: mean(numbers((r) => r.metrics?.wpm)),
    deliveryScore: mean(numbers((r) => r.metrics?.deliveryScore)),
    best,
  };
}

/** Per-participant figures of one round, from its stored answers. */
export function summarizeRound(data: RoundData): SessionSummary {
  const questions = new Map(data.questions.map((q) => [q.id, q]));
  const people: UserRow[] = [...data.participants];
  for (const r of data.records) {
    if (people.some((p) => p.id === r.answer.userId)) continue;
    const user = data.userById?.(r.answer.userId);
    if (user) people.push(user);
  }
  const fillers = new Map<string, number>();
  for (const r of data.records) {
    for (const [word, n] of Object.entries(r.metrics?.fillersByWord ?? {})) fillers.set(word, (fillers.get(word) ?? 0) + n);
  }
  const topFiller = [...fillers.entries()]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return {
    sessionId: data.session.id,
    role: data.session.role,
    difficulty: data.session.difficulty,
    questionCount: data.session.questionCount,
    questionsAsked: data.questions.filter((q) => q.status !== 'pending').length,
    leaderboard: data.session.leaderboard,
    participants: people.map((user) =>
      summarizeParticipant(user, data.records.filter((r) => r.answer.userId === user.id), questions),
    ),
    topFiller: topFiller ? { word: topFiller[0], count: topFiller[1] } : null,
    answerRatings: data.records
      .flatMap((r) => (r.evaluation ? [{ userId: r.answer.userId, position: questions.get(r.answer.questionId)?.position ?? 0, score: r.evaluation.score, peer: data.peerAverages?.get(r.answer.id) ?? null }] : []))
      .sort((a, b) => a.position - b.position),
  };
}

export interface SessionSummaryRepositories {
  sessions: SessionRepository;
  answers: AnswerRepository;
  identity: IdentityRepository;
  peerRatings: PeerRatingRepository;
}

/** Reads a round through the shared repositories; undefined when the session does not exist. */
export async function buildSessionSummary(repos: SessionSummaryRepositories, sessionId: SessionId): Promise<SessionSummary | undefined> {
  const session = await repos.sessions.get(sessionId);
  if (!session) return undefined;
  const records = await repos.answers.forSession(sessionId);
  // Everyone who answered, read once up front (people who left the round still count).
  const users = new Map<number, UserRow>();
  for (const id of new Set(records.map((r) => r.answer.userId))) {
    const user = await repos.identity.getUser(id);
    if (user) users.set(id, user);
  }
  return summarizeRound({
    session,
    participants: await repos.sessions.participants(sessionId),
    questions: await repos.sessions.questions(sessionId),
    records,
    userById: (id) => users.get(id),
    peerAverages: await repos.peerRatings.averages(records.map((r) => r.answer.id)),
  });
}
