PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`workspace_id` integer NOT NULL,
	`host_user_id` integer,
	`surface` text DEFAULT 'discord' NOT NULL,
	`channel_id` text,
	`thread_id` text,
	`role` text NOT NULL,
	`difficulty` text NOT NULL,
	`question_count` integer NOT NULL,
	`thread_ts` text,
	`dm_user` text,
	`mode` text NOT NULL,
	`round_mode` text DEFAULT 'everyone' NOT NULL,
	`topics` text DEFAULT '[]' NOT NULL,
	`job_description` text,
	`leaderboard` integer DEFAULT false NOT NULL,
	`follow_ups` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`current_index` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`ended_at` integer,
	`owner` text,
	`lease_until` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_sessions`("id", "kind", "workspace_id", "host_user_id", "surface", "channel_id", "thread_id", "role", "difficulty", "question_count", "thread_ts", "dm_user", "mode", "round_mode", "topics", "job_description", "leaderboard", "follow_ups", "status", "current_index", "created_at", "ended_at", "owner", "lease_until") SELECT "id", "kind", "workspace_id", "host_user_id", "surface", "channel_id", "thread_id", "role", "difficulty", "question_count", "thread_ts", "dm_user", "mode", "round_mode", "topics", "job_description", "leaderboard", "follow_ups", "status", "current_index", "created_at", "ended_at", "owner", "lease_until" FROM `sessions`;--> statement-breakpoint
DROP TABLE `sessions`;--> statement-breakpoint
ALTER TABLE `__new_sessions` RENAME TO `sessions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `sessions_channel_status` ON `sessions` (`surface`,`channel_id`,`status`);--> statement-breakpoint
CREATE INDEX `sessions_status` ON `sessions` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_one_open_round_per_channel` ON `sessions` (`surface`,`channel_id`) WHERE "sessions"."kind" = 'interview' and "sessions"."status" in ('lobby', 'active');--> statement-breakpoint
-- hand-written: loc
-- Rows written before this migration: their encoded locations, reply refs and transcriber names into the new columns.
UPDATE `sessions` SET `surface` = 'discord-dm', `dm_user` = substr(`channel_id`, 15), `channel_id` = NULL WHERE `channel_id` LIKE 'drill:discord:%';--> statement-breakpoint
UPDATE `sessions` SET
	`surface` = 'slack',
	`dm_user` = CASE WHEN `channel_id` LIKE 'drill:slack:%' THEN substr(`channel_id`, 13) END,
	`channel_id` = CASE WHEN instr(`thread_id`, '/') > 0 THEN substr(`thread_id`, 1, instr(`thread_id`, '/') - 1) WHEN `channel_id` LIKE 'drill:slack:%' THEN NULL ELSE `channel_id` END,
	`thread_ts` = CASE WHEN instr(`thread_id`, '/') > 0 THEN substr(`thread_id`, instr(`thread_id`, '/') + 1) END,
	`thread_id` = NULL
WHERE `channel_id` LIKE 'drill:slack:%' OR `workspace_id` IN (SELECT `id` FROM `workspaces` WHERE `platform` = 'slack');--> statement-breakpoint
UPDATE `sessions` SET `surface` = 'cli', `channel_id` = CASE WHEN `channel_id` LIKE 'cli:%' THEN substr(`channel_id`, 5) ELSE `channel_id` END
WHERE `channel_id` LIKE 'cli:%' OR `workspace_id` IN (SELECT `id` FROM `workspaces` WHERE `platform` = 'cli');--> statement-breakpoint
UPDATE `answers` SET `reply_ephemeral` = 1, `reply_ref` = substr(`reply_ref`, 11) WHERE `reply_ref` LIKE 'ephemeral:%';--> statement-breakpoint
UPDATE `answers` SET `transcriber_model` = nullif(substr(`transcriber`, instr(`transcriber`, ':') + 1), ''), `transcriber` = substr(`transcriber`, 1, instr(`transcriber`, ':') - 1) WHERE instr(`transcriber`, ':') > 0;
