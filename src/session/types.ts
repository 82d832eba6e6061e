import type { PlatformIdentity, WorkspaceIdentity } from '../db/repositories/identityRepository.js';
import type { QuestionRow, SessionRow } from '../db/schema.js';
import type { Difficulty, Role } from '../pipeline/questions/types.js';

import type { Platform } from '../enums.js';
import type { Location } from '../location.js';

export type { Platform };
export type SessionKind = SessionRow['kind'];
export type AnswerMode = SessionRow['mode'];
export type RoundMode = SessionRow['roundMode'];

export interface StartSessionOptions {
  platform: Platform;
  kind: SessionKind;
  workspace: WorkspaceIdentity;
  host: PlatformIdentity;
  /** Where it runs; an interview's is its channel (one open interview per channel). */
  location: Location;
  role: Role;
  difficulty: Difficulty;
  count: number;
  mode: AnswerMode;
  roundMode?: RoundMode;
  topics?: string[];
  jobDescription?: string;
  leaderboard?: boolean;
  /** After each answer, one follow-up question probing its weakest point (solo rounds and drills). */
  followUps?: boolean;
  /** Start in the lobby (people may join) instead of asking at once. */
  lobby?: boolean;
}

/** The question being asked, with where it stands in the round. */
export interface AskedQuestion {
  session: SessionRow;
  question: QuestionRow;
  /** 1-based, for display. */
  number: number;
  total: number;
}

export type AdvanceResult = { kind: 'question'; asked: AskedQuestion } | { kind: 'ended'; session: SessionRow };
