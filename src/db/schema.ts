import { blob, index, integer, real, sql, sqliteTable, text, uniqueIndex, primaryKey } from './drizzle.js';
import { ANSWER_TRANSCRIBERS, COMPETENCIES, DIFFICULTIES, EVALUATORS, PLATFORMS, ROLES, type AnswerTranscriber, type Competency, type Difficulty, type Known, type Role } from '../enums.js';
import { SURFACES, type ChannelId, type Location, type MessageId, type SlackTs } from '../location.js';
import type { AnswerId, PlatformUserId, PlatformWorkspaceId, QuestionId, SessionId, UserId, WorkspaceId } from '../ids.js';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/*
 * Enum columns take their lists from src/enums.ts. A text enum changes no SQL, so a row can still hold a value outside
 * the list (written by another version, or by hand): such columns are typed `Known<…>` and the repositories read them
 * through `readKnown` (src/db/storedEnums.ts), which turns a stranger into `unknown` and reports it once. The app never
 * writes `unknown`.
 */
const roleColumn = () => text('role', { enum: ROLES }).$type<Known<Role>>().notNull();
const difficultyColumn = () => text('difficulty', { enum: DIFFICULTIES }).$type<Known<Difficulty>>().notNull();

/** A person on one platform (`discord`, `slack`, `cli`). */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').$type<UserId>().primaryKey({ autoIncrement: true }),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    platformUserId: text('platform_user_id').$type<PlatformUserId>().notNull(),
    displayName: text('display_name').notNull().default(''),
    /** Whether others in the same workspace may see this person's /progress. */
    shareProgress: integer('share_progress', { mode: 'boolean' }).notNull().default(false),
    /**
     * Bumped in the transaction of every write that can change this person's /progress (an answer, its metrics or
     * evaluation, the share setting). With the never-reused id it names one state of their data: the report cache's key.
     */
    progressVersion: integer('progress_version').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_platform_identity').on(t.platform, t.platformUserId)],
);

