import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import { createMemoryStorage } from '../../adapters/storage/memory-storage.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import { createTestAdapters, SAMPLES_DIR } from '../../http/http.test-utils.js';
import { createServices, type Services } from '../../services.js';
import { loadSampleTemplates } from './sample-templates.js';
import { testPng } from './templates.test-utils.js';
import { createTemplate, deleteTemplates, setTelegramEnabled } from './templates.usecases.js';
import { bootstrapCatalogue, importTemplatesFromStorage } from './templates-import.usecases.js';

describeEachDatabase('template recovery from storage', (kind) => {
  const database = useTestDatabase(kind);
  let storage: ObjectStorage;
  let deps: Services<unknown>['catalogue'] & { templates: Services<unknown>['templates'] };
  beforeEach(() => {
    storage = createMemoryStorage();
    const services = createServices(createTestAdapters({ database: database(), storage }));
    deps = { ...services.catalogue, templates: services.templates };
  });
  const put = (key: string, body: Buffer | string) =>
    storage.put({ key, body: Buffer.from(body), contentType: 'application/octet-stream', cacheControl: 'no-cache' });
  const loseTheDatabase = () => deps.templates.templatesRepository.deleteMany(['flash-sale', 'story-only']);

  it('rebuilds the catalogue from meta.json files after the database is lost', async () => {
    const flash = await createTemplate(deps.templates, {
      name: 'Flash Sale',
      variants: {
        square: {
          image: await testPng(),
          settings: {
            box: { leftPct: 3, topPct: 4, widthPct: 50, heightPct: 20 },
            hAlign: 'right',
            outline: { color: '#000000', widthPct: 5 },
          },
        },
      },
    });
    await createTemplate(deps.templates, {
      name: 'Story Only',
      variants: { story: { image: await testPng({ width: 540, height: 960 }) } },
    });
    await setTelegramEnabled(deps.templates, { slug: 'story-only', enabled: false });
    await loseTheDatabase();
    expect(await deps.templates.templatesRepository.count()).toBe(0);

    const report = await importTemplatesFromStorage(deps.templates);
    expect(report).toEqual({ imported: ['flash-sale', 'story-only'], skipped: [], warnings: [] });
    const restored = await deps.templates.templatesRepository.findBySlug('flash-sale');
    expect(restored).toMatchObject({ name: 'Flash Sale', telegramEnabled: true, square: flash.square, story: null });
    expect(await deps.templates.templatesRepository.findBySlug('story-only')).toMatchObject({
      telegramEnabled: false,
      square: null,
      story: { width: 540, height: 960 },
    });
  });

  it('imports a legacy meta with top-level settings and an image under the original name', async () => {
    await put(
      'templates/old-promo/meta.json',
      JSON.stringify({
        name: 'Old Promo',
        box: { leftPct: 20, topPct: 30, widthPct: 60, heightPct: 10 },
        maxFontPx: 80,
        fontColor: '#ff0000',
      }),
    );
    await put('templates/old-promo/square.png', await testPng({ width: 600, height: 600 }));
    const report = await importTemplatesFromStorage(deps.templates);
    expect(report.imported).toEqual(['old-promo']);
    const template = await deps.templates.templatesRepository.findBySlug('old-promo');
    expect(template).toMatchObject({
      name: 'Old Promo',
      telegramEnabled: true,
      square: {
        box: { leftPct: 20, topPct: 30, widthPct: 60, heightPct: 10 },
        maxFontPx: 80,
        fontColor: '#FF0000',
        hAlign: 'center',
        vAlign: 'bottom',
        width: 600,
        height: 600,
      },
    });
    expect(template?.square?.imageKey).toMatch(/^templates\/old-promo\/square-[0-9a-f]{12}\.png$/);
    expect(await storage.get(template!.square!.imageKey)).not.toBeNull();
    expect(await storage.get(template!.square!.thumbKey)).not.toBeNull();
  });

  it('imports a meta with missing keys using the documented defaults', async () => {
    await put('templates/bare/meta.json', '{}');
    await put('templates/bare/story.jpg', await testPng({ width: 500, height: 900 }));
    await importTemplatesFromStorage(deps.templates);
    expect(await deps.templates.templatesRepository.findBySlug('bare')).toMatchObject({
      name: 'bare',
      story: { box: { leftPct: 5, topPct: 80, widthPct: 90, heightPct: 12 }, hAlign: 'center', vAlign: 'bottom' },
    });
  });

  it('skips unreadable metas and metas without images, and imports the rest', async () => {
    await put('templates/broken/meta.json', '{not json');
    await put('templates/no-image/meta.json', '{"name":"No image"}');
    await put('templates/fine/meta.json', '{"name":"Fine"}');
    await put('templates/fine/square.png', await testPng());
    const report = await importTemplatesFromStorage(deps.templates);
    expect(report.imported).toEqual(['fine']);
    expect(report.skipped.map((s) => s.slug).sort()).toEqual(['broken', 'no-image']);
  });

  it('seeds the samples on the first start only, and keeps a deliberately emptied catalogue empty', async () => {
    const loadSamples = () => loadSampleTemplates(SAMPLES_DIR);
    const bootDeps = deps;
    expect(await bootstrapCatalogue(bootDeps, { loadSamples })).toBe('seeded');
    const slugs = (await deps.templates.templatesRepository.findAll()).map((t) => t.slug);
    expect(slugs).toEqual(['black-friday', 'flash-sale', 'summer-deal']);
    expect(await bootstrapCatalogue(bootDeps, { loadSamples })).toBe('existing');
    await deleteTemplates(deps.templates, { slugs });
    expect(await bootstrapCatalogue(bootDeps, { loadSamples })).toBe('empty');
    expect(await deps.templates.templatesRepository.count()).toBe(0);
  });

  it('recovers from storage at start when the database is empty but storage has templates', async () => {
    await put('templates/kept/meta.json', '{"name":"Kept"}');
    await put('templates/kept/square.png', await testPng());
    const result = await bootstrapCatalogue(deps, { loadSamples: async () => [] });
    expect(result).toBe('imported');
    expect(await deps.templates.templatesRepository.findBySlug('kept')).not.toBeNull();
  });
});
