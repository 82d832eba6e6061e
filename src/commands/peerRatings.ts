import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import type { PeerAverage } from '../db/repositories/peerRatingRepository.js';
import { PEER_TAGS, type PeerTag } from '../db/schema.js';
import { answerId as toAnswerId, type AnswerId } from '../ids.js';
import { offersPeerRatings, validRating } from '../session/guards.js';
import type { SessionRow } from '../db/schema.js';
import { enforce, type RefusalWording } from '../session/refusals.js';
import type { Services } from '../services.js';
import type { Card, CardButton, CardSelect } from './card.js';

/*
 * Peer ratings: in a group round the other participants give an answer 1–5 stars and tags. The rule (who may rate)
 * is canRate in src/session/guards.ts; this module makes the controls and the acknowledgement, for every platform.
 * Control ids: `icr:<answerId>:<stars>` for a star button, `icr:<answerId>:tags` for the tags menu.
 */
const PREFIX = 'icr';
export const STAR_LEVELS = [1, 2, 3, 4, 5] as const;

export type RatingAction = { answerId: AnswerId; stars: number } | { answerId: AnswerId; tags: true };

export const rateButtonId = (answerId: AnswerId, stars: number): string => `${PREFIX}:${answerId}:${stars}`;
export const tagsMenuId = (answerId: AnswerId): string => `${PREFIX}:${answerId}:tags`;

/** The answer and what a rating control sets; undefined for ids that are not rating controls. */
export function parseRatingId(id: string): RatingAction | undefined {
  const match = /^icr:(\d+):(tags|\d)$/.exec(id);
  if (!match?.[1] || !match[2]) return undefined;
  const answerId = toAnswerId(Number(match[1]));
  return match[2] === 'tags' ? { answerId, tags: true } : { answerId, stars: Number(match[2]) };
}

const isPeerTag = (tag: string): tag is PeerTag => (PEER_TAGS as readonly string[]).includes(tag);

export const isRatingId = (id: string): boolean => id.startsWith(`${PREFIX}:`);

/** The stars and tags controls a group round's feedback card carries. */
export function ratingControls(answerId: AnswerId): { buttons: CardButton[]; select: CardSelect } {
  return {
    buttons: STAR_LEVELS.map((n) => ({ id: rateButtonId(answerId, n), label: `${n}★`, style: 'secondary', group: 'rating' })),
    select: {
      id: tagsMenuId(answerId),
      placeholder: 'Tag this answer (others only)',
      options: PEER_TAGS.map((tag) => ({ value: tag, label: tag })),
      minValues: 0,
      maxValues: PEER_TAGS.length,
    },
  };
}

/**
 * A feedback card with the rating controls and a line saying who they are for. The stars come after the card's own
 * buttons (the replay) and are a group of their own, so Discord puts them on their own row.
 */
export function withRatingControls(card: Card, answerId: AnswerId): Card {
  const controls = ratingControls(answerId);
  const footer = `${card.footer ? `${card.footer} · ` : ''}Others in the round: rate this answer 1–5 and tag it`;
  return { ...card, footer, buttons: [...(card.buttons ?? []), ...controls.buttons], select: controls.select };
}

/**
 * A feedback card as a round shows it, however it is finished (awaited, after a restart, from a worker): in a group
 * round it carries the other participants' rating controls.
 */
export async function withGroupRatings(
  card: Card,
  session: Pick<SessionRow, 'id' | 'kind'>,
  answerId: AnswerId,
  engine: Pick<Services['engine'], 'participants'>,
): Promise<Card> {
  const participants = session.kind === 'interview' ? (await engine.participants(session.id)).length : 0;
  return offersPeerRatings(session, participants) ? withRatingControls(card, answerId) : card;
}

/** "peers 3.7★ (3 raters)"; "no peer ratings yet" when nobody gave stars. */
export function peerAverageText(peer: PeerAverage | undefined): string {
  if (!peer || peer.raters === 0) return 'no peer ratings yet';
  return `peers ${(Math.round(peer.average * 10) / 10).toFixed(1)}★ (${peer.raters} ${peer.raters === 1 ? 'rater' : 'raters'})`;
}

/**
 * Rates someone else's answer (stars or tags) after checking the rule, and returns the private acknowledgement.
 * A second rating by the same person replaces their first.
 */
export async function rateAnswer(
  services: Pick<Services, 'engine' | 'repos'>,
  who: PlatformIdentity,
  action: RatingAction,
  tags: readonly string[] = [],
  wording?: RefusalWording,
): Promise<Card> {
  enforce(validRating('stars' in action ? { stars: action.stars } : { tags }), wording);
  const change = 'stars' in action ? { stars: action.stars } : { tags: tags.filter(isPeerTag) };
  const { user } = await services.engine.requireRater(action.answerId, who, wording);
  const row = await services.repos.peerRatings.rate(action.answerId, user.id, change);
  const stars = row?.stars ?? null;
  const tagText = row && row.tags.length > 0 ? ` · tagged ${row.tags.join(', ')}` : '';
  return {
    kind: { type: 'notice' },
    title: stars === null ? `🏷️ Tags saved${tagText}` : `⭐ You rated this answer ${stars}/5${tagText}`,
    description: 'Only you see this. Press another star or change the tags to update your rating.',
    tone: 'success',
    ephemeral: true,
  };
}