/** A Discord guild, a Slack team, or the local CLI. */
export const workspaces = sqliteTable(
  'workspaces',
  {
    id: integer('id').$type<WorkspaceId>().primaryKey({ autoIncrement: true }),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    platformWorkspaceId: text('platform_workspace_id').$type<PlatformWorkspaceId>().notNull(),
    name: text('name').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('workspaces_platform_identity').on(t.platform, t.platformWorkspaceId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').$type<SessionId>().primaryKey(),
    kind: text('kind', { enum: ['interview', 'drill', 'rehearse'] }).notNull(),
    workspaceId: integer('workspace_id')
      .$type<WorkspaceId>()
      .notNull()
      .references(() => workspaces.id),
    /** Null once the host has used /forget-me; the session stays for the other participants. */
    hostUserId: integer('host_user_id').$type<UserId>().references(() => users.id, { onDelete: 'set null' }),
    /** Where the session lives, one column per part (see src/location.ts); only src/db/locationColumns.ts reads them. */
    surface: text('surface', { enum: SURFACES }).notNull().default('discord'),
    /** Discord or Slack channel, or the CLI run; null for a drill not yet shown anywhere. */
    channelId: text('channel_id').$type<ChannelId>(),
    /** A Discord round's thread. */
    threadId: text('thread_id').$type<ChannelId>(),
    role: roleColumn(),
    difficulty: difficultyColumn(),
    questionCount: integer('question_count').notNull(),
    /** A Slack round's thread: its root message's ts (in `channel_id`). */
    threadTs: text('thread_ts').$type<SlackTs>(),
    /** A drill's owner (their platform user id): at most one open drill each. */
    dmUser: text('dm_user').$type<PlatformUserId>(),
    mode: text('mode', { enum: ['text', 'voice'] }).notNull(),
    roundMode: text('round_mode', { enum: ['everyone', 'hot-seat'] })
      .notNull()
      .default('everyone'),
    topics: text('topics', { mode: 'json' }).$type<string[]>().notNull().default([]),
    jobDescription: text('job_description'),
    leaderboard: integer('leaderboard', { mode: 'boolean' }).notNull().default(false),
    /** After an answer, one follow-up question that probes its weakest point (`follow_ups:true`). */
    followUps: integer('follow_ups', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['lobby', 'active', 'ended', 'abandoned'] }).notNull(),
    /** Position (0-based) of the question being asked. */
    currentIndex: integer('current_index').notNull().default(0),
    createdAt: createdAt(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    /**
     * The process that runs this open round (`main`, or `discord-shard-N`), and until when it has claimed it: it
     * renews the lease while alive; after a crash only the same owner may take the round back before the lease
     * runs out (RESTART_GRACE_SECONDS). Null on rows from before sharding: any process may claim those.
     */
    owner: text('owner'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('sessions_channel_status').on(t.surface, t.channelId, t.status),
    index('sessions_status').on(t.status),
    // One open round per channel, across every process sharing the database (drills are private and may overlap).
    uniqueIndex('sessions_one_open_round_per_channel')
      .on(t.surface, t.channelId)
      .where(sql`${t.kind} = 'interview' and ${t.status} in ('lobby', 'active')`),
  ],
);

export const sessionParticipants = sqliteTable(
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
    leftAt: integer('left_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export const questions = sqliteTable(
  'questions',
  {
    id: integer('id').$type<QuestionId>().primaryKey({ autoIncrement: true }),
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
    keywords: text('keywords', { mode: 'json' }).$type<{ term: string; synonyms: string[] }[]>().notNull(),
    idealAnswer: text('ideal_answer').notNull(),
    star: integer('star', { mode: 'boolean' }).notNull().default(false),
    origin: text('origin').notNull(),
    /** The participant answering in hot-seat rounds; null means everyone. */
    seatUserId: integer('seat_user_id').$type<UserId>().references(() => users.id, { onDelete: 'set null' }),
    /** A follow-up question: the question whose answer it probes (a follow-up gets no follow-up of its own). */
    followUpOf: integer('follow_up_of').$type<QuestionId>(),
    status: text('status', { enum: ['pending', 'asked', 'skipped', 'done'] })
      .notNull()
      .default('pending'),
  },
  (t) => [uniqueIndex('questions_session_position').on(t.sessionId, t.position)],
);

/** Which bank/generated questions a user has been asked, so they are not repeated too soon. */
export const questionHistory = sqliteTable(
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

/**
 * Why an answer is failed or waiting. `unknown` stands for free text stored before the column was typed: drizzle's
 * text enum changes no SQL, so old rows keep whatever they had and are mapped as they are read.
 */
export const ANSWER_ERRORS = ['no_speech', 'no_transcriber', 'quota_exceeded', 'transcriber_failed', 'lost_on_restart', 'work_failed', 'unknown'] as const;
export type AnswerError = (typeof ANSWER_ERRORS)[number];

const KNOWN_ANSWER_ERRORS: ReadonlySet<string> = new Set(ANSWER_ERRORS);

/** A stored `answers.error` as the enum: legacy free text becomes `unknown`. */
export function answerErrorOf(value: string | null): AnswerError | null {
  if (value === null) return null;
  return KNOWN_ANSWER_ERRORS.has(value) ? (value as AnswerError) : 'unknown';
}

export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').$type<AnswerId>().primaryKey({ autoIncrement: true }),
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
    durationSec: real('duration_sec'),
    status: text('status', { enum: ['received', 'transcribed', 'scored', 'failed'] }).notNull(),
    /** Why the answer failed or waits (see ANSWER_ERRORS); rows from before the enum are read through `answerErrorOf`. */
    error: text('error', { enum: ANSWER_ERRORS }),
    /** Where the platform wants the result shown (message ids), so a restart can finish the job. */
    replyRef: text('reply_ref').$type<MessageId>(),
    /** Whether `reply_ref` is an ephemeral message (seen by one person; it cannot be edited, only followed). */
    replyEphemeral: integer('reply_ephemeral', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('answers_user_time').on(t.userId, t.createdAt),
    index('answers_workspace_user_time').on(t.workspaceId, t.userId, t.createdAt),
    index('answers_session').on(t.sessionId),
    index('answers_status').on(t.status),
    // /progress with a role: its newest-answers queries stay an index walk even when the role is rare.
    index('answers_user_role_time').on(t.userId, t.role, t.createdAt),
  ],
);

export const metrics = sqliteTable('metrics', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  wordCount: integer('word_count').notNull(),
  fillersTotal: integer('fillers_total').notNull(),
  fillersPerMinute: real('fillers_per_minute'),
  fillersByWord: text('fillers_by_word', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  hedgesTotal: integer('hedges_total').notNull(),
  hedgesByPhrase: text('hedges_by_phrase', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  repetitions: integer('repetitions').notNull(),
  wpm: real('wpm'),
  pauseCount: integer('pause_count').notNull(),
  pauseLongestSec: real('pause_longest_sec').notNull(),
  pauseTotalSec: real('pause_total_sec').notNull(),
  speechSec: real('speech_sec'),
  pitchVariabilitySemitones: real('pitch_variability_semitones'),
  loudnessVariabilityDb: real('loudness_variability_db'),
  deliveryScore: real('delivery_score'),
  /** Filled pauses heard in the audio that the transcript left out; null when not measured (typed, no word times). */
  hesitationsTotal: integer('hesitations_total'),
  hesitationsPerMinute: real('hesitations_per_minute'),
  hesitationSpans: text('hesitation_spans', { mode: 'json' }).$type<{ start: number; end: number }[]>(),
  /** Moments with ≥ 3 fillers or hesitations within 5 s (seconds from the answer's start). */
  disfluencyClusters: text('disfluency_clusters', { mode: 'json' }).$type<
    { start: number; end: number; count: number; kinds: Partial<Record<'filler' | 'hesitation', number>> }[]
  >(),
  /**
   * Seconds from the end of the question to the first word, for live voice answers only (the bot finished
   * speaking the question, then listened); null for typed answers, voice messages and clips, whose recording
   * starts whenever the person pressed record, so no thinking time can be read from them.
   */
  firstWordSec: real('first_word_sec'),
});

export const evaluations = sqliteTable('evaluations', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  score: real('score').notNull(),
  relevance: real('relevance').notNull(),
  depth: real('depth').notNull(),
  structure: real('structure').notNull(),
  clarity: real('clarity').notNull(),
  feedback: text('feedback').notNull(),
  idealAnswer: text('ideal_answer').notNull(),
  keywordsCovered: text('keywords_covered', { mode: 'json' }).$type<string[]>().notNull(),
  keywordsMissed: text('keywords_missed', { mode: 'json' }).$type<string[]>().notNull(),
  /** What scored it (`rubric`, `gemini`, `openai`); the model is in `model`. */
  evaluator: text('evaluator', { enum: EVALUATORS }).notNull(),
  model: text('model'),
  createdAt: createdAt(),
});

/** Daily counters for abuse limits (sessions started, seconds transcribed). */
export const usage = sqliteTable(
  'usage',
  {
    scope: text('scope', { enum: ['user', 'workspace'] }).notNull(),
    scopeId: integer('scope_id').notNull(),
    day: text('day').notNull(),
    sessions: integer('sessions').notNull().default(0),
    transcriptionSec: real('transcription_sec').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.scopeId, t.day] })],
);

