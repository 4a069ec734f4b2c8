import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_KINDS } from '../../adapters/db/db.test-utils.js';
import { createFunderProValidator } from '../../adapters/funderpro/funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from '../../adapters/funderpro/funderpro.fake-server.js';
import { testPng } from '../../modules/templates/templates.test-utils.js';
import { createTemplate } from '../../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../../modules/usage/usage.table.js';
import { silentLogger } from '../../shared/logger.js';
import { createTestApp, type TestApp } from '../http.test-utils.js';

describe.each(TEST_DATABASE_KINDS)('POST /api/usage/batch [%s]', (databaseKind) => {
  let fake: FakeFunderPro;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeFunderPro();
    const couponValidator = createFunderProValidator({
      apiBase: fake.url,
      productId: fake.productId,
      logger: silentLogger,
      retryDelaysMs: [5, 10],
    });
    t = await createTestApp({
      databaseKind,
      couponValidator,
      http: { rateLimits: { validatePerMinute: 1000, renderPerMinute: 1000 } },
    });
    const box = { leftPct: 10, topPct: 60, widthPct: 80, heightPct: 25 };
    await createTemplate(t.services.templates, {
      name: 'Flash Sale',
      telegramEnabled: false,
      variants: {
        square: { image: await testPng({ width: 400, height: 400 }), settings: { box } },
        story: { image: await testPng({ width: 300, height: 540 }), settings: { box } },
      },
    });
    for (const code of ['SAVE20', 'WELCOME10']) fake.set(code, 'valid');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(async () => {
    await t.database.db.delete(usageEventsTable);
  });

  const post = (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/usage/batch', payload: payload as object });

  it('admits each image on its own and records one web batch row per image, refusals included', async () => {
    const images = [
      { slug: 'flash-sale', variant: 'square', code: 'save20' },
      { slug: 'flash-sale', variant: 'story', code: 'save20' },
      { slug: 'flash-sale', variant: 'square', code: ' welcome10 ' },
      { slug: 'flash-sale', variant: 'square', code: 'nope' },
      { slug: 'gone', variant: 'square', code: 'SAVE20' },
    ];
    const res = await post({ images });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toEqual([
      { ok: true, slug: 'flash-sale', variant: 'square', code: 'SAVE20', filename: 'SAVE20-flash-sale-square.png' },
      { ok: true, slug: 'flash-sale', variant: 'story', code: 'SAVE20', filename: 'SAVE20-flash-sale-story.png' },
      {
        ok: true,
        slug: 'flash-sale',
        variant: 'square',
        code: 'WELCOME10',
        filename: 'WELCOME10-flash-sale-square.png',
      },
      expect.objectContaining({ ok: false, code: 'nope', error: expect.objectContaining({ code: 'coupon.invalid' }) }),
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'template.not_found' }) }),
    ]);
    const rows = await t.database.db.select().from(usageEventsTable);
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.source === 'web' && row.action === 'batch')).toBe(true);
    expect(rows.map((row) => [row.templateSlug, row.variant, row.code, row.outcome]).sort()).toEqual(
      [
        ['flash-sale', 'square', 'SAVE20', 'success'],
        ['flash-sale', 'story', 'SAVE20', 'success'],
        ['flash-sale', 'square', 'WELCOME10', 'success'],
        ['flash-sale', 'square', 'NOPE', 'invalid'],
        ['gone', 'square', 'SAVE20', 'failed'],
      ].sort(),
    );
  });

  it('refuses an empty list, more than 100 images and unknown variants with 400', async () => {
    expect((await post({ images: [] })).statusCode).toBe(400);
    const many = Array.from({ length: 101 }, () => ({ slug: 'flash-sale', variant: 'square', code: 'SAVE20' }));
    expect((await post({ images: many })).statusCode).toBe(400);
    expect((await post({ images: [{ slug: 'flash-sale', variant: 'portrait', code: 'X' }] })).statusCode).toBe(400);
    expect(await t.database.db.select().from(usageEventsTable)).toEqual([]);
  });
});
