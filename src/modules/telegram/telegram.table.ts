import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * BOT-1 and OPS-6, the inbox: each update_id is claimed once across every process, with its payload, before the
 * webhook answers; it stays `handling` until the bot is done with it, so an update whose process died meanwhile is
 * handled again elsewhere once its lease runs out. Rows from before the inbox have no payload and count as done.
 */
export const processedUpdatesTable = pgTable(
  'telegram_processed_updates',
  {
    updateId: bigint('update_id', { mode: 'number' }).primaryKey(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload'),
    status: text('status').$type<'handling' | 'done' | 'failed'>().notNull().default('done'),
    attempts: integer('attempts').notNull().default(1),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (table) => [
    index('telegram_processed_updates_at_idx').on(table.processedAt),
    index('telegram_processed_updates_handling_idx').on(table.leaseUntil).where(sql`${table.status} = 'handling'`),
  ],
);

/** BOT-4: the guided flow's state per (chat, user), with a TTL, so any process can continue any conversation. */
export const conversationsTable = pgTable(
  'telegram_conversations',
  {
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    state: jsonb('state').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.chatId, table.userId] })],
);

/** BOT-5: Telegram file_ids per (template version, variant, code, kind), so a repeat costs no render and no upload. */
export const telegramFilesTable = pgTable('telegram_files', {
  key: text('key').primaryKey(),
  fileId: text('file_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
