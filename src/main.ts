import 'dotenv/config';
import { join } from 'node:path';
import type { Update } from 'grammy/types';
import { registerBundledFont } from './adapters/canvas/server-canvas.js';
import { createServerRenderer, loadImageBytes } from './adapters/canvas/server-renderer.js';
import { createDatabase, type DatabaseHandle } from './adapters/db/db.js';
import { createFunderProValidator } from './adapters/funderpro/funderpro.client.js';
import { inspectImage, makePreviews, makeThumbnail, TEMPLATE_IMAGE_LIMITS } from './adapters/images/image-inspector.js';
import { createJobEngine, type JobEngine } from './adapters/jobs/job-engine.js';
import { createMetrics, type Metrics } from './adapters/metrics/metrics.js';
import { createSharedRateLimitStore } from './adapters/rate-limits/shared-rate-limit-store.js';
import { ensureLocalSecret } from './adapters/secrets/local-secrets.js';
import { createStorage } from './adapters/storage/create-storage.js';
import {
  createBroadcastGateway,
  createTelegramApi,
  createTelegramGateway,
} from './adapters/telegram/telegram.gateway.js';
import { createBot } from './bot/bot.js';
import { fetchBotInfo, startBotDelivery } from './bot/start-bot.js';
import { createUpdateReceiver, rehandleStaleUpdates } from './bot/update-receiver.js';
import { type Config, ConfigError, parseConfig } from './config/config.js';
import { buildHttpApp } from './http/app.js';
import { createUsageSampleRepository } from './modules/analytics/usage-sample.repository.js';
import type { BroadcastGateway } from './modules/broadcasts/broadcasts.types.js';
import { BROADCAST_IMAGE_LIMITS } from './modules/broadcasts/broadcasts.usecases.js';
import { OVERLAY_IMAGE_LIMITS } from './modules/campaigns/campaigns.usecases.js';
import { createAcceptAllValidator } from './modules/coupons/coupons.usecases.js';
import { loadSampleTemplates } from './modules/templates/sample-templates.js';
import { bootstrapCatalogue } from './modules/templates/templates-import.usecases.js';
import { runSeedUsage } from './scripts/seed-usage.js';
import { runTemplatesImport } from './scripts/templates-import.js';
import {
  createBroadcastSenderDeps,
  createHttpDeps,
  createInlinePhotoCacheFor,
  createServices,
  createTelegramDeps,
  type Services,
} from './services.js';
import { systemClock } from './shared/clock.js';
import { createLogger } from './shared/logger.js';

type Logger = ReturnType<typeof createLogger>;

import { BRAND_LOGO_LIMITS } from './modules/templates/brand-logo.usecases.js';
import { findProjectRoot } from './shared/project-root.js';
import { createWorker, QUEUES, sendInlinePhotoCacheJob, type WorkerDeps, workerTimingFor } from './worker/worker.js';

/**
 * The composition root, and the only place that builds adapters: config → adapters → services → front doors.
 * `node dist/src/main.js` serves (HTTP + bot, and the worker unless RUN_WORKER=false); `… worker` runs the worker
 * alone; `… templates:import` runs the import script's front door.
 */
const COMMANDS = {
  serve,
  worker: runWorkerAlone,
  'templates:import': importTemplates,
  'seed:usage': seedUsageRows,
} as const;

