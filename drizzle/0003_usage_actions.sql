-- One usage stream (issue 9): every row says what the user did (action) and how it ended (outcome); `success`
-- becomes a column derived from the outcome. Rows written before this migration did not store the action: web rows
-- become downloads, API rows renders, Telegram rows commands (the common case of each source).
ALTER TABLE "usage_events" ADD COLUMN "action" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "outcome" text;--> statement-breakpoint
UPDATE "usage_events" SET
  "action" = CASE "source" WHEN 'web' THEN 'download' WHEN 'api' THEN 'render' ELSE 'command' END,
  "outcome" = CASE
    WHEN "success" THEN 'success'
    WHEN "error_type" = 'invalid_coupon' THEN 'invalid'
    WHEN "error_type" = 'validation_unavailable' THEN 'unavailable'
    ELSE 'failed'
  END;--> statement-breakpoint
ALTER TABLE "usage_events" ALTER COLUMN "action" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ALTER COLUMN "outcome" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" DROP COLUMN "success";--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "success" boolean GENERATED ALWAYS AS (outcome = 'success') STORED;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_source_check" CHECK ("usage_events"."source" in ('web', 'telegram', 'api'));--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_action_check" CHECK ("usage_events"."action" in ('download', 'share', 'render', 'command', 'button'));--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_outcome_check" CHECK ("usage_events"."outcome" in ('success', 'invalid', 'unavailable', 'failed'));
