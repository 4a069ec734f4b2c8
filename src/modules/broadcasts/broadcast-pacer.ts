import type { Clock } from '../../shared/clock.js';

/** Sends that may go at once after a pause (a slot missed while a claim was slow is made up, no more). */
const BURST = 2;
/** BRD-2: never more than this many sends arriving at Telegram in any 1-second window, retries included. */
export const SENDS_PER_WINDOW = 25;

/**
 * BRD-2: a token bucket in front of each Telegram call. Tokens refill at `rate` per second of real (clock) time, up to
 * `BURST`; a send takes one, waiting its turn (first come, first served) when none is left. So any stretch of T
 * seconds sees fewer than `BURST + rate × T` sends — at most 21 in any second at 20/s — however the event loop stalls (the
 * refill is measured, not counted in timer ticks, and a stall adds at most `BURST`), and the average stays at `rate`
 * because late timers do not lose slots. It gates the send itself, after the recipient is claimed, so a slow claim
 * can never bunch sends up behind it.
 */
export function createPacer(rate: number, clock: Pick<Clock, 'now' | 'sleep'>): () => Promise<void> {
  const msPerToken = 1000 / rate;
  // One token to start with: a slice beginning right after another cannot add a burst to the previous second's sends.
  let tokens = 1;
  let filledAt = clock.now();
  let turn = Promise.resolve();

  const take = async () => {
    for (;;) {
      const now = clock.now();
      tokens = Math.min(BURST, tokens + (now - filledAt) / msPerToken);
      filledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await clock.sleep(Math.ceil((1 - tokens) * msPerToken));
    }
  };
  return () => {
    const mine = turn.then(take);
    turn = mine;
    return mine;
  };
}

/**
 * The most sends the pacer lets start in any 1-second window (half-open, as Telegram's are counted): at most `BURST`
 * tokens at the window's start plus less than `rate` refilled before its end, so `BURST + rate − 1` for a whole rate.
 */
export function maxStartsPerSecond(rate: number): number {
  return BURST + Math.ceil(rate) - 1;
}

/**
 * Sends allowed in flight (started, not yet answered). A send reaches Telegram after its start and before its answer,
 * so the sends arriving in any second are those started in it plus those already out when it began: at most
 * `maxStartsPerSecond + maxInFlight`, whatever holds a socket write back (PGlite queries on the same thread). At 20/s
 * that is 21 + 4 = 25, and 4 in flight hold 20/s while Telegram answers within 200 ms. Above 20/s (tests) no cap can
 * keep 25 and still keep the pace, so the cap scales with the rate instead: 200 ms of sends.
 */
export function maxInFlightFor(rate: number): number {
  return Math.max(SENDS_PER_WINDOW - maxStartsPerSecond(rate), Math.ceil(rate / 5));
}

export type GateResult<T> = { sent: true; value: T } | { sent: false };

/**
 * The one door every broadcast send goes through, retries included: an in-flight slot first, then the pacer's token,
 * then the call; the slot is freed when the call is answered (or fails). Resolves `{sent: false}` without calling
 * when `stopped` resolves while it waits, or `cancelled()` says so once its turn has come.
 */
export function createSendGate({
  rate,
  clock,
  maxInFlight = maxInFlightFor(rate),
}: {
  rate: number;
  clock: Pick<Clock, 'now' | 'sleep'>;
  maxInFlight?: number;
}) {
  const pace = createPacer(rate, clock);
  let free = maxInFlight;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  const acquire = (stopped: Promise<void>): Promise<boolean> => {
    if (free > 0) {
      free--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      // The slot passes straight to the next waiter (never through `free`), so nobody can jump the queue.
      const wake = () => resolve(true);
      waiting.push(wake);
      void stopped.then(() => {
        const at = waiting.indexOf(wake);
        if (at < 0) return;
        waiting.splice(at, 1);
        resolve(false);
      });
    });
  };

  return {
    maxInFlight,
    async run<T>(
      send: () => Promise<T>,
      { stopped, cancelled }: { stopped: Promise<void>; cancelled: () => boolean },
    ): Promise<GateResult<T>> {
      if (!(await acquire(stopped))) return { sent: false };
      try {
        if (cancelled()) return { sent: false };
        await Promise.race([pace(), stopped]);
        if (cancelled()) return { sent: false };
        return { sent: true, value: await send() };
      } finally {
        release();
      }
    },
  };
}

export type SendGate = ReturnType<typeof createSendGate>;
