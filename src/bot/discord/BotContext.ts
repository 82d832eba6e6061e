import type { Client } from 'discord.js';
import type { Config } from '../../config/index.js';
import type { InterviewFlow } from '../../commands/interview/InterviewFlow.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import type { SessionId } from '../../ids.js';

/** What every Discord handler needs, built once in startDiscordBot. */
export interface BotContext {
  client: Client;
  services: Services;
  config: Config;
  flow: InterviewFlow;
  logger: Logger;
  /** Lobby timers by session id, so Start now / Cancel can clear them. */
  lobbyTimers: Map<string, NodeJS.Timeout>;
  /** False when Discord refused the Message Content intent: guild messages arrive without content or files. */
  messageContent: boolean;
  /** `sessionId:userId` of people already told how to answer without Message Content (once per round). */
  contentHints: Set<string>;
  /** A line the lobby card keeps showing for a round, e.g. why it became a text round. */
  lobbyNotes: Map<string, string>;
  /** Voice rounds, when the voice module is loaded (issue: voice rounds). */
  voice?: VoiceRounds;
}

/** The voice module's face towards commands and buttons; it follows rounds through `flow.events`. */
export interface VoiceRounds {
  /** Joins the caller's voice channel for a session; throws UserFacingError when it cannot. */
  join(sessionId: SessionId, guildId: string, voiceChannelId: string): Promise<void>;
  /** Ends the current spoken answer of this user ("I'm done"). */
  finishAnswer(sessionId: SessionId, platformUserId: string): Promise<boolean>;
  leave(sessionId: SessionId): Promise<void>;
  /** Leaves every voice channel (bot shutdown). */
  stop?(): Promise<void>;
}
