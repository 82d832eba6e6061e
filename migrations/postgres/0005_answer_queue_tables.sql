CREATE TABLE "answer_audio" (
	"answer_id" integer PRIMARY KEY NOT NULL,
	"wav" "bytea" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_owed" (
	"answer_id" integer PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transcription_charges" (
	"answer_id" integer PRIMARY KEY NOT NULL,
	"seconds" double precision NOT NULL,
	"day" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "answer_audio" ADD CONSTRAINT "answer_audio_answer_id_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_owed" ADD CONSTRAINT "feedback_owed_answer_id_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transcription_charges" ADD CONSTRAINT "transcription_charges_answer_id_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."answers"("id") ON DELETE cascade ON UPDATE no action;