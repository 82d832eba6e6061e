import path from 'node:path';
import type { Config } from './config/index.js';
import type { Logger } from './logger.js';
import { reportUnknownValuesTo } from './db/storedEnums.js';
import { InFlight } from './health/InFlight.js';
import { createRepositories, openDatabase, type Repositories } from './db/index.js';
import { createDatabaseProbe, type DatabaseProbe } from './db/databaseProbe.js';
import { openDatabaseFromConfig, type OpenDatabase } from './db/openDatabaseFromConfig.js';
import type { Evaluator } from './pipeline/evaluate/types.js';
import type { FollowUpWriter } from './pipeline/questions/followUpWriter.js';
import type { QuestionSource } from './pipeline/questions/types.js';
import type { Speaker } from './pipeline/speech/types.js';
import type { Transcriber } from './pipeline/transcribe/types.js';
import { BankQuestionSource } from './pipeline/questions/bankQuestionSource.js';
import type { ProviderDescription } from './pipeline/providers/selectProviders.js';
import { createAppProviders } from './appProviders.js';
import type { LocalModelProvisioner } from './pipeline/transcribe/localModel/LocalModelProvisioner.js';
import { SessionEngine } from './session/SessionEngine.js';
import { AnswerProcessor } from './session/AnswerProcessor.js';
import { UsageLimits } from './session/UsageLimits.js';
import { RoundLeases } from './session/RoundLeases.js';
import { ConcurrencyLimit, DEFAULT_CHUNKING } from './pipeline/transcribe/chunked/index.js';
import { inProcessAnswerQueue } from './queue/openAnswerQueue.js';
import { openAnswerHandOff, type OpenHandOff } from './queue/openAnswerHandOff.js';
import { ReplayStore } from './session/ReplayStore.js';

/** Built once at start; nothing swaps a part afterwards, and nobody outside src/db holds the connection. */
export interface Services {
  readonly config: Config;
  readonly repos: Repositories;
  /** Health questions about the database itself (is it writable, how many tables). */
  readonly database: DatabaseProbe;
  readonly engine: SessionEngine;
  readonly answers: AnswerProcessor;
  /** Spoken answers' audio, in memory only, for "Hear it without the ums"; null when REPLAY_MINUTES=0. */
  readonly replays: ReplayStore | null;
  readonly limits: UsageLimits;
  /** This process's hold on its open rounds when processes share the database (src/session/RoundLeases.ts). */
  readonly leases: RoundLeases;
  readonly questions: QuestionSource;
  readonly evaluator: Evaluator;
  /** Writes follow-up questions (the LLM when one scores answers, with the offline writer behind it). */
  readonly followUps: FollowUpWriter;
  readonly transcriber: Transcriber | null;
  /** The local whisper model when it is the transcriber (downloaded on first use); else null. */
  readonly localModel: LocalModelProvisioner | null;
  readonly speaker: Speaker;
  describeProviders(): ProviderDescription[];
  /** Answers being worked on; SIGTERM waits for them (see src/health/InFlight.ts). */
  readonly inFlight: InFlight;
  /** Stops the local whisper worker (if any), then closes the database. */
  close(): Promise<void>;
}

/** What services are built with besides the Config. */
export interface ServiceOptions {
  databasePath?: string;
  logger?: Logger;
  /** `sessions.owner` of rounds started here (default `main`; a Discord shard: `discord-shard-N`). */
  roundOwner?: string;
  /** The question bank's source of randomness in [0, 1) (default Math.random); tests pass a seeded one. */
  questionRandom?: () => number;
  /** The clock replays expire by (tests inject one); Date.now otherwise. */
  now?: () => number;
}

