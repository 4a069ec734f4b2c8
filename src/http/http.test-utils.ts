import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { registerBundledFont } from '../adapters/canvas/server-canvas.js';
import type { DatabaseHandle } from '../adapters/db/db.js';
import { createTestDatabase, type TestDatabaseKind } from '../adapters/db/db.test-utils.js';
import { createMemoryStorage } from '../adapters/storage/memory-storage.js';
import type { ObjectStorage } from '../adapters/storage/storage.types.js';
import { type AppDeps, createAppDeps, type TelegramOptions } from '../app-deps.js';
import type { CouponValidator } from '../modules/coupons/coupons.models.js';
import { createAcceptAllValidator } from '../modules/coupons/coupons.usecases.js';
import { silentLogger } from '../shared/logger.js';
import { findProjectRoot } from '../shared/project-root.js';
import { buildHttpApp, type HttpOptions } from './app.js';

export const FONT_PATH = join(findProjectRoot(), 'assets/fonts/inter-bold-latin.woff2');
export const SAMPLES_DIR = join(findProjectRoot(), 'assets/sample-templates');

/** Admin credentials of every test app. */
export const TEST_ADMIN = {
  sessionSecret: 'test-session-secret-that-is-32-bytes-long!!',
  adminPassword: 'correct horse battery staple',
};

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  close(): Promise<void>;
}

/** The real app on a fresh database and in-memory storage (unless given), ready for `app.inject`. */
export async function createTestApp({
  databaseKind = 'pglite',
  couponValidator = createAcceptAllValidator(),
  storage = createMemoryStorage(),
  http,
  now,
  telegram,
  database: sharedDatabase,
}: {
  now?: () => Date;
  telegram?: TelegramOptions;
  /** A database another test app also uses (not closed by this one); a fresh one otherwise. */
  database?: DatabaseHandle;
  databaseKind?: TestDatabaseKind;
  couponValidator?: CouponValidator;
  storage?: ObjectStorage;
  http?: HttpOptions;
} = {}): Promise<TestApp> {
  registerBundledFont(FONT_PATH);
  const database = sharedDatabase ?? (await createTestDatabase(databaseKind));
  const deps = createAppDeps({
    database,
    storage,
    couponValidator,
    logger: silentLogger,
    admin: { ...TEST_ADMIN, now },
    settings: { botMode: telegram ? 'webhook' : 'off', publicUrl: 'http://localhost:3000' },
    telegram,
  });
  const app = await buildHttpApp(deps, http);
  return {
    app,
    deps,
    async close() {
      await app.close();
      await deps.telegram?.receiver.drain();
      if (!sharedDatabase) await database.close();
    },
  };
}
