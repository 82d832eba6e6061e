import { Events, type Client } from 'discord.js';
import type { Config } from '../../config/index.js';
import { InterviewFlow } from '../../commands/interview/InterviewFlow.js';
import { roundSummaryCard } from '../../commands/roundSummary.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import { DISCORD_REFUSALS } from './actor.js';
import type { BotContext, VoiceRounds } from './BotContext.js';
import { connectDiscord } from './connectDiscord.js';
import { routeInteraction } from './interactions/router.js';
import { closeLobby } from './lobby.js';
import { handleMessage } from './messageAnswers.js';
import { registerCommandsAtStart } from './registerAtStart.js';
import { resumeDiscordSessions, showOwedDiscordFeedback } from './resumeSessions.js';
import { shardRole } from './sharding/shardRole.js';

export interface DiscordBot {
  context: BotContext;
  stop(): Promise<void>;
}

export interface StartDiscordOptions {
  /** Builds voice rounds on the logged-in context (the voice module); text rounds work without it. */
  voice?: (ctx: BotContext) => VoiceRounds;
}

const mention = (user: { platformUserId: string }) => `<@${user.platformUserId}>`;

function createContext(client: Client, services: Services, config: Config, logger: Logger): BotContext {
  const context: BotContext = {
    client,
    services,
    config,
    logger,
    messageContent: config.DISCORD_MESSAGE_CONTENT_INTENT,
    contentHints: new Set(),
    lobbyNotes: new Map(),
    lobbyTimers: new Map(),
    flow: new InterviewFlow(services, {
      summaryCard: (session) => roundSummaryCard(services, session, mention),
      // Voice follows the round through the flow's events; the lobby card is closed once the summary is shown.
      onEnded: (session) => closeLobby(context, session.id),
      privateDrills: true,
      textAnswerButton: true,
      refusals: DISCORD_REFUSALS,
      readsReplies: () => context.messageContent,
      logger,
      transcriptionRetryDelaysMs: config.TRANSCRIPTION_RETRY_SECONDS.map((sec) => sec * 1000),
    }),
  };
  return context;
}

/** Logs in (without Message Content if Discord refuses it), registers changed commands, routes events, resumes rounds. */
export async function startDiscordBot(services: Services, config: Config, logger: Logger, options: StartDiscordOptions = {}): Promise<DiscordBot> {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  // Filled by the first client; a client made again without Message Content takes its place.
  const holder: { context?: BotContext } = {};
  const connection = await connectDiscord(config, logger, (client) => {
    if (holder.context) holder.context.client = client;
    const context = (holder.context ??= createContext(client, services, config, logger));
    client.on(Events.InteractionCreate, (interaction) => {
      routeInteraction(interaction, context).catch((err: unknown) => logger.error({ err }, 'interaction handler crashed'));
    });
    client.on(Events.MessageCreate, (message) => {
      handleMessage(message, context).catch((err: unknown) => logger.error({ err }, 'message handler crashed'));
    });
    client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  });
  const { client } = connection;
  const context = holder.context ?? createContext(client, services, config, logger);
  context.messageContent = connection.messageContent;
  if (options.voice) context.voice = options.voice(context);
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, messageContent: connection.messageContent }, 'discord bot ready');
  const role = shardRole(config);
  // Commands are the application's, not a shard's: shard 0 registers them for all.
  if (role.kind !== 'shard' || role.id === 0) await registerCommandsAtStart(context);
  await resumeDiscordSessions(context);
  await showOwedDiscordFeedback(context).catch((err: unknown) => logger.warn({ err }, 'could not show owed feedback'));
  // A shard also takes over its guilds' rounds left by another process whose lease ran out (after a re-shard).
  let sweeping = false;
  const stopSweeping =
    role.kind === 'shard'
      ? services.leases.keepRenewing(() => {
          if (sweeping) return;
          sweeping = true;
          resumeDiscordSessions(context, 'takeover')
            .catch((err: unknown) => logger.warn({ err }, 'could not take over open rounds'))
            .finally(() => (sweeping = false));
        }, (err: unknown) => logger.warn({ err }, 'could not renew the lease on open rounds'))
      : () => undefined;

  return {
    context,
    async stop() {
      stopSweeping();
      for (const timer of context.lobbyTimers.values()) clearTimeout(timer);
      await context.voice?.stop?.();
      await client.destroy();
    },
  };
}
