CREATE TABLE "usage_rollup_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"zone" text NOT NULL,
	CONSTRAINT "usage_rollup_state_one_row" CHECK ("usage_rollup_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "usage_slot_counts" (
	"slot" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"template" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "usage_slot_counts_source_template_slot_pk" PRIMARY KEY("source","template","slot")
);
--> statement-breakpoint
CREATE TABLE "usage_users" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"day1" boolean NOT NULL,
	"day7" boolean NOT NULL,
	"day30" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_window_code_users" (
	"win" smallint NOT NULL,
	"source" text NOT NULL,
	"template" text NOT NULL,
	"outcome" text NOT NULL,
	"code" text NOT NULL,
	"user_id" bigint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "usage_window_code_users_win_source_template_outcome_code_user_id_pk" PRIMARY KEY("win","source","template","outcome","code","user_id")
);
--> statement-breakpoint
CREATE TABLE "usage_window_codes" (
	"win" smallint NOT NULL,
	"source" text NOT NULL,
	"template" text NOT NULL,
	"outcome" text NOT NULL,
	"code" text NOT NULL,
	"n" bigint NOT NULL,
	"users" bigint NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_window_codes_win_source_template_outcome_code_pk" PRIMARY KEY("win","source","template","outcome","code"),
	CONSTRAINT "usage_window_codes_outcome_check" CHECK ("usage_window_codes"."outcome" in ('success', 'invalid'))
);
--> statement-breakpoint
CREATE TABLE "usage_window_counts" (
	"win" smallint NOT NULL,
	"source" text NOT NULL,
	"template" text NOT NULL,
	"outcome" text NOT NULL,
	"error_type" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "usage_window_counts_win_source_template_outcome_error_type_pk" PRIMARY KEY("win","source","template","outcome","error_type")
);
--> statement-breakpoint
CREATE TABLE "usage_window_users" (
	"win" smallint NOT NULL,
	"source" text NOT NULL,
	"template" text NOT NULL,
	"user_id" bigint NOT NULL,
	"n" bigint NOT NULL,
	"successes" bigint NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_window_users_win_source_template_user_id_pk" PRIMARY KEY("win","source","template","user_id")
);
--> statement-breakpoint
CREATE TABLE "usage_windows" (
	"win" smallint PRIMARY KEY NOT NULL,
	"start_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "usage_users_first_at_idx" ON "usage_users" USING btree ("first_at");--> statement-breakpoint
CREATE INDEX "usage_window_code_users_top_idx" ON "usage_window_code_users" USING btree ("win","source","template","outcome","code","n" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "usage_window_users_rank_idx" ON "usage_window_users" USING btree ("win","source","template","n" DESC NULLS LAST,"user_id");--> statement-breakpoint
-- Hand-written from here (issue 12's speed): the triggers that keep the tables above in the usage insert's
-- transaction, and the back-fill of an existing deployment. Windows (usage_window_*) start empty: the app builds
-- them for the periods asked (src/modules/analytics/usage-windows.repository.ts).
INSERT INTO "usage_rollup_state" ("id", "zone") VALUES (1, 'UTC');--> statement-breakpoint
-- Did the user use anything on local calendar day `day` of `zone`?
CREATE FUNCTION usage_used_on_day(uid bigint, day date, zone text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM usage_events e WHERE e.user_id = uid
    AND e.created_at >= (day::timestamp AT TIME ZONE zone) AND e.created_at < ((day + 1)::timestamp AT TIME ZONE zone))
$$;--> statement-breakpoint
-- usage_users for these bot users, recomputed from their usage rows (a few index probes each).
CREATE FUNCTION usage_users_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM usage_users u WHERE u.user_id = ANY (ids)
    AND NOT EXISTS (SELECT 1 FROM usage_events e WHERE e.user_id = u.user_id);
  INSERT INTO usage_users AS t (user_id, first_at, day1, day7, day30)
  SELECT f.user_id, f.first_at, usage_used_on_day(f.user_id, f.first_day + 1, f.zone),
         usage_used_on_day(f.user_id, f.first_day + 7, f.zone), usage_used_on_day(f.user_id, f.first_day + 30, f.zone)
  FROM (SELECT i.user_id, m.first_at, (m.first_at AT TIME ZONE s.zone)::date AS first_day, s.zone
        FROM (SELECT DISTINCT x AS user_id FROM unnest(ids) x) i
        CROSS JOIN LATERAL (SELECT min(e.created_at) AS first_at FROM usage_events e WHERE e.user_id = i.user_id) m
        CROSS JOIN (SELECT coalesce((SELECT zone FROM usage_rollup_state WHERE id = 1), 'UTC') AS zone) s
        WHERE m.first_at IS NOT NULL) f
  ON CONFLICT (user_id) DO UPDATE SET first_at = excluded.first_at, day1 = excluded.day1, day7 = excluded.day7,
    day30 = excluded.day30;
$$;--> statement-breakpoint
-- Adds `sign` × these rows (their instants, sources and templates) to the 15-minute slots: deletes and updates; the
-- insert trigger has it inline. Transition tables cannot be passed on, so their columns go as arrays.
CREATE FUNCTION usage_slots_apply(ats timestamptz[], sources text[], templates text[], sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_slot_counts AS t (slot, source, template, n)
  SELECT to_timestamp(floor(extract(epoch FROM r.created_at) / 900) * 900), c.source, c.template, sign * count(*)
  FROM unnest(ats, sources, templates) AS r(created_at, source, template_slug)
  CROSS JOIN LATERAL (VALUES (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
    ('*', coalesce(r.template_slug, '')), ('*', '*')) AS c(source, template)
  GROUP BY 1, 2, 3 ORDER BY 2, 3, 1
  ON CONFLICT (source, template, slot) DO UPDATE SET n = t.n + excluded.n;
  DELETE FROM usage_slot_counts t WHERE t.n <= 0 AND (t.source, t.template, t.slot) IN (
    SELECT c.source, c.template, to_timestamp(floor(extract(epoch FROM r.created_at) / 900) * 900)
    FROM unnest(ats, sources, templates) AS r(created_at, source, template_slug)
    CROSS JOIN LATERAL (VALUES (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
      ('*', coalesce(r.template_slug, '')), ('*', '*')) AS c(source, template));
END $$;--> statement-breakpoint
CREATE FUNCTION usage_rollup_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_slot_counts AS t (slot, source, template, n)
  SELECT to_timestamp(floor(extract(epoch FROM r.created_at) / 900) * 900), c.source, c.template, count(*)
  FROM new_rows r
  CROSS JOIN LATERAL (VALUES (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
    ('*', coalesce(r.template_slug, '')), ('*', '*')) AS c(source, template)
  GROUP BY 1, 2, 3 ORDER BY 2, 3, 1
  ON CONFLICT (source, template, slot) DO UPDATE SET n = t.n + excluded.n;

  IF EXISTS (SELECT 1 FROM usage_windows w WHERE w.start_at <= (SELECT max(created_at) FROM new_rows)) THEN
    INSERT INTO usage_window_counts AS t (win, source, template, outcome, error_type, n)
    SELECT w.win, c.source, c.template, r.outcome, coalesce(r.error_type, ''), count(*)
    FROM new_rows r JOIN usage_windows w ON r.created_at >= w.start_at
    CROSS JOIN LATERAL (VALUES (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
      ('*', coalesce(r.template_slug, '')), ('*', '*')) AS c(source, template)
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (win, source, template, outcome, error_type) DO UPDATE SET n = t.n + excluded.n;

    INSERT INTO usage_window_users AS t (win, source, template, user_id, n, successes, last_at)
    SELECT w.win, c.source, c.template, r.user_id, count(*), count(*) FILTER (WHERE r.outcome = 'success'),
           max(r.created_at)
    FROM new_rows r JOIN usage_windows w ON r.created_at >= w.start_at
    CROSS JOIN LATERAL (VALUES (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
      ('*', coalesce(r.template_slug, '')), ('*', '*')) AS c(source, template)
    WHERE r.user_id IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (win, source, template, user_id) DO UPDATE SET n = t.n + excluded.n,
      successes = t.successes + excluded.successes, last_at = greatest(t.last_at, excluded.last_at);

    INSERT INTO usage_window_codes AS t (win, source, template, outcome, code, n, users, last_at)
    SELECT w.win, c.source, c.template, r.outcome, r.code, count(*), 0, max(r.created_at)
    FROM new_rows r JOIN usage_windows w ON r.created_at >= w.start_at
    CROSS JOIN LATERAL (VALUES (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
      ('*', coalesce(r.template_slug, '')), ('*', '*')) AS c(source, template)
    WHERE r.code IS NOT NULL AND r.outcome IN ('success', 'invalid')
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (win, source, template, outcome, code) DO UPDATE SET n = t.n + excluded.n,
      last_at = greatest(t.last_at, excluded.last_at);

    -- A (code, user) pair seen for the first time in the window adds one to the code's distinct users.
    WITH pairs AS (
      INSERT INTO usage_window_code_users AS t (win, source, template, outcome, code, user_id, n)
      SELECT w.win, c.source, c.template, r.outcome, r.code, r.user_id, count(*)
      FROM new_rows r JOIN usage_windows w ON r.created_at >= w.start_at
      CROSS JOIN LATERAL (VALUES (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
        ('*', coalesce(r.template_slug, '')), ('*', '*')) AS c(source, template)
      WHERE r.code IS NOT NULL AND r.user_id IS NOT NULL AND r.outcome IN ('success', 'invalid')
      GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (win, source, template, outcome, code, user_id) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.win, t.source, t.template, t.outcome, t.code, (t.xmax = 0) AS fresh
    ), fresh AS (
      SELECT p.win, p.source, p.template, p.outcome, p.code, count(*) AS k FROM pairs p WHERE p.fresh
      GROUP BY 1, 2, 3, 4, 5
    )
    UPDATE usage_window_codes t SET users = t.users + f.k FROM fresh f
    WHERE t.win = f.win AND t.source = f.source AND t.template = f.template AND t.outcome = f.outcome
      AND t.code = f.code;
  END IF;

  -- One writer at a time per bot user, so each recomputation sees the rows another transaction just committed.
  PERFORM pg_advisory_xact_lock(1201, hashtext(u.user_id::text))
  FROM (SELECT DISTINCT r.user_id FROM new_rows r WHERE r.user_id IS NOT NULL ORDER BY 1) u;
  PERFORM usage_users_refresh(ARRAY(SELECT DISTINCT r.user_id FROM new_rows r WHERE r.user_id IS NOT NULL));
  RETURN NULL;
END $$;--> statement-breakpoint
-- Deleted or rewritten usage rows (the app does neither; a manual clean-up might): the slots and usage_users follow,
-- the windows are dropped and rebuilt when next asked for.
CREATE FUNCTION usage_rollup_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ats timestamptz[]; sources text[]; templates text[];
BEGIN
  SELECT array_agg(r.created_at), array_agg(r.source), array_agg(r.template_slug) INTO ats, sources, templates
  FROM old_rows r;
  PERFORM usage_slots_apply(ats, sources, templates, -1);
  DELETE FROM usage_windows;
  PERFORM usage_users_refresh(ARRAY(SELECT DISTINCT r.user_id FROM old_rows r WHERE r.user_id IS NOT NULL));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION usage_rollup_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ats timestamptz[]; sources text[]; templates text[];
BEGIN
  SELECT array_agg(r.created_at), array_agg(r.source), array_agg(r.template_slug) INTO ats, sources, templates
  FROM old_rows r;
  PERFORM usage_slots_apply(ats, sources, templates, -1);
  SELECT array_agg(r.created_at), array_agg(r.source), array_agg(r.template_slug) INTO ats, sources, templates
  FROM new_rows r;
  PERFORM usage_slots_apply(ats, sources, templates, 1);
  DELETE FROM usage_windows;
  PERFORM usage_users_refresh(ARRAY(SELECT r.user_id FROM old_rows r WHERE r.user_id IS NOT NULL
    UNION SELECT r.user_id FROM new_rows r WHERE r.user_id IS NOT NULL));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION usage_rollup_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- DELETE, not TRUNCATE: a TRUNCATE naming these tables too (the tests' clean-up) has them in use. Truncating
  -- them in the same statement as usage_events (the seed's --replace) leaves nothing here to delete.
  DELETE FROM usage_slot_counts;
  DELETE FROM usage_windows;
  DELETE FROM usage_window_counts;
  DELETE FROM usage_window_users;
  DELETE FROM usage_window_codes;
  DELETE FROM usage_window_code_users;
  DELETE FROM usage_users;
  RETURN NULL;
END $$;--> statement-breakpoint
-- The triggers before the back-fill: creating them locks usage_events against writes until this migration commits,
-- so no row can fall between the back-fill's snapshot and the first trigger run.
CREATE TRIGGER usage_rollup_insert AFTER INSERT ON usage_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_after_insert();--> statement-breakpoint
CREATE TRIGGER usage_rollup_delete AFTER DELETE ON usage_events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_after_delete();--> statement-breakpoint
CREATE TRIGGER usage_rollup_update AFTER UPDATE ON usage_events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_after_update();--> statement-breakpoint
CREATE TRIGGER usage_rollup_truncate AFTER TRUNCATE ON usage_events
  FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_after_truncate();--> statement-breakpoint
-- The series and the heat map read a cell's slots of a period: an index-only scan once vacuumed.
CREATE INDEX usage_slot_counts_cell_idx ON usage_slot_counts USING btree (source, template, slot) INCLUDE (n);--> statement-breakpoint
INSERT INTO usage_slot_counts (slot, source, template, n)
SELECT to_timestamp(floor(extract(epoch FROM r.created_at) / 900) * 900), c.source, c.template, count(*)
FROM usage_events r
CROSS JOIN LATERAL (VALUES (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
  ('*', coalesce(r.template_slug, '')), ('*', '*')) AS c(source, template)
GROUP BY 1, 2, 3 ORDER BY 2, 3, 1;--> statement-breakpoint
SELECT usage_users_refresh(ARRAY(SELECT DISTINCT user_id FROM usage_events WHERE user_id IS NOT NULL));
