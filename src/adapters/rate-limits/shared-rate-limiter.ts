import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimitsTable } from '../../modules/rate-limits/rate-limits.table.js';
import type { Db } from '../db/db.js';

/** A limit outside HTTP (the bot's inline queries): `take` answers whether one more is allowed now. */
export interface RateLimit {
  take(key: string): Promise<boolean>;
}

/**
 * `points` per `durationSeconds` per key, counted in the database (rate-limiter-flexible's Drizzle store, the table
 * the HTTP limits use), so every process behind the load balancer counts the same requests.
 */
export function createSharedRateLimit({
  db,
  keyPrefix,
  points,
  durationSeconds,
}: {
  db: Db;
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}): RateLimit {
  const limiter = new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimitsTable,
    keyPrefix,
    points,
    duration: durationSeconds,
  });
  return {
    async take(key) {
      try {
        await limiter.consume(key, 1);
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
  };
}
