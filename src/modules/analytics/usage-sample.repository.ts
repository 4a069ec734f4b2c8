import { sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { botUsersTable } from '../bot-users/bot-users.table.js';
import { usageEventsTable } from '../usage/usage.table.js';
import type { SampleBotUser, SampleUsageRow } from './usage-sample.models.js';

/** What the triggers of migration 0011 keep beside usage_events. */
const ROLLUP_TABLES = [
  'usage_slot_counts',
  'usage_windows',
  'usage_window_counts',
  'usage_window_users',
  'usage_window_codes',
  'usage_window_code_users',
  'usage_users',
];

/** Writes sample data for analytics at scale (the seed script and the bench); never used by the app itself. */
export function createUsageSampleRepository({ db }: { db: Db }) {
  return {
    /** The rollup tables in the same statement: their trigger then has nothing left to delete. */
    async clearUsage(): Promise<void> {
      await db.execute(sql`truncate usage_events, ${sql.raw(ROLLUP_TABLES.join(', '))} restart identity`);
    },
    /** Bot users that exist already are left as they are. */
    async insertBotUsers(users: SampleBotUser[]): Promise<void> {
      for (let i = 0; i < users.length; i += 5000)
        await db
          .insert(botUsersTable)
          .values(users.slice(i, i + 5000))
          .onConflictDoNothing();
    },
    /** One multi-row INSERT per call (5 000 rows × 11 columns stays under PostgreSQL's 65 535 parameters). */
    async insertUsage(rows: SampleUsageRow[]): Promise<void> {
      await db.insert(usageEventsTable).values(rows);
    },
    /** Fresh planner statistics (and the visibility map, for index-only scans) after a bulk load. */
    async analyze(): Promise<void> {
      await db.execute(sql`vacuum analyze usage_events`);
      for (const table of ROLLUP_TABLES) await db.execute(sql`vacuum analyze ${sql.identifier(table)}`);
      await db.execute(sql`analyze bot_users`);
    },
  };
}

export type UsageSampleRepository = ReturnType<typeof createUsageSampleRepository>;
