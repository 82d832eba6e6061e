CREATE TABLE `progress_category_days` (
	`user_id` integer NOT NULL,
	`workspace_id` integer NOT NULL,
	`role` text NOT NULL,
	`day` text NOT NULL,
	`category` text NOT NULL,
	`answers` integer NOT NULL,
	`score_milli` integer NOT NULL,
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
	`score_milli` integer NOT NULL,
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
	`score_milli` integer NOT NULL,
	`fillers_per_minute_milli` integer NOT NULL,
	`fillers_per_minute_answers` integer NOT NULL,
	`wpm_milli` integer NOT NULL,
	`wpm_answers` integer NOT NULL,
	`delivery_milli` integer NOT NULL,
	`delivery_answers` integer NOT NULL,
	PRIMARY KEY(`user_id`, `session_id`, `workspace_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `progress_sessions_user_start` ON `progress_sessions` (`user_id`,`started_at`,`last_at`);--> statement-breakpoint
CREATE INDEX `answers_user_role_time` ON `answers` (`user_id`,`role`,`created_at`);
--> statement-breakpoint
-- Back-fill from the answers already stored, so an upgraded database shows the same progress.
INSERT INTO progress_days (user_id, workspace_id, role, day, answers, scored, score_milli, first_scored_at, last_scored_at) SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, date(a.created_at / 1000, 'unixepoch') AS day,
  count(*) AS answers, count(e.answer_id) AS scored, coalesce(sum(CAST(round((e.score) * 1000) AS INTEGER)), 0) AS score_milli,
  min(CASE WHEN e.answer_id IS NOT NULL THEN a.created_at END) AS first_scored_at,
  max(CASE WHEN e.answer_id IS NOT NULL THEN a.created_at END) AS last_scored_at
FROM answers a LEFT JOIN evaluations e ON e.answer_id = a.id
WHERE 1
GROUP BY a.user_id, a.workspace_id, a.role, day;--> statement-breakpoint
INSERT INTO progress_category_days (user_id, workspace_id, role, day, category, answers, score_milli) SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, date(a.created_at / 1000, 'unixepoch') AS day,
  a.category AS category, count(*) AS answers, sum(CAST(round((e.score) * 1000) AS INTEGER)) AS score_milli
FROM answers a JOIN evaluations e ON e.answer_id = a.id
WHERE 1
GROUP BY a.user_id, a.workspace_id, a.role, day, a.category;--> statement-breakpoint
INSERT INTO progress_filler_days (user_id, workspace_id, role, day, word, count) SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, date(a.created_at / 1000, 'unixepoch') AS day,
  f.key AS word, sum(f.value) AS count
FROM answers a JOIN metrics m ON m.answer_id = a.id, json_each(m.fillers_by_word) AS f
WHERE 1
GROUP BY a.user_id, a.workspace_id, a.role, day, f.key;--> statement-breakpoint
INSERT INTO progress_sessions (user_id, session_id, workspace_id, role, started_at, last_at, answers, score_milli, fillers_per_minute_milli, fillers_per_minute_answers, wpm_milli, wpm_answers, delivery_milli, delivery_answers) SELECT a.user_id AS user_id, a.session_id AS session_id, a.workspace_id AS workspace_id, a.role AS role,
  min(a.created_at) AS started_at, max(a.created_at) AS last_at, count(*) AS answers,
  sum(CAST(round((e.score) * 1000) AS INTEGER)) AS score_milli,
  coalesce(sum(CAST(round((CASE WHEN a.input_kind <> 'text' THEN m.fillers_per_minute + coalesce(m.hesitations_per_minute, 0) END) * 1000) AS INTEGER)), 0) AS fillers_per_minute_milli, count(CASE WHEN a.input_kind <> 'text' THEN m.fillers_per_minute + coalesce(m.hesitations_per_minute, 0) END) AS fillers_per_minute_answers,
  coalesce(sum(CAST(round((CASE WHEN a.input_kind <> 'text' THEN m.wpm END) * 1000) AS INTEGER)), 0) AS wpm_milli, count(CASE WHEN a.input_kind <> 'text' THEN m.wpm END) AS wpm_answers,
  coalesce(sum(CAST(round((CASE WHEN a.input_kind <> 'text' THEN m.delivery_score END) * 1000) AS INTEGER)), 0) AS delivery_milli, count(CASE WHEN a.input_kind <> 'text' THEN m.delivery_score END) AS delivery_answers
FROM answers a JOIN evaluations e ON e.answer_id = a.id LEFT JOIN metrics m ON m.answer_id = a.id
WHERE 1
GROUP BY a.user_id, a.session_id, a.workspace_id, a.role;