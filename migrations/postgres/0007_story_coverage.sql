CREATE TABLE "progress_competencies" (
	"user_id" integer NOT NULL,
	"workspace_id" integer NOT NULL,
	"competency" text NOT NULL,
	"stories" integer NOT NULL,
	"strength_sum" integer NOT NULL,
	"best" integer NOT NULL,
	"complete" integer NOT NULL,
	CONSTRAINT "progress_competencies_user_id_workspace_id_competency_pk" PRIMARY KEY("user_id","workspace_id","competency")
);
--> statement-breakpoint
CREATE TABLE "story_coverage" (
	"answer_id" integer NOT NULL,
	"competency" text NOT NULL,
	"user_id" integer NOT NULL,
	"workspace_id" integer NOT NULL,
	"strength" integer NOT NULL,
	"star_parts" integer NOT NULL,
	CONSTRAINT "story_coverage_answer_id_competency_pk" PRIMARY KEY("answer_id","competency")
);
--> statement-breakpoint
ALTER TABLE "progress_competencies" ADD CONSTRAINT "progress_competencies_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_coverage" ADD CONSTRAINT "story_coverage_answer_id_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_coverage" ADD CONSTRAINT "story_coverage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "story_coverage_user" ON "story_coverage" USING btree ("user_id","competency");