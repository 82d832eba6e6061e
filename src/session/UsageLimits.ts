import type { Repositories } from '../db/index.js';
import type { PlatformIdentity, WorkspaceIdentity } from '../db/repositories/identityRepository.js';
import { UserFacingError } from '../errors.js';
import { describeDuration } from '../pipeline/audio/index.js';
import type { AnswerId, UserId, WorkspaceId } from '../ids.js';

export interface LimitSettings {
  sessionsPerUserPerDay: number;
  sessionsPerWorkspacePerDay: number;
  transcriptionSecPerUserPerDay: number;
  transcriptionSecPerWorkspacePerDay: number;
  drillCooldownSec: number;
}

/**
 * Daily limits that protect a paid API key from one person or one server, and a short /drill cool-down. Counters
 * and cool-downs live in the database (per UTC day) and are taken with conditional writes, so they hold across every
 * process (Discord shards) sharing it: `check…` refuses early and politely, `reserve…`/`checkDrillCooldown` decide.
 */
export class UsageLimits {
  constructor(
    private readonly repos: Repositories,
    private readonly settings: LimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async checkSessionStart(user: PlatformIdentity, workspace: WorkspaceIdentity): Promise<void> {
    const u = await this.repos.identity.findUser(user.platform, user.id);
    if (u && (await this.repos.usage.get('user', u.id)).sessions >= this.settings.sessionsPerUserPerDay) throw this.sessionLimitReached('user');
    const w = await this.repos.identity.upsertWorkspace(workspace);
    if ((await this.repos.usage.get('workspace', w.id)).sessions >= this.settings.sessionsPerWorkspacePerDay) throw this.sessionLimitReached('workspace');
  }

  /** Counts a session start against both daily limits at once, or refuses (nothing counted) when either is reached. */
  async reserveSessionStart(userId: number, workspaceId: number): Promise<void> {
    const refused = await this.repos.usage.reserveSession(userId, workspaceId, {
      user: this.settings.sessionsPerUserPerDay,
      workspace: this.settings.sessionsPerWorkspacePerDay,
    });
    if (refused) throw this.sessionLimitReached(refused);
  }

  /** Gives a reserved session start back (the round could not be created after all). */
  async releaseSessionStart(userId: number, workspaceId: number): Promise<void> {
    await this.repos.usage.add('user', userId, { sessions: -1 });
    await this.repos.usage.add('workspace', workspaceId, { sessions: -1 });
  }

  private sessionLimitReached(scope: 'user' | 'workspace'): UserFacingError {
    const limit = this.settings.sessionsPerUserPerDay;
    return scope === 'user'
      ? new UserFacingError('quota_exceeded', `You've started ${limit} practice session${limit === 1 ? '' : 's'} today — that's the daily limit. Come back tomorrow (UTC)!`)
      : new UserFacingError('quota_exceeded', 'This server has reached its daily limit of practice sessions. It resets at midnight UTC.');
  }

  /** Before sending audio to a transcriber: would these seconds exceed today's allowance? */
  async checkTranscription(userId: UserId, workspaceId: WorkspaceId, seconds: number): Promise<void> {
    const user = (await this.repos.usage.get('user', userId)).transcriptionSec;
    if (user + seconds > this.settings.transcriptionSecPerUserPerDay) throw this.transcriptionRefused('user', user, seconds);
    const ws = (await this.repos.usage.get('workspace', workspaceId)).transcriptionSec;
    if (ws + seconds > this.settings.transcriptionSecPerWorkspacePerDay) throw this.transcriptionRefused('workspace', ws, seconds);
  }

  /**
   * Counts these seconds against today's allowances before they are sent to a transcriber, or refuses (nothing
   * counted) when either would be exceeded; `recordTranscription(…, -seconds)` gives them back if it fails.
   */
  async reserveTranscription(userId: number, workspaceId: number, seconds: number): Promise<void> {
    const refused = await this.repos.usage.reserveTranscription(userId, workspaceId, seconds, {
      user: this.settings.transcriptionSecPerUserPerDay,
      workspace: this.settings.transcriptionSecPerWorkspacePerDay,
    });
    if (refused === 'user') throw this.transcriptionRefused('user', (await this.repos.usage.get('user', userId)).transcriptionSec, seconds);
    if (refused === 'workspace') throw this.transcriptionRefused('workspace', 0, seconds);
  }

  private transcriptionRefused(scope: 'user' | 'workspace', used: number, seconds: number): UserFacingError {
    if (scope === 'workspace') {
      return new UserFacingError('quota_exceeded', "This server has used today's voice transcription allowance. Text answers still work; voice resets at midnight UTC.");
    }
    const allowance = this.settings.transcriptionSecPerUserPerDay;
    // Said in seconds or minutes as fits: a small allowance must not read "0 minutes", and a clip longer than
    // what is left is not "used up".
    const left = Math.max(0, allowance - used);
    const why =
      allowance <= 0
        ? 'Voice answers are switched off on this bot.'
        : left < 1
          ? `You've used today's ${describeDuration(allowance)} of voice transcription.`
          : `That clip is ${describeDuration(seconds)}, and you have ${describeDuration(left)} of voice transcription left today.`;
    return new UserFacingError('quota_exceeded', `${why} Text answers still work; voice resets at midnight UTC.`);
  }

  /** Counts an answer's transcription seconds once, however many runs finish it (transcription_charges). */
  async chargeAnswer(answerId: AnswerId, userId: UserId, workspaceId: WorkspaceId, seconds: number): Promise<void> {
    await this.repos.usage.chargeAnswer(answerId, userId, workspaceId, seconds);
  }

  /** Gives an answer's counted seconds back after a failed transcription, once, unless another run transcribed it. */
  async refundAnswer(answerId: AnswerId, userId: UserId, workspaceId: WorkspaceId): Promise<void> {
    await this.repos.usage.refundAnswer(answerId, userId, workspaceId);
  }

  async recordTranscription(userId: UserId, workspaceId: WorkspaceId, seconds: number): Promise<void> {
    await this.repos.usage.add('user', userId, { transcriptionSec: seconds });
    await this.repos.usage.add('workspace', workspaceId, { transcriptionSec: seconds });
  }

  /** Starts the person's drill cool-down, or refuses while the last one runs (one conditional write). */
  async checkDrillCooldown(who: PlatformIdentity): Promise<void> {
    if (this.settings.drillCooldownSec <= 0) return;
    const waitMs = await this.repos.cooldowns.takeDrill(who.platform, who.id, this.now(), this.settings.drillCooldownSec * 1000);
    if (waitMs > 0) throw new UserFacingError('cooldown', `One drill at a time — try again in ${Math.ceil(waitMs / 1000)} s.`);
  }
}
