import { Events } from 'discord.js';
import type { Config } from '../../config/index.js';
import { InterviewFlow } from '../../commands/interview/InterviewFlow.js';
import { roundSummaryCard } from '../../commands/roundSummary.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import type { BotContext, VoiceRounds } from './BotContext.js';
import { createDiscordClient } from './createClient.js';
import { routeInteraction } from './interactions/router.js';
import { handleMessage } from './messageAnswers.js';
import { resumeDiscordSessions } from './resumeSessions.js';

export interface DiscordBot {
  context: BotContext;
  stop(): Promise<void>;
}

export interface StartDiscordOptions {
  /** Builds voice rounds on the logged-in context (the voice module); text rounds work without it. */
  voice?: (ctx: BotContext) => VoiceRounds;
}

const mention = (user: { platformUserId: string }) => `<@${user.platformUserId}>`;

/** Logs in, routes interactions and thread messages, resumes open rounds. */
export async function startDiscordBot(services: Services, config: Config, logger: Logger, options: StartDiscordOptions = {}): Promise<DiscordBot> {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  const client = createDiscordClient(config);
  const context: BotContext = {
    client,
    services,
    config,
    logger,
    lobbyTimers: new Map(),
    flow: new InterviewFlow(services, {
      summaryCard: (session) => roundSummaryCard(services, session, mention),
      onQuestion: (session, text) => context.voice?.speakQuestion?.(session.id, text),
      onEnded: (session) => context.voice?.leave(session.id),
      textAnswerButton: true,
      logger,
      transcriptionRetryDelaysMs: config.TRANSCRIPTION_RETRY_SECONDS.map((sec) => sec * 1000),
    }),
  };
  if (options.voice) context.voice = options.voice(context);

  client.on(Events.InteractionCreate, (interaction) => {
    routeInteraction(interaction, context).catch((err: unknown) => logger.error({ err }, 'interaction handler crashed'));
  });
  client.on(Events.MessageCreate, (message) => {
    handleMessage(message, context).catch((err: unknown) => logger.error({ err }, 'message handler crashed'));
  });
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.DISCORD_TOKEN);
  await ready;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot ready');
  await resumeDiscordSessions(context);

  return {
    context,
    async stop() {
      for (const timer of context.lobbyTimers.values()) clearTimeout(timer);
      await context.voice?.stop?.();
      await client.destroy();
    },
  };
}
