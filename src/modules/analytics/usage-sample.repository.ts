import { sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { botUsersTable } from '../bot-users/bot-users.table.js';
import { usageEventsTable } from '../usage/usage.table.js';
import type { SampleBotUser, SampleUsageRow } from './usage-sample.models.js';

/** Writes sample data for analytics at scale (the seed script and the bench); never used by the app itself. */
export function createUsageSampleRepository({ db }: { db: Db }) {
  return {
    async clearUsage(): Promise<void> {
      await db.execute(sql`truncate usage_events restart identity`);
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
      await db.execute(sql`analyze bot_users`);
    },
  };
}

export type UsageSampleRepository = ReturnType<typeof createUsageSampleRepository>;
