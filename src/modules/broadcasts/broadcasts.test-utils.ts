import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createDatabase, type DatabaseHandle, queryRows } from '../../adapters/db/db.js';
import { createTestDatabase, migrationsFolder, type TestDatabaseKind } from '../../adapters/db/db.test-utils.js';
import { inspectImage } from '../../adapters/images/image-inspector.js';
import { createJobEngine, JOB_ENGINE_SCHEMA, type JobEngine } from '../../adapters/jobs/job-engine.js';
import { createMemoryStorage } from '../../adapters/storage/memory-storage.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import type { FakeTelegram } from '../../adapters/telegram/telegram.fake-server.js';
import { createBroadcastGateway, createTelegramApi } from '../../adapters/telegram/telegram.gateway.js';
import { createTestAdapters } from '../../http/http.test-utils.js';
import { systemClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import { createWorker, QUEUES, type Worker, type WorkerDeps } from '../../worker/worker.js';
import { createBotUsersRepository } from '../bot-users/bot-users.repository.js';
import type { InlinePhotoCache } from '../telegram/inline-photo-cache.usecases.js';
import { createTelegramRepository } from '../telegram/telegram.repository.js';
import { createTemplatesRepository } from '../templates/templates.repository.js';
import { createBroadcastsRepository } from './broadcasts.repository.js';
import type { BroadcastGateway, BroadcastsDeps } from './broadcasts.types.js';
import { BROADCAST_IMAGE_LIMITS, getBroadcast } from './broadcasts.usecases.js';

/** Short leases so a lost slice resumes in seconds: slices of 1 s, expiry after 3 s, maintenance every second. */
export const FAST_TIMING = { sliceSeconds: 1, expireSeconds: 3 };

export function broadcastGatewayFor(telegram: FakeTelegram): BroadcastGateway {
  return createBroadcastGateway({
    api: createTelegramApi({ token: telegram.token, apiRoot: telegram.apiRoot, retryRateLimits: false }),
  });
}

/**
 * One database per suite, and a second handle on it like a second process's (PostgreSQL; PGlite has one). Before
 * each test the app's tables and the job engine's jobs and schedules are emptied.
 */
export function useBroadcastTestDatabase(kind: TestDatabaseKind) {
  const handles: { database?: DatabaseHandle & { url?: string }; second?: DatabaseHandle } = {};
  beforeAll(async () => {
    const database = await createTestDatabase(kind);
    handles.database = database;
    handles.second = database.url
      ? await createDatabase({
          options: { kind: 'postgres', connectionString: database.url, ssl: false },
          migrationsFolder,
        })
      : database;
  });
  beforeEach(async () => {
    const { db } = handles.database!;
    const tables = await queryRows<{ tablename: string }>(
      db,
      sql`select tablename from pg_tables where schemaname = 'public'`,
    );
    await db.execute(sql.raw(`truncate ${tables.map((t) => `"${t.tablename}"`).join(', ')} restart identity cascade`));
    // The job engine's schema exists once an engine has started on the database.
    await db.execute(
      sql.raw(`do $$ begin
      if to_regclass('${JOB_ENGINE_SCHEMA}.job') is not null then
        truncate ${JOB_ENGINE_SCHEMA}.job, ${JOB_ENGINE_SCHEMA}.schedule;
      end if; end $$`),
    );
  });
  afterAll(async () => {
    if (handles.second && handles.second !== handles.database) await handles.second.close();
    await handles.database?.close();
  });
  return {
    get database() {
      return handles.database!;
    },
    get second() {
      return handles.second!;
    },
  };
}

export async function addBotUsers(database: DatabaseHandle, chatIds: number[]): Promise<void> {
  const users = createBotUsersRepository({ db: database.db });
  for (const chatId of chatIds) await users.recordUser({ chatId, username: `user${chatId}`, firstName: 'Test' });
}

/** The admin's side (HTTP front door's deps) on a database, sending through `gateway`. */
export function broadcastsDepsFor({
  database,
  gateway,
  engine,
  storage = createMemoryStorage(),
  rate = 20,
}: {
  database: DatabaseHandle;
  gateway: BroadcastGateway | null;
  engine: JobEngine | null;
  storage?: ObjectStorage;
  rate?: number;
}): BroadcastsDeps {
  return {
    broadcastsRepository: createBroadcastsRepository({ db: database.db }),
    templatesRepository: createTemplatesRepository({ db: database.db }),
    storage,
    gateway,
    wake: async () => void (await engine?.send(QUEUES.broadcasts)),
    rate,
    inspectImage: ({ buffer, field }) => inspectImage({ buffer, field, limits: BROADCAST_IMAGE_LIMITS }),
    logger: silentLogger,
  };
}

export interface RunningWorker {
  engine: JobEngine;
  worker: Worker;
  /** As on SIGTERM: the slice stops, its sends are answered, the job goes back. */
  stop(): Promise<void>;
}

/** A worker process's front door (job engine + worker) on a database handle. */
export async function startTestWorker({
  database,
  gateway,
  storage = createMemoryStorage(),
  rate,
  maxInFlight,
  timing = FAST_TIMING,
  inlinePhotoCache = null,
  analyticsWindows = null,
}: {
  /** The analytics windows' job; none by default. */
  analyticsWindows?: WorkerDeps['analyticsWindows'];
  /** The inline photo cache's uploads (TELEGRAM_CACHE_CHAT_ID set); none by default. */
  inlinePhotoCache?: InlinePhotoCache | null;
  database: DatabaseHandle;
  gateway: BroadcastGateway;
  storage?: ObjectStorage;
  rate: number;
  maxInFlight?: number;
  timing?: { sliceSeconds: number; expireSeconds: number };
}): Promise<RunningWorker> {
  const engine = createJobEngine({
    database,
    logger: silentLogger,
    options: { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 },
  });
  await engine.start();
  const { db } = database;
  const worker = createWorker({
    engine,
    broadcasts: {
      broadcastsRepository: createBroadcastsRepository({ db }),
      botUsersRepository: createBotUsersRepository({ db }),
      storage,
      gateway,
      rate,
      maxInFlight,
      clock: systemClock,
      logger: silentLogger,
    },
    telegramRepository: createTelegramRepository({ db }),
    templates: {
      templatesRepository: createTemplatesRepository({ db }),
      storage,
      imageTools: createTestAdapters({ database, storage }).imageTools,
      logger: silentLogger,
    },
    telegramInbox: null,
    inlinePhotoCache,
    analyticsWindows,
    logger: silentLogger,
    timing,
  });
  await worker.start();
  let stopped = false;
  return {
    engine,
    worker,
    async stop() {
      if (stopped) return;
      stopped = true;
      worker.stop();
      // Generous: on a loaded machine a slice's last settles can take seconds, and the engine must outlive them.
      await engine.stop(15_000);
    },
  };
}

/** Polls the broadcast until it reaches one of `statuses`. */
export async function waitForStatus(
  deps: BroadcastsDeps,
  id: number,
  statuses: string[],
  timeoutMs = 25_000,
): Promise<Awaited<ReturnType<typeof getBroadcast>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getBroadcast(deps, id);
    if (statuses.includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`broadcast ${id} is still ${job.status}: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export { busiestWindow, messagesPerChat } from '../../adapters/telegram/telegram.fake-server.js';