/** When each person last started a /drill: the cool-down is read and taken in one statement, across processes. */
export const drillCooldowns = sqliteTable(
  'drill_cooldowns',
  {
    platform: text('platform').notNull(),
    platformUserId: text('platform_user_id').notNull(),
    lastAt: integer('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.platformUserId] })],
);

/** The tags a peer may put on an answer (src/commands/peerRatings.ts); stored as a JSON list of these. */
export const PEER_TAGS = ['clear', 'specific', 'concise', 'structured'] as const;
export type PeerTag = (typeof PEER_TAGS)[number];

/**
 * What another participant of a group round thought of an answer: 1–5 stars and tags. One row per rater and answer,
 * changed in place when they rate again; stars stay null while they have only picked tags. Goes with the answer or
 * the rater (ON DELETE CASCADE), so forget-me removes the ratings a person gave and received.
 */
export const peerRatings = sqliteTable(
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
    tags: text('tags', { mode: 'json' }).$type<PeerTag[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    primaryKey({ columns: [t.answerId, t.raterUserId] }),
    index('peer_ratings_rater').on(t.raterUserId),
    index('peer_ratings_answer_user').on(t.answerUserId, t.answerId),
  ],
);

/*
 * Rollups behind /progress, so a report costs the same at 100 answers as at 100,000. Each row is the aggregate of
 * the user's answers with that key, rebuilt from those answers whenever one of them is written (see
 * progressRollups.ts), so the rows never drift. Score sums over days are kept as two integers (`score_hi`, `score_lo`:
 * the sum of each score × 2^28, whole part and the rest × 2^28), which add up exactly in any order; their total
 * rounds to the same double SQLite's sum() gives over the answers themselves.
 */
const rollupUser = () =>
  integer('user_id')
    .$type<UserId>()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

/**
 * Each rollup comes twice, with the same columns: per UTC day (`day`, `YYYY-MM-DD`) and per UTC month (`month`,
 * `YYYY-MM`). The month rows are the day rows summed per month: a long period reads its whole months from them and only
 * the days at its ends from the day tables. Rebuilt from the month's day rows whenever one of them is
 * (progressRollups.ts); sums of integers, so exact.
 */
type RollupPeriod = 'day' | 'month';

/** The key columns every rollup row starts with: user, workspace, role and its day or month. */
function rollupKey<P extends RollupPeriod>(period: P) {
  const periodColumn = text(period).notNull();
  return {
    userId: rollupUser(),
    workspaceId: integer('workspace_id').$type<WorkspaceId>().notNull(),
    role: text('role').notNull(),
    ...({ [period]: periodColumn } as Record<P, typeof periodColumn>),
  };
}

/** Per user, workspace, role and period: practice (any answer) and scored answers. */
const progressPeriodTable = <N extends string, P extends RollupPeriod>(name: N, period: P) =>
  sqliteTable(
    name,
    {
      ...rollupKey(period),
      /** Every answer, scored or not: a day with any answer counts for the streak. */
      answers: integer('answers').notNull(),
      scored: integer('scored').notNull(),
      scoreHi: integer('score_hi').notNull(),
      scoreLo: integer('score_lo').notNull(),
      /** Time (ms) of the period's first and last scored answer. */
      firstScoredAt: real('first_scored_at'),
      lastScoredAt: real('last_scored_at'),
      /**
       * progress_sessions rows of a single-role session (`roles` = 1) with this key that started this period: the
       * period's session count adds these up instead of reading one index entry per session.
       */
      sessions: integer('sessions').notNull().default(0),
    },
    (t) => [primaryKey({ columns: [t.userId, t[period], t.workspaceId, t.role] })],
  );

/** Scored answers and their score sum per category and period. */
const progressCategoryPeriodTable = <N extends string, P extends RollupPeriod>(name: N, period: P) =>
  sqliteTable(
    name,
    {
      ...rollupKey(period),
      category: text('category').notNull(),
      answers: integer('answers').notNull(),
      scoreHi: integer('score_hi').notNull(),
      scoreLo: integer('score_lo').notNull(),
    },
    (t) => [primaryKey({ columns: [t.userId, t[period], t.workspaceId, t.role, t.category] })],
  );

/** Filler words counted per period (from metrics, scored or not). */
const progressFillerPeriodTable = <N extends string, P extends RollupPeriod>(name: N, period: P) =>
  sqliteTable(
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

/** One row per session a user has scored answers in (per workspace and role): the trend's points. */
export const progressSessions = sqliteTable(
  'progress_sessions',
  {
    userId: rollupUser(),
    sessionId: text('session_id').$type<SessionId>().notNull(),
    workspaceId: integer('workspace_id').$type<WorkspaceId>().notNull(),
    role: text('role').notNull(),
    /** Time (ms) of the first and last scored answer. */
    startedAt: real('started_at').notNull(),
    lastAt: real('last_at').notNull(),
    answers: integer('answers').notNull(),
    /** Sums as SQLite's sum() adds them, so a session's averages are the very numbers a scan of its answers gives. */
    scoreSum: real('score_sum').notNull(),
    /** Spoken answers only, each sum with how many answers it covers. */
    fillersPerMinuteSum: real('fillers_per_minute_sum').notNull(),
    fillersPerMinuteAnswers: integer('fillers_per_minute_answers').notNull(),
    wpmSum: real('wpm_sum').notNull(),
    wpmAnswers: integer('wpm_answers').notNull(),
    deliverySum: real('delivery_sum').notNull(),
    deliveryAnswers: integer('delivery_answers').notNull(),
    /** How many rows (roles) the session has for this user: 1 but for rounds whose questions had several roles. */
    roles: integer('roles').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.sessionId, t.workspaceId, t.role] }),
    // Covers the session counts, which read one entry per session in the period.
    index('progress_sessions_user_start').on(t.userId, t.startedAt, t.lastAt, t.workspaceId, t.role, t.roles),
    // Finds the sessions still going at a period's start among those that ended after it, not the whole history.
    index('progress_sessions_user_end').on(t.userId, t.lastAt, t.startedAt),
    // The rare sessions with several roles, which the session count takes one by one (DISTINCT): only their entries.
    index('progress_sessions_user_multirole').on(t.userId, t.startedAt, t.sessionId).where(sql`${t.roles} > 1`),
  ],
);

