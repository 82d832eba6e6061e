DROP INDEX `sessions_channel_status`;--> statement-breakpoint
DROP INDEX `sessions_one_open_round_per_channel`;--> statement-breakpoint
ALTER TABLE `sessions` ADD `surface` text DEFAULT 'discord' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `thread_ts` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `dm_user` text;--> statement-breakpoint
CREATE INDEX `sessions_channel_status` ON `sessions` (`surface`,`channel_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_one_open_round_per_channel` ON `sessions` (`surface`,`channel_id`) WHERE "sessions"."kind" = 'interview' and "sessions"."status" in ('lobby', 'active');--> statement-breakpoint
ALTER TABLE `answers` ADD `transcriber_model` text;--> statement-breakpoint
ALTER TABLE `answers` ADD `reply_ephemeral` integer DEFAULT false NOT NULL;