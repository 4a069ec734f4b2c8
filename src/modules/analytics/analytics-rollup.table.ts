import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/*
 * Pre-aggregation of usage_events for analytics at a million rows (issue 12, SPEC §10). Kept by triggers on
 * usage_events (migration 0011), so every writer — the usage repository, the seed, a test fixture, a manual INSERT —
 * updates it in the same transaction as the row. Dimension columns never hold NULL: `source` and `template` are '*'
 * for "all" (each row is counted in the four cells source|* × template|*), template '' and error_type '' mean none.
 */

/** Uses per UTC 15-minute slot: every real offset is a multiple of 15 minutes, so local hours and days are sums. */
export const usageSlotCountsTable = pgTable(
  'usage_slot_counts',
  {
    slot: timestamp('slot', { withTimezone: true }).notNull(),
    source: text('source').notNull(),
    template: text('template').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.source, table.template, table.slot] })],
);

/**
 * A window aggregates every usage row at or after `start_at` (a period's first instant). The dashboard's periods end
 * now, so a window answers them exactly while no row lies past the period's end; it slides when the period starts
 * later (a new day) and is rebuilt when it would move back. Deleting or updating usage rows drops the windows.
 */
export const usageWindowsTable = pgTable('usage_windows', {
  win: smallint('win').primaryKey(),
  startAt: timestamp('start_at', { withTimezone: true }).notNull(),
});

export const usageWindowCountsTable = pgTable(
  'usage_window_counts',
  {
    win: smallint('win').notNull(),
    source: text('source').notNull(),
    template: text('template').notNull(),
    outcome: text('outcome').notNull(),
    errorType: text('error_type').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.win, table.source, table.template, table.outcome, table.errorType] })],
);

/** Bot users' uses in the window (distinct users, the most active users). */
export const usageWindowUsersTable = pgTable(
  'usage_window_users',
  {
    win: smallint('win').notNull(),
    source: text('source').notNull(),
    template: text('template').notNull(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    successes: bigint('successes', { mode: 'number' }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.win, table.source, table.template, table.userId] }),
    index('usage_window_users_rank_idx').on(table.win, table.source, table.template, table.n.desc(), table.userId),
  ],
);

/** Codes generated (outcome success) or refused (invalid) in the window, with their distinct bot users. */
export const usageWindowCodesTable = pgTable(
  'usage_window_codes',
  {
    win: smallint('win').notNull(),
    source: text('source').notNull(),
    template: text('template').notNull(),
    outcome: text('outcome').notNull(),
    code: text('code').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    /** Rows of usage_window_code_users for this code (kept by the triggers as pairs appear and vanish). */
    users: bigint('users', { mode: 'number' }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.win, table.source, table.template, table.outcome, table.code] }),
    check('usage_window_codes_outcome_check', sql`${table.outcome} in ('success', 'invalid')`),
  ],
);

export const usageWindowCodeUsersTable = pgTable(
  'usage_window_code_users',
  {
    win: smallint('win').notNull(),
    source: text('source').notNull(),
    template: text('template').notNull(),
    outcome: text('outcome').notNull(),
    code: text('code').notNull(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.win, table.source, table.template, table.outcome, table.code, table.userId] }),
    // The code's top user: the first entry of this index.
    index('usage_window_code_users_top_idx').on(
      table.win,
      table.source,
      table.template,
      table.outcome,
      table.code,
      table.n.desc(),
      table.userId,
    ),
  ],
);

/** Every bot user's first use ever and whether they came back on local day 1, 7 and 30 after it (in `zone`). */
export const usageUsersTable = pgTable(
  'usage_users',
  {
    userId: bigint('user_id', { mode: 'number' }).primaryKey(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    day1: boolean('day1').notNull(),
    day7: boolean('day7').notNull(),
    day30: boolean('day30').notNull(),
  },
  (table) => [index('usage_users_first_at_idx').on(table.firstAt)],
);

/** One row: the zone usage_users' local days are counted in (follows ANALYTICS_TZ, recomputed when it changes). */
export const usageRollupStateTable = pgTable(
  'usage_rollup_state',
  {
    id: smallint('id').primaryKey(),
    zone: text('zone').notNull(),
  },
  (table) => [check('usage_rollup_state_one_row', sql`${table.id} = 1`)],
);
