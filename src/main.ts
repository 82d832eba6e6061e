import { ConfigError, loadConfig } from './config/index.js';
import { createLogger } from './logger.js';
import { SETUP_HELP, hasPlatform, startApp } from './app.js';
import { selfCheckAtStart } from './providerSelfCheck.js';
import { safeErrorText } from './redactSecrets.js';
import { gracefulShutdown } from './health/gracefulShutdown.js';
import { startLocalModel } from './startLocalModel.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : safeErrorText(error)}\n`);
  process.exit(2);
}
if (!hasPlatform(config)) {
  process.stderr.write(`${SETUP_HELP}\n`);
  process.exit(1);
}
const logger = createLogger(config.LOG_LEVEL);
// A stray rejection must not take down every round in progress: log it and keep serving.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception'));

// In parallel with start-up, never blocking it: a refused key or unknown model is logged once, by name.
selfCheckAtStart(config, logger).catch((err: unknown) => logger.warn({ err }, 'provider self-check failed'));

try {
  const app = await startApp(config, logger);
  // With no API transcriber, voice answers use a local model: fetch it now rather than at the first answer.
  startLocalModel(app.services.localModel, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // Answers being processed finish first (bounded by SHUTDOWN_GRACE_SECONDS); see src/health/gracefulShutdown.ts.
    gracefulShutdown(app, config.SHUTDOWN_GRACE_SECONDS * 1000, logger)
      .catch((err: unknown) => logger.error({ err }, 'shutdown failed'))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // A Discord shard whose manager process is gone (its IPC channel closed) stops too, rather than run unmanaged.
  if (process.env['SHARDING_MANAGER'] === 'true' && process.channel) process.once('disconnect', () => shutdown('manager gone'));
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.stderr.write(`Could not start: ${safeErrorText(error)}\n`);
  process.exit(1);
}
