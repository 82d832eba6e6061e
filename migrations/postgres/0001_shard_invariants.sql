CREATE TABLE "drill_cooldowns" (
	"platform" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"last_at" bigint NOT NULL,
	CONSTRAINT "drill_cooldowns_platform_platform_user_id_pk" PRIMARY KEY("platform","platform_user_id")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "lease_until" timestamp (3) with time zone;--> statement-breakpoint
-- Two open rounds in one channel (a race before this index existed) would stop the index from being created:
-- the older ones are closed, as a restart would have closed them.
UPDATE "sessions" SET "status" = 'abandoned', "ended_at" = now()
WHERE "kind" = 'interview' AND "status" IN ('lobby', 'active') AND EXISTS (
	SELECT 1 FROM "sessions" AS "newer" WHERE "newer"."channel_id" = "sessions"."channel_id" AND "newer"."kind" = 'interview'
	AND "newer"."status" IN ('lobby', 'active') AND ("newer"."created_at" > "sessions"."created_at" OR ("newer"."created_at" = "sessions"."created_at" AND "newer"."id" > "sessions"."id"))
);--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_one_open_round_per_channel" ON "sessions" USING btree ("channel_id") WHERE "sessions"."kind" = 'interview' and "sessions"."status" in ('lobby', 'active');