/*
 * Story coverage (behavioural answers): which competencies each answer's story shows, how strong it is (0–100: the
 * score and the STAR parts together, in tenths of a point) and which STAR parts it has (bits: 1 situation, 2 task,
 * 4 action, 8 result). Written with the evaluation, in its transaction.
 */
export const storyCoverage = sqliteTable(
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

/** Per user, workspace and competency: the stories told, rebuilt from story_coverage (a /progress read is a few rows). */
export const progressCompetencies = sqliteTable(
  'progress_competencies',
  {
    userId: rollupUser(),
    workspaceId: integer('workspace_id').$type<WorkspaceId>().notNull(),
    competency: text('competency').notNull(),
    stories: integer('stories').notNull(),
    strengthSum: integer('strength_sum').notNull(),
    best: integer('best').notNull(),
    /** Stories with all four STAR parts. */
    complete: integer('complete').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.workspaceId, t.competency] })],
);

/**
 * The answer queue across machines (docs/SCALING.md). A voice answer's audio waits here for a worker that may run on
 * another machine, deleted once it is transcribed (unless STORE_AUDIO); the bot writes it in the answer's transaction.
 */
export const answerAudio = sqliteTable('answer_audio', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  /** The answer as 16 kHz mono WAV. */
  wav: blob('wav', { mode: 'buffer' }).$type<Buffer>().notNull(),
  createdAt: createdAt(),
});

