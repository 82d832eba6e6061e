import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver, type AppOptions } from '@slack/bolt';
import { answerHealth, Readiness } from '../../health/index.js';
import { InterviewFlow } from '../../commands/interview/InterviewFlow.js';
import { resumeOpenWork, type ResumeTarget } from '../../commands/interview/resumeOpenWork.js';
import { showOwedFeedback } from '../../commands/interview/owedFeedback.js';
import { threadOfSession } from './sessionThread.js';
import { SlackSurface } from './SlackSurface.js';
import type { Config } from '../../config/index.js';
import { silentLogger, type Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import { registerBlockActions } from './blockActions.js';
import { registerRatingActions } from './ratingActions.js';
import { boltLogger } from './boltLogger.js';
import { registerFileEvents } from './fileEvents.js';
import { QuestionMessages } from './QuestionMessages.js';
import { SeenKeys } from './SeenKeys.js';
import { SLACK_REFUSALS } from './slackActor.js';
import { SLACK_VOCABULARY, slackSummaryCard } from './slackCards.js';
import type { SlackContext } from './SlackContext.js';
import { slackMode } from './slackMode.js';
import { registerSlashCommands } from './slashCommands.js';
import { registerThreadMessages } from './threadMessages.js';

export interface SlackBot {
  /** The Bolt app, for adding routes or listeners in tests. */
  app: App;
  mode: 'socket' | 'http';
  /** The HTTP port actually bound (HTTP mode only). */
  port?: number;
  stop(): Promise<void>;
}

export interface StartSlackBotOptions {
  /** Interface the HTTP receiver binds (default: all). */
  host?: string;
  /** The app's readiness: the bot adds its `slack` check; HTTP mode also answers `/healthz` and `/readyz` with it. */
  readiness?: Readiness;
}

const CLIENT_RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000, randomize: true };

/** WebClient joins method names onto the base URL, so it must end with a slash. */
function apiUrl(config: Config): string | undefined {
  const url = config.SLACK_API_URL;
  if (url === undefined) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Starts the Slack adapter: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on SLACK_PORT (Request URL
 * `/slack/events`, signatures checked with SLACK_SIGNING_SECRET). Throws ConfigError when Slack is not configured.
 */
export async function startSlackBot(services: Services, config: Config, logger: Logger = silentLogger(), options: StartSlackBotOptions = {}): Promise<SlackBot> {
  const mode = slackMode(config);
  const slackApiUrl = apiUrl(config);
  const questions = new QuestionMessages();
  const flow = new InterviewFlow(services, {
    summaryCard: (session) => slackSummaryCard(services, session),
    onEnded: (session) => questions.retire(session.id),
    vocabulary: SLACK_VOCABULARY,
    refusals: SLACK_REFUSALS,
    transcriptionRetryDelaysMs: config.TRANSCRIPTION_RETRY_SECONDS.map((sec) => sec * 1000),
    logger: logger.child({ platform: 'slack' }),
  });
  const ctx: SlackContext = {
    services,
    config,
    flow,
    logger: logger.child({ platform: 'slack' }),
    seen: new SeenKeys(),
    questions,
    trustedFileOrigins: slackApiUrl ? [new URL(slackApiUrl).origin] : [],
  };
  const common: AppOptions = {
    token: mode.botToken,
    logger: boltLogger(logger),
    // The SDK's default retries for half an hour; a chat reply that late is worse than a clear error now.
    // Rate-limited calls still wait for Retry-After.
    clientOptions: { retryConfig: CLIENT_RETRIES, timeout: 30_000, ...(slackApiUrl !== undefined && { slackApiUrl }) },
  };
  const readiness = options.readiness ?? new Readiness();
  // Built here rather than by Bolt so the socket's state can be read for /readyz.
  const socket =
    mode.kind === 'socket'
      ? new SocketModeReceiver({ appToken: mode.appToken, logger: common.logger, installerOptions: { clientOptions: common.clientOptions } })
      : undefined;
  let listening = false;
  const app = socket
    ? new App({ ...common, receiver: socket })
    : new App({
        ...common,
        signingSecret: mode.kind === 'http' ? mode.signingSecret : '',
        // The same health answers as HEALTH_PORT, on the port Slack already reaches.
        customRoutes: ['/healthz', '/readyz'].map((path) => ({ path, method: ['GET'], handler: (req, res) => void answerHealth(req, res, readiness) })),
      });
  readiness.add('slack', () => {
    if (socket) return socket.client.websocket?.isActive() === true ? { ok: true } : { ok: false, detail: 'Socket Mode connection is not open' };
    return listening ? { ok: true } : { ok: false, detail: 'HTTP listener is not bound' };
  });

  registerSlashCommands(app, ctx);
  registerBlockActions(app, ctx);
  registerRatingActions(app, ctx);
  registerThreadMessages(app, ctx);
  registerFileEvents(app, ctx);
  // Handlers report their own failures (slackErrors.ts); this catches what escapes them, e.g. a throwing middleware.
  app.error(async (error) => {
    ctx.logger.error({ err: error }, 'unhandled Slack error');
  });

  const slackTarget: ResumeTarget = {
    platform: 'slack',
    surfaceFor: async (session) => {
      const thread = threadOfSession(session);
      return thread ? new SlackSurface(app.client, thread, { questions }) : undefined;
    },
  };
  const resume = async () => {
    await resumeOpenWork(services, flow, slackTarget, ctx.logger);
    // ANSWER_QUEUE=pg-boss: cards of answers whose result landed while this process was not waiting for it.
    await showOwedFeedback(services, flow, slackTarget, ctx.logger);
  };

  if (mode.kind === 'socket') {
    await app.start();
    ctx.logger.info('Slack bot connected (Socket Mode)');
    await resume();
    return { app, mode: 'socket', stop: async () => void (await app.stop()) };
  }
  const server = await app.start({ port: mode.port, ...(options.host !== undefined && { host: options.host }) });
  listening = true;
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? (address satisfies AddressInfo).port : mode.port;
  ctx.logger.info({ port }, 'Slack bot listening (HTTP, /slack/events)');
  await resume();
  return {
    app,
    mode: 'http',
    port,
    stop: async () => {
      listening = false;
      await app.stop();
    },
  };
}
