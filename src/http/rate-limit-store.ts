import { LRUCache } from 'lru-cache';

type Counter = { current: number; ttl: number };
type Callback = (error: Error | null, result: Counter) => void;

/**
 * @fastify/rate-limit's store contract (fixed windows per client key) on an injected clock, so a window's end can be
 * tested without waiting a minute. Per process for now; the production issue replaces it with one shared by every
 * process, on the same contract. Bounded: the least recently seen clients are forgotten first.
 */
export function createRateLimitStore({ now, maxKeys = 50_000 }: { now: () => number; maxKeys?: number }) {
  return class ClockedRateLimitStore {
    readonly windows = new LRUCache<string, { count: number; startedAt: number }>({ max: maxKeys });

    incr(key: string, done: Callback, timeWindow: number): void {
      const at = now();
      let window = this.windows.get(key);
      if (!window || window.startedAt + timeWindow <= at) window = { count: 0, startedAt: at };
      window.count += 1;
      this.windows.set(key, window);
      done(null, { current: window.count, ttl: window.startedAt + timeWindow - at });
    }

    read(key: string, done: Callback, timeWindow: number): void {
      const at = now();
      const window = this.windows.get(key);
      const alive = window && window.startedAt + timeWindow > at;
      done(null, alive ? { current: window.count, ttl: window.startedAt + timeWindow - at } : { current: 0, ttl: 0 });
    }

    /** Each route gets its own counters. */
    child(): ClockedRateLimitStore {
      return new ClockedRateLimitStore();
    }
  };
}
