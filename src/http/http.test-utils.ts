import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { UserFromGetMe } from 'grammy/types';
import { registerBundledFont } from '../adapters/canvas/server-canvas.js';
import { createServerRenderer, loadImageBytes, type ServerRenderer } from '../adapters/canvas/server-renderer.js';
import type { DatabaseHandle } from '../adapters/db/db.js';
import { createTestDatabase, type TestDatabaseKind } from '../adapters/db/db.test-utils.js';
import {
  inspectImage,
  makePreviews,
  makeThumbnail,
  TEMPLATE_IMAGE_LIMITS,
} from '../adapters/images/image-inspector.js';
import { createMetrics } from '../adapters/metrics/metrics.js';
import { createSharedRateLimitStore } from '../adapters/rate-limits/shared-rate-limit-store.js';
import { createMemoryStorage } from '../adapters/storage/memory-storage.js';
import type { ObjectStorage } from '../adapters/storage/storage.types.js';
import { createBot } from '../bot/bot.js';
import { createUpdateReceiver, type UpdateReceiver } from '../bot/update-receiver.js';
import { BROADCAST_IMAGE_LIMITS } from '../modules/broadcasts/broadcasts.usecases.js';
import { OVERLAY_IMAGE_LIMITS } from '../modules/campaigns/campaigns.usecases.js';
import type { CouponValidator } from '../modules/coupons/coupons.models.js';
import { createAcceptAllValidator } from '../modules/coupons/coupons.usecases.js';
import type { TelegramDeps } from '../modules/telegram/telegram.types.js';
import type { TelegramGateway } from '../modules/telegram/telegram-gateway.types.js';
import { BRAND_LOGO_LIMITS } from '../modules/templates/brand-logo.usecases.js';
import { type Adapters, createHttpDeps, createServices, createTelegramDeps, type Services } from '../services.js';
import { type Logger, silentLogger } from '../shared/logger.js';
import { findProjectRoot } from '../shared/project-root.js';
import { buildHttpApp, type HttpOptions } from './app.js';
import type { HttpDeps } from './http.deps.js';

export const FONT_PATH = join(findProjectRoot(), 'assets/fonts/inter-bold-latin.woff2');
export const SAMPLES_DIR = join(findProjectRoot(), 'assets/sample-templates');

/** Admin credentials of every test app. */
/** Logs in as the admin through the API (from the test app's own origin); the session cookie's value. */
export async function adminCookie(app: FastifyInstance, origin = 'http://localhost:3000'): Promise<string> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/login',
    payload: { password: TEST_ADMIN.adminPassword },
    headers: { origin },
  });
  const cookie = login.cookies.find((c) => c.name === 'ps_admin');
  if (!cookie) throw new Error(`admin login failed with ${login.statusCode}`);
  return cookie.value;
}

export const TEST_ADMIN = {
  sessionSecret: 'test-session-secret-that-is-32-bytes-long!!',
  adminPassword: 'correct horse battery staple',
};

/** The server's real adapters around a test database and storage (what main.ts builds, minus config). */
export function createTestAdapters({
  database,
  storage = createMemoryStorage(),
  couponValidator = createAcceptAllValidator(),
  logger = silentLogger,
  now = () => new Date(),
}: {
  database: DatabaseHandle;
  storage?: ObjectStorage;
  couponValidator?: CouponValidator;
  logger?: Logger;
  now?: () => Date;
}): Adapters & { renderer: ServerRenderer } {
  registerBundledFont(FONT_PATH);
  return {
    database,
    storage,
    couponValidator,
    logger,
    imageTools: {
      inspect: ({ buffer, field }) => inspectImage({ buffer, field, limits: TEMPLATE_IMAGE_LIMITS }),
      inspectLogo: ({ buffer, field }) => inspectImage({ buffer, field, limits: BRAND_LOGO_LIMITS }),
      thumbnail: (buffer) => makeThumbnail(buffer),
      previews: (buffer) => makePreviews(buffer),
    },
    // The production renderer, threads and all (started at the first render); TestApp.close ends them.
    renderer: createServerRenderer({ fontPath: FONT_PATH, load: (key) => loadImageBytes(storage, key) }),
    rateLimitStore: createSharedRateLimitStore({ db: database.db }),
    now,
  };
}

