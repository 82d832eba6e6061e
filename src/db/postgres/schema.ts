import { sql } from '../drizzle.js';
import { ANSWER_ERRORS, type PeerTag } from '../schema.js';
import { ANSWER_TRANSCRIBERS, COMPETENCIES, DIFFICULTIES, EVALUATORS, PLATFORMS, ROLES, type AnswerTranscriber, type Competency, type Difficulty, type Known, type Role } from '../../enums.js';
import { SURFACES, type ChannelId, type MessageId, type SlackTs } from '../../location.js';
import type { AnswerId, PlatformUserId, PlatformWorkspaceId, QuestionId, SessionId, UserId, WorkspaceId } from '../../ids.js';
import { bigint, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from './drizzlePg.js';

/*
 * The Postgres twin of src/db/schema.ts: same tables, columns, keys and indexes, in Postgres types. drizzle has no
 * dialect-neutral schema, so the two files are kept in lockstep by test/db/postgresSchema.test.ts, which checks that
 * every table's inferred row types are the same on both (the repositories are written once, typed on the SQLite
 * schema). Migrations: `npm run db:generate:pg` (drizzle.postgres.config.ts → migrations/postgres/).
 *
 * Types: SQLite's millisecond timestamps are `timestamptz(3)` (a JS Date either way, to the millisecond); json text is
 * `jsonb`; 0/1 booleans are `boolean`; `real` is `double precision`; autoincrement ids are identity columns. The rollups'
 * score halves hold up to 10 × 2^28 per answer, beyond Postgres' 32-bit `integer`, so they are `bigint` (read as JS
 * numbers: sums stay below 2^53 for billions of answers).
 */

const createdAt = () => timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow();
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });
const id = <T extends number>() => integer('id').$type<T>().primaryKey().generatedByDefaultAsIdentity();
/* Enum columns and ids are typed as in src/db/schema.ts (src/enums.ts, src/ids.ts); none of it changes the SQL. */
const roleColumn = () => text('role', { enum: ROLES }).$type<Known<Role>>().notNull();
const difficultyColumn = () => text('difficulty', { enum: DIFFICULTIES }).$type<Known<Difficulty>>().notNull();

