import { index, integer, real, sql, sqliteTable, text, uniqueIndex, primaryKey } from './drizzle.js';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** A person on one platform (`discord`, `slack`, `cli`). */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    platformUserId: text('platform_user_id').notNull(),
    displayName: text('display_name').notNull().default(''),
    /** Whether others in the same workspace may see this person's /progress. */
    shareProgress: integer('share_progress', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_platform_identity').on(t.platform, t.platformUserId)],
);

/** A Discord guild, a Slack team, or the local CLI. */
export const workspaces = sqliteTable(
  'workspaces',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    platformWorkspaceId: text('platform_workspace_id').notNull(),
    name: text('name').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('workspaces_platform_identity').on(t.platform, t.platformWorkspaceId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['interview', 'drill', 'rehearse'] }).notNull(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    /** Null once the host has used /forget-me; the session stays for the other participants. */
    hostUserId: integer('host_user_id').references(() => users.id, { onDelete: 'set null' }),
    channelId: text('channel_id').notNull(),
    threadId: text('thread_id'),
    role: text('role').notNull(),
    difficulty: text('difficulty').notNull(),
    questionCount: integer('question_count').notNull(),
    mode: text('mode', { enum: ['text', 'voice'] }).notNull(),
    roundMode: text('round_mode', { enum: ['everyone', 'hot-seat'] })
      .notNull()
      .default('everyone'),
    topics: text('topics', { mode: 'json' }).$type<string[]>().notNull().default([]),
    jobDescription: text('job_description'),
    leaderboard: integer('leaderboard', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['lobby', 'active', 'ended', 'abandoned'] }).notNull(),
    /** Position (0-based) of the question being asked. */
    currentIndex: integer('current_index').notNull().default(0),
    createdAt: createdAt(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('sessions_channel_status').on(t.channelId, t.status),
    index('sessions_status').on(t.status),
  ],
);

export const sessionParticipants = sqliteTable(
  'session_participants',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
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
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    questionKey: text('question_key').notNull(),
    role: text('role').notNull(),
    category: text('category').notNull(),
    difficulty: text('difficulty').notNull(),
    text: text('text').notNull(),
    keywords: text('keywords', { mode: 'json' }).$type<{ term: string; synonyms: string[] }[]>().notNull(),
    idealAnswer: text('ideal_answer').notNull(),
    star: integer('star', { mode: 'boolean' }).notNull().default(false),
    origin: text('origin').notNull(),
    /** The participant answering in hot-seat rounds; null means everyone. */
    seatUserId: integer('seat_user_id').references(() => users.id, { onDelete: 'set null' }),
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
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    questionKey: text('question_key').notNull(),
    role: text('role').notNull(),
    askedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.questionKey] })],
);

export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    role: text('role').notNull(),
    category: text('category').notNull(),
    inputKind: text('input_kind', { enum: ['text', 'voice', 'voice_message', 'audio_clip'] }).notNull(),
    transcript: text('transcript'),
    transcriber: text('transcriber'),
    durationSec: real('duration_sec'),
    status: text('status', { enum: ['received', 'transcribed', 'scored', 'failed'] }).notNull(),
    error: text('error'),
    /** Where the platform wants the result shown (message ids), so a restart can finish the job. */
    replyRef: text('reply_ref'),
    createdAt: createdAt(),
  },
  (t) => [
    index('answers_user_time').on(t.userId, t.createdAt),
    index('answers_workspace_user_time').on(t.workspaceId, t.userId, t.createdAt),
    index('answers_session').on(t.sessionId),
    index('answers_status').on(t.status),
  ],
);

export const metrics = sqliteTable('metrics', {
  answerId: integer('answer_id')
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
});

export const evaluations = sqliteTable('evaluations', {
  answerId: integer('answer_id')
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
  evaluator: text('evaluator').notNull(),
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

export type UserRow = typeof users.$inferSelect;
export type WorkspaceRow = typeof workspaces.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type QuestionRow = typeof questions.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;
export type MetricsRow = typeof metrics.$inferSelect;
export type NewMetricsRow = typeof metrics.$inferInsert;
export type EvaluationRow = typeof evaluations.$inferSelect;
export type NewEvaluationRow = typeof evaluations.$inferInsert;
