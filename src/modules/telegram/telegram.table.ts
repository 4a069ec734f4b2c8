import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** BOT-1: each update_id is handled at most once across every process. */
export const processedUpdatesTable = pgTable(
  'telegram_processed_updates',
  {
    updateId: bigint('update_id', { mode: 'number' }).primaryKey(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('telegram_processed_updates_at_idx').on(table.processedAt)],
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
