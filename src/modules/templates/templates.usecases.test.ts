import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import { createMemoryStorage } from '../../adapters/storage/memory-storage.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import { createTestAdapters } from '../../http/http.test-utils.js';
import { createServices } from '../../services.js';
import { INDEX_KEY, metaKeyFor, storageKeysOf, toPublicTemplate } from './templates.models.js';
import { instrumentStorage, testPng } from './templates.test-utils.js';
import {
  createTemplate,
  deleteTemplates,
  getTemplate,
  setTelegramEnabled,
  type TemplatesDeps,
  updateTemplate,
} from './templates.usecases.js';

describeEachDatabase('template use cases', (kind) => {
  const database = useTestDatabase(kind);
  let memory: ObjectStorage;
  let instrumented: ReturnType<typeof instrumentStorage>;
  let deps: TemplatesDeps;

  beforeEach(() => {
    memory = createMemoryStorage();
    instrumented = instrumentStorage(memory);
    deps = createServices(createTestAdapters({ database: database(), storage: instrumented.storage })).templates;
  });

  const readJson = async (key: string) => JSON.parse((await memory.get(key))?.body.toString() ?? 'null');
  const create = async (name = 'Flash Sale', extra: Partial<Parameters<typeof createTemplate>[1]> = {}) =>
    createTemplate(deps, {
      name,
      variants: {
        square: { image: await testPng(), settings: { box: { leftPct: 10, topPct: 70, widthPct: 80, heightPct: 15 } } },
      },
      ...extra,
    });

  it('creates a template with its slug derived from the name, content-addressed images and published files', async () => {
    const template = await create('Flash Sale 20%!');
    expect(template).toMatchObject({
      slug: 'flash-sale-20',
      name: 'Flash Sale 20%!',
      telegramEnabled: true,
      version: 1,
      story: null,
    });
    expect(template.square).toMatchObject({
      width: 800,
      height: 800,
      box: { leftPct: 10, topPct: 70, widthPct: 80, heightPct: 15 },
      hAlign: 'center',
      vAlign: 'bottom',
    });
    expect(template.square?.imageKey).toMatch(/^templates\/flash-sale-20\/square-[0-9a-f]{12}\.png$/);
    expect(await memory.get(template.square!.imageKey)).not.toBeNull();
    expect(await memory.get(template.square!.thumbKey)).not.toBeNull();
    const meta = await readJson(metaKeyFor('flash-sale-20'));
    expect(meta).toMatchObject({
      name: 'Flash Sale 20%!',
      telegramEnabled: true,
      square: {
        box: { leftPct: 10 },
        maxFontPx: 120,
        fontColor: '#FFFFFF',
        imageUrl: `/files/${template.square!.imageKey}`,
      },
    });
    const index = await readJson(INDEX_KEY);
    expect(index.templates).toEqual([
      expect.objectContaining({
        slug: 'flash-sale-20',
        telegramEnabled: true,
        version: 1,
        square: `/files/${template.square!.imageKey}`,
        story: null,
      }),
    ]);
  });

  it('stores display-size WebP previews beside the image and lists them in the public variant, smallest first', async () => {
    const template = await create('Flash Sale');
    const previews = template.square!.previews!;
    expect(previews.map(({ width, height }) => [width, height])).toEqual([
      [640, 640],
      [800, 800],
    ]);
    const sha12 = /square-([0-9a-f]{12})\.png$/.exec(template.square!.imageKey)![1];
    for (const { key, width } of previews) {
      expect(key).toBe(`templates/flash-sale/square-${sha12}-preview-${width}.webp`);
      expect(await memory.get(key)).toMatchObject({ contentType: 'image/webp' });
    }
    expect(toPublicTemplate(template, (key) => `/files/${key}`).square?.previews).toEqual([
      { width: 640, height: 640, url: `/files/${previews[0]!.key}` },
      { width: 800, height: 800, url: `/files/${previews[1]!.key}` },
    ]);
    expect((await readJson(metaKeyFor('flash-sale'))).square.previews).toHaveLength(2);
  });

  it('refuses a slug that already exists and leaves the existing template as it was', async () => {
    const first = await create('Flash Sale');
    await expect(
      create('Flash Sale', { variants: { square: { image: await testPng({ color: '#ff0000' }) } } }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'template.slug_taken',
    });
    expect(await getTemplate(deps, { slug: 'flash-sale' })).toEqual(first);
    expect(await memory.get(first.square!.imageKey)).not.toBeNull();
    expect(await memory.list('templates/flash-sale/')).toEqual(
      [...storageKeysOf(first), metaKeyFor('flash-sale')].sort(),
    );
  });

  it('lets exactly one of two simultaneous creates of one slug win', async () => {
    const image = await testPng();
    const results = await Promise.allSettled([
      createTemplate(deps, { name: 'Race', variants: { square: { image } } }),
      createTemplate(deps, { name: 'Race', variants: { square: { image } } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it.each([
    ['../x', 'slug'],
    ['A B', 'slug'],
    ['a'.repeat(200), 'slug'],
    ['-lead', 'slug'],
  ])('refuses the slug %j naming the field', async (slug, field) => {
    await expect(create('Name', { slug })).rejects.toMatchObject({
      kind: 'invalid',
      details: { fields: { [field]: expect.any(String) } },
    });
  });

  it('refuses a box outside the image, a zero-width box and bad styles, naming each field', async () => {
    const image = await testPng();
    await expect(
      createTemplate(deps, {
        name: 'Bad',
        variants: {
          square: {
            image,
            settings: { box: { leftPct: 50, widthPct: 60 }, maxFontPx: 900, fontColor: 'red', hAlign: 'justify' },
          },
        },
      }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      details: {
        fields: {
          squareWidthPct: expect.any(String),
          squareMaxFontPx: expect.any(String),
          squareFontColor: expect.any(String),
          squareHAlign: expect.any(String),
        },
      },
    });
    await expect(
      createTemplate(deps, { name: 'Zero', variants: { story: { image, settings: { box: { widthPct: 0 } } } } }),
    ).rejects.toMatchObject({
      details: { fields: { storyWidthPct: expect.any(String) } },
    });
    await expect(createTemplate(deps, { name: 'None', variants: {} })).rejects.toMatchObject({
      details: { fields: { squareImage: expect.any(String) } },
    });
  });

  it('refuses a non-image upload as a 400-kind error naming the file field', async () => {
    await expect(
      createTemplate(deps, { name: 'Text', variants: { story: { image: Buffer.from('hello') } } }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'image.unsupported_type',
      message: expect.stringMatching(/^storyImage:/),
    });
    expect(await deps.templatesRepository.findBySlug('text')).toBeNull();
  });

  it('updates settings, keeps the image when none is uploaded and bumps the version', async () => {
    const created = await create();
    const updated = await updateTemplate(deps, {
      slug: 'flash-sale',
      name: 'Flash Sale Deluxe',
      variants: { square: { settings: { fontColor: '#ffaa00', hAlign: 'left' } } },
    });
    expect(updated).toMatchObject({
      name: 'Flash Sale Deluxe',
      version: 2,
      square: { fontColor: '#FFAA00', hAlign: 'left', imageKey: created.square!.imageKey },
    });
    expect((await readJson(metaKeyFor('flash-sale'))).name).toBe('Flash Sale Deluxe');
  });

  it('replaces an image under a new key and deletes the old one only after the change is committed', async () => {
    const created = await create();
    const updated = await updateTemplate(deps, {
      slug: 'flash-sale',
      variants: {
        square: { image: await testPng({ color: '#00ff00' }) },
        story: { image: await testPng({ width: 540, height: 960 }) },
      },
    });
    expect(updated.square!.imageKey).not.toBe(created.square!.imageKey);
    expect(updated.story).toMatchObject({ width: 540, height: 960 });
    expect(await memory.get(created.square!.imageKey)).toBeNull();
    expect(await memory.get(updated.square!.imageKey)).not.toBeNull();
    for (const { key } of created.square!.previews!) expect(await memory.get(key)).toBeNull();
    for (const { key } of [...updated.square!.previews!, ...updated.story!.previews!])
      expect(await memory.get(key)).not.toBeNull();
  });

  it('leaves the previous template intact when storing the new image fails', async () => {
    const created = await create();
    instrumented.failPutsWhen((input) => input.key.endsWith('.png'));
    await expect(
      updateTemplate(deps, {
        slug: 'flash-sale',
        name: 'Renamed',
        variants: { square: { image: await testPng({ color: '#ff00ff' }) } },
      }),
    ).rejects.toThrow(/storage refused/);
    expect(await getTemplate(deps, { slug: 'flash-sale' })).toEqual(created);
    await expect(create('Another')).rejects.toThrow(/storage refused/);
    expect(await deps.templatesRepository.findBySlug('another')).toBeNull();
  });

  it('answers 409 with the current version to a stale edit, and to the loser of two simultaneous edits', async () => {
    await create();
    await expect(updateTemplate(deps, { slug: 'flash-sale', expectedVersion: 7, name: 'X' })).rejects.toMatchObject({
      kind: 'conflict',
      details: { currentVersion: 1 },
    });
    const results = await Promise.allSettled([
      updateTemplate(deps, { slug: 'flash-sale', expectedVersion: 1, name: 'Edit A', variants: {} }),
      updateTemplate(deps, { slug: 'flash-sale', expectedVersion: 1, name: 'Edit B', variants: {} }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ kind: 'conflict', details: { currentVersion: 2 } });
    expect((await getTemplate(deps, { slug: 'flash-sale' })).version).toBe(2);
  });

  it('toggles Telegram visibility in the database, meta.json and index.json', async () => {
    await create();
    const hidden = await setTelegramEnabled(deps, { slug: 'flash-sale', enabled: false });
    expect(hidden.telegramEnabled).toBe(false);
    expect((await getTemplate(deps, { slug: 'flash-sale' })).telegramEnabled).toBe(false);
    expect((await readJson(metaKeyFor('flash-sale'))).telegramEnabled).toBe(false);
    expect((await readJson(INDEX_KEY)).templates[0].telegramEnabled).toBe(false);
  });

  it('deletes several templates at once, with their files, rewriting the index once', async () => {
    const a = await create('Alpha');
    await create('Beta');
    await create('Gamma');
    const indexWritesBefore = instrumented.puts.filter((key) => key === INDEX_KEY).length;
    const result = await deleteTemplates(deps, { slugs: ['alpha', 'beta', 'nope'] });
    expect(result).toEqual({ deleted: expect.arrayContaining(['alpha', 'beta']), missing: ['nope'] });
    expect(instrumented.puts.filter((key) => key === INDEX_KEY).length - indexWritesBefore).toBe(1);
    expect((await deps.templatesRepository.findAll()).map((t) => t.slug)).toEqual(['gamma']);
    expect(await memory.list('templates/alpha/')).toEqual([]);
    expect(await memory.get(a.square!.imageKey)).toBeNull();
    expect(a.square!.previews).toHaveLength(2);
    for (const { key } of a.square!.previews!) expect(await memory.get(key)).toBeNull();
    expect((await readJson(INDEX_KEY)).templates.map((t: { slug: string }) => t.slug)).toEqual(['gamma']);
  });

  it('lists templates sorted by name as people read it: case-insensitive, numbers by value', async () => {
    for (const name of ['beta', 'Template 10', 'Alpha', 'Template 2', 'Gamma']) await create(name);
    expect((await deps.templatesRepository.findAll()).map((t) => t.name)).toEqual([
      'Alpha',
      'beta',
      'Gamma',
      'Template 2',
      'Template 10',
    ]);
  });
});
