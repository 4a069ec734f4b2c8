import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the OS priority of libvips' worker threads (where sharp encodes) to `nice` (a render thread's own), on Linux. piscina's
 * `niceIncrement` lowers the render threads themselves, but sharp hands each encode to libuv's pool, whose libvips
 * workers were started by the main thread and inherit its priority; without this they compete with the thread that
 * answers webhooks as equals. Returns a function to call after renders: it looks again only when the process has
 * gained threads (libvips keeps its workers, so that is rare), and never throws (elsewhere it does nothing).
 */
export function createEncoderThreadRenicer(nice: number): () => void {
  if (process.platform !== 'linux' || nice <= 0) return () => {};
  const done = new Set<number>();
  let seen = 0;
  return () => {
    try {
      const tasks = readdirSync('/proc/self/task');
      if (tasks.length === seen) return;
      seen = tasks.length;
      for (const task of tasks) {
        const tid = Number(task);
        if (done.has(tid)) continue;
        if (readFileSync(`/proc/self/task/${task}/comm`, 'utf8').startsWith('libvips')) {
          // On Linux, setpriority(PRIO_PROCESS, tid) sets that one thread's nice value.
          setPriority(tid, nice);
          done.add(tid);
        }
      }
    } catch {
      // A thread that ended meanwhile, or no /proc: the encode still runs, at the usual priority.
    }
  };
}
