CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`question_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`workspace_id` integer NOT NULL,
	`role` text NOT NULL,
	`category` text NOT NULL,
	`input_kind` text NOT NULL,
	`transcript` text,
	`transcriber` text,
	`duration_sec` real,
	`status` text NOT NULL,
	`error` text,
	`reply_ref` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `answers_user_time` ON `answers` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `answers_workspace_user_time` ON `answers` (`workspace_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `answers_session` ON `answers` (`session_id`);--> statement-breakpoint
CREATE INDEX `answers_status` ON `answers` (`status`);--> statement-breakpoint
CREATE TABLE `evaluations` (
	`answer_id` integer PRIMARY KEY NOT NULL,
	`score` real NOT NULL,
	`relevance` real NOT NULL,
	`depth` real NOT NULL,
	`structure` real NOT NULL,
	`clarity` real NOT NULL,
	`feedback` text NOT NULL,
	`ideal_answer` text NOT NULL,
	`keywords_covered` text NOT NULL,
	`keywords_missed` text NOT NULL,
	`evaluator` text NOT NULL,
	`model` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `metrics` (
	`answer_id` integer PRIMARY KEY NOT NULL,
	`word_count` integer NOT NULL,
	`fillers_total` integer NOT NULL,
	`fillers_per_minute` real,
	`fillers_by_word` text NOT NULL,
	`hedges_total` integer NOT NULL,
	`hedges_by_phrase` text NOT NULL,
	`repetitions` integer NOT NULL,
	`wpm` real,
	`pause_count` integer NOT NULL,
	`pause_longest_sec` real NOT NULL,
	`pause_total_sec` real NOT NULL,
	`speech_sec` real,
	`pitch_variability_semitones` real,
	`loudness_variability_db` real,
	`delivery_score` real,
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `question_history` (
	`user_id` integer NOT NULL,
	`question_key` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `question_key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`position` integer NOT NULL,
	`question_key` text NOT NULL,
	`role` text NOT NULL,
	`category` text NOT NULL,
	`difficulty` text NOT NULL,
	`text` text NOT NULL,
	`keywords` text NOT NULL,
	`ideal_answer` text NOT NULL,
	`star` integer DEFAULT false NOT NULL,
	`origin` text NOT NULL,
	`seat_user_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`seat_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `questions_session_position` ON `questions` (`session_id`,`position`);--> statement-breakpoint
CREATE TABLE `session_participants` (
	`session_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`left_at` integer,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`workspace_id` integer NOT NULL,
	`host_user_id` integer,
	`channel_id` text NOT NULL,
	`thread_id` text,
	`role` text NOT NULL,
	`difficulty` text NOT NULL,
	`question_count` integer NOT NULL,
	`mode` text NOT NULL,
	`round_mode` text DEFAULT 'everyone' NOT NULL,
	`topics` text DEFAULT '[]' NOT NULL,
	`job_description` text,
	`leaderboard` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`current_index` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sessions_channel_status` ON `sessions` (`channel_id`,`status`);--> statement-breakpoint
CREATE INDEX `sessions_status` ON `sessions` (`status`);--> statement-breakpoint
CREATE TABLE `usage` (
	`scope` text NOT NULL,
	`scope_id` integer NOT NULL,
	`day` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`transcription_sec` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scope`, `scope_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`platform_user_id` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`share_progress` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_platform_identity` ON `users` (`platform`,`platform_user_id`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`platform_workspace_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_platform_identity` ON `workspaces` (`platform`,`platform_workspace_id`);