/**
 * Feedback the bot owes: written with the answer and its job, taken (deleted) by the one bot process that posts the
 * card once a worker's result lands — so a result landing while the bot restarts is still posted, and only once.
 * `owner` is the bot process that stored the answer (`sessions.owner`'s names: `main`, `discord-shard-N`).
 */
export const feedbackOwed = sqliteTable('feedback_owed', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  owner: text('owner').notNull(),
  createdAt: createdAt(),
});

/**
 * Transcription seconds counted against the daily allowance, one row per answer: counting is an insert that only the
 * first of several runs (a worker presumed dead finishing late) wins, and giving back is a delete.
 */
export const transcriptionCharges = sqliteTable('transcription_charges', {
  answerId: integer('answer_id')
    .$type<AnswerId>()
    .primaryKey()
    .references(() => answers.id, { onDelete: 'cascade' }),
  seconds: real('seconds').notNull(),
  /** The UTC day (`YYYY-MM-DD`) the seconds were counted on. */
  day: text('day').notNull(),
});

export type UserRow = typeof users.$inferSelect;
export type WorkspaceRow = typeof workspaces.$inferSelect;
export type StoredSessionRow = typeof sessions.$inferSelect;
/** The columns that hold a session's Location (read and written only through src/db/locationColumns.ts). */
export type LocationKey = 'surface' | 'channelId' | 'threadId' | 'threadTs' | 'dmUser';
/** A session as the repository hands it out: where it lives is a Location, not columns. */
export type SessionRow = Omit<StoredSessionRow, LocationKey> & { location: Location };
export type QuestionRow = typeof questions.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;
export type MetricsRow = typeof metrics.$inferSelect;
export type NewMetricsRow = typeof metrics.$inferInsert;
export type EvaluationRow = typeof evaluations.$inferSelect;
export type NewEvaluationRow = typeof evaluations.$inferInsert;
export type PeerRatingRow = typeof peerRatings.$inferSelect;
