import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import { createMemoryStorage } from '../../adapters/storage/memory-storage.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import { createTestAdapters } from '../../http/http.test-utils.js';
import { createServices } from '../../services.js';
import { backfillPreviews } from './template-previews.usecases.js';
import { metaKeyFor, type Template } from './templates.models.js';
import { testPng } from './templates.test-utils.js';
import { createTemplate, getTemplate, type TemplatesDeps, updateTemplate } from './templates.usecases.js';

describeEachDatabase('preview backfill', (kind) => {
  const database = useTestDatabase(kind);
  let storage: ObjectStorage;
  let deps: TemplatesDeps;
  beforeEach(() => {
    storage = createMemoryStorage();
    deps = createServices(createTestAdapters({ database: database(), storage })).templates;
  });

  /** A template as it was stored before previews existed: no `previews` in its variants, no preview objects. */
  async function createLegacyTemplate(name: string): Promise<Template> {
    const template = await createTemplate(deps, {
      name,
      variants: { square: { image: await testPng() }, story: { image: await testPng({ width: 540, height: 960 }) } },
    });
    for (const key of [...template.square!.previews!, ...template.story!.previews!].map((p) => p.key))
      await storage.delete(key);
    await database().db.execute(
      sql`update templates set square = square - 'previews', story = story - 'previews' where slug = ${template.slug}`,
    );
    return getTemplate(deps, { slug: template.slug });
  }

  it('makes the previews that older templates lack, without a new version, and publishes them', async () => {
    const legacy = await createLegacyTemplate('Old Promo');
    expect(legacy.square!.previews).toBeUndefined();

    expect(await backfillPreviews(deps)).toEqual({ made: ['old-promo/square', 'old-promo/story'], failed: [] });
    const after = await getTemplate(deps, { slug: 'old-promo' });
    expect(after.version).toBe(legacy.version);
    expect(after.square!.previews!.map((p) => p.width)).toEqual([640, 800]);
    expect(after.story!.previews!.map((p) => [p.width, p.height])).toEqual([
      [360, 640],
      [540, 960],
    ]);
    for (const { key } of [...after.square!.previews!, ...after.story!.previews!])
      expect(await storage.get(key)).not.toBeNull();
    const meta = JSON.parse((await storage.get(metaKeyFor('old-promo')))!.body.toString());
    expect(meta.square.previews).toHaveLength(2);

    expect(await backfillPreviews(deps)).toEqual({ made: [], failed: [] });
  });

  it('reports a variant whose image is missing and carries on with the others', async () => {
    const broken = await createLegacyTemplate('Broken');
    await createLegacyTemplate('Fine');
    await storage.delete(broken.square!.imageKey);
    expect(await backfillPreviews(deps)).toEqual({
      made: ['broken/story', 'fine/square', 'fine/story'],
      failed: ['broken/square'],
    });
  });

  it('throws away previews of an image that was replaced while they were being made', async () => {
    const legacy = await createLegacyTemplate('Racing');
    const plain = deps;
    let replaced: Template | null = null;
    deps = {
      ...plain,
      imageTools: {
        ...deps.imageTools,
        async previews(buffer) {
          const made = await plain.imageTools.previews(buffer);
          // The admin saves a new square image before the backfill writes its previews.
          replaced ??= await updateTemplate(plain, {
            slug: 'racing',
            variants: { square: { image: await testPng({ color: '#00ff00' }) } },
          });
          return made;
        },
      },
    };
    const report = await backfillPreviews(deps);
    expect(report.made).toEqual(['racing/story']);
    const current = await getTemplate(deps, { slug: 'racing' });
    expect(current.square!.imageKey).toBe(replaced!.square!.imageKey);
    const keys = await storage.list('templates/racing/');
    const oldHash = /square-([0-9a-f]{12})\.png$/.exec(legacy.square!.imageKey)![1]!;
    expect(keys.filter((key) => key.includes(oldHash))).toEqual([]);
    for (const { key } of current.square!.previews!) expect(keys).toContain(key);
  });
});
