import { LRUCache } from 'lru-cache';
import pRetry, { AbortError } from 'p-retry';
import type { CouponStatus, CouponValidator } from '../../modules/coupons/coupons.models.js';
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
  /** Monotonic clock in ms; injectable so cache expiry is testable without waiting. */
  now?: () => number;
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
    now = () => performance.now(),
  } = options;
  const separator = apiBase.includes('?') ? '&' : '?';
  const urlFor = (code: string) =>
    `${apiBase}${separator}coupons[]=${encodeURIComponent(code)}&productIds=${encodeURIComponent(productId)}`;

  async function askOnce(code: string, started: number): Promise<Verdict> {
    const remaining = budgetMs - (now() - started);
    if (remaining <= 0) throw new AbortError('coupon check time budget used up');
    let response: Response;
    try {
      response = await fetch(urlFor(code), {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(Math.ceil(Math.min(attemptTimeoutMs, remaining))),
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

  async function askUpstream(code: string): Promise<Verdict | undefined> {
    const started = now();
    try {
      return await pRetry(() => askOnce(code, started), {
        retries: retryDelaysMs.length,
        minTimeout: retryDelaysMs[0],
        factor: retryDelaysMs[1] / retryDelaysMs[0],
        randomize: false,
        maxRetryTime: budgetMs,
        unref: true,
      });
    } catch (error) {
      logger.warn({ code, reason: error instanceof Error ? error.message : String(error) }, 'FunderPro unavailable');
      return undefined;
    }
  }

  const cache = new LRUCache<string, Verdict>({
    max: 10_000,
    // lru-cache reads a ttl of 0 as "forever"; 0 here means "don't keep it", so 1 ms is the floor.
    ttl: Math.max(1, invalidTtlMs),
    perf: { now },
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
