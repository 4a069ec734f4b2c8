import { RateLimiterDrizzle } from 'rate-limiter-flexible';
import { rateLimitsTable } from '../../modules/rate-limits/rate-limits.table.js';
import type { Db } from '../db/db.js';

type Counter = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counter) => void;

/**
 * @fastify/rate-limit's store contract on rate-limiter-flexible's Drizzle store: one fixed window per client key and
 * route, counted in the database, so every process behind the load balancer counts the same requests (N processes no
 * longer allow N times the limit). The limit itself is @fastify/rate-limit's (`current > max`); the store only counts.
 */
export function createSharedRateLimitStore({ db }: { db: Db }) {
  const limiters = new Map<string, RateLimiterDrizzle>();
  const limiterFor = (prefix: string, timeWindowMs: number) => {
    const name = `${prefix}|${timeWindowMs}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      limiter = new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimitsTable,
        keyPrefix: prefix,
        // Counting only: @fastify/rate-limit compares the count with the route's max.
        points: Number.MAX_SAFE_INTEGER,
        duration: timeWindowMs / 1000,
      });
      limiters.set(name, limiter);
    }
    return limiter;
  };

  return class SharedRateLimitStore {
    private readonly prefix: string;
    /** @fastify/rate-limit constructs the store with its options; children get the route as their prefix. */
    constructor(_options?: unknown, prefix = 'global') {
      this.prefix = prefix;
    }

    incr(key: string, done: Callback, timeWindow: number): void {
      limiterFor(this.prefix, timeWindow)
        .consume(key, 1)
        .then(
          (res) => done(null, { current: res.consumedPoints, ttl: Math.max(0, res.msBeforeNext) }),
          (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
        );
    }

    read(key: string, done: Callback, timeWindow: number): void {
      limiterFor(this.prefix, timeWindow)
        .get(key)
        .then(
          (res) =>
            done(
              null,
              res ? { current: res.consumedPoints, ttl: Math.max(0, res.msBeforeNext) } : { current: 0, ttl: 0 },
            ),
          (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
        );
    }

    /** Each route counts apart (the validate endpoint's requests do not use up the render API's). */
    child(routeOptions: object): SharedRateLimitStore {
      // @fastify/rate-limit passes the route's rate-limit options with the route itself as `routeInfo`.
      const info = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      const { method, url } = info ?? {};
      return new SharedRateLimitStore(routeOptions, `${[method].flat().join(',')} ${url ?? ''}`);
    }
  };
}
