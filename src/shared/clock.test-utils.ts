import type { Clock } from './clock.js';

/** A clock whose time moves only when the test says so. */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms`, firing due sleeps and timeouts in deadline order (ties in the order they were set) and
   * letting promise callbacks run after each, so whatever they schedule within the window fires too.
   */
  advance(ms: number): Promise<void>;
  /** Every duration passed to `sleep`, in call order, so a test can assert a backoff schedule. */
  readonly sleeps: readonly number[];
  /** Resolves once `sleep` has been called `count` times in all, e.g. after a real HTTP answer led to a retry wait. */
  waitForSleeps(count: number): Promise<void>;
}

interface Timer {
  at: number;
  order: number;
  fire: () => void;
}

// A real monotonic clock never reads 0, and lru-cache takes an entry started at 0 as one that never expires.
const defaultStartMs = 1_000_000;

// One macrotask turn: the microtask queue is drained completely first, however long the promise chains are.
const letCallbacksRun = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createManualClock({ startMs = defaultStartMs }: { startMs?: number } = {}): ManualClock {
  let now = startMs;
  let order = 0;
  const timers: Timer[] = [];
  const sleeps: number[] = [];
  const sleepWatchers = new Set<() => void>();

  const schedule = (ms: number, fire: () => void) => {
    timers.push({ at: now + ms, order: order++, fire });
  };
  const takeNextDue = (until: number): Timer | undefined => {
    let next: Timer | undefined;
    for (const timer of timers) {
      if (timer.at > until) continue;
      if (!next || timer.at < next.at || (timer.at === next.at && timer.order < next.order)) next = timer;
    }
    if (next) timers.splice(timers.indexOf(next), 1);
    return next;
  };

  return {
    now: () => now,
    sleep(ms) {
      sleeps.push(ms);
      for (const watcher of sleepWatchers) watcher();
      // Nothing is left to wait for; making the test advance by 0 would only add ceremony.
      if (ms <= 0) return Promise.resolve();
      return new Promise((resolve) => schedule(ms, resolve));
    },
    timeout(ms) {
      const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      if (ms <= 0) return AbortSignal.abort(reason);
      const controller = new AbortController();
      schedule(ms, () => controller.abort(reason));
      return controller.signal;
    },
    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`a clock only moves forward; got ${ms} ms`);
      const target = now + ms;
      for (let timer = takeNextDue(target); timer; timer = takeNextDue(target)) {
        now = timer.at;
        timer.fire();
        await letCallbacksRun();
      }
      now = target;
      await letCallbacksRun();
    },
    get sleeps() {
      return sleeps;
    },
    waitForSleeps(count) {
      return new Promise((resolve) => {
        const watcher = () => {
          if (sleeps.length < count) return;
          sleepWatchers.delete(watcher);
          resolve();
        };
        sleepWatchers.add(watcher);
        watcher();
      });
    },
  };
}
