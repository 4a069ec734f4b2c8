import type { UserFromGetMe } from 'grammy/types';
import { decodeImage, type ServerImage } from './adapters/canvas/server-canvas.js';
import { createServerRenderer } from './adapters/canvas/server-renderer.js';
import type { DatabaseHandle } from './adapters/db/db.js';
import { inspectImage, makeThumbnail, TEMPLATE_IMAGE_LIMITS } from './adapters/images/image-inspector.js';
import type { ObjectStorage } from './adapters/storage/storage.types.js';
import { createBot } from './bot/bot.js';
import { createUpdateReceiver, type UpdateReceiver } from './bot/update-receiver.js';
import { createAdminAuthRepository } from './modules/admin-auth/admin-auth.repository.js';
import type { AdminAuthDeps } from './modules/admin-auth/admin-auth.usecases.js';
import { createAppMetaRepository } from './modules/app-meta/app-meta.repository.js';
import type { CouponValidator } from './modules/coupons/coupons.models.js';
import { createRenderedImageCache, type RendersDeps, renderTemplateImage } from './modules/renders/renders.usecases.js';
import { createDecodedTemplateCache } from './modules/renders/template-image.cache.js';
import type { TelegramGateway } from './modules/telegram/bot.types.js';
import type { BotDeps } from './modules/telegram/bot-delivery.usecases.js';
import { createTelegramRepository } from './modules/telegram/telegram.repository.js';
import { createTemplatesRepository, type TemplatesRepository } from './modules/templates/templates.repository.js';
import type { TemplatesDeps } from './modules/templates/templates.usecases.js';
import { createUsageRepository } from './modules/usage/usage.repository.js';
import type { Logger } from './shared/logger.js';

export interface AppDeps {
  database: DatabaseHandle;
  storage: ObjectStorage;
  couponValidator: CouponValidator;
  logger: Logger;
  templates: TemplatesDeps;
  renders: RendersDeps<ServerImage>;
  appMetaRepository: ReturnType<typeof createAppMetaRepository>;
  adminAuth: AdminAuthDeps;
  /** What the admin settings page shows about the configuration (never a secret). */
  settings: { botMode: 'webhook' | 'polling' | 'off'; publicUrl: string; botUsername?: string | null };
  /** null when the bot is off (no token). */
  telegram: TelegramAppDeps | null;
}

export interface TelegramAppDeps {
  bot: BotDeps;
  receiver: UpdateReceiver;
  /** Required by the webhook route; absent in polling mode (the route then refuses everything). */
  webhookSecret: string | undefined;
}

/** What the bot needs from outside: its Bot API gateway and identity, resolved by main.ts (getMe) or a test. */
export interface TelegramOptions {
  gateway: TelegramGateway;
  token: string;
  botInfo: UserFromGetMe;
  webhookSecret: string | undefined;
  referralUrlTemplate: string;
  concurrency?: number;
}

/** Wires the modules onto already-built adapters; main.ts and the tests both build the app through here. */
export function createAppDeps({
  database,
  storage,
  couponValidator,
  logger,
  admin,
  settings = { botMode: 'off', publicUrl: 'http://localhost:3000' },
  telegram,
}: Pick<AppDeps, 'database' | 'storage' | 'couponValidator' | 'logger'> & {
  admin: { sessionSecret: string; adminPassword: string; now?: () => Date };
  settings?: AppDeps['settings'];
  telegram?: TelegramOptions;
}): AppDeps {
  const templatesRepository = createTemplatesRepository({ db: database.db });
  const templates: TemplatesDeps = {
    templatesRepository,
    storage,
    logger,
    imageTools: {
      inspect: ({ buffer, field }) => inspectImage({ buffer, field, limits: TEMPLATE_IMAGE_LIMITS }),
      thumbnail: (buffer) => makeThumbnail(buffer),
    },
  };
  const renders: RendersDeps<ServerImage> = {
    templatesRepository,
    couponValidator,
    usageRepository: createUsageRepository({ db: database.db }),
    templateImages: createDecodedTemplateCache({
      load: async (key) => {
        const object = await storage.get(key);
        if (!object) throw new Error(`template image ${key} is missing from storage`);
        return object.body;
      },
      decode: decodeImage,
    }),
    renderer: createServerRenderer(),
    renderedImages: createRenderedImageCache(),
    logger,
  };
  const adminAuth: AdminAuthDeps = {
    adminAuthRepository: createAdminAuthRepository({ db: database.db }),
    sessionSecret: admin.sessionSecret,
    adminPassword: admin.adminPassword,
    now: admin.now ?? (() => new Date()),
  };
  return {
    database,
    storage,
    couponValidator,
    logger,
    templates,
    renders,
    appMetaRepository: createAppMetaRepository({ db: database.db }),
    adminAuth,
    settings: { ...settings, botUsername: telegram?.botInfo.username ?? null },
    telegram: telegram
      ? createTelegramAppDeps({ renders, templatesRepository, logger, database, now: adminAuth.now, telegram })
      : null,
  };
}

function createTelegramAppDeps({
  renders,
  templatesRepository,
  logger,
  database,
  now,
  telegram,
}: {
  renders: RendersDeps<ServerImage>;
  templatesRepository: TemplatesRepository;
  logger: Logger;
  database: DatabaseHandle;
  now: () => Date;
  telegram: TelegramOptions;
}): TelegramAppDeps {
  const telegramRepository = createTelegramRepository({ db: database.db });
  const bot: BotDeps = {
    gateway: telegram.gateway,
    telegramRepository,
    templatesRepository,
    couponValidator: renders.couponValidator,
    usageRepository: renders.usageRepository,
    renderImage: (input) => renderTemplateImage(renders, input),
    logger,
    now,
    botUsername: telegram.botInfo.username,
    referralUrlTemplate: telegram.referralUrlTemplate,
  };
  const receiver = createUpdateReceiver({
    bot: createBot(bot, { token: telegram.token, botInfo: telegram.botInfo }),
    telegramRepository,
    logger,
    concurrency: telegram.concurrency,
  });
  return { bot, receiver, webhookSecret: telegram.webhookSecret };
}