export const users = pgTable(
  'users',
  {
    id: id<UserId>(),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    platformUserId: text('platform_user_id').$type<PlatformUserId>().notNull(),
    displayName: text('display_name').notNull().default(''),
    shareProgress: boolean('share_progress').notNull().default(false),
    /** Bumped with every change to this person's /progress (the report cache's key); see src/db/schema.ts. */
    progressVersion: integer('progress_version').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_platform_identity').on(t.platform, t.platformUserId)],
);

export const workspaces = pgTable(
  'workspaces',
  {
    id: id<WorkspaceId>(),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    platformWorkspaceId: text('platform_workspace_id').$type<PlatformWorkspaceId>().notNull(),
    name: text('name').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('workspaces_platform_identity').on(t.platform, t.platformWorkspaceId)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').$type<SessionId>().primaryKey(),
    kind: text('kind', { enum: ['interview', 'drill', 'rehearse'] }).notNull(),
    workspaceId: integer('workspace_id')
      .$type<WorkspaceId>()
      .notNull()
      .references(() => workspaces.id),
    hostUserId: integer('host_user_id').$type<UserId>().references(() => users.id, { onDelete: 'set null' }),
    /** Where the session lives, one column per part (see src/location.ts); only src/db/locationColumns.ts reads them. */
    surface: text('surface', { enum: SURFACES }).notNull().default('discord'),
    /** Discord or Slack channel, or the CLI run; null for a drill not yet shown anywhere. */
    channelId: text('channel_id').$type<ChannelId>(),
    /** A Discord round's thread. */
    threadId: text('thread_id').$type<ChannelId>(),
    /** A Slack round's thread: its root message's ts (in `channel_id`). */
    threadTs: text('thread_ts').$type<SlackTs>(),
    /** A drill's owner (their platform user id): at most one open drill each. */
    dmUser: text('dm_user').$type<PlatformUserId>(),
    role: roleColumn(),
    difficulty: difficultyColumn(),
    questionCount: integer('question_count').notNull(),
    mode: text('mode', { enum: ['text', 'voice'] }).notNull(),
    roundMode: text('round_mode', { enum: ['everyone', 'hot-seat'] })
      .notNull()
      .default('everyone'),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    jobDescription: text('job_description'),
    leaderboard: boolean('leaderboard').notNull().default(false),
    followUps: boolean('follow_ups').notNull().default(false),
    status: text('status', { enum: ['lobby', 'active', 'ended', 'abandoned'] }).notNull(),
    currentIndex: integer('current_index').notNull().default(0),
    createdAt: createdAt(),
    endedAt: instant('ended_at'),
    owner: text('owner'),
    leaseUntil: instant('lease_until'),
  },
  (t) => [
    index('sessions_channel_status').on(t.surface, t.channelId, t.status),
    index('sessions_status').on(t.status),
    uniqueIndex('sessions_one_open_round_per_channel')
      .on(t.surface, t.channelId)
      .where(sql`${t.kind} = 'interview' and ${t.status} in ('lobby', 'active')`),
  ],
);

export const sessionParticipants = pgTable(
  'session_participants',
  {
    sessionId: text('session_id')
      .$type<SessionId>()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .$type<UserId>()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: createdAt(),
    leftAt: instant('left_at'),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export const questions = pgTable(
  'questions',
  {
    id: id<QuestionId>(),
    sessionId: text('session_id')
      .$type<SessionId>()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    questionKey: text('question_key').notNull(),
    role: roleColumn(),
    category: text('category').notNull(),
    difficulty: difficultyColumn(),
    text: text('text').notNull(),
    keywords: jsonb('keywords').$type<{ term: string; synonyms: string[] }[]>().notNull(),
    idealAnswer: text('ideal_answer').notNull(),
    star: boolean('star').notNull().default(false),
    origin: text('origin').notNull(),
    seatUserId: integer('seat_user_id').$type<UserId>().references(() => users.id, { onDelete: 'set null' }),
    followUpOf: integer('follow_up_of').$type<QuestionId>(),
    status: text('status', { enum: ['pending', 'asked', 'skipped', 'done'] })
      .notNull()
      .default('pending'),
  },
  (t) => [uniqueIndex('questions_session_position').on(t.sessionId, t.position)],
);

export const questionHistory = pgTable(
  'question_history',
  {
    userId: integer('user_id')
      .$type<UserId>()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    questionKey: text('question_key').notNull(),
    role: text('role').notNull(),
    askedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.questionKey] })],
);

export const answers = pgTable(
  'answers',
  {
    id: id<AnswerId>(),
    sessionId: text('session_id')
      .$type<SessionId>()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .$type<QuestionId>()
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .$type<UserId>()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: integer('workspace_id')
      .$type<WorkspaceId>()
      .notNull()
      .references(() => workspaces.id),
    role: roleColumn(),
    category: text('category').notNull(),
    inputKind: text('input_kind', { enum: ['text', 'voice', 'voice_message', 'audio_clip'] }).notNull(),
    transcript: text('transcript'),
    /** What turned speech into text (`typed` for a typed answer); the model is in `transcriber_model`. */
    transcriber: text('transcriber', { enum: ANSWER_TRANSCRIBERS }).$type<Known<AnswerTranscriber>>(),
    transcriberModel: text('transcriber_model'),
    durationSec: doublePrecision('duration_sec'),
    status: text('status', { enum: ['received', 'transcribed', 'scored', 'failed'] }).notNull(),
    error: text('error', { enum: ANSWER_ERRORS }),
    replyRef: text('reply_ref').$type<MessageId>(),
    /** Whether `reply_ref` is an ephemeral message (seen by one person; it cannot be edited, only followed). */
    replyEphemeral: boolean('reply_ephemeral').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('answers_user_time').on(t.userId, t.createdAt),
    index('answers_workspace_user_time').on(t.workspaceId, t.userId, t.createdAt),
    index('answers_session').on(t.sessionId),
    index('answers_status').on(t.status),
    index('answers_user_role_time').on(t.userId, t.role, t.createdAt),
  ],
);

