import { bigint, bigserial, boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** BOT-8: one row per outcome of an image request, from any source. */
export const usageEventsTable = pgTable(
  'usage_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    source: text('source').$type<'telegram' | 'web' | 'api'>().notNull(),
    chatType: text('chat_type'),
    chatId: bigint('chat_id', { mode: 'number' }),
    userId: bigint('user_id', { mode: 'number' }),
    templateSlug: text('template_slug'),
    variant: text('variant'),
    code: text('code'),
    success: boolean('success').notNull(),
    errorType: text('error_type'),
  },
  (table) => [
    index('usage_events_created_at_idx').on(table.createdAt),
    index('usage_events_source_created_at_idx').on(table.source, table.createdAt),
  ],
);
