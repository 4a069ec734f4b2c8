CREATE TABLE "campaign_submissions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" bigint NOT NULL,
	"email" text NOT NULL,
	"urls" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"prize" text DEFAULT '' NOT NULL,
	"platforms" jsonb NOT NULL,
	"overlay" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "campaign_submissions" ADD CONSTRAINT "campaign_submissions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_submissions_email_idx" ON "campaign_submissions" USING btree ("campaign_id","email");--> statement-breakpoint
CREATE INDEX "campaign_submissions_newest_idx" ON "campaign_submissions" USING btree ("campaign_id","updated_at");--> statement-breakpoint
CREATE INDEX "campaigns_live_idx" ON "campaigns" USING btree ("start_at","end_at") WHERE "campaigns"."deleted_at" is null;