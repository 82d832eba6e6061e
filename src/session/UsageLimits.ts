import type { Repositories } from '../db/index.js';
import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import { UserFacingError } from '../errors.js';
import { describeDuration } from '../pipeline/audio/index.js';

export interface LimitSettings {
  sessionsPerUserPerDay: number;
  sessionsPerWorkspacePerDay: number;
  transcriptionSecPerUserPerDay: number;
  transcriptionSecPerWorkspacePerDay: number;
  drillCooldownSec: number;
}

/**
 * Daily limits that protect a paid API key from one person or one server, and a short /drill cool-down.
 * Counters live in the database (per UTC day); the cool-down is in memory, which is enough for a few seconds.
 */
export class UsageLimits {
  private readonly lastDrill = new Map<string, number>();

  constructor(
    private readonly repos: Repositories,
    private readonly settings: LimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async checkSessionStart(user: PlatformIdentity, workspace: PlatformIdentity): Promise<void> {
    const u = await this.repos.identity.findUser(user.platform, user.id);
    if (u && (await this.repos.usage.get('user', u.id)).sessions >= this.settings.sessionsPerUserPerDay) {
      const limit = this.settings.sessionsPerUserPerDay;
      throw new UserFacingError('quota_exceeded', `You've started ${limit} practice session${limit === 1 ? '' : 's'} today — that's the daily limit. Come back tomorrow (UTC)!`);
    }
    const w = await this.repos.identity.upsertWorkspace(workspace);
    if ((await this.repos.usage.get('workspace', w.id)).sessions >= this.settings.sessionsPerWorkspacePerDay) {
      throw new UserFacingError('quota_exceeded', 'This server has reached its daily limit of practice sessions. It resets at midnight UTC.');
    }
  }

  /** Before sending audio to a transcriber: would these seconds exceed today's allowance? */
  async checkTranscription(userId: number, workspaceId: number, seconds: number): Promise<void> {
    const user = (await this.repos.usage.get('user', userId)).transcriptionSec;
    const allowance = this.settings.transcriptionSecPerUserPerDay;
    if (user + seconds > allowance) {
      // Said in seconds or minutes as fits: a small allowance must not read "0 minutes", and a clip longer than
      // what is left is not "used up".
      const left = Math.max(0, allowance - user);
      const why =
        allowance <= 0
          ? 'Voice answers are switched off on this bot.'
          : left < 1
            ? `You've used today's ${describeDuration(allowance)} of voice transcription.`
            : `That clip is ${describeDuration(seconds)}, and you have ${describeDuration(left)} of voice transcription left today.`;
      throw new UserFacingError('quota_exceeded', `${why} Text answers still work; voice resets at midnight UTC.`);
    }
    const ws = (await this.repos.usage.get('workspace', workspaceId)).transcriptionSec;
    if (ws + seconds > this.settings.transcriptionSecPerWorkspacePerDay) {
      throw new UserFacingError('quota_exceeded', "This server has used today's voice transcription allowance. Text answers still work; voice resets at midnight UTC.");
    }
  }

  async recordTranscription(userId: number, workspaceId: number, seconds: number): Promise<void> {
    await this.repos.usage.add('user', userId, { transcriptionSec: seconds });
    await this.repos.usage.add('workspace', workspaceId, { transcriptionSec: seconds });
  }

  checkDrillCooldown(who: PlatformIdentity): void {
    const key = `${who.platform}:${who.id}`;
    const last = this.lastDrill.get(key);
    const now = this.now();
    const waitMs = last === undefined ? 0 : last + this.settings.drillCooldownSec * 1000 - now;
    if (waitMs > 0) throw new UserFacingError('cooldown', `One drill at a time — try again in ${Math.ceil(waitMs / 1000)} s.`);
    this.lastDrill.set(key, now);
  }
}
