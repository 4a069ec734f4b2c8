import { beforeEach, describe, expect, it } from 'vitest';
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
  let deps: Services['catalogue'] & { templates: Services['templates'] };
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

  describe("the original PromoStack's bucket", () => {
    const CDN = 'https://couponpro-templates.lon1.cdn.digitaloceanspaces.com';
    let cdnStorage: ObjectStorage;
    let cdnDeps: Services['templates'];
    beforeEach(() => {
      cdnStorage = createMemoryStorage({ publicBaseUrl: CDN });
      cdnDeps = createServices(createTestAdapters({ database: database(), storage: cdnStorage })).templates;
    });
    const putIn = (key: string, body: Buffer | string) =>
      cdnStorage.put({ key, body: Buffer.from(body), contentType: 'application/octet-stream', cacheControl: 'x' });

    it('imports every field of the current original meta.json, alignment from inside box, images by their CDN URL', async () => {
      // Exactly the original's shape: alignment inside `box`, absolute CDN imageUrl, nothing of ours.
      await putIn(
        'templates/black-friday/meta.json',
        JSON.stringify({
          name: 'Black Friday',
          telegramEnabled: false,
          square: {
            box: { leftPct: 10, topPct: 40, widthPct: 80, heightPct: 20, hAlign: 'left', vAlign: 'middle' },
            maxFontPx: 96,
            fontColor: '#ffcc00',
            imageUrl: `${CDN}/templates/black-friday/square.png`,
          },
          story: {
            box: { leftPct: 5, topPct: 10, widthPct: 90, heightPct: 15, hAlign: 'right', vAlign: 'top' },
            maxFontPx: 140,
            fontColor: '#000000',
            imageUrl: `${CDN}/templates/black-friday/story.png`,
          },
        }),
      );
      await putIn('templates/black-friday/square.png', await testPng({ width: 600, height: 600 }));
      await putIn('templates/black-friday/story.png', await testPng({ width: 540, height: 960 }));

      const report = await importTemplatesFromStorage(cdnDeps);
      expect(report).toEqual({ imported: ['black-friday'], skipped: [], warnings: [] });
      expect(await cdnDeps.templatesRepository.findBySlug('black-friday')).toMatchObject({
        name: 'Black Friday',
        telegramEnabled: false,
        square: {
          box: { leftPct: 10, topPct: 40, widthPct: 80, heightPct: 20 },
          hAlign: 'left',
          vAlign: 'middle',
          maxFontPx: 96,
          fontColor: '#FFCC00',
          width: 600,
        },
        story: {
          box: { leftPct: 5, topPct: 10, widthPct: 90, heightPct: 15 },
          hAlign: 'right',
          vAlign: 'top',
          maxFontPx: 140,
          fontColor: '#000000',
          width: 540,
        },
      });
    });

    it('takes the image the CDN URL names, even under a name of its own', async () => {
      await putIn(
        'templates/flash/meta.json',
        JSON.stringify({ name: 'Flash', square: { imageUrl: `${CDN}/templates/flash/square-final-v2.png` } }),
      );
      await putIn('templates/flash/square-final-v2.png', await testPng({ width: 700, height: 700 }));
      await putIn('templates/flash/square.png', await testPng({ width: 300, height: 300 }));
      expect((await importTemplatesFromStorage(cdnDeps)).warnings).toEqual([]);
      expect((await cdnDeps.templatesRepository.findBySlug('flash'))?.square?.width).toBe(700);
    });

    it('imports an older meta with the box (and its alignment) at the top level', async () => {
      await putIn(
        'templates/older/meta.json',
        JSON.stringify({
          name: 'Older',
          box: { leftPct: 20, topPct: 30, widthPct: 60, heightPct: 10, hAlign: 'right', vAlign: 'middle' },
          maxFontPx: 80,
          square: `${CDN}/templates/older/square.png`,
        }),
      );
      await putIn('templates/older/square.png', await testPng());
      expect((await importTemplatesFromStorage(cdnDeps)).warnings).toEqual([]);
      expect(await cdnDeps.templatesRepository.findBySlug('older')).toMatchObject({
        square: { box: { leftPct: 20, topPct: 30, widthPct: 60, heightPct: 10 }, hAlign: 'right', vAlign: 'middle' },
      });
    });

    it('warns, naming the template and the field, for what cannot be read, and keeps the rest', async () => {
      await putIn(
        'templates/odd/meta.json',
        JSON.stringify({
          name: 'Odd',
          square: {
            box: { leftPct: 10, topPct: 40, widthPct: 80, heightPct: 20, hAlign: 'centre', vAlign: 'middle' },
            maxFontPx: 96,
            fontColor: 'red',
            imageUrl: 'https://somewhere-else.example/odd.png',
          },
          story: { imageUrl: `${CDN}/templates/odd/story.png` },
        }),
      );
      await putIn('templates/odd/square.png', await testPng());
      const report = await importTemplatesFromStorage(cdnDeps);
      expect(report.imported).toEqual(['odd']);
      expect(report.warnings).toEqual([
        'odd: square: hAlign must be left, center or right (got "centre"); used "center"',
        'odd: square: fontColor must be a colour like #FFAA00 (got "red"); used "#FFFFFF"',
        'odd: square: imageUrl https://somewhere-else.example/odd.png was not used (it is not a URL of this bucket or its CDN); used templates/odd/square.png',
        'odd: story: imageUrl https://couponpro-templates.lon1.cdn.digitaloceanspaces.com/templates/odd/story.png was not used (templates/odd/story.png is not an image in the bucket)',
        'odd: story: no image found in storage; the variant was left out',
      ]);
      expect(await cdnDeps.templatesRepository.findBySlug('odd')).toMatchObject({
        square: { box: { leftPct: 10, topPct: 40 }, hAlign: 'center', vAlign: 'middle', maxFontPx: 96 },
        story: null,
      });
    });

    it('publishes meta.json so that an original reader finds the same box, alignment, size, colour and image', async () => {
      await createTemplate(cdnDeps, {
        name: 'Round Trip',
        variants: {
          square: {
            image: await testPng(),
            settings: {
              box: { leftPct: 12, topPct: 34, widthPct: 56, heightPct: 20 },
              hAlign: 'left',
              vAlign: 'top',
              maxFontPx: 90,
              fontColor: '#12AB34',
            },
          },
        },
      });
      const meta = JSON.parse((await cdnStorage.get('templates/round-trip/meta.json'))!.body.toString('utf8'));
      // What the original's reader takes: meta.square.box.{…, hAlign, vAlign}, maxFontPx, fontColor, imageUrl.
      expect(meta).toMatchObject({ name: 'Round Trip', telegramEnabled: true });
      expect(meta.square.box).toEqual({
        leftPct: 12,
        topPct: 34,
        widthPct: 56,
        heightPct: 20,
        hAlign: 'left',
        vAlign: 'top',
      });
      expect(meta.square).toMatchObject({ maxFontPx: 90, fontColor: '#12AB34' });
      expect(meta.square.imageUrl).toMatch(new RegExp(`^${CDN}/templates/round-trip/square-[0-9a-f]{12}\\.png$`));
      const index = JSON.parse((await cdnStorage.get('templates/index.json'))!.body.toString('utf8'));
      expect(index.templates).toEqual([
        expect.objectContaining({
          slug: 'round-trip',
          name: 'Round Trip',
          meta: `${CDN}/templates/round-trip/meta.json`,
          square: meta.square.imageUrl,
        }),
      ]);
    });
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
