import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../shared/clock.test-utils.js';
import { silentLogger } from '../../shared/logger.js';
import { createFunderProValidator, type FunderProOptions } from './funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from './funderpro.fake-server.js';

let fake: FakeFunderPro;
let clock: ManualClock;
beforeEach(async () => {
  fake = await startFakeFunderPro();
  clock = createManualClock();
});
afterEach(async () => {
  await fake.close();
});

// The production budget, timeouts and retry delays throughout: the manual clock makes them cost no real time.
const validator = (options: Partial<FunderProOptions> = {}) =>
  createFunderProValidator({
    apiBase: fake.url,
    productId: fake.productId,
    logger: silentLogger,
    clock,
    ...options,
  });

/** Records when a promise settles, so a test can say "not yet" without awaiting it. */
const watch = <T>(promise: Promise<T>) => {
  const seen: { settled: boolean; value?: T } = { settled: false };
  void promise.then((value) => Object.assign(seen, { settled: true, value }));
  return seen;
};

/** Lets the default retry waits (300 ms, then 1 s) pass on the clock as soon as the validator starts each one. */
const passRetryWaits = async () => {
  await clock.waitForSleeps(1);
  await clock.advance(300);
  await clock.waitForSleeps(2);
  await clock.advance(1000);
};

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
    expect(clock.sleeps).toEqual([]);
  });

  it('treats an unexpected status as invalid', async () => {
    fake.set('TEAPOT', 418);
    expect(await validator().check('TEAPOT')).toBe('invalid');
  });

  it('retries 429 and 5xx and succeeds when FunderPro recovers', async () => {
    fake.set('FLAKY', { sequence: [429, 503, 'valid'] });
    const check = validator().check('FLAKY');
    await passRetryWaits();
    expect(await check).toBe('valid');
    expect(fake.requests).toHaveLength(3);
  });

  it('waits 300 ms, then 1 s of clock time between attempts by default', async () => {
    fake.set('DOWN', 500);
    const check = watch(validator().check('DOWN'));
    await fake.waitForRequests(1);
    await clock.waitForSleeps(1);
    await clock.advance(299);
    expect(fake.requests).toHaveLength(1);
    await clock.advance(1);
    await fake.waitForRequests(2);
    await clock.waitForSleeps(2);
    await clock.advance(999);
    expect(fake.requests).toHaveLength(2);
    expect(check.settled).toBe(false);
    await clock.advance(1);
    await fake.waitForRequests(3);
    expect(clock.sleeps).toEqual([300, 1000]);
  });

  it('waits the retry delays it is given instead of the defaults', async () => {
    fake.set('DOWN', 503);
    const check = validator({ retryDelaysMs: [20, 50] }).check('DOWN');
    await clock.waitForSleeps(1);
    await clock.advance(20);
    await clock.waitForSleeps(2);
    await clock.advance(50);
    expect(await check).toBe('unavailable');
    expect(clock.sleeps).toEqual([20, 50]);
  });

  it('reports "unavailable" (never "invalid") after the retries run out', async () => {
    fake.set('DOWN', 500);
    const check = validator().check('DOWN');
    await passRetryWaits();
    expect(await check).toBe('unavailable');
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up on a hung FunderPro at the 5 s budget, not before, and never calls the code invalid', async () => {
    fake.set('HUNG', 'hang');
    const check = watch(validator().check('HUNG'));
    await fake.waitForRequests(1);
    // The first attempt times out after 2.5 s; the second gets what is left after the 300 ms wait.
    await clock.advance(2499);
    expect(clock.sleeps).toEqual([]);
    await clock.advance(1);
    await clock.waitForSleeps(1);
    await clock.advance(300);
    await fake.waitForRequests(2);
    await clock.advance(2199);
    expect(check.settled).toBe(false);
    await clock.advance(1);
    expect(check).toEqual({ settled: true, value: 'unavailable' });
    expect(fake.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([300]);
  });

  it('keeps to a shorter budget and attempt timeout when given them', async () => {
    fake.set('HUNG', 'hang');
    const check = watch(validator({ budgetMs: 600, attemptTimeoutMs: 250 }).check('HUNG'));
    await fake.waitForRequests(1);
    await clock.advance(250);
    await clock.waitForSleeps(1);
    await clock.advance(300);
    await fake.waitForRequests(2);
    // The second attempt has only 50 ms of the budget left.
    await clock.advance(49);
    expect(check.settled).toBe(false);
    await clock.advance(1);
    expect(check).toEqual({ settled: true, value: 'unavailable' });
    expect(fake.requests).toHaveLength(2);
  });

  it('cuts the last retry wait short at the budget and gives up there, even if FunderPro would have recovered', async () => {
    fake.set('FLAKY', { sequence: [500, 500, 'valid'] });
    const check = watch(validator({ budgetMs: 1000 }).check('FLAKY'));
    await clock.waitForSleeps(1);
    await clock.advance(300);
    await clock.waitForSleeps(2);
    expect(clock.sleeps).toEqual([300, 700]);
    await clock.advance(699);
    expect(check.settled).toBe(false);
    await clock.advance(1);
    expect(check).toEqual({ settled: true, value: 'unavailable' });
    expect(fake.requests).toHaveLength(2);
  });

  it('reports "unavailable" when the connection is refused', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const check = validator({ apiBase: `http://127.0.0.1:${port}/discount` }).check('ANY');
    await passRetryWaits();
    expect(await check).toBe('unavailable');
  });

  it('shares one upstream call between concurrent checks of one code', async () => {
    let answer = () => {};
    fake.set('BUSY', { until: new Promise<void>((resolve) => (answer = resolve)), answer: 'valid' });
    const v = validator();
    const early = Array.from({ length: 10 }, () => v.check('BUSY'));
    await fake.waitForRequests(1);
    const late = Array.from({ length: 10 }, () => v.check('BUSY'));
    answer();
    const results = await Promise.all([...early, ...late]);
    expect(new Set(results)).toEqual(new Set(['valid']));
    expect(fake.requests).toHaveLength(1);
  });

  it('caches valid answers for 5 minutes and invalid ones for 1 minute', async () => {
    const v = validator();
    fake.set('GOOD', 'valid');
    await v.check('GOOD');
    await v.check('BAD');
    await clock.advance(59_000);
    await v.check('GOOD');
    await v.check('BAD');
    expect(fake.requests).toHaveLength(2);
    await clock.advance(2_000);
    await v.check('BAD');
    await v.check('GOOD');
    expect(fake.requests.map((r) => r.code)).toEqual(['GOOD', 'BAD', 'BAD']);
    await clock.advance(238_000);
    await v.check('GOOD');
    expect(fake.requests).toHaveLength(3);
    await clock.advance(2_000);
    await v.check('GOOD');
    expect(fake.requests.map((r) => r.code)).toEqual(['GOOD', 'BAD', 'BAD', 'GOOD']);
  });

  it('never caches an outage', async () => {
    fake.set('LATER', { sequence: [503, 503, 503, 'valid'] });
    const v = validator();
    const first = v.check('LATER');
    await passRetryWaits();
    expect(await first).toBe('unavailable');
    expect(await v.check('LATER')).toBe('valid');
  });
});
