import { once } from 'node:events';
import { createLogger } from '../../logger.js';
import { databaseLabel } from '../../db/openDatabaseFromConfig.js';
import { UserFacingError } from '../../errors.js';
import { ANSWER_QUEUE } from '../../queue/JobQueue.js';
import { pgBossAnswerQueue } from '../../queue/openAnswerQueue.js';
import { safeErrorText } from '../../redactSecrets.js';
import { parseCommandArgs } from '../args.js';
import type { CliContext } from '../cliContext.js';
import type { Terminal } from '../terminal.js';

export const WORKERS_NEED_POSTGRES =
  'Workers need Postgres: set DATABASE_URL=postgres://… to the database the bot uses. With SQLite (DATABASE_PATH) answers are transcribed and scored inside the bot’s own process, so there is no queue for a worker to take from.';

/**
 * `interview-coach worker`: takes answers from the work queue in DATABASE_URL's Postgres (pg-boss), transcribes,
 * analyzes and scores them, until SIGTERM or SIGINT. Then it stops taking jobs, lets the answers in hand finish for
 * up to SHUTDOWN_GRACE_SECONDS and releases what is left (failed back to the queue, retried by another worker).
 * One line per job on stdout: `took answer N (attempt K)`, then `answer N: <outcome>`.
 */
export async function workerCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  parseCommandArgs(argv, {});
  const { config } = ctx;
  if (!config.DATABASE_URL) throw new UserFacingError('bad_usage', WORKERS_NEED_POSTGRES);
  // The worker's own services: it takes jobs, it hands none off (whatever ANSWER_QUEUE says for the bot).
  const { openServices } = await import('../../services.js');
  const services = await openServices({ ...config, ANSWER_QUEUE: 'in-process' });
  // pg-boss's own troubles (a maintenance query failing, the connection lost and retried) as log lines.
  const queue = await pgBossAnswerQueue(config, createLogger(config.LOG_LEVEL)).catch(async (error: unknown) => {
    await services.close();
    throw error;
  });
  const stopping = Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')]);
  try {
    await queue.work(async ({ answerId }, { attempt }) => {
      term.out(`took answer ${answerId} (attempt ${attempt})`);
      try {
        const outcome = await services.inFlight.track(services.answers.workOn(answerId));
        term.out(`answer ${answerId}: ${outcome}`);
      } catch (error) {
        term.err(`answer ${answerId} failed on attempt ${attempt}: ${safeErrorText(error)}`);
        throw error;
      }
    });
    // Answers whose job failed on every try: marked failed, so the bot tells the person.
    await queue.workDeadLetters(async ({ answerId }) => {
      await services.answers.deadLettered(answerId);
      term.out(`answer ${answerId}: failed for good (dead-letter queue)`);
    });
    term.out(`worker ready: queue ${ANSWER_QUEUE} in ${databaseLabel(config)}, ${config.WORKER_CONCURRENCY} at a time`);
    await stopping;
    term.out('stopping: no new answers; finishing the ones in hand');
  } finally {
    await queue.stop(config.SHUTDOWN_GRACE_SECONDS * 1000);
    await services.close();
  }
  term.out('worker stopped');
  return 0;
}
