import type { Clock } from '../../shared/clock.js';

/** Sends that may go at once after a pause (a slot missed while a claim was slow is made up, no more). */
const BURST = 2;

/**
 * BRD-2: a token bucket in front of each Telegram call. Tokens refill at `rate` per second of real (clock) time, up to
 * `BURST`; a send takes one, waiting its turn (first come, first served) when none is left. So any stretch of T
 * seconds sees at most `BURST + rate × T` sends — 22 in any second at 20/s — however the event loop stalls (the
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
