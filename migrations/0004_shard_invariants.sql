CREATE TABLE `drill_cooldowns` (
	`platform` text NOT NULL,
	`platform_user_id` text NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `platform_user_id`)
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `owner` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `lease_until` integer;--> statement-breakpoint
-- Two open rounds in one channel (a race before this index existed) would stop the index from being created:
-- the older ones are closed, as a restart would have closed them.
UPDATE `sessions` SET `status` = 'abandoned', `ended_at` = (unixepoch('subsec') * 1000)
WHERE `kind` = 'interview' AND `status` IN ('lobby', 'active') AND EXISTS (
	SELECT 1 FROM `sessions` AS `newer` WHERE `newer`.`channel_id` = `sessions`.`channel_id` AND `newer`.`kind` = 'interview'
	AND `newer`.`status` IN ('lobby', 'active') AND (`newer`.`created_at` > `sessions`.`created_at` OR (`newer`.`created_at` = `sessions`.`created_at` AND `newer`.`id` > `sessions`.`id`))
);--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_one_open_round_per_channel` ON `sessions` (`channel_id`) WHERE "sessions"."kind" = 'interview' and "sessions"."status" in ('lobby', 'active');