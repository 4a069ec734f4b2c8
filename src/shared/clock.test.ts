import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';
import { createManualClock } from './clock.test-utils.js';

/** Records when a promise settles, so a test can say "not yet" without awaiting it. */
const watch = <T>(promise: Promise<T>) => {
  const seen: { settled: boolean; value?: T } = { settled: false };
  void promise.then((value) => Object.assign(seen, { settled: true, value }));
  return seen;
};

describe('manual clock', () => {
  it('stands still until the test advances it', async () => {
    const clock = createManualClock({ startMs: 500 });
    expect(clock.now()).toBe(500);
    await clock.advance(250);
    expect(clock.now()).toBe(750);
  });

  it('starts at a non-zero reading by default, as a real monotonic clock does', () => {
    expect(createManualClock().now()).toBeGreaterThan(0);
  });

  it('resolves a sleep once its full duration has passed on the clock, not before', async () => {
    const clock = createManualClock();
    const slept = watch(clock.sleep(300));
    await clock.advance(299);
    expect(slept.settled).toBe(false);
    await clock.advance(1);
    expect(slept.settled).toBe(true);
    expect(clock.sleeps).toEqual([300]);
  });

  it('aborts a timeout signal with a TimeoutError at its deadline', async () => {
    const clock = createManualClock();
    const signal = clock.timeout(1000);
    await clock.advance(999);
    expect(signal.aborted).toBe(false);
    await clock.advance(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('fires timers in deadline order and shows each callback the time it was due', async () => {
    const clock = createManualClock({ startMs: 0 });
    const seen: string[] = [];
    void clock.sleep(30).then(() => seen.push(`b@${clock.now()}`));
    void clock.sleep(10).then(() => seen.push(`a@${clock.now()}`));
    clock.timeout(20).addEventListener('abort', () => seen.push(`t@${clock.now()}`));
    await clock.advance(100);
    expect(seen).toEqual(['a@10', 't@20', 'b@30']);
    expect(clock.now()).toBe(100);
  });

  it('fires within one advance the sleeps that promise callbacks start during it', async () => {
    const clock = createManualClock({ startMs: 0 });
    const chain = watch(
      (async () => {
        await clock.sleep(300);
        await clock.sleep(1000);
        return clock.now();
      })(),
    );
    await clock.advance(1299);
    expect(chain.settled).toBe(false);
    await clock.advance(1);
    expect(chain.value).toBe(1300);
  });

  it('tells a test when a sleep has been asked for, however it came about', async () => {
    const clock = createManualClock();
    const asked = watch(clock.waitForSleeps(2));
    void clock.sleep(5);
    await Promise.resolve();
    expect(asked.settled).toBe(false);
    void clock.sleep(7);
    await asked;
    expect(clock.sleeps).toEqual([5, 7]);
  });

  it('refuses to move backwards', async () => {
    await expect(createManualClock().advance(-1)).rejects.toThrow(RangeError);
  });
});

describe('system clock', () => {
  it('reads monotonic time and hands out real timeout signals', () => {
    const before = systemClock.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    expect(systemClock.timeout(60_000)).toBeInstanceOf(AbortSignal);
  });
});
