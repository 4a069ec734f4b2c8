import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunderProValidator } from '../../adapters/funderpro/funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from '../../adapters/funderpro/funderpro.fake-server.js';
import type { CouponValidator } from '../../modules/coupons/coupons.models.js';
import { BATCH_CONCURRENCY } from '../../modules/coupons/coupons.usecases.js';
import { silentLogger } from '../../shared/logger.js';
import { createTestApp, type TestApp } from '../http.test-utils.js';

describe('POST /api/validate-coupons', () => {
  let fake: FakeFunderPro;
  let t: TestApp;
  let inFlight = 0;
  let mostInFlight = 0;
  beforeAll(async () => {
    fake = await startFakeFunderPro();
    for (const code of ['SAVE20', 'WELCOME10']) fake.set(code, 'valid');
    fake.set('DOWN', 503);
    const funderpro = createFunderProValidator({
      apiBase: fake.url,
      productId: fake.productId,
      logger: silentLogger,
      retryDelaysMs: [5, 10],
    });
    // Counts the checks the batch has in flight at once, around the real client (and its cache).
    const couponValidator: CouponValidator = {
      enabled: true,
      async check(code) {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          return await funderpro.check(code);
        } finally {
          inFlight--;
        }
      },
    };
    t = await createTestApp({
      couponValidator,
      http: { rateLimits: { validatePerMinute: 100, renderPerMinute: 100, batchPerMinute: 3 } },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  let ip = 0;
  const check = (payload: unknown, remoteAddress = `10.9.0.${++ip}`) =>
    t.app.inject({ method: 'POST', url: '/api/validate-coupons', payload: payload as object, remoteAddress });

  it('answers each distinct normalised code once, in input order, valid, invalid, empty or unverifiable', async () => {
    const res = await check({ codes: [' save 20', 'nope', 'SAVE-20', 'save20', '', 'welcome10', ' 😀 ', 'down'] });
    expect(res.statusCode).toBe(200);
    const { results } = res.json() as { results: { code: string; valid: boolean; reason?: string; message: string }[] };
    expect(results.map((r) => [r.code, r.valid, r.reason])).toEqual([
      ['SAVE-20', false, 'invalid'],
      ['NOPE', false, 'invalid'],
      ['SAVE20', true, undefined],
      ['', false, 'empty'],
      ['WELCOME10', true, undefined],
      ['DOWN', false, 'unavailable'],
    ]);
    expect(results.every((r) => r.message.length > 0)).toBe(true);
    // The empty code never reached FunderPro; every other distinct code once (DOWN with its retries).
    expect(fake.requests.filter((r) => r.code === 'SAVE20')).toHaveLength(1);
    expect(fake.requests.some((r) => r.code === '')).toBe(false);
  });

  it('answers from the cache the next time, as single checks do', async () => {
    const before = fake.requests.length;
    const res = await check({ codes: ['SAVE20', 'NOPE', 'WELCOME10'] });
    expect(res.json().results.map((r: { valid: boolean }) => r.valid)).toEqual([true, false, true]);
    expect(fake.requests.length).toBe(before);
  });

  it(`keeps at most ${BATCH_CONCURRENCY} FunderPro checks in flight for 500 codes`, async () => {
    for (let i = 0; i < 40; i++) fake.set(`SLOW${i}`, { delayMs: 20, answer: i % 2 ? 'valid' : 404 });
    const codes = Array.from({ length: 500 }, (_, i) => `slow${i % 40}`);
    mostInFlight = 0;
    const res = await check({ codes });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toHaveLength(40);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(BATCH_CONCURRENCY);
  });

  it('refuses more than 500 codes, or no list, with 400 naming codes', async () => {
    const tooMany = await check({ codes: Array.from({ length: 501 }, (_, i) => `C${i}`) });
    expect(tooMany.statusCode).toBe(400);
    expect(JSON.stringify(tooMany.json().error)).toContain('codes');
    expect((await check({})).statusCode).toBe(400);
    expect((await check({ codes: 'SAVE20' })).statusCode).toBe(400);
    expect((await check({ codes: [42] })).statusCode).toBe(400);
  });

  it('limits batches per client IP, each batch one request whatever its size', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await check({ codes: ['SAVE20', 'NOPE'] }, '10.9.9.9')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await check({ codes: ['SAVE20'] }, '10.9.9.10')).statusCode).toBe(200);
  });
});
