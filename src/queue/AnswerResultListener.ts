import { EventEmitter } from 'node:events';
import pg from 'pg';
import { ANSWER_DONE_CHANNEL } from '../db/index.js';
import { answerId as toAnswerId, type AnswerId } from '../ids.js';
import type { Logger } from '../logger.js';

interface ListenerEvents {
  /** An answer's work is over (scored or failed), as announced on commit. */
  done: [answerId: AnswerId];
  /** Connected (first time or again): whatever landed while it was not listening must be looked for now. */
  connected: [];
}

/**
 * The bot's ear on Postgres: one connection that LISTENs to `answer_done` (sent by `pg_notify` in the transaction that
 * finishes an answer, on any machine). Notifications sent while it is disconnected are lost — Postgres keeps none —
 * so every (re)connect is announced as `connected` and listeners catch up from the database (the feedback owed).
 */
export class AnswerResultListener extends EventEmitter<ListenerEvents> {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryMs = 250;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly logger?: Logger,
  ) {
    super();
  }

  /** Resolves once listening (the first connection); later losses reconnect in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'interview-coach listener' });
    client.on('notification', (message) => {
      const id = Number(message.payload);
      if (message.channel === ANSWER_DONE_CHANNEL && Number.isInteger(id) && id > 0) this.emit('done', toAnswerId(id));
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.removeAllListeners('end');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger?.warn({ err }, 'lost the answer-result listener connection; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${ANSWER_DONE_CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    this.retryMs = 250;
    this.emit('connected');
  }

  private scheduleReconnect(): void {
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    this.timer = setTimeout(() => {
      this.connect().catch((err: unknown) => {
        this.logger?.warn({ err }, 'could not reconnect the answer-result listener; trying again');
        if (!this.stopped) this.scheduleReconnect();
      });
    }, wait);
    this.timer.unref();
  }

  /** For tests and operators: ends the connection as a network failure would (the listener reconnects). */
  dropConnection(): void {
    const client = this.client;
    if (client) client.emit('error', new Error('connection dropped'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
