import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = optionalString.pipe(z.url().optional());

const intFromEnv = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const boolFromEnv = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');


/** Every environment variable the app reads. `.env.example` documents each one. */
export const envSchema = z.object({
  DATABASE_PATH: z.string().default('./data/interview-coach.db'),
  /** `postgres://…` stores everything in Postgres instead of the SQLite file (DATABASE_PATH is then unused). */
  DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// or postgresql:// URL').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: optionalUrl,
  DISCORD_MESSAGE_CONTENT_INTENT: boolFromEnv(true),
  /** Unset: one process, no sharding. `auto` (Discord's recommended count) or N: one process per shard (docs/SCALING.md). */
  DISCORD_SHARDS: optionalString.pipe(
    z.union([z.literal('auto'), z.coerce.number<string>().int().min(1).max(10_000)]).optional(),
  ),
  /** With DISCORD_SHARDS=N: the shard ids this machine runs (comma-separated); unset runs all N. */
  DISCORD_SHARD_LIST: optionalString.pipe(
    z
      .string()
      .regex(/^\d+(\s*,\s*\d+)*$/, 'expected shard ids such as 0,1,2')
      .transform((v) => v.split(',').map((id) => Number(id.trim())))
      .optional(),
  ),
  /** A process's open rounds stay its own this long after it last renewed them, so a restart gets them back. */
  RESTART_GRACE_SECONDS: intFromEnv(120, 5, 86_400),

  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_PORT: intFromEnv(3000, 0, 65535),
  SLACK_API_URL: optionalUrl,

  GEMINI_API_KEY: optionalString,
  // Defaults and their sources: docs/PROVIDERS.md.
  GEMINI_MODEL: z.string().default('gemini-flash-latest'),
  GEMINI_TTS_MODEL: z.string().default('gemini-3.8-flash-lite-tts'),
  GEMINI_BASE_URL: optionalUrl,
  /** The Gemini API version: v1beta carries JSON-schema output and speech output for generateContent. */
  GEMINI_API_VERSION: z.string().trim().regex(/^v\d+[a-z0-9]*$/, 'expected an API version such as v1beta or v1').default('v1beta'),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().default('gpt-5.4-mini'),
  OPENAI_TTS_MODEL: z.string().default('gpt-4o-mini-tts'),
  OPENAI_TTS_VOICE: z.string().default('alloy'),

  WHISPER_BASE_URL: optionalUrl,
  WHISPER_API_KEY: optionalString,
  WHISPER_MODEL: z.string().default('whisper-1'),
  WHISPER_MODEL_PATH: optionalString,
  WHISPER_LANGUAGE: optionalString,
  /** Speech per chunk before a live answer (or a long file) is cut at a pause and transcribed; 0 sends answers whole. */
  TRANSCRIBE_CHUNK_SECONDS: intFromEnv(20, 0, 600),
  /** Transcription requests at once per process, shared by all answers (a local model always runs one at a time). */
  TRANSCRIBE_CONCURRENCY: intFromEnv(2, 1, 32),
  /** Local whisper.cpp model fetched on first use when no API transcriber is configured; a name of the pinned
   * manifest (src/pipeline/transcribe/localModel/manifest.ts), checked when providers are built. */
  WHISPER_LOCAL_MODEL: z.string().trim().default('base.en-q5_1'),
  /** Where the manifest's models are downloaded from (a mirror of the Hugging Face repository). */
  WHISPER_MODEL_BASE_URL: optionalUrl,
  /** Replace the chosen model's source: URL + SHA256 (+ optional BYTES). */
  WHISPER_MODEL_URL: optionalUrl,
  WHISPER_MODEL_SHA256: optionalString.pipe(
    z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits').transform((v) => v.toLowerCase()).optional(),
  ),
  WHISPER_MODEL_BYTES: optionalString.pipe(z.coerce.number<string | undefined>().int().min(1).optional()),
  /** Cache folder for downloaded models; default `models/` beside the database. */
  WHISPER_MODEL_DIR: optionalString,
  /** false: never download; a missing model is an error (offline machines pre-fetch with `models download`). */
  WHISPER_MODEL_DOWNLOAD: boolFromEnv(true),
  /** A download that receives nothing for this long is abandoned (its .part is kept for a resume). */
  WHISPER_MODEL_STALL_SECONDS: intFromEnv(30, 1, 600),

  QUESTION_PROVIDER: z.enum(['auto', 'gemini', 'openai', 'bank']).default('auto'),
  EVALUATOR_PROVIDER: z.enum(['auto', 'gemini', 'openai', 'rubric']).default('auto'),
  TRANSCRIBER_PROVIDER: z.enum(['auto', 'openai', 'whisper-cpp', 'none']).default('auto'),
  SPEAKER_PROVIDER: z.enum(['auto', 'openai', 'gemini', 'espeak']).default('auto'),

  PROVIDER_TIMEOUT_MS: intFromEnv(30_000, 100, 600_000),
  PROVIDER_MAX_RETRIES: intFromEnv(2, 0, 10),
  /** Timeout of the start-up self-check of each configured provider (one model lookup each). */
  PROVIDER_CHECK_TIMEOUT_MS: intFromEnv(10_000, 100, 120_000),

  MAX_ANSWER_SECONDS: intFromEnv(300, 5, 3600),
  MAX_ANSWER_CHARS: intFromEnv(10_000, 100, 100_000),
  MAX_AUDIO_BYTES: intFromEnv(25 * 1024 * 1024, 1024, 500 * 1024 * 1024),
  SILENCE_END_SECONDS: intFromEnv(4, 1, 60),
  /** Seconds a lobby waits for people to join before the first question (0 starts at once). */
  LOBBY_SECONDS: intFromEnv(30, 0, 600),
  STORE_AUDIO: boolFromEnv(false),
  /** Minutes a spoken answer's audio stays in memory for "Hear it without the ums" (0 turns the button off). */
  REPLAY_MINUTES: intFromEnv(15, 0, 1440),
  /** Memory all kept replays may hold together, in MB; the oldest are dropped first. */
  REPLAY_MEMORY_MB: intFromEnv(64, 1, 4096),
  /** When a transcriber fails, retry a kept voice answer after these many seconds (comma-separated). */
  TRANSCRIPTION_RETRY_SECONDS: z
    .string()
    .default('20,60,180')
    .transform((v) => v.split(',').map((part) => Number(part.trim())))
    .pipe(z.array(z.number().min(0).max(3600)).max(10)),

  LIMIT_SESSIONS_PER_USER_PER_DAY: intFromEnv(20, 0, 100_000),
  LIMIT_SESSIONS_PER_WORKSPACE_PER_DAY: intFromEnv(200, 0, 1_000_000),
  LIMIT_TRANSCRIPTION_SECONDS_PER_USER_PER_DAY: intFromEnv(1800, 0, 10_000_000),
  LIMIT_TRANSCRIPTION_SECONDS_PER_WORKSPACE_PER_DAY: intFromEnv(18_000, 0, 100_000_000),
  DRILL_COOLDOWN_SECONDS: intFromEnv(10, 0, 3600),

  CHART_RENDERER: z.enum(['local', 'quickchart']).default('local'),
  QUICKCHART_URL: optionalUrl,

  /** `GET /healthz` and `/readyz` on this port in every mode; unset = no health listener. */
  HEALTH_PORT: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
  /** On SIGTERM, how long answers being processed may take to finish before the process exits anyway. */
  SHUTDOWN_GRACE_SECONDS: intFromEnv(25, 0, 600),

  /**
   * The answer work queue on Postgres (pg-boss, see docs/SCALING.md); with SQLite the work stays in process. Tries
   * after a failed or abandoned job, the first retry's delay (doubled each time), the visibility timeout after which
   * a job held by a dead worker is handed out again, how often workers look for such jobs, pg-boss's schema.
   */
  QUEUE_RETRY_LIMIT: intFromEnv(3, 0, 20),
  QUEUE_RETRY_DELAY_SECONDS: intFromEnv(5, 1, 3600),
  QUEUE_EXPIRE_SECONDS: intFromEnv(600, 1, 86_400),
  QUEUE_MONITOR_SECONDS: intFromEnv(30, 1, 3600),
  QUEUE_SCHEMA: z.string().trim().regex(/^[a-z_][a-z0-9_]{0,49}$/, 'a lower-case Postgres schema name').default('pgboss'),
  /** Answers one `interview-coach worker` process works on at once. */
  WORKER_CONCURRENCY: intFromEnv(1, 1, 32),
  /**
   * Where the bot puts stored answers' work: `in-process` (the bot works them at once, as always) or `pg-boss` (a job
   * in Postgres, in the answer's own transaction, for `interview-coach worker` processes; needs DATABASE_URL).
   */
  ANSWER_QUEUE: z.enum(['in-process', 'pg-boss']).default('in-process'),
  /** With ANSWER_QUEUE=pg-boss, jobs the bot itself also works at once (1: one process still works end to end; 0: gateway only). */
  BOT_QUEUE_CONCURRENCY: intFromEnv(1, 0, 32),
  /** With ANSWER_QUEUE=pg-boss, the largest voice answer (as WAV) the bot stores in the database for a worker. */
  QUEUE_AUDIO_MAX_BYTES: intFromEnv(10 * 1024 * 1024, 64 * 1024, 256 * 1024 * 1024),
});

export type Env = z.infer<typeof envSchema>;
