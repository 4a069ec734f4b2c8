import { desc } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_DATABASE_KINDS } from '../../adapters/db/db.test-utils.js';
import { createFunderProValidator } from '../../adapters/funderpro/funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from '../../adapters/funderpro/funderpro.fake-server.js';
import { testPng } from '../../modules/templates/templates.test-utils.js';
import { createTemplate, updateTemplate } from '../../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../../modules/usage/usage.table.js';
import { silentLogger } from '../../shared/logger.js';
import { createTestApp, type TestApp } from '../http.test-utils.js';

describe.each(TEST_DATABASE_KINDS)('render API [%s]', (databaseKind) => {
  let fake: FakeFunderPro;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeFunderPro();
    const couponValidator = createFunderProValidator({
      apiBase: fake.url,
      productId: fake.productId,
      logger: silentLogger,
      retryDelaysMs: [20, 50],
    });
    t = await createTestApp({
      databaseKind,
      couponValidator,
      http: { rateLimits: { validatePerMinute: 1000, renderPerMinute: 1000 } },
    });
    await createTemplate(t.services.templates, {
      name: 'Flash Sale',
      variants: {
        square: {
          image: await testPng({ width: 800, height: 600 }),
          settings: { box: { leftPct: 10, topPct: 60, widthPct: 80, heightPct: 25 } },
        },
      },
    });
    for (const code of ['SAVE20', 'SAVE-20', 'X-DROP-TABLE-TEMPLATES--']) fake.set(code, 'valid');
    fake.set('DOWN', 503);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const render = (path: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: path, headers });
  const lastUsage = async () =>
    (await t.database.db.select().from(usageEventsTable).orderBy(desc(usageEventsTable.id)).limit(1))[0];

  it('returns the PNG at the template size, cacheable, named after the code, and records the use', async () => {
    const res = await render('/api/render/flash-sale/square.png?code=save20');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    expect(res.headers.etag).toMatch(/^"v1-/);
    expect(res.headers['content-disposition']).toBe('inline; filename="SAVE20-square.png"');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 800, 600]);
    expect(await lastUsage()).toMatchObject({
      source: 'api',
      success: true,
      templateSlug: 'flash-sale',
      variant: 'square',
      code: 'SAVE20',
      errorType: null,
    });
  });

  it('renders once for many simultaneous requests of one image', async () => {
    fake.set('RUSH', 'valid');
    const renderer = t.services.renders.renderer;
    let renders = 0;
    t.services.renders.renderer = {
      render: (input) => {
        renders++;
        return renderer.render(input);
      },
    };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => render('/api/render/flash-sale/square.png?code=RUSH')),
    );
    t.services.renders.renderer = renderer;
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(renders).toBe(1);
  });

  it('returns a JPEG when asked', async () => {
    const res = await render('/api/render/flash-sale/square.jpg?code=SAVE20');
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(res.rawPayload).metadata()).format).toBe('jpeg');
  });

  it('answers 304 to a matching If-None-Match, and changes the ETag when the template changes', async () => {
    const first = await render('/api/render/flash-sale/square.png?code=SAVE20');
    const again = await render('/api/render/flash-sale/square.png?code=SAVE20', {
      'if-none-match': String(first.headers.etag),
    });
    expect(again.statusCode).toBe(304);
    await updateTemplate(t.services.templates, {
      slug: 'flash-sale',
      variants: { square: { settings: { fontColor: '#FF0000' } } },
    });
    const edited = await render('/api/render/flash-sale/square.png?code=SAVE20', {
      'if-none-match': String(first.headers.etag),
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.headers.etag).not.toBe(first.headers.etag);
    expect(Buffer.compare(edited.rawPayload, first.rawPayload)).not.toBe(0);
  });

  it('refuses an invalid coupon with 422 and the validator message, and records it', async () => {
    const res = await render('/api/render/flash-sale/square.png?code=EXPIRED');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: { code: 'coupon.invalid', message: expect.stringContaining('EXPIRED is not an active coupon') },
    });
    expect(await lastUsage()).toMatchObject({ success: false, errorType: 'invalid_coupon', code: 'EXPIRED' });
  });

  it('answers 503 "can\'t verify" when FunderPro is down, never "invalid"', async () => {
    const res = await render('/api/render/flash-sale/square.png?code=DOWN');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.json().error).toEqual({ code: 'coupon.unavailable', message: expect.stringMatching(/can't verify/) });
    expect(await lastUsage()).toMatchObject({ success: false, errorType: 'validation_unavailable' });
  });

  it('answers 404 for an unknown template or variant without asking FunderPro', async () => {
    for (const path of [
      '/api/render/nope/square.png?code=SAVE20',
      '/api/render/flash-sale/story.png?code=SAVE20',
      '/api/render/flash-sale/wide.png?code=SAVE20',
      '/api/render/..%2F..%2Fetc/square.png?code=SAVE20',
    ]) {
      const res = await render(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error.code).toMatch(/not_found/);
    }
    expect(fake.requests).toEqual([]);
    expect(await lastUsage()).toMatchObject({ success: false, errorType: 'template_not_found' });
  });

  it('normalises odd codes or refuses them with 400, never 500', async () => {
    expect(
      (await render(`/api/render/flash-sale/square.png?code=${encodeURIComponent("x'; DROP TABLE templates;--")}`))
        .statusCode,
    ).toBe(200);
    expect((await render('/api/render/flash-sale/square.png?code=save%2020')).headers['content-disposition']).toContain(
      'SAVE-20-square.png',
    );
    const emoji = await render(`/api/render/flash-sale/square.png?code=${encodeURIComponent('😀🎉')}`);
    expect(emoji.statusCode).toBe(400);
    expect(emoji.json().error.code).toBe('coupon.empty');
    expect((await render(`/api/render/flash-sale/square.png?code=${'A'.repeat(500)}`)).statusCode).toBe(400);
    expect((await render('/api/render/flash-sale/square.png')).statusCode).toBe(400);
  });
});

