import 'dotenv/config';
import { join } from 'node:path';
import pino from 'pino';
import { registerBundledFont } from './adapters/canvas/server-canvas.js';
import { createDatabase } from './adapters/db/db.js';
import { createFunderProValidator } from './adapters/funderpro/funderpro.client.js';
import { ensureLocalSecret } from './adapters/secrets/local-secrets.js';
import { createStorage } from './adapters/storage/create-storage.js';
import { createTelegramApi, createTelegramGateway } from './adapters/telegram/telegram.gateway.js';
import { createAppDeps } from './app-deps.js';
import { fetchBotInfo, startBotDelivery, startBotHousekeeping } from './bot/start-bot.js';
import { ConfigError, parseConfig } from './config/config.js';
import { buildHttpApp } from './http/app.js';
import { createAcceptAllValidator } from './modules/coupons/coupons.usecases.js';
import { loadSampleTemplates } from './modules/templates/sample-templates.js';
import { bootstrapCatalogue } from './modules/templates/templates-import.usecases.js';
import { findProjectRoot } from './shared/project-root.js';

/** The composition root: config → adapters → deps → HTTP. Nothing else builds adapters. */
async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig({ env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const root = findProjectRoot();
  const logger = pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-telegram-bot-api-secret-token"]'],
  });

  registerBundledFont(join(root, 'assets/fonts/inter-bold-latin.woff2'));
  const database = await createDatabase({
    options: config.database,
    migrationsFolder: join(root, 'drizzle'),
    onPoolError: (error) => logger.error({ err: error }, 'database pool error'),
  });
  await database.migrate();
  const storage = createStorage(config.storage);
  await storage.ping();

  const couponValidator = config.funderpro.productId
    ? createFunderProValidator({ apiBase: config.funderpro.apiBase, productId: config.funderpro.productId, logger })
    : createAcceptAllValidator();
  if (!couponValidator.enabled)
    logger.warn('FUNDERPRO_PRODUCT_ID is not set: coupon validation is OFF, every code is accepted');

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
  const telegramApi =
    config.telegram.mode !== 'off' && config.telegram.token
      ? createTelegramApi({ token: config.telegram.token, apiRoot: config.telegram.apiRoot })
      : null;
  const botInfo = telegramApi
    ? await fetchBotInfo(telegramApi).catch((error: unknown) => {
        logger.error({ err: error }, 'Telegram getMe failed: the bot is OFF until the next restart');
        return null;
      })
    : null;
  const deps = createAppDeps({
    database,
    storage,
    couponValidator,
    logger,
    admin: { sessionSecret: sessionSecret.value, adminPassword: password.value },
    settings: { botMode: botInfo ? config.telegram.mode : 'off', publicUrl: config.publicUrl },
    telegram:
      telegramApi && botInfo && config.telegram.token
        ? {
            gateway: createTelegramGateway({ api: telegramApi }),
            token: config.telegram.token,
            botInfo,
            webhookSecret: config.telegram.mode === 'webhook' ? config.telegram.webhookSecret : undefined,
            referralUrlTemplate: config.referralUrlTemplate,
          }
        : undefined,
  });
  const catalogue = await bootstrapCatalogue(
    { ...deps.templates, appMetaRepository: deps.appMetaRepository },
    { loadSamples: () => loadSampleTemplates(join(root, 'assets/sample-templates')) },
  );

  const app = await buildHttpApp(deps, {
    logger,
    filesRoot: config.storage.kind === 'fs' ? config.storage.root : undefined,
    webRoot: join(root, 'dist/web'),
    rateLimits: config.rateLimits,
    trustProxyHops: config.trustProxyHops,
  });
  await app.listen({ port: config.port, host: config.host });
  let botDelivery: { stop(): Promise<void> } | null = null;
  let housekeeping: { stop(): void } | null = null;
  if (telegramApi && deps.telegram && config.telegram.mode !== 'off') {
    housekeeping = startBotHousekeeping({ telegramRepository: deps.telegram.bot.telegramRepository, logger });
    botDelivery = await startBotDelivery({
      api: telegramApi,
      mode: config.telegram.mode,
      publicUrl: config.publicUrl,
      webhookSecret: config.telegram.webhookSecret,
      receiver: deps.telegram.receiver,
      logger,
    }).catch((error: unknown) => {
      logger.error({ err: error }, 'Telegram setup (setWebhook / setMyCommands) failed');
      return null;
    });
  }
  logger.info(
    { url: config.publicUrl, database: database.description, storage: storage.description, catalogue },
    `PromoStack is serving on ${config.publicUrl}`,
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      housekeeping?.stop();
      await botDelivery?.stop();
      await app.close();
      await deps.telegram?.receiver.drain();
      await database.close();
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
