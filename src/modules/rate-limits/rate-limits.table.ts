import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Per-client request counters shared by every process (rate-limiter-flexible's Drizzle store: key, points, expire). */
export const rateLimitsTable = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: timestamp('expire', { withTimezone: true }),
});
