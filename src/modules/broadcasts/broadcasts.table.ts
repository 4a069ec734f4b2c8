import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { BroadcastImage, BroadcastStatus, DeliveryStatus } from './broadcasts.models.js';

/** BRD-2: one row per broadcast; its counts are read off its deliveries, so they can never drift. */
export const broadcastsTable = pgTable(
  'broadcasts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What the admin wrote (the Markdown subset). */
    message: text('message').notNull(),
    /** What Telegram is sent: the message converted to Telegram HTML, everything else escaped. */
    html: text('html').notNull(),
    /** Audience: private users active in the last N days; 0 = all (blocked users never). */
    days: integer('days').notNull(),
    image: jsonb('image').$type<BroadcastImage>(),
    /** Telegram's file_id of the image after its first upload; every later recipient gets it by id. */
    photoFileId: text('photo_file_id'),
    status: text('status').$type<BroadcastStatus>().notNull().default('queued'),
    total: integer('total').notNull(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    check('broadcasts_status_check', sql`${table.status} in ('queued', 'running', 'completed', 'cancelled', 'failed')`),
    index('broadcasts_unfinished_idx').on(table.id).where(sql`${table.status} in ('queued', 'running')`),
  ],
);

/**
 * BRD-2/3: one row per recipient, created with the broadcast. A send is claimed (`sending`, with the sender's
 * token) just before it goes out and settled just after, so a resumed broadcast never sends a settled row again.
 */
export const broadcastDeliveriesTable = pgTable(
  'broadcast_deliveries',
  {
    broadcastId: bigint('broadcast_id', { mode: 'number' })
      .notNull()
      .references(() => broadcastsTable.id, { onDelete: 'cascade' }),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    /** Sends that failed for a reason other than a rate limit. */
    attempts: integer('attempts').notNull().default(0),
    /** Not before this time (a 429's retry_after, or the backoff after an error). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** The sender that claimed the row (its job run), so only it settles the row. */
    claim: text('claim'),
    /** Telegram's description of the last failure. */
    error: text('error'),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.broadcastId, table.chatId] }),
    index('broadcast_deliveries_status_idx').on(table.broadcastId, table.status, table.chatId),
    check(
      'broadcast_deliveries_status_check',
      sql`${table.status} in ('pending', 'sending', 'sent', 'blocked', 'failed')`,
    ),
  ],
);
