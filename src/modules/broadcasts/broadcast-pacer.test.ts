import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../shared/clock.test-utils.js';
import { createPacer, createSendGate, maxInFlightFor, maxStartsPerSecond } from './broadcast-pacer.js';

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

  it('after a pause makes up at most one missed slot, so no second holds more than 21', async () => {
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
    expect(busiestSecond(at)).toBeLessThanOrEqual(maxStartsPerSecond(20));
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
    expect(busiestSecond(at)).toBeLessThanOrEqual(maxStartsPerSecond(20));
  });

  it('paces at other rates too', async () => {
    const at = await release(30, { rate: 5 });
    expect(at[1]).toBe(200);
    expect(busiestSecond(at)).toBe(5);
  });
});

/**
 * `count` sends through a gate at 20/s on a manual clock. A send's socket write is held back while the event loop is
 * "stalled" (the first 400 ms of every 2 s, as a slow PGlite query would hold it), then the message arrives at
 * Telegram, which answers `answerMs` later. Returns the arrival times and the most calls ever in flight.
 */
async function sendThroughGate({
  count,
  maxInFlight,
  answerMs,
  stall = (at: number) => (at % 2000 < 400 ? 400 - (at % 2000) : 0),
}: {
  count: number;
  maxInFlight?: number;
  answerMs: number;
  stall?: (at: number) => number;
}) {
  const clock = createManualClock({ startMs: 0 });
  const gate = createSendGate({ rate: 20, clock, ...(maxInFlight ? { maxInFlight } : {}) });
  const arrivals: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const send = async () => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await clock.sleep(stall(clock.now()));
    arrivals.push(clock.now());
    await clock.sleep(answerMs);
    inFlight--;
  };
  const never = new Promise<void>(() => {});
  let done = 0;
  const all = Array.from({ length: count }, () =>
    gate.run(send, { stopped: never, cancelled: () => false }).then(() => done++),
  );
  await clock.advance(0);
  while (done < count) await clock.advance(1);
  await Promise.all(all);
  return { arrivals, mostInFlight, gate };
}

describe('the broadcast send gate', () => {
  it('keeps starts plus sends in flight at 25 at 20/s, and scales the in-flight cap with higher rates', () => {
    expect(maxStartsPerSecond(20)).toBe(21);
    expect(maxInFlightFor(20)).toBe(4);
    expect(maxStartsPerSecond(20) + maxInFlightFor(20)).toBe(25);
    expect(maxStartsPerSecond(5) + maxInFlightFor(5)).toBe(25);
    expect(maxInFlightFor(100)).toBe(20);
  });

  it('never lets more than 25 arrive in a second when socket writes are held back and then leave together', async () => {
    const { arrivals, mostInFlight } = await sendThroughGate({ count: 200, answerMs: 0 });
    expect(mostInFlight).toBe(4);
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(25);
  });

  it('is what holds the window: with eight sends in flight the same stalls put more than 25 into one second', async () => {
    const { arrivals } = await sendThroughGate({ count: 200, maxInFlight: 8, answerMs: 0 });
    expect(busiestSecond(arrivals)).toBeGreaterThan(25);
  });

  it('holds within 25 whatever the write delays, with answers as slow as Telegram is', async () => {
    // A fixed pseudo-random sequence of write delays (0–900 ms) and answer times (30–150 ms).
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const { arrivals } = await sendThroughGate({
      count: 300,
      answerMs: 90,
      stall: () => (next() < 0.3 ? Math.floor(next() * 900) : 0),
    });
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(25);
  });

  it('still sends 20 a second when Telegram takes 150 ms to answer each call', async () => {
    const { arrivals } = await sendThroughGate({ count: 200, answerMs: 150, stall: () => 0 });
    const perSecond = (arrivals.length - 1) / ((arrivals.at(-1)! - arrivals[0]!) / 1000);
    expect(perSecond).toBeGreaterThan(19.5);
  });

  it('gives up a turn without sending when the slice stops while it waits for a slot', async () => {
    const clock = createManualClock();
    const gate = createSendGate({ rate: 20, clock, maxInFlight: 1 });
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let calls = 0;
    const options = { stopped, cancelled: () => false };
    const first = gate.run(() => {
      calls++;
      return clock.sleep(1000);
    }, options);
    const second = gate.run(async () => {
      calls++;
    }, options);
    await clock.advance(10);
    stop();
    expect(await second).toEqual({ sent: false });
    await clock.advance(1000);
    expect(await first).toEqual({ sent: true, value: undefined });
    expect(calls).toBe(1);
  });
});
