import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { UsageAction, UsageOutcome, UsageSource } from './usage.models.js';

/** BOT-8: one row per user action that asked for an image, from any source (see usage.models.ts). */
export const usageEventsTable = pgTable(
  'usage_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    source: text('source').$type<UsageSource>().notNull(),
    action: text('action').$type<UsageAction>().notNull(),
    chatType: text('chat_type'),
    chatId: bigint('chat_id', { mode: 'number' }),
    userId: bigint('user_id', { mode: 'number' }),
    templateSlug: text('template_slug'),
    variant: text('variant'),
    code: text('code'),
    outcome: text('outcome').$type<UsageOutcome>().notNull(),
    /** Kept for readers of the first schema; derived, so it can never disagree with `outcome`. */
    success: boolean('success').generatedAlwaysAs(sql`outcome = 'success'`),
    errorType: text('error_type'),
  },
  (table) => [
    index('usage_events_created_at_idx').on(table.createdAt),
    index('usage_events_source_created_at_idx').on(table.source, table.createdAt),
    // Analytics (SPEC §10): retention's per-user probes and active users; a code's rows (top user, the codes CSV in
    // code order); the template filter; the refused codes, a small share of the rows.
    index('usage_events_user_created_at_idx').on(table.userId, table.createdAt).where(sql`${table.userId} is not null`),
    index('usage_events_code_created_at_idx').on(table.code, table.createdAt).where(sql`${table.code} is not null`),
    index('usage_events_template_created_at_idx').on(table.templateSlug, table.createdAt),
    index('usage_events_invalid_created_at_idx').on(table.createdAt).where(sql`${table.outcome} = 'invalid'`),
    check('usage_events_source_check', sql`${table.source} in ('web', 'telegram', 'api')`),
    check(
      'usage_events_action_check',
      sql`${table.action} in ('download', 'share', 'batch', 'render', 'command', 'button', 'inline')`,
    ),
    check('usage_events_outcome_check', sql`${table.outcome} in ('success', 'invalid', 'unavailable', 'failed')`),
  ],
);
