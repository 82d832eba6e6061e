import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import type { AnswerId } from '../ids.js';
import type { Services } from '../services.js';
import { canHearReplay } from '../session/guards.js';
import { enforce, type RefusalWording } from '../session/refusals.js';
import type { ReplayAudio } from '../session/ReplayStore.js';
import type { Card } from './card.js';
import { formatSeconds } from './format.js';

/** Tenths under a minute: the cut is often a few seconds, and "6 s → 5 s" would hide it. */
const seconds = (sec: number): string => (sec < 60 ? `${sec.toFixed(1)} s` : formatSeconds(sec));

/**
 * "Hear it without the ums": the answer's owner gets their own answer back with fillers, hesitations and pauses over
 * 1 s cut out, as an Ogg Opus file. Refused with `replay_expired` once the audio is gone from memory (REPLAY_MINUTES,
 * the memory cap, a restart) and with `not_your_replay` for anyone else.
 */
export async function hearReplay(
  services: Pick<Services, 'repos' | 'replays'>,
  who: PlatformIdentity,
  answer: AnswerId,
  wording?: RefusalWording,
): Promise<ReplayAudio> {
  const user = await services.repos.identity.findUser(who.platform, who.id);
  enforce(canHearReplay(services.replays?.facts(answer), { userId: user?.id }), wording);
  const audio = await services.replays?.audio(answer);
  if (audio) return audio;
  // Expired between the check and now: the same refusal as above.
  enforce(canHearReplay(undefined, { userId: user?.id }), wording);
  throw new Error('unreachable: canHearReplay allowed a replay that is gone');
}

/** The words sent with the replay (Slack's file comment; Discord's note before the voice message, which takes no text). */
export function replayCard(audio: ReplayAudio, keptMinutes: number): Card {
  const removed = audio.removedSec >= 0.05 ? `${seconds(audio.removedSec)} cut` : 'nothing to cut — no fillers or long pauses';
  return {
    kind: { type: 'notice' },
    title: '🎧 Your answer without the ums',
    description:
      `${seconds(audio.originalSec)} → ${seconds(audio.durationSec)} (${removed}). Fillers, hesitations and pauses over 1 s are left out.\n` +
      `Only you get this. The audio is kept in memory for ${keptMinutes} min after your answer and never stored.`,
    tone: 'info',
    ephemeral: true,
  };
}

/** The replay's file name. */
export const REPLAY_FILE_NAME = 'answer-without-ums.ogg';
