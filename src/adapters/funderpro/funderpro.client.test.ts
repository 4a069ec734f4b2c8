import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import { createFunderProValidator, type FunderProOptions } from './funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from './funderpro.fake-server.js';

let fake: FakeFunderPro;
beforeEach(async () => {
  fake = await startFakeFunderPro();
});
afterEach(async () => {
  await fake.close();
});

const validator = (options: Partial<FunderProOptions> = {}) =>
  createFunderProValidator({
    apiBase: fake.url,
    productId: fake.productId,
    logger: silentLogger,
    retryDelaysMs: [30, 100],
    ...options,
  });

describe('FunderPro validator', () => {
  it('asks for the code and product with the documented query and treats 200 as valid', async () => {
    fake.set('SAVE20', 'valid');
    expect(await validator().check('SAVE20')).toBe('valid');
    expect(fake.requests).toEqual([{ code: 'SAVE20', productId: 'prod-10k' }]);
  });

  it('treats 404 and 422 as invalid without retrying', async () => {
    fake.set('GONE', 404);
    fake.set('WRONG', 422);
    const v = validator();
    expect(await v.check('GONE')).toBe('invalid');
    expect(await v.check('WRONG')).toBe('invalid');
    expect(fake.requests).toHaveLength(2);
  });

  it('treats an unexpected status as invalid', async () => {
    fake.set('TEAPOT', 418);
    expect(await validator().check('TEAPOT')).toBe('invalid');
  });

  it('retries 429 and 5xx and succeeds when FunderPro recovers', async () => {
    fake.set('FLAKY', { sequence: [429, 503, 'valid'] });
    expect(await validator().check('FLAKY')).toBe('valid');
    expect(fake.requests).toHaveLength(3);
  });

  it('reports "unavailable" (never "invalid") after the retries run out', async () => {
    fake.set('DOWN', 500);
    expect(await validator().check('DOWN')).toBe('unavailable');
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up on a slow FunderPro within the time budget', async () => {
    fake.set('SLOW', { delayMs: 5000, answer: 'valid' });
    const started = performance.now();
    expect(await validator({ budgetMs: 600, attemptTimeoutMs: 250 }).check('SLOW')).toBe('unavailable');
    expect(performance.now() - started).toBeLessThan(1200);
  });

  it('bounds the whole check by about 5 s with the default budget', async () => {
    fake.set('SLOW', { delayMs: 20_000, answer: 'valid' });
    const started = performance.now();
    expect(await validator({ retryDelaysMs: undefined }).check('SLOW')).toBe('unavailable');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(4000);
    expect(elapsed).toBeLessThan(6000);
  });

  it('reports "unavailable" when the connection is refused', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const refused = createFunderProValidator({
      apiBase: `http://127.0.0.1:${port}/discount`,
      productId: 'p',
      logger: silentLogger,
      retryDelaysMs: [10, 20],
    });
    expect(await refused.check('ANY')).toBe('unavailable');
  });

  it('shares one upstream call between concurrent checks of one code', async () => {
    fake.set('BUSY', { delayMs: 100, answer: 'valid' });
    const v = validator();
    const results = await Promise.all(Array.from({ length: 20 }, () => v.check('BUSY')));
    expect(new Set(results)).toEqual(new Set(['valid']));
    expect(fake.requests).toHaveLength(1);
  });

  it('caches valid answers for 5 minutes and invalid ones for 1 minute', async () => {
    const t0 = 1_000_000;
    let now = t0;
    const v = validator({ now: () => now });
    fake.set('GOOD', 'valid');
    await v.check('GOOD');
    await v.check('BAD');
    now = t0 + 59_000;
    await v.check('GOOD');
    await v.check('BAD');
    expect(fake.requests).toHaveLength(2);
    now = t0 + 61_000;
    await v.check('BAD');
    await v.check('GOOD');
    expect(fake.requests.map((r) => r.code)).toEqual(['GOOD', 'BAD', 'BAD']);
    now = t0 + 301_000;
    await v.check('GOOD');
    expect(fake.requests.map((r) => r.code)).toEqual(['GOOD', 'BAD', 'BAD', 'GOOD']);
  });

  it('never caches an outage', async () => {
    fake.set('LATER', { sequence: [503, 503, 503, 'valid'] });
    const v = validator();
    expect(await v.check('LATER')).toBe('unavailable');
    expect(await v.check('LATER')).toBe('valid');
  });
});
