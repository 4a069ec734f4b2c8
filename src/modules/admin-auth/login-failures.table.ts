import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Failed admin logins, per client IP, shared by every process (ADM-1 rate limit). */
export const loginFailuresTable = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('login_failures_ip_at_idx').on(table.ip, table.at)],
);

/** Admin sessions ended by "Log out" before their 12 hours were up, kept until then (checked by every process). */
export const revokedSessionsTable = pgTable('admin_revoked_sessions', {
  sessionId: text('session_id').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
