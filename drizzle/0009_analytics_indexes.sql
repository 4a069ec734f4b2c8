-- Analytics (issue 12): indexes for the dashboard and the exports at a million rows; EXPLAIN ANALYZE figures before and
-- after are in the README (Analytics). Plain CREATE INDEX: migrations run in a transaction, where CONCURRENTLY cannot.
CREATE INDEX "usage_events_user_created_at_idx" ON "usage_events" USING btree ("user_id","created_at") WHERE "usage_events"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "usage_events_code_created_at_idx" ON "usage_events" USING btree ("code","created_at") WHERE "usage_events"."code" is not null;--> statement-breakpoint
CREATE INDEX "usage_events_template_created_at_idx" ON "usage_events" USING btree ("template_slug","created_at");--> statement-breakpoint
CREATE INDEX "usage_events_invalid_created_at_idx" ON "usage_events" USING btree ("created_at") WHERE "usage_events"."outcome" = 'invalid';