ALTER TABLE `metrics` ADD `hesitations_total` integer;--> statement-breakpoint
ALTER TABLE `metrics` ADD `hesitations_per_minute` real;--> statement-breakpoint
ALTER TABLE `metrics` ADD `hesitation_spans` text;--> statement-breakpoint
ALTER TABLE `metrics` ADD `disfluency_clusters` text;