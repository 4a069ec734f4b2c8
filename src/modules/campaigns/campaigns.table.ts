import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Platform } from '../../shared/campaign-platforms.js';
import type { CampaignOverlay } from './campaigns.models.js';

/** CMP-1: campaigns; status is derived from the dates (never stored); a delete keeps the row and its entries. */
export const campaignsTable = pgTable(
  'campaigns',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    prize: text('prize').notNull().default(''),
    platforms: jsonb('platforms').$type<Platform[]>().notNull(),
    overlay: jsonb('overlay').$type<CampaignOverlay>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (table) => [index('campaigns_live_idx').on(table.startAt, table.endAt).where(sql`${table.deletedAt} is null`)],
);

/** CMP-4: one entry per email per campaign; a second submit updates it. */
export const campaignSubmissionsTable = pgTable(
  'campaign_submissions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => campaignsTable.id),
    email: text('email').notNull(),
    urls: jsonb('urls').$type<Partial<Record<Platform, string>>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('campaign_submissions_email_idx').on(table.campaignId, table.email),
    index('campaign_submissions_newest_idx').on(table.campaignId, table.updatedAt),
  ],
);