/** What the bot needs from a test: its Bot API gateway and identity (the real grammY client on a stand-in). */
export interface TestTelegram {
  gateway: TelegramGateway;
  token: string;
  botInfo: UserFromGetMe;
  webhookSecret: string;
  referralUrlTemplate: string;
  /** PUBLIC_URL as the bot sees it (links to the web generator); the HTTP app's own is http://localhost:3000. */
  publicUrl?: string;
  /** The per-user limit on inline queries (60 a minute unless a test needs to reach it). */
  inlineQueriesPerMinute?: number;
  /** TELEGRAM_CACHE_CHAT_ID set: how the bot queues an inline photo's upload (none: no cache chat). */
  requestInlinePhotoCache?: TelegramDeps['requestInlinePhotoCache'];
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  deps: HttpDeps;
  database: DatabaseHandle;
  storage: ObjectStorage;
  /** The bot front door, when `telegram` was given. */
  bot: { deps: TelegramDeps; receiver: UpdateReceiver } | null;
  close(): Promise<void>;
}

/** The real app on a fresh database and in-memory storage (unless given), ready for `app.inject`. */
export async function createTestApp({
  databaseKind = 'pglite',
  couponValidator,
  storage = createMemoryStorage(),
  http,
  now,
  logger,
  telegram,
  database: sharedDatabase,
  broadcasts = {},
  timeZone = 'UTC',
  metricsToken,
}: {
  /** Serve `/metrics` with this token, measuring renders and coupon checks as main.ts does. */
  metricsToken?: string;
  /** ANALYTICS_TZ. */
  timeZone?: string;
  /** Telegram for broadcasts (none: the bot is off) and the worker's wake-up (none: nothing wakes). */
  broadcasts?: Partial<Pick<HttpDeps['broadcasts'], 'gateway' | 'wake' | 'rate'>>;
  now?: () => Date;
  logger?: Logger;
  telegram?: TestTelegram;
  /** A database another test app also uses (not closed by this one); a fresh one otherwise. */
  database?: DatabaseHandle;
  databaseKind?: TestDatabaseKind;
  couponValidator?: CouponValidator;
  storage?: ObjectStorage;
  http?: HttpOptions;
} = {}): Promise<TestApp> {
  const database = sharedDatabase ?? (await createTestDatabase(databaseKind));
  const adapters = createTestAdapters({ database, storage, couponValidator, logger, now });
  const metrics = metricsToken
    ? createMetrics({ queueDepths: async () => ({ broadcasts: 0 }), broadcastProgress: async () => null })
    : null;
  const services = createServices(
    metrics
      ? {
          ...adapters,
          renderer: metrics.timedRenderer(adapters.renderer),
          couponValidator: metrics.countedValidator(adapters.couponValidator),
        }
      : adapters,
  );
  const bot = telegram ? createTestBot(services, telegram) : null;
  const deps = createHttpDeps(services, {
    admin: TEST_ADMIN,
    publicUrl: 'http://localhost:3000',
    // A broadcast gateway means a bot token, with which main.ts runs the bot (polling on an http PUBLIC_URL).
    bot: {
      mode: telegram ? 'webhook' : broadcasts.gateway ? 'polling' : 'off',
      username: telegram?.botInfo.username ?? null,
    },
    telegramWebhook: bot && telegram ? { secret: telegram.webhookSecret, receiver: bot.receiver } : null,
    broadcasts: {
      gateway: broadcasts.gateway ?? null,
      wake: broadcasts.wake ?? (async () => undefined),
      rate: broadcasts.rate ?? 20,
      inspectImage: ({ buffer, field }) => inspectImage({ buffer, field, limits: BROADCAST_IMAGE_LIMITS }),
    },
    campaigns: {
      inspectOverlay: ({ buffer, field }) => inspectImage({ buffer, field, limits: OVERLAY_IMAGE_LIMITS }),
      timeZone,
    },
    metrics: metrics && metricsToken ? { ...metrics, token: metricsToken } : null,
  });
  const app = await buildHttpApp(deps, http);
  return {
    app,
    services,
    deps,
    database,
    storage,
    bot,
    async close() {
      await app.close();
      await bot?.receiver.drain();
      await adapters.renderer.close();
      if (!sharedDatabase) await database.close();
    },
  };
}

function createTestBot(services: Services, telegram: TestTelegram) {
  const deps = createTelegramDeps(services, {
    gateway: telegram.gateway,
    botUsername: telegram.botInfo.username,
    referralUrlTemplate: telegram.referralUrlTemplate,
    publicUrl: telegram.publicUrl ?? 'http://localhost:3000',
    inlinePhotoSecret: TEST_ADMIN.sessionSecret,
    inlineQueriesPerMinute: telegram.inlineQueriesPerMinute,
    requestInlinePhotoCache: telegram.requestInlinePhotoCache,
  });
  const receiver = createUpdateReceiver({
    bot: createBot(deps, { token: telegram.token, botInfo: telegram.botInfo }),
    telegramRepository: services.telegramRepository,
    logger: services.logger,
  });
  return { deps, receiver };
}
