import type { ReceivedRating } from '../../db/repositories/peerRatingRepository.js';
import type { SessionId } from '../../ids.js';
import type { PeerRatingTrend, PeerRatingPoint } from './types.js';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Peer ratings a person received, per round (oldest first, the newest `shown`): the people's star average beside the
 * scorer's average over the same rated answers, so the two can be read side by side.
 */
export function peerRatingTrend(received: readonly ReceivedRating[], shown: number): PeerRatingTrend {
  const bySession = new Map<SessionId, { startedAt: Date; stars: number[]; scores: Map<number, number> }>();
  for (const r of received) {
    let entry = bySession.get(r.sessionId);
    if (!entry) {
      entry = { startedAt: r.at, stars: [], scores: new Map() };
      bySession.set(r.sessionId, entry);
    }
    entry.stars.push(r.stars);
    // One score per answer, however many people rated it.
    if (r.score !== null) entry.scores.set(r.answerId, r.score);
  }
  const points: PeerRatingPoint[] = [...bySession.entries()].map(([sessionId, e]) => {
    const scores = [...e.scores.values()];
    return {
      sessionId,
      startedAt: e.startedAt.toISOString(),
      ratings: e.stars.length,
      peerAverage: round2(e.stars.reduce((a, b) => a + b, 0) / e.stars.length),
      scorerAverage: scores.length ? round2(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    };
  });
  const all = received.map((r) => r.stars);
  return {
    ratings: all.length,
    average: all.length ? round2(all.reduce((a, b) => a + b, 0) / all.length) : null,
    points: points.slice(-shown),
  };
}
