import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../shared/clock.test-utils.js';
import { createPacer } from './broadcast-pacer.js';

/** Starts `count` sends at once and returns the clock time at which each was let through. */
async function release(count: number, { rate = 20 } = {}) {
  const clock = createManualClock({ startMs: 1_000_000 });
  const take = createPacer(rate, clock);
  const at: number[] = [];
  const sends = Array.from({ length: count }, () => take().then(() => at.push(clock.now() - 1_000_000)));
  await clock.advance(0);
  while (at.length < count) await clock.advance(1);
  await Promise.all(sends);
  return at;
}

const busiestSecond = (at: number[]) => Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));

describe('the broadcast pacer', () => {
  it('lets 20 sends a second through, one every 50 ms, in the order they asked', async () => {
    const at = await release(200);
    expect(at[0]).toBe(0);
    expect(at[1]).toBe(50);
    expect(at[199]).toBe(199 * 50);
    expect(busiestSecond(at)).toBe(20);
  });

  it('after a pause makes up at most one missed slot, so no second holds more than 22', async () => {
    const clock = createManualClock();
    const take = createPacer(20, clock);
    const at: number[] = [];
    const go = (n: number) => Promise.all(Array.from({ length: n }, () => take().then(() => at.push(clock.now()))));
    const first = go(10);
    await clock.advance(0);
    while (at.length < 10) await clock.advance(1);
    await first;
    // Nothing to send for a while (claims were slow), then a crowd.
    await clock.advance(3000);
    const second = go(40);
    await clock.advance(0);
    while (at.length < 50) await clock.advance(1);
    await second;
    expect(busiestSecond(at)).toBeLessThanOrEqual(22);
    expect(at.slice(10, 13).map((t) => t - at[10]!)).toEqual([0, 0, 50]);
  });

  it('keeps the average at the rate when its timers fire late', async () => {
    const clock = createManualClock();
    const take = createPacer(20, clock);
    const at: number[] = [];
    const sends = Array.from({ length: 100 }, () => take().then(() => at.push(clock.now())));
    // Every timer fires 7 ms late: the refill is measured, so no slot is lost to it.
    while (at.length < 100) await clock.advance(57);
    await Promise.all(sends);
    const perSecond = (at.length - 1) / ((at.at(-1)! - at[0]!) / 1000);
    expect(perSecond).toBeGreaterThan(19.5);
    expect(busiestSecond(at)).toBeLessThanOrEqual(22);
  });

  it('paces at other rates too', async () => {
    const at = await release(30, { rate: 5 });
    expect(at[1]).toBe(200);
    expect(busiestSecond(at)).toBe(5);
  });
});