async function main(): Promise<void> {
  const name = process.argv[2] ?? 'serve';
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (!command) {
    console.error(`Unknown command "${name}"; use one of: ${Object.keys(COMMANDS).join(', ')}`);
    process.exit(1);
  }
  let config: Config;
  try {
    config = parseConfig({ env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await command(config, createLogger({ level: config.logLevel }));
}

const root = findProjectRoot();

/** The adapters every command needs: the database (migrated), the storage, the image tools and the canvas. */
async function buildCoreAdapters(config: Config, logger: Logger) {
  const fontPath = join(root, 'assets/fonts/inter-bold-latin.woff2');
  registerBundledFont(fontPath);
  const database = await createDatabase({
    options: config.database,
    migrationsFolder: join(root, 'drizzle'),
    onPoolError: (error) => logger.error({ err: error }, 'database pool error'),
  });
  await database.migrate();
  const storage = createStorage(config.storage);
  return {
    database,
    storage,
    logger,
    imageTools: {
      inspect: ({ buffer, field }: { buffer: Buffer; field: string }) =>
        inspectImage({ buffer, field, limits: TEMPLATE_IMAGE_LIMITS }),
      inspectLogo: ({ buffer, field }: { buffer: Buffer; field: string }) =>
        inspectImage({ buffer, field, limits: BRAND_LOGO_LIMITS }),
      thumbnail: (buffer: Buffer) => makeThumbnail(buffer),
      previews: (buffer: Buffer) => makePreviews(buffer),
    },
    // Threads start at the first render: the import script and the lone worker never start any.
    renderer: createServerRenderer({ fontPath, load: (key) => loadImageBytes(storage, key) }),
    rateLimitStore: createSharedRateLimitStore({ db: database.db }),
    now: () => new Date(),
  };
}

async function importTemplates(config: Config, logger: Logger): Promise<void> {
  const core = await buildCoreAdapters(config, logger);
  const services = createServices({ ...core, couponValidator: createAcceptAllValidator() });
  try {
    process.exitCode = await runTemplatesImport(services.templates);
  } finally {
    await core.renderer.close();
    await core.database.close();
  }
}

/** `… seed:usage --rows N`: sample usage rows for analytics at scale (see src/scripts/seed-usage.ts). */
async function seedUsageRows(config: Config): Promise<void> {
  const database = await createDatabase({ options: config.database, migrationsFolder: join(root, 'drizzle') });
  try {
    await database.migrate();
    const deps = {
      sampleRepository: createUsageSampleRepository({ db: database.db }),
      timeZone: config.analyticsTz,
      now: new Date(),
    };
    process.exitCode = await runSeedUsage(deps, process.argv.slice(3));
  } finally {
    await database.close();
  }
}

async function serve(config: Config, logger: Logger): Promise<void> {
  const core = await buildCoreAdapters(config, logger);
  await core.storage.ping();
  const couponValidator = config.funderpro.productId
    ? createFunderProValidator({ apiBase: config.funderpro.apiBase, productId: config.funderpro.productId, logger })
    : createAcceptAllValidator();
  if (!couponValidator.enabled)
    logger.warn('FUNDERPRO_PRODUCT_ID is not set: coupon validation is OFF, every code is accepted');
  const jobs = createJobEngineFor(config, logger, core.database);
  // Operators' metrics wrap the parts they measure here, at the root; no module knows about them.
  const metrics: Metrics | null = config.metricsToken
    ? createMetrics({
        queueDepths: () => jobs.queueDepths(),
        // Called at scrape time, long after `services` below exists.
        broadcastProgress: () => currentBroadcastProgress(services.broadcastsRepository),
      })
    : null;
  const services: Services = createServices({
    ...core,
    renderer: metrics ? metrics.timedRenderer(core.renderer) : core.renderer,
    couponValidator: metrics ? metrics.countedValidator(couponValidator) : couponValidator,
  });
  const admin = adminSecrets(config);
  const bot = await startTelegram(config, logger, services, { metrics, jobs });
  await jobs.start();
  const broadcastGateway = createBroadcastGatewayFor(config);
  const worker = config.runWorker
    ? createWorkerFor(config, logger, services, jobs, broadcastGateway, bot?.inbox ?? null)
    : null;

  // Several processes booting at once on an empty database take turns: one seeds (or imports), the others find it done.
  const catalogue = await core.database.withLock(CATALOGUE_BOOTSTRAP_LOCK, () =>
    bootstrapCatalogue(services.catalogue, {
      loadSamples: () => loadSampleTemplates(join(root, 'assets/sample-templates')),
    }),
  );
  const httpDeps = createHttpDeps(services, {
    admin,
    publicUrl: config.publicUrl,
    bot: { mode: bot ? config.telegram.mode : 'off', username: bot?.username ?? null },
    telegramWebhook:
      bot && config.telegram.mode === 'webhook' && config.telegram.webhookSecret
        ? { secret: config.telegram.webhookSecret, receiver: bot.receiver }
        : null,
    broadcasts: {
      gateway: broadcastGateway,
      wake: async () => void (await jobs.send(QUEUES.broadcasts)),
      rate: config.broadcastRate,
      inspectImage: ({ buffer, field }) => inspectImage({ buffer, field, limits: BROADCAST_IMAGE_LIMITS }),
    },
    campaigns: {
      inspectOverlay: ({ buffer, field }) => inspectImage({ buffer, field, limits: OVERLAY_IMAGE_LIMITS }),
      timeZone: config.analyticsTz,
    },
    metrics: metrics && config.metricsToken ? { ...metrics, token: config.metricsToken } : null,
  });
  const app = await buildHttpApp(httpDeps, {
    logger,
    filesRoot: config.storage.kind === 'fs' ? config.storage.root : undefined,
    webRoot: join(root, 'dist/web'),
    rateLimits: config.rateLimits,
    trustProxyHops: config.trustProxyHops,
  });
  await app.listen({ port: config.port, host: config.host });
  const delivery = bot ? await bot.startDelivery() : null;
  await worker?.start();
  logger.info(
    { url: config.publicUrl, database: core.database.description, storage: core.storage.description, catalogue },
    `PromoStack is serving on ${config.publicUrl}${worker ? ' (with the worker)' : ''}`,
  );
  stopOnSignals(logger, async () => {
    worker?.stop();
    await Promise.all([jobs.stop(WORKER_STOP_MS), delivery?.stop(), app.close()]);
    await bot?.receiver.drain();
    await core.renderer.close();
    await core.database.close();
  });
}

/** `npm run worker`: broadcasts and housekeeping without the web server (scale them apart; PostgreSQL only). */
async function runWorkerAlone(config: Config, logger: Logger): Promise<void> {
  const core = await buildCoreAdapters(config, logger);
  const services = createServices({ ...core, couponValidator: createAcceptAllValidator() });
  const jobs = createJobEngineFor(config, logger, core.database);
  await jobs.start();
  // The worker's own bot (no webhook, no polling: those are the web's) handles updates a dead web process left.
  const bot = await startTelegram(config, logger, services, { jobs });
  const worker = createWorkerFor(config, logger, services, jobs, createBroadcastGatewayFor(config), bot?.inbox ?? null);
  await worker.start();
  stopOnSignals(logger, async () => {
    worker.stop();
    await jobs.stop(WORKER_STOP_MS);
    await core.renderer.close();
    await core.database.close();
  });
}

/** The broadcast being sent, for `/metrics`. */
async function currentBroadcastProgress(repository: Services['broadcastsRepository']) {
  const broadcast = await repository.nextUnfinished();
  if (!broadcast) return null;
  const counts = (await repository.counts([broadcast.id])).get(broadcast.id)!;
  const { sent, blocked, failed } = counts;
  return { id: broadcast.id, sent, blocked, failed, remaining: counts.pending + counts.sending };
}

/** Arbitrary constant (beside the migrations' 7 319 001, the catalogue publish's …002, the job engine's …003). */
const CATALOGUE_BOOTSTRAP_LOCK = 7_319_004;

/** SIGTERM: the worker's last sends are answered and its job handed back within this, so the process exits in 5 s. */
const WORKER_STOP_MS = 4000;

function createJobEngineFor(config: Config, logger: Logger, database: DatabaseHandle) {
  const { maintenanceSeconds } = workerTimingFor(config.broadcastLeaseSeconds);
  return createJobEngine({ database, logger, options: { maintenanceIntervalSeconds: maintenanceSeconds } });
}

/** Broadcasts' own Bot API client: no automatic 429 retries (the sender paces and waits per chat itself). */
function createBroadcastGatewayFor(config: Config) {
  const { token, apiRoot } = config.telegram;
  return token
    ? createBroadcastGateway({ api: createTelegramApi({ token, apiRoot, retryRateLimits: false, timeoutSeconds: 20 }) })
    : null;
}

function createWorkerFor(
  config: Config,
  logger: Logger,
  services: Services,
  engine: JobEngine,
  gateway: BroadcastGateway | null,
  telegramInbox: WorkerDeps['telegramInbox'],
) {
  const { token, apiRoot, cacheChatId } = config.telegram;
  return createWorker({
    telegramInbox,
    engine,
    inlinePhotoCache:
      token && cacheChatId !== undefined
        ? createInlinePhotoCacheFor(services, {
            gateway: createTelegramGateway({ api: createTelegramApi({ token, apiRoot }) }),
            cacheChatId,
          })
        : null,
    broadcasts: gateway
      ? createBroadcastSenderDeps(services, { gateway, rate: config.broadcastRate, clock: systemClock })
      : null,
    telegramRepository: services.telegramRepository,
    templates: services.templates,
    logger,
    timing: workerTimingFor(config.broadcastLeaseSeconds),
  });
}

/** ADMIN_PASSWORD and SESSION_SECRET, or generated ones kept in DATA_DIR (the password is printed once). */
function adminSecrets(config: Config) {
  const password = ensureLocalSecret({
    dataDir: config.dataDir,
    name: 'admin-password',
    configured: config.adminPassword,
    bytes: 15,
  });
  const sessionSecret = ensureLocalSecret({
    dataDir: config.dataDir,
    name: 'session-secret',
    configured: config.sessionSecret,
    bytes: 32,
  });
  if (password.generated) {
    // Printed once, on the run that generated it (it is kept in DATA_DIR/admin-password for later runs).
    console.log(
      `\n  Admin password (generated, shown once): ${password.value}\n  Set ADMIN_PASSWORD to choose your own.\n`,
    );
  }
  return { sessionSecret: sessionSecret.value, adminPassword: password.value };
}

/** The bot front door when a token is configured and Telegram answers getMe; null (bot off) otherwise. */
async function startTelegram(
  config: Config,
  logger: Logger,
  services: ReturnType<typeof createServices>,
  { metrics = null, jobs }: { metrics?: Metrics | null; jobs: JobEngine },
) {
  const { token, mode } = config.telegram;
  if (mode === 'off' || !token) return null;
  const api = createTelegramApi({ token, apiRoot: config.telegram.apiRoot });
  const botInfo = await fetchBotInfo(api).catch((error: unknown) => {
    logger.error({ err: error }, 'Telegram getMe failed: the bot is OFF until the next restart');
    return null;
  });
  if (!botInfo) return null;
  const deps = createTelegramDeps(services, {
    gateway: createTelegramGateway({ api }),
    botUsername: botInfo.username,
    referralUrlTemplate: config.referralUrlTemplate,
    publicUrl: config.publicUrl,
    inlinePhotoSecret: adminSecrets(config).sessionSecret,
    // The upload runs in a worker (this process's or another's): the bot only queues it.
    requestInlinePhotoCache:
      config.telegram.cacheChatId !== undefined ? async (job) => void (await sendInlinePhotoCacheJob(jobs, job)) : null,
  });
  const bot = createBot(deps, { token, botInfo });
  const leaseSeconds = config.telegram.updateLeaseSeconds;
  const handleUpdate = (update: Update) => bot.handleUpdate(update);
  const receiver = createUpdateReceiver({
    bot: { handleUpdate: metrics ? metrics.timedHandler(handleUpdate) : handleUpdate },
    telegramRepository: services.telegramRepository,
    logger,
    leaseSeconds,
  });
  return {
    username: botInfo.username,
    receiver,
    /** The worker's side of the inbox: updates a dead process acknowledged are handled by this process's bot. */
    inbox: {
      leaseSeconds,
      rehandle: () =>
        rehandleStaleUpdates({ bot, telegramRepository: services.telegramRepository, logger, leaseSeconds }),
    },
    /** After the server listens: the webhook (or polling) and the command menu (the worker does the housekeeping). */
    async startDelivery(): Promise<{ stop(): Promise<void> }> {
      const delivery = await startBotDelivery({
        api,
        mode,
        publicUrl: config.publicUrl,
        webhookSecret: config.telegram.webhookSecret,
        receiver,
        logger,
      }).catch((error: unknown) => {
        logger.error({ err: error }, 'Telegram setup (setWebhook / setMyCommands) failed');
        return null;
      });
      return {
        async stop() {
          await delivery?.stop();
        },
      };
    },
  };
}

function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await stop();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('PromoStack failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
