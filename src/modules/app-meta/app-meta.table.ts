import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small durable facts about the installation (e.g. when samples were seeded). */
export const appMetaTable = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