/** Everything below the platform adapters, on the database the Config names (DATABASE_URL or DATABASE_PATH). */
export async function openServices(config: Config, options: ServiceOptions = {}): Promise<Services> {
  const database = await openDatabaseFromConfig(config, options.databasePath);
  if (config.ANSWER_QUEUE !== 'pg-boss') return createServices(config, { ...options, database });
  try {
    const handOff = await openAnswerHandOff(config, options.roundOwner ?? 'main', options.logger);
    return createServices(config, { ...options, database, handOff });
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Everything below the platform adapters, built from one Config (on SQLite unless an open database is given). */
export function createServices(config: Config, options: ServiceOptions & { database?: OpenDatabase; handOff?: OpenHandOff } = {}): Services {
  const handle = options.database ?? openDatabase(options.databasePath ?? config.DATABASE_PATH);
  const repos = createRepositories(handle);
  const bank = new BankQuestionSource({ random: options.questionRandom });
  const logger = options.logger;
  if (logger) reportUnknownValuesTo(({ column, value }) => logger.warn({ column, value }, 'a stored value this version does not know; read as unknown'));
  const providers = createAppProviders(config, logger, bank);
  const limits = new UsageLimits(repos, {
    sessionsPerUserPerDay: config.LIMIT_SESSIONS_PER_USER_PER_DAY,
    sessionsPerWorkspacePerDay: config.LIMIT_SESSIONS_PER_WORKSPACE_PER_DAY,
    transcriptionSecPerUserPerDay: config.LIMIT_TRANSCRIPTION_SECONDS_PER_USER_PER_DAY,
    transcriptionSecPerWorkspacePerDay: config.LIMIT_TRANSCRIPTION_SECONDS_PER_WORKSPACE_PER_DAY,
    drillCooldownSec: config.DRILL_COOLDOWN_SECONDS,
  });
  const leases = new RoundLeases(repos, options.roundOwner ?? 'main', config.RESTART_GRACE_SECONDS * 1000);
  const engine = new SessionEngine({ repos, questions: providers.questions, fallbackQuestions: bank, limits, lease: { owner: leases.owner, ms: leases.ms } });
  const replays =
    config.REPLAY_MINUTES > 0 ? new ReplayStore({ ttlMs: config.REPLAY_MINUTES * 60_000, maxBytes: config.REPLAY_MEMORY_MB * 1024 * 1024, now: options.now }) : null;
  const answers = new AnswerProcessor({
    repos,
    replays: replays ?? undefined,
    limits,
    evaluator: providers.evaluator,
    transcriber: providers.transcriber,
    maxAnswerChars: config.MAX_ANSWER_CHARS,
    audioDir: config.STORE_AUDIO ? path.join(path.dirname(path.resolve(config.DATABASE_PATH)), 'audio') : undefined,
    chunking: { ...DEFAULT_CHUNKING, chunkSpeechSec: config.TRANSCRIBE_CHUNK_SECONDS },
    // One local model decodes one chunk at a time; more requests at once would only queue inside it.
    transcriptionLimit: new ConcurrencyLimit(Math.min(config.TRANSCRIBE_CONCURRENCY, providers.transcriber?.maxConcurrency ?? Infinity)),
    // Stored answers' work goes through the queue interface: in process, or pg-boss with ANSWER_QUEUE (docs/SCALING.md).
    ...(options.handOff
      ? { queue: options.handOff.queue, worksQueue: config.BOT_QUEUE_CONCURRENCY > 0, handOff: options.handOff.handOff }
      : { queue: inProcessAnswerQueue() }),
  });
  if (options.handOff && config.BOT_QUEUE_CONCURRENCY > 0) {
    void options.handOff.queue.workDeadLetters(({ answerId }) => answers.deadLettered(answerId));
  }
  return {
    config,
    repos,
    database: handle.dialect === 'sqlite' ? createDatabaseProbe(handle.sqlite) : handle.probe,
    engine,
    answers,
    replays,
    limits,
    leases,
    questions: providers.questions,
    evaluator: providers.evaluator,
    followUps: providers.followUps,
    transcriber: providers.transcriber,
    localModel: providers.localModel,
    speaker: providers.speaker,
    describeProviders: () => providers.describe(),
    inFlight: new InFlight(),
    close: async () => {
      replays?.clear();
      try {
        await options.handOff?.close(config.SHUTDOWN_GRACE_SECONDS * 1000);
        await providers.close();
      } finally {
        await handle.close();
      }
    },
  };
}
