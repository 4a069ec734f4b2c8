import { boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { TemplateVariant } from './templates.models.js';

export const templatesTable = pgTable('templates', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  telegramEnabled: boolean('telegram_enabled').notNull().default(true),
  version: integer('version').notNull().default(1),
  square: jsonb('square').$type<TemplateVariant>(),
  story: jsonb('story').$type<TemplateVariant>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
