CREATE TABLE `progress_category_days` (
	`user_id` integer NOT NULL,
	`workspace_id` integer NOT NULL,
	`role` text NOT NULL,
	`day` text NOT NULL,
	`category` text NOT NULL,
	`answers` integer NOT NULL,
	`score_hi` integer NOT NULL,
	`score_lo` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`, `workspace_id`, `role`, `category`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `progress_days` (
	`user_id` integer NOT NULL,
	`workspace_id` integer NOT NULL,
	`role` text NOT NULL,
	`day` text NOT NULL,
	`answers` integer NOT NULL,
	`scored` integer NOT NULL,
	`score_hi` integer NOT NULL,
	`score_lo` integer NOT NULL,
	`first_scored_at` real,
	`last_scored_at` real,
	PRIMARY KEY(`user_id`, `day`, `workspace_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `progress_filler_days` (
	`user_id` integer NOT NULL,
	`workspace_id` integer NOT NULL,
	`role` text NOT NULL,
	`day` text NOT NULL,
	`word` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`, `workspace_id`, `role`, `word`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `progress_sessions` (
	`user_id` integer NOT NULL,
	`session_id` text NOT NULL,
	`workspace_id` integer NOT NULL,
	`role` text NOT NULL,
	`started_at` real NOT NULL,
	`last_at` real NOT NULL,
	`answers` integer NOT NULL,
	`score_sum` real NOT NULL,
	`fillers_per_minute_sum` real NOT NULL,
	`fillers_per_minute_answers` integer NOT NULL,
	`wpm_sum` real NOT NULL,
	`wpm_answers` integer NOT NULL,
	`delivery_sum` real NOT NULL,
	`delivery_answers` integer NOT NULL,
	`roles` integer NOT NULL,
	PRIMARY KEY(`user_id`, `session_id`, `workspace_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `progress_sessions_user_start` ON `progress_sessions` (`user_id`,`started_at`,`last_at`,`workspace_id`,`role`,`roles`);--> statement-breakpoint
CREATE INDEX `progress_sessions_user_end` ON `progress_sessions` (`user_id`,`last_at`,`started_at`);--> statement-breakpoint
CREATE INDEX `answers_user_role_time` ON `answers` (`user_id`,`role`,`created_at`);
--> statement-breakpoint
-- Back-fill from the answers already stored, so an upgraded database shows the same progress.
INSERT INTO progress_days (user_id, workspace_id, role, day, answers, scored, score_hi, score_lo, first_scored_at, last_scored_at) SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, date(a.created_at / 1000, 'unixepoch') AS day,
  count(*) AS answers, count(e.answer_id) AS scored, coalesce(sum(CAST(e.score * 268435456 AS INTEGER)), 0) AS score_hi, coalesce(sum(CAST((e.score * 268435456 - CAST(e.score * 268435456 AS INTEGER)) * 268435456 AS INTEGER)), 0) AS score_lo,
  min(CASE WHEN e.answer_id IS NOT NULL THEN a.created_at END) AS first_scored_at,
  max(CASE WHEN e.answer_id IS NOT NULL THEN a.created_at END) AS last_scored_at
FROM answers a LEFT JOIN evaluations e ON e.answer_id = a.id
WHERE 1
GROUP BY a.user_id, a.workspace_id, a.role, day;--> statement-breakpoint
INSERT INTO progress_category_days (user_id, workspace_id, role, day, category, answers, score_hi, score_lo) SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, date(a.created_at / 1000, 'unixepoch') AS day,
  a.category AS category, count(*) AS answers, sum(CAST(e.score * 268435456 AS INTEGER)) AS score_hi, sum(CAST((e.score * 268435456 - CAST(e.score * 268435456 AS INTEGER)) * 268435456 AS INTEGER)) AS score_lo
FROM answers a JOIN evaluations e ON e.answer_id = a.id
WHERE 1
GROUP BY a.user_id, a.workspace_id, a.role, day, a.category;--> statement-breakpoint
INSERT INTO progress_filler_days (user_id, workspace_id, role, day, word, count) SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, date(a.created_at / 1000, 'unixepoch') AS day,
  f.key AS word, sum(f.value) AS count
FROM answers a JOIN metrics m ON m.answer_id = a.id, json_each(m.fillers_by_word) AS f
WHERE 1
GROUP BY a.user_id, a.workspace_id, a.role, day, f.key;--> statement-breakpoint
INSERT INTO progress_sessions (user_id, session_id, workspace_id, role, started_at, last_at, answers, score_sum, fillers_per_minute_sum, fillers_per_minute_answers, wpm_sum, wpm_answers, delivery_sum, delivery_answers, roles) SELECT a.user_id AS user_id, a.session_id AS session_id, a.workspace_id AS workspace_id, a.role AS role,
  min(a.created_at) AS started_at, max(a.created_at) AS last_at, count(*) AS answers,
  sum(e.score) AS score_sum,
  coalesce(sum(CASE WHEN a.input_kind <> 'text' THEN m.fillers_per_minute + coalesce(m.hesitations_per_minute, 0) END), 0) AS fillers_per_minute_sum, count(CASE WHEN a.input_kind <> 'text' THEN m.fillers_per_minute + coalesce(m.hesitations_per_minute, 0) END) AS fillers_per_minute_answers,
  coalesce(sum(CASE WHEN a.input_kind <> 'text' THEN m.wpm END), 0) AS wpm_sum, count(CASE WHEN a.input_kind <> 'text' THEN m.wpm END) AS wpm_answers,
  coalesce(sum(CASE WHEN a.input_kind <> 'text' THEN m.delivery_score END), 0) AS delivery_sum, count(CASE WHEN a.input_kind <> 'text' THEN m.delivery_score END) AS delivery_answers,
  count(*) OVER (PARTITION BY a.user_id, a.session_id) AS roles
FROM answers a JOIN evaluations e ON e.answer_id = a.id LEFT JOIN metrics m ON m.answer_id = a.id
WHERE 1
GROUP BY a.user_id, a.session_id, a.workspace_id, a.role;