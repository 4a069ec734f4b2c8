CREATE TABLE "broadcast_deliveries" (
	"broadcast_id" bigint NOT NULL,
	"chat_id" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"claim" text,
	"error" text,
	"settled_at" timestamp with time zone,
	CONSTRAINT "broadcast_deliveries_broadcast_id_chat_id_pk" PRIMARY KEY("broadcast_id","chat_id"),
	CONSTRAINT "broadcast_deliveries_status_check" CHECK ("broadcast_deliveries"."status" in ('pending', 'sending', 'sent', 'blocked', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message" text NOT NULL,
	"html" text NOT NULL,
	"days" integer NOT NULL,
	"image" jsonb,
	"photo_file_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "broadcasts_status_check" CHECK ("broadcasts"."status" in ('queued', 'running', 'completed', 'cancelled', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "broadcast_deliveries" ADD CONSTRAINT "broadcast_deliveries_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "broadcast_deliveries_status_idx" ON "broadcast_deliveries" USING btree ("broadcast_id","status","chat_id");--> statement-breakpoint
CREATE INDEX "broadcasts_unfinished_idx" ON "broadcasts" USING btree ("id") WHERE "broadcasts"."status" in ('queued', 'running');