CREATE TABLE `progress_competencies` (
	`user_id` integer NOT NULL,
	`workspace_id` integer NOT NULL,
	`competency` text NOT NULL,
	`stories` integer NOT NULL,
	`strength_sum` integer NOT NULL,
	`best` integer NOT NULL,
	`complete` integer NOT NULL,
	PRIMARY KEY(`user_id`, `workspace_id`, `competency`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `story_coverage` (
	`answer_id` integer NOT NULL,
	`competency` text NOT NULL,
	`user_id` integer NOT NULL,
	`workspace_id` integer NOT NULL,
	`strength` integer NOT NULL,
	`star_parts` integer NOT NULL,
	PRIMARY KEY(`answer_id`, `competency`),
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `story_coverage_user` ON `story_coverage` (`user_id`,`competency`);