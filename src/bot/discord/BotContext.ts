import type { Client } from 'discord.js';
import type { Config } from '../../config/index.js';
import type { InterviewFlow } from '../../commands/interview/InterviewFlow.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';

/** What every Discord handler needs, built once in startDiscordBot. */
export interface BotContext {
  client: Client;
  services: Services;
  config: Config;
  flow: InterviewFlow;
  logger: Logger;
  /** Lobby timers by session id, so Start now / Cancel can clear them. */
  lobbyTimers: Map<string, NodeJS.Timeout>;
  /** Voice rounds, when the voice module is loaded (issue: voice rounds). */
  voice?: VoiceRounds;
}

/** The voice module's face towards commands and buttons. */
export interface VoiceRounds {
  /** Joins the caller's voice channel for a session; throws UserFacingError when it cannot. */
  join(sessionId: string, guildId: string, voiceChannelId: string): Promise<void>;
  /** Ends the current spoken answer of this user ("I'm done"). */
  finishAnswer(sessionId: string, platformUserId: string): Promise<boolean>;
  leave(sessionId: string): Promise<void>;
  /** Speaks a question into the session's voice channel, if it has one. */
  speakQuestion?(sessionId: string, text: string): Promise<void>;
  /** Leaves every voice channel (bot shutdown). */
  stop?(): Promise<void>;
}