export const metrics = pgTable('metrics', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  wordCount: integer('word_count').notNull(),
  fillersTotal: integer('fillers_total').notNull(),
  fillersPerMinute: doublePrecision('fillers_per_minute'),
  fillersByWord: jsonb('fillers_by_word').$type<Record<string, number>>().notNull(),
  hedgesTotal: integer('hedges_total').notNull(),
  hedgesByPhrase: jsonb('hedges_by_phrase').$type<Record<string, number>>().notNull(),
  repetitions: integer('repetitions').notNull(),
  wpm: doublePrecision('wpm'),
  pauseCount: integer('pause_count').notNull(),
  pauseLongestSec: doublePrecision('pause_longest_sec').notNull(),
  pauseTotalSec: doublePrecision('pause_total_sec').notNull(),
  speechSec: doublePrecision('speech_sec'),
  pitchVariabilitySemitones: doublePrecision('pitch_variability_semitones'),
  loudnessVariabilityDb: doublePrecision('loudness_variability_db'),
  deliveryScore: doublePrecision('delivery_score'),
  hesitationsTotal: integer('hesitations_total'),
  hesitationsPerMinute: doublePrecision('hesitations_per_minute'),
  hesitationSpans: jsonb('hesitation_spans').$type<{ start: number; end: number }[]>(),
  disfluencyClusters: jsonb('disfluency_clusters').$type<
    { start: number; end: number; count: number; kinds: Partial<Record<'filler' | 'hesitation', number>> }[]
  >(),
  firstWordSec: doublePrecision('first_word_sec'),
});

export const evaluations = pgTable('evaluations', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  score: doublePrecision('score').notNull(),
  relevance: doublePrecision('relevance').notNull(),
  depth: doublePrecision('depth').notNull(),
  structure: doublePrecision('structure').notNull(),
  clarity: doublePrecision('clarity').notNull(),
  feedback: text('feedback').notNull(),
  idealAnswer: text('ideal_answer').notNull(),
  keywordsCovered: jsonb('keywords_covered').$type<string[]>().notNull(),
  keywordsMissed: jsonb('keywords_missed').$type<string[]>().notNull(),
  evaluator: text('evaluator', { enum: EVALUATORS }).notNull(),
  model: text('model'),
  createdAt: createdAt(),
});

export const usage = pgTable(
  'usage',
  {
    scope: text('scope', { enum: ['user', 'workspace'] }).notNull(),
    scopeId: integer('scope_id').notNull(),
    day: text('day').notNull(),
    sessions: integer('sessions').notNull().default(0),
    transcriptionSec: doublePrecision('transcription_sec').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.scopeId, t.day] })],
);

