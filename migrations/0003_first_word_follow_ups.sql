ALTER TABLE `metrics` ADD `first_word_sec` real;--> statement-breakpoint
ALTER TABLE `questions` ADD `follow_up_of` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `follow_ups` integer DEFAULT false NOT NULL;