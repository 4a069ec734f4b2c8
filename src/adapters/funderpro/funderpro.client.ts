import { LRUCache } from 'lru-cache';
import type { CouponStatus, CouponValidator } from '../../modules/coupons/coupons.models.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';

export interface FunderProOptions {
  apiBase: string;
  productId: string;
  logger: Logger;
  /** VAL-2: the whole check, retries included, is bounded by this. */
  budgetMs?: number;
  attemptTimeoutMs?: number;
  /** Waits before the 2nd and 3rd attempts. */
  retryDelaysMs?: [number, number];
  /** VAL-3 cache lifetimes. */
  validTtlMs?: number;
  invalidTtlMs?: number;
  /** All of the check's time (budget, attempt timeouts, retry waits, cache lifetimes) is read from this clock. */
  clock?: Clock;
}

/** 429, 5xx, timeouts and connection errors: worth another try, and never a verdict on the code. */
class TransientError extends Error {}

type Verdict = Exclude<CouponStatus, 'unavailable'>;

/**
 * FunderPro discount API client (VAL-2/VAL-3): `GET {base}?coupons[]={CODE}&productIds={id}`; 200 valid, 404/422
 * invalid, 429/5xx/timeouts retried with backoff inside a ≈5 s budget, then "unavailable". Verdicts are cached per
 * process (valid 5 min, invalid 1 min); concurrent checks of one code share one upstream call; outages are never cached.
 */
export function createFunderProValidator(options: FunderProOptions): CouponValidator {
  const {
    apiBase,
    productId,
    logger,
    budgetMs = 5000,
    attemptTimeoutMs = 2500,
    retryDelaysMs = [300, 1000],
    validTtlMs = 5 * 60_000,
    invalidTtlMs = 60_000,
    clock = systemClock,
  } = options;
  const separator = apiBase.includes('?') ? '&' : '?';
  const urlFor = (code: string) =>
    `${apiBase}${separator}coupons[]=${encodeURIComponent(code)}&productIds=${encodeURIComponent(productId)}`;

  async function askOnce(code: string, timeLeftMs: number): Promise<Verdict> {
    if (timeLeftMs <= 0) throw new TransientError('coupon check time budget used up');
    let response: Response;
    try {
      response = await fetch(urlFor(code), {
        headers: { accept: 'application/json' },
        signal: clock.timeout(Math.ceil(Math.min(attemptTimeoutMs, timeLeftMs))),
      });
    } catch (error) {
      // Timeouts reject with a DOMException, which is not an Error subclass on Node 20.
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      throw new TransientError(timedOut ? 'timeout' : 'connection failed', { cause: error });
    }
    await response.body?.cancel().catch(() => undefined);
    const { status } = response;
    if (status === 200) return 'valid';
    if (status === 404 || status === 422) return 'invalid';
    if (status === 429 || status >= 500) throw new TransientError(`HTTP ${status}`);
    logger.warn({ status, code }, 'FunderPro answered with an unexpected status; treating the coupon as invalid');
    return 'invalid';
  }

  // A plain loop rather than p-retry: p-retry waits on its own setTimeout and measures maxRetryTime with
  // performance.now, so neither its backoff nor its budget could follow an injected clock.
  async function askUpstream(code: string): Promise<Verdict | undefined> {
    const deadline = clock.now() + budgetMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await askOnce(code, deadline - clock.now());
      } catch (error) {
        const delayMs = retryDelaysMs[attempt];
        const timeLeftMs = deadline - clock.now();
        if (!(error instanceof TransientError) || delayMs === undefined || timeLeftMs <= 0) {
          const reason = error instanceof Error ? error.message : String(error);
          logger.warn({ code, reason }, 'FunderPro unavailable');
          return undefined;
        }
        // A wait never outlasts the budget; the attempt after it then gives up at the deadline, as p-retry did.
        await clock.sleep(Math.min(delayMs, timeLeftMs));
      }
    }
  }

  const cache = new LRUCache<string, Verdict>({
    max: 10_000,
    // lru-cache reads a ttl of 0 as "forever"; 0 here means "don't keep it", so 1 ms is the floor.
    ttl: Math.max(1, invalidTtlMs),
    perf: { now: () => clock.now() },
    ttlResolution: 0,
    fetchMethod: async (code, _stale, { options: entry }) => {
      const verdict = await askUpstream(code);
      // Returning undefined keeps an outage out of the cache.
      if (verdict) entry.ttl = Math.max(1, verdict === 'valid' ? validTtlMs : invalidTtlMs);
      return verdict;
    },
  });

  return {
    enabled: true,
    async check(code) {
      return (await cache.fetch(code)) ?? 'unavailable';
    },
  };
}
