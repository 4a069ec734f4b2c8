import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunderProValidator } from '../../adapters/funderpro/funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from '../../adapters/funderpro/funderpro.fake-server.js';
import { createManualClock } from '../../shared/clock.test-utils.js';
import { silentLogger } from '../../shared/logger.js';
import { createTestApp, type TestApp } from '../http.test-utils.js';

describe('POST /api/validate-coupon', () => {
  const clock = createManualClock();
  let fake: FakeFunderPro;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeFunderPro();
    fake.set('SUMMER-SALE-20', 'valid');
    fake.set('DOWN', 503);
    fake.set('SLOW', 'hang');
    // The production retry delays and 5 s budget (what a user would wait for), on a clock the test moves.
    const couponValidator = createFunderProValidator({
      apiBase: fake.url,
      productId: fake.productId,
      logger: silentLogger,
      clock,
    });
    t = await createTestApp({ couponValidator, http: { rateLimits: { validatePerMinute: 8, renderPerMinute: 100 } } });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  /** Moves the validator's clock along (its retry waits) until the answer is in. */
  async function whileTimePasses<T>(pending: Promise<T>): Promise<T> {
    let done = false;
    const result = pending.finally(() => {
      done = true;
    });
    while (!done) await clock.advance(100);
    return result;
  }

  let ip = 0;
  const validate = (payload: unknown, remoteAddress = `10.0.0.${++ip}`) =>
    t.app.inject({ method: 'POST', url: '/api/validate-coupon', payload: payload as object, remoteAddress });

  it('says a normalised active code is valid', async () => {
    const res = await validate({ coupon_code: '  summer sale 20 ' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ valid: true, code: 'SUMMER-SALE-20', message: 'SUMMER-SALE-20 is an active coupon.' });
    expect((await validate({ code: 'summer-sale-20' })).json().valid).toBe(true);
  });

  it('says an unknown code is invalid, with a message for the user', async () => {
    const res = await validate({ coupon_code: 'nope' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: false, code: 'NOPE', reason: 'invalid' });
  });

  it('says an empty code is empty without calling FunderPro', async () => {
    const before = fake.requests.length;
    expect((await validate({ coupon_code: ' 😀 ' })).json()).toMatchObject({ valid: false, reason: 'empty', code: '' });
    expect((await validate({})).json()).toMatchObject({ valid: false, reason: 'empty' });
    expect(fake.requests.length).toBe(before);
  });

  it('answers 503 "unavailable" when FunderPro is down', async () => {
    const res = await whileTimePasses(validate({ coupon_code: 'down' }));
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ valid: false, reason: 'unavailable' });
  });

  it('answers 503 once the 5 s budget is spent when FunderPro hangs, not before', async () => {
    let answered = false;
    const pending = validate({ coupon_code: 'slow' }).finally(() => {
      answered = true;
    });
    await fake.waitForRequests(fake.requests.length + 1);
    await clock.advance(4999);
    expect(answered).toBe(false);
    await clock.advance(1);
    const res = await pending;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ valid: false, reason: 'unavailable' });
  });

  it('answers 400 to malformed JSON, a wrong type and an oversized body', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/validate-coupon',
      headers: { 'content-type': 'application/json' },
      payload: '{"coupon_code":',
      remoteAddress: '10.1.0.1',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.malformed_json');
    const wrongType = await validate({ coupon_code: { $ne: null } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.code).toBe('request.invalid');
    expect((await validate({ coupon_code: 'x'.repeat(201) })).statusCode).toBe(400);
    const huge = await validate({ coupon_code: 'x', padding: 'y'.repeat(200_000) });
    expect(huge.statusCode).toBe(413);
  });

  it('answers 404 JSON to a wrong method', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/validate-coupon' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route.not_found');
  });

  it('rate-limits each client IP with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++)
      statuses.push((await validate({ coupon_code: 'summer sale 20' }, '10.2.0.1')).statusCode);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
  });
});

describe('coupon validation off', () => {
  it('accepts any non-empty code and says checking is off', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/validate-coupon',
      payload: { coupon_code: 'anything' },
    });
    expect(res.json()).toEqual({
      valid: true,
      code: 'ANYTHING',
      message: 'Coupon checking is off; any code is accepted.',
    });
    await t.close();
  });
});

describe('client IPs for rate limits', () => {
  /** Three requests from one connection, each claiming a different client in X-Forwarded-For; limit 2 per IP. */
  async function statusesBehind(trustProxyHops: number): Promise<number[]> {
    const t = await createTestApp({
      http: { rateLimits: { validatePerMinute: 2, renderPerMinute: 100 }, trustProxyHops },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const headers = { 'x-forwarded-for': `203.0.113.${i}` };
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/validate-coupon',
        payload: { code: 'x' },
        remoteAddress: '10.5.5.5',
        headers,
      });
      statuses.push(res.statusCode);
    }
    await t.close();
    return statuses;
  }

  it('ignores X-Forwarded-For unless a proxy is configured, so a direct client cannot dodge the limit', async () => {
    expect(await statusesBehind(0)).toEqual([200, 200, 429]);
  });

  it('uses the address the trusted proxy saw when one is configured', async () => {
    expect(await statusesBehind(1)).toEqual([200, 200, 200]);
  });
});
