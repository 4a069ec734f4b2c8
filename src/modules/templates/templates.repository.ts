import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { type StoredPreview, sortTemplatesByName, type Template, type Variant } from './templates.models.js';
import { templatesTable } from './templates.table.js';

/** Arbitrary constant: publishing index.json is serialised across processes so the last write is never stale. */
const PUBLISH_LOCK_KEY = 7_319_002;

type Row = typeof templatesTable.$inferSelect;
const toTemplate = (row: Row): Template => ({ ...row });

export type NewTemplate = Omit<Template, 'version' | 'createdAt' | 'updatedAt'>;
export type TemplateChanges = Partial<Pick<Template, 'name' | 'telegramEnabled' | 'square' | 'story'>>;

export interface TemplatesRepository {
  findAll(): Promise<Template[]>;
  findBySlug(slug: string): Promise<Template | null>;
  count(): Promise<number>;
  /** null when the slug is taken. */
  insert(template: NewTemplate & { version?: number }): Promise<Template | null>;
  /** Applies the changes only if the stored version is `expectedVersion`; null otherwise (stale or gone). */
  update(input: { slug: string; expectedVersion: number; changes: TemplateChanges }): Promise<Template | null>;
  deleteMany(slugs: string[]): Promise<Template[]>;
  /** TPL-3 recovery: writes an imported template whatever the DB holds, keeping the version moving forward. */
  upsert(template: NewTemplate & { version: number }): Promise<void>;
  /**
   * Adds previews to a variant without a new version (they change no pixel of any render), only while the variant
   * still has `imageKey`; false when it has changed or is gone.
   */
  setPreviews(input: { slug: string; variant: Variant; imageKey: string; previews: StoredPreview[] }): Promise<boolean>;
  /** Runs `publish` with the whole catalogue while holding a cross-process lock. */
  withPublishLock(publish: (templates: Template[]) => Promise<void>): Promise<void>;
}

export function createTemplatesRepository({ db }: { db: Db }): TemplatesRepository {
  const findAll = (executor: Pick<Db, 'select'> = db) =>
    executor
      .select()
      .from(templatesTable)
      .then((rows) => sortTemplatesByName(rows.map(toTemplate)));

  return {
    findAll: () => findAll(),
    async findBySlug(slug) {
      const [row] = await db.select().from(templatesTable).where(eq(templatesTable.slug, slug));
      return row ? toTemplate(row) : null;
    },
    async count() {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(templatesTable);
      return row?.n ?? 0;
    },
    async insert(template) {
      const [row] = await db.insert(templatesTable).values(template).onConflictDoNothing().returning();
      return row ? toTemplate(row) : null;
    },
    async update({ slug, expectedVersion, changes }) {
      const [row] = await db
        .update(templatesTable)
        .set({ ...changes, version: sql`${templatesTable.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(templatesTable.slug, slug), eq(templatesTable.version, expectedVersion)))
        .returning();
      return row ? toTemplate(row) : null;
    },
    async deleteMany(slugs) {
      if (slugs.length === 0) return [];
      const rows = await db.delete(templatesTable).where(inArray(templatesTable.slug, slugs)).returning();
      return rows.map(toTemplate);
    },
    async upsert(template) {
      await db
        .insert(templatesTable)
        .values(template)
        .onConflictDoUpdate({
          target: templatesTable.slug,
          set: {
            name: template.name,
            telegramEnabled: template.telegramEnabled,
            square: template.square,
            story: template.story,
            version: sql`greatest(${templatesTable.version} + 1, ${template.version})`,
            updatedAt: sql`now()`,
          },
        });
    },
    async setPreviews({ slug, variant, imageKey, previews }) {
      const column = templatesTable[variant];
      const rows = await db
        .update(templatesTable)
        .set({ [variant]: sql`jsonb_set(${column}, '{previews}', ${JSON.stringify(previews)}::jsonb)` })
        .where(and(eq(templatesTable.slug, slug), sql`${column}->>'imageKey' = ${imageKey}`))
        .returning({ slug: templatesTable.slug });
      return rows.length > 0;
    },
    async withPublishLock(publish) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`);
        await publish(await findAll(tx));
      });
    },
  };
}
