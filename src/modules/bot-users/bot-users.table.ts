import { bigint, boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** BOT-7: private users (broadcast targets unless blocked). */
export const botUsersTable = pgTable('bot_users', {
  chatId: bigint('chat_id', { mode: 'number' }).primaryKey(),
  username: text('username'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  languageCode: text('language_code'),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  lastValidCode: text('last_valid_code'),
  blocked: boolean('blocked').notNull().default(false),
  blockedAt: timestamp('blocked_at', { withTimezone: true }),
});

/** BOT-7: groups and channels the bot posts in; not broadcast targets. */
export const botChatsTable = pgTable('bot_chats', {
  chatId: bigint('chat_id', { mode: 'number' }).primaryKey(),
  title: text('title'),
  type: text('type').notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
});