export const drillCooldowns = pgTable(
  'drill_cooldowns',
  {
    platform: text('platform').notNull(),
    platformUserId: text('platform_user_id').notNull(),
    lastAt: bigint('last_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.platformUserId] })],
);

/** See src/db/schema.ts. */
export const peerRatings = pgTable(
  'peer_ratings',
  {
    answerId: integer('answer_id')
      .$type<AnswerId>()
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    raterUserId: integer('rater_user_id')
      .$type<UserId>()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Whose answer was rated (the answer's user_id, copied): /progress reads a person's received ratings by it. */
    answerUserId: integer('answer_user_id')
      .$type<UserId>()
      .references(() => users.id, { onDelete: 'cascade' }),
    stars: integer('stars'),
    tags: jsonb('tags').$type<PeerTag[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.answerId, t.raterUserId] }),
    index('peer_ratings_rater').on(t.raterUserId),
    index('peer_ratings_answer_user').on(t.answerUserId, t.answerId),
  ],
);

/* The /progress rollups (see src/db/schema.ts and progressRollups.ts). Times in them are milliseconds, as numbers. */
const rollupUser = () =>
  integer('user_id')
    .$type<UserId>()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
const scoreHalf = (name: string) => bigint(name, { mode: 'number' }).notNull();

/** Each rollup per UTC day (`day`) and per UTC month (`month`), the same columns each (see src/db/schema.ts). */
type RollupPeriod = 'day' | 'month';

function rollupKey<P extends RollupPeriod>(period: P) {
  const periodColumn = text(period).notNull();
  return {
    userId: rollupUser(),
    workspaceId: integer('workspace_id').$type<WorkspaceId>().notNull(),
    role: text('role').notNull(),
    ...({ [period]: periodColumn } as Record<P, typeof periodColumn>),
  };
}

const progressPeriodTable = <N extends string, P extends RollupPeriod>(name: N, period: P) =>
  pgTable(
    name,
    {
      ...rollupKey(period),
      answers: integer('answers').notNull(),
      scored: integer('scored').notNull(),
      scoreHi: scoreHalf('score_hi'),
      scoreLo: scoreHalf('score_lo'),
      firstScoredAt: doublePrecision('first_scored_at'),
      lastScoredAt: doublePrecision('last_scored_at'),
      sessions: integer('sessions').notNull().default(0),
    },
    (t) => [primaryKey({ columns: [t.userId, t[period], t.workspaceId, t.role] })],
  );

const progressCategoryPeriodTable = <N extends string, P extends RollupPeriod>(name: N, period: P) =>
  pgTable(
    name,
    {
      ...rollupKey(period),
      category: text('category').notNull(),
      answers: integer('answers').notNull(),
      scoreHi: scoreHalf('score_hi'),
      scoreLo: scoreHalf('score_lo'),
    },
    (t) => [primaryKey({ columns: [t.userId, t[period], t.workspaceId, t.role, t.category] })],
  );

const progressFillerPeriodTable = <N extends string, P extends RollupPeriod>(name: N, period: P) =>
  pgTable(
    name,
    {
      ...rollupKey(period),
      word: text('word').notNull(),
      count: integer('count').notNull(),
    },
    (t) => [primaryKey({ columns: [t.userId, t[period], t.workspaceId, t.role, t.word] })],
  );

export const progressDays = progressPeriodTable('progress_days', 'day');
export const progressCategoryDays = progressCategoryPeriodTable('progress_category_days', 'day');
export const progressFillerDays = progressFillerPeriodTable('progress_filler_days', 'day');
export const progressMonths = progressPeriodTable('progress_months', 'month');
export const progressCategoryMonths = progressCategoryPeriodTable('progress_category_months', 'month');
export const progressFillerMonths = progressFillerPeriodTable('progress_filler_months', 'month');

export const progressSessions = pgTable(
  'progress_sessions',
  {
    userId: rollupUser(),
    sessionId: text('session_id').$type<SessionId>().notNull(),
    workspaceId: integer('workspace_id').$type<WorkspaceId>().notNull(),
    role: text('role').notNull(),
    startedAt: doublePrecision('started_at').notNull(),
    lastAt: doublePrecision('last_at').notNull(),
    answers: integer('answers').notNull(),
    scoreSum: doublePrecision('score_sum').notNull(),
    fillersPerMinuteSum: doublePrecision('fillers_per_minute_sum').notNull(),
    fillersPerMinuteAnswers: integer('fillers_per_minute_answers').notNull(),
    wpmSum: doublePrecision('wpm_sum').notNull(),
    wpmAnswers: integer('wpm_answers').notNull(),
    deliverySum: doublePrecision('delivery_sum').notNull(),
    deliveryAnswers: integer('delivery_answers').notNull(),
    roles: integer('roles').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.sessionId, t.workspaceId, t.role] }),
    index('progress_sessions_user_start').on(t.userId, t.startedAt, t.lastAt, t.workspaceId, t.role, t.roles),
    index('progress_sessions_user_end').on(t.userId, t.lastAt, t.startedAt),
    index('progress_sessions_user_multirole').on(t.userId, t.startedAt, t.sessionId).where(sql`${t.roles} > 1`),
  ],
);

export const storyCoverage = pgTable(
  'story_coverage',
  {
    answerId: integer('answer_id')
      .$type<AnswerId>()
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    competency: text('competency', { enum: COMPETENCIES }).$type<Known<Competency>>().notNull(),
    userId: rollupUser(),
    workspaceId: integer('workspace_id').$type<WorkspaceId>().notNull(),
    strength: integer('strength').notNull(),
    starParts: integer('star_parts').notNull(),
  },
  (t) => [primaryKey({ columns: [t.answerId, t.competency] }), index('story_coverage_user').on(t.userId, t.competency)],
);

export const progressCompetencies = pgTable(
  'progress_competencies',
  {
    userId: rollupUser(),
    workspaceId: integer('workspace_id').$type<WorkspaceId>().notNull(),
    competency: text('competency').notNull(),
    stories: integer('stories').notNull(),
    strengthSum: integer('strength_sum').notNull(),
    best: integer('best').notNull(),
    complete: integer('complete').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.workspaceId, t.competency] })],
);

/* The answer queue across machines (see src/db/schema.ts). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const answerAudio = pgTable('answer_audio', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  wav: bytea('wav').notNull(),
  createdAt: createdAt(),
});

export const feedbackOwed = pgTable('feedback_owed', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  owner: text('owner').notNull(),
  createdAt: createdAt(),
});

export const transcriptionCharges = pgTable('transcription_charges', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  seconds: doublePrecision('seconds').notNull(),
  day: text('day').notNull(),
});
