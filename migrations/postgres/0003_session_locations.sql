DROP INDEX "sessions_channel_status";--> statement-breakpoint
DROP INDEX "sessions_one_open_round_per_channel";--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "channel_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "answers" ADD COLUMN "transcriber_model" text;--> statement-breakpoint
ALTER TABLE "answers" ADD COLUMN "reply_ephemeral" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "surface" text DEFAULT 'discord' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "thread_ts" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "dm_user" text;--> statement-breakpoint
CREATE INDEX "sessions_channel_status" ON "sessions" USING btree ("surface","channel_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_one_open_round_per_channel" ON "sessions" USING btree ("surface","channel_id") WHERE "sessions"."kind" = 'interview' and "sessions"."status" in ('lobby', 'active');--> statement-breakpoint
-- hand-written: loc
-- Rows written before this migration: their encoded locations, reply refs and transcriber names into the new columns.
UPDATE "sessions" SET "surface" = 'discord-dm', "dm_user" = substr("channel_id", 15), "channel_id" = NULL WHERE "channel_id" LIKE 'drill:discord:%';--> statement-breakpoint
UPDATE "sessions" SET
	"surface" = 'slack',
	"dm_user" = CASE WHEN "channel_id" LIKE 'drill:slack:%' THEN substr("channel_id", 13) END,
	"channel_id" = CASE WHEN strpos("thread_id", '/') > 0 THEN split_part("thread_id", '/', 1) WHEN "channel_id" LIKE 'drill:slack:%' THEN NULL ELSE "channel_id" END,
	"thread_ts" = CASE WHEN strpos("thread_id", '/') > 0 THEN substr("thread_id", strpos("thread_id", '/') + 1) END,
	"thread_id" = NULL
WHERE "channel_id" LIKE 'drill:slack:%' OR "workspace_id" IN (SELECT "id" FROM "workspaces" WHERE "platform" = 'slack');--> statement-breakpoint
UPDATE "sessions" SET "surface" = 'cli', "channel_id" = CASE WHEN "channel_id" LIKE 'cli:%' THEN substr("channel_id", 5) ELSE "channel_id" END
WHERE "channel_id" LIKE 'cli:%' OR "workspace_id" IN (SELECT "id" FROM "workspaces" WHERE "platform" = 'cli');--> statement-breakpoint
UPDATE "answers" SET "reply_ephemeral" = true, "reply_ref" = substr("reply_ref", 11) WHERE "reply_ref" LIKE 'ephemeral:%';--> statement-breakpoint
UPDATE "answers" SET "transcriber_model" = nullif(substr("transcriber", strpos("transcriber", ':') + 1), ''), "transcriber" = substr("transcriber", 1, strpos("transcriber", ':') - 1) WHERE strpos("transcriber", ':') > 0;
