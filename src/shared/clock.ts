import { setTimeout as delay } from 'node:timers/promises';

/**
 * Monotonic time for adapters that bound their own waiting (timeouts, retry backoff, cache lifetimes). It is injected
 * so tests move time by hand instead of sleeping through a real budget; see `createManualClock`.
 */
export interface Clock {
  /** Milliseconds from an arbitrary origin; only differences between readings mean anything. */
  now(): number;
  /** Resolves once `ms` of clock time has passed. */
  sleep(ms: number): Promise<void>;
  /** A signal that aborts with a "TimeoutError" DOMException after `ms` of clock time, as `AbortSignal.timeout` does. */
  timeout(ms: number): AbortSignal;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  // Unref'd: a retry wait alone should not hold a shutting-down process open.
  sleep: (ms) => delay(ms, undefined, { ref: false }),
  timeout: (ms) => AbortSignal.timeout(ms),
};
