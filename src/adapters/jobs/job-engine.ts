import PgBoss from 'pg-boss';
import type { Logger } from '../../shared/logger.js';
import type { DatabaseHandle } from '../db/db.js';
import type { JobEngine, JobEngineOptions, QueueDefinition } from './job-engine.types.js';

export type { JobEngine, JobHandler, QueueDefinition } from './job-engine.types.js';

/**
 * Work that outlives a request runs on pg-boss (10.x: 11 and later need Node 22) in the app's own database: its
 * tables live in the `pgboss` schema, created and migrated by pg-boss itself at start. It runs through the database
 * handle's `executeSql`, so PostgreSQL and embedded PGlite are driven alike and share the app's one connection pool.
 */
/** Arbitrary constant beside the migrations' and the catalogue's lock keys. */
const JOB_ENGINE_START_LOCK = 7_319_003;

/** The PostgreSQL schema pg-boss keeps its tables in. */
export const JOB_ENGINE_SCHEMA = 'pgboss';

export function createJobEngine({
  database,
  logger,
  options = {},
}: {
  database: Pick<DatabaseHandle, 'executeSql' | 'withLock'>;
  logger: Logger;
  options?: JobEngineOptions;
}): JobEngine {
  // pg-boss marks a finished job complete without awaiting it, so its stop() can resolve with that query still out;
  // whoever closes the database next would cut it off. Its queries are tracked so stop() waits for them too.
  const queries = new Set<Promise<unknown>>();
  const handlers = new Set<Promise<unknown>>();
  const tracked = <T>(set: Set<Promise<unknown>>, work: Promise<T>): Promise<T> => {
    set.add(work);
    void work.finally(() => set.delete(work)).catch(() => undefined);
    return work;
  };
  const boss = new PgBoss({
    // pg-boss types its `db` as an object with executeSql; ours has the same call shape.
    db: { executeSql: (text: string, values?: unknown[]) => tracked(queries, database.executeSql(text, values)) },
    schema: JOB_ENGINE_SCHEMA,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 15,
    // Its own wall-clock and cron checks (the defaults poll every 30 s and 10 min).
    schedule: true,
  });
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  boss.on('error', (error) => logger.error({ err: error }, 'job engine error'));
  const definitions = new Map<string, QueueDefinition>();

  return {
    async start() {
      // pg-boss creates its schema unguarded on first start: processes booting at once take turns here.
      await database.withLock(JOB_ENGINE_START_LOCK, () => boss.start());
    },
    async defineQueue(queue) {
      definitions.set(queue.name, queue);
      const options = {
        name: queue.name,
        policy: queue.policy,
        expireInSeconds: queue.expireInSeconds,
        retryLimit: queue.retryLimit,
        retryDelay: queue.retryDelaySeconds,
        retryBackoff: false,
      };
      // Creating a queue adds a partition to pg-boss's job table: one process at a time, and only the first time.
      await database.withLock(JOB_ENGINE_START_LOCK, async () => {
        if (await boss.getQueue(queue.name)) await boss.updateQueue(queue.name, options);
        else await boss.createQueue(queue.name, options);
      });
    },
    send: (queue, data = {}, { startAfterSeconds, singletonKey, singletonSeconds } = {}) =>
      boss.send(queue, data, {
        ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}),
        ...(singletonKey && singletonSeconds ? { singletonKey, singletonSeconds } : {}),
      }),
    async work(queue, handler) {
      await boss.work(queue, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
        if (job) await tracked(handlers, handler({ id: job.id, data: job.data }));
      });
    },
    async schedule(queue, cron) {
      await boss.schedule(queue, cron, {}, { tz: 'UTC' });
    },
    async queueDepths() {
      const depths: Record<string, number> = {};
      for (const name of definitions.keys()) depths[name] = await boss.getQueueSize(name, { before: 'active' });
      return depths;
    },
    async stop(timeoutMs) {
      await boss.stop({ graceful: true, timeout: Math.max(1000, timeoutMs), wait: true, close: false });
      // Handlers still running after the timeout, then the completions they set off (started in the next turn).
      await Promise.allSettled(handlers);
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled(queries);
    },
  };
}
