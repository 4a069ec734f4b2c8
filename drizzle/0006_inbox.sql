ALTER TABLE "telegram_processed_updates" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "telegram_processed_updates" ADD COLUMN "status" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "telegram_processed_updates" ADD COLUMN "attempts" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "telegram_processed_updates" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "telegram_processed_updates_handling_idx" ON "telegram_processed_updates" USING btree ("lease_until") WHERE "telegram_processed_updates"."status" = 'handling';