describe.each(TEST_DATABASE_KINDS)('web export check POST /api/usage [%s]', (databaseKind) => {
  let fake: FakeFunderPro;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeFunderPro();
    fake.set('SAVE20', 'valid');
    const couponValidator = createFunderProValidator({
      apiBase: fake.url,
      productId: fake.productId,
      logger: silentLogger,
      retryDelaysMs: [20, 50],
    });
    t = await createTestApp({ databaseKind, couponValidator });
    await createTemplate(t.services.templates, {
      name: 'Flash Sale',
      variants: { square: { image: await testPng() } },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/usage', payload });
  const lastUsage = async () =>
    (await t.database.db.select().from(usageEventsTable).orderBy(desc(usageEventsTable.id)).limit(1))[0];

  it('admits a valid code and records the download with source web', async () => {
    const res = await post({ slug: 'flash-sale', variant: 'square', code: ' save20 ', action: 'download' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ok: true,
      code: 'SAVE20',
      filename: 'SAVE20-square.png',
      filenames: { square: 'SAVE20-square.png' },
    });
    expect(await lastUsage()).toMatchObject({
      source: 'web',
      success: true,
      code: 'SAVE20',
      templateSlug: 'flash-sale',
      variant: 'square',
    });
  });

  it('refuses an invalid code with the validator message and records the refusal', async () => {
    const res = await post({ slug: 'flash-sale', variant: 'square', code: 'expired', action: 'share' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toEqual({
      code: 'coupon.invalid',
      message: expect.stringContaining('EXPIRED is not an active coupon'),
    });
    expect(await lastUsage()).toMatchObject({ source: 'web', success: false, errorType: 'invalid_coupon' });
  });

  it('answers 404 for a missing variant and 400 for a bad body', async () => {
    expect((await post({ slug: 'flash-sale', variant: 'story', code: 'SAVE20', action: 'download' })).statusCode).toBe(
      404,
    );
    expect((await post({ slug: 'flash-sale', variant: 'square', code: 'SAVE20', action: 'print' })).statusCode).toBe(
      400,
    );
    expect((await post({ slug: 'flash-sale', variant: 'square', code: '😀', action: 'download' })).statusCode).toBe(
      400,
    );
  });
});

describe('render API limits', () => {
  let t: TestApp;
  // The counters live in the database with expiry times from the wall clock: the test moves the clock (Date only).
  let nowMs = Date.parse('2026-12-01T12:00:00Z');
  const setClock = (ms: number) => {
    nowMs = ms;
    vi.setSystemTime(ms);
  };
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    setClock(nowMs);
    t = await createTestApp({ http: { rateLimits: { validatePerMinute: 30, renderPerMinute: 3 } } });
    await createTemplate(t.services.templates, {
      name: 'Tiny',
      variants: { square: { image: await testPng({ width: 300, height: 300 }) } },
    });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it('rate-limits per client IP with 429 and Retry-After, for one minute', async () => {
    const inject = () =>
      t.app.inject({ method: 'GET', url: '/api/render/tiny/square.png?code=A', remoteAddress: '10.9.9.9' });
    const responses = [await inject(), await inject(), await inject(), await inject()];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 429]);
    const last = responses[3];
    expect(last?.headers['retry-after']).toBeDefined();
    expect(last?.json().error.code).toBe('rate_limited');
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/render/tiny/square.png?code=A',
      remoteAddress: '10.9.9.10',
    });
    expect(other.statusCode).toBe(200);

    setClock(nowMs + 59_000);
    expect((await inject()).statusCode).toBe(429);
    setClock(nowMs + 1_000);
    expect((await inject()).statusCode).toBe(200);
  });
});
