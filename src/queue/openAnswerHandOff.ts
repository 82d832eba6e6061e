import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { AnswerHandOff } from '../session/answerHandOff.js';
import { AnswerResultListener } from './AnswerResultListener.js';
import { pgBossAnswerQueue } from './openAnswerQueue.js';
import type { PgBossQueue } from './PgBossQueue.js';

/** The bot's side of ANSWER_QUEUE=pg-boss: the queue it sends (and, with BOT_QUEUE_CONCURRENCY, works) and its ear. */
export interface OpenHandOff {
  queue: PgBossQueue;
  listener: AnswerResultListener;
  handOff: AnswerHandOff;
  close(graceMs: number): Promise<void>;
}

export async function openAnswerHandOff(config: Config, owner: string, logger?: Logger): Promise<OpenHandOff> {
  if (!config.DATABASE_URL) throw new Error('ANSWER_QUEUE=pg-boss needs DATABASE_URL');
  const queue = await pgBossAnswerQueue(config, logger, config.BOT_QUEUE_CONCURRENCY);
  const listener = new AnswerResultListener(config.DATABASE_URL, logger);
  try {
    await listener.start();
  } catch (error) {
    await queue.stop(0);
    throw error;
  }
  return {
    queue,
    listener,
    handOff: {
      owner,
      audioMaxBytes: config.QUEUE_AUDIO_MAX_BYTES,
      enqueueIn: (client, job) => queue.enqueueIn(client, job),
      results: listener,
      ...(logger ? { logger } : {}),
    },
    close: async (graceMs) => {
      await listener.stop();
      await queue.stop(graceMs);
    },
  };
}
