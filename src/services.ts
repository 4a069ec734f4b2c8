import type { DatabaseHandle } from './adapters/db/db.js';
import { createSharedRateLimit } from './adapters/rate-limits/shared-rate-limiter.js';
import type { ObjectStorage } from './adapters/storage/storage.types.js';
import type { HttpDeps } from './http/http.deps.js';
import { createAdminAuthRepository } from './modules/admin-auth/admin-auth.repository.js';
import type { AdmissionDeps } from './modules/admission/admission.usecases.js';
import { createAnalyticsRepository } from './modules/analytics/analytics.repository.js';
import { createAnalyticsAudienceRepository } from './modules/analytics/analytics-audience.repository.js';
import { createAnalyticsCodesRepository } from './modules/analytics/analytics-codes.repository.js';
import { type AnalyticsWindowBuilder, createAnalyticsRollup } from './modules/analytics/analytics-rollup.repository.js';
import { createAppMetaRepository } from './modules/app-meta/app-meta.repository.js';
import { createBotUsersRepository } from './modules/bot-users/bot-users.repository.js';
import type { BotUsersDeps } from './modules/bot-users/bot-users.usecases.js';
import { createBroadcastsRepository } from './modules/broadcasts/broadcasts.repository.js';
import type { BroadcastSenderDeps, BroadcastsDeps } from './modules/broadcasts/broadcasts.types.js';
import { createCampaignsRepository } from './modules/campaigns/campaigns.repository.js';
import type { CampaignsDeps } from './modules/campaigns/campaigns.usecases.js';
import type { CouponValidator } from './modules/coupons/coupons.models.js';
import { createInlinePhotoLinks } from './modules/renders/inline-photo-links.js';
import {
  createRenderedImageCache,
  type PromoRenderer,
  type RendersDeps,
  renderTemplateImage,
} from './modules/renders/renders.usecases.js';
import { INLINE_QUERIES_PER_MINUTE } from './modules/telegram/inline.models.js';
import { createInlinePhotoCache, type InlinePhotoCacheDeps } from './modules/telegram/inline-photo-cache.usecases.js';
import { createTelegramRepository } from './modules/telegram/telegram.repository.js';
import type { TelegramDeps } from './modules/telegram/telegram.types.js';
import type { TelegramGateway } from './modules/telegram/telegram-gateway.types.js';
import { type BrandLogoDeps, currentBrandLogo } from './modules/templates/brand-logo.usecases.js';
import { createTemplatesRepository } from './modules/templates/templates.repository.js';
import type { TemplateImageTools, TemplatesDeps } from './modules/templates/templates.usecases.js';
import { createUsageRepository } from './modules/usage/usage.repository.js';
import type { Logger } from './shared/logger.js';

/** Everything outside the process, already built (by main.ts, or by a test with its own stand-ins). */
export interface Adapters {
  database: DatabaseHandle;
  storage: ObjectStorage;
  couponValidator: CouponValidator;
  logger: Logger;
  /** Upload checks and thumbnails (sharp on the server). */
  imageTools: TemplateImageTools;
  /** The shared renderer on the server's canvas (its own threads; it loads images from storage itself). */
  renderer: PromoRenderer;
  now: () => Date;
  /** Rate-limit counters every process shares (the database); @fastify/rate-limit's store contract. */
  rateLimitStore: HttpDeps['rateLimitStore'];
  /**
   * Asks a worker to bring the analytics windows up to date (main.ts: a job); absent, nobody is asked and a period
   * without its window reads the usage rows.
   */
  requestAnalyticsWindows?: () => Promise<void>;
}

/**
 * Builds each module's service (its repositories, caches and the adapters it needs) once. Front doors take the
 * services they need: HTTP most of them, the bot the conversation's, the import script only the templates'.
 */
export function createServices(adapters: Adapters) {
  const { database, storage, couponValidator, logger, imageTools } = adapters;
  const { db } = database;
  // One for the three analytics repositories, so the dashboard's parallel queries share one window check.
  const rollup = createAnalyticsRollup({ db, requestBuild: adapters.requestAnalyticsWindows });
  const templatesRepository = createTemplatesRepository({ db });
  const templates: TemplatesDeps = { templatesRepository, storage, imageTools, logger };
  const admission: AdmissionDeps = {
    templatesRepository,
    couponValidator,
    usageRepository: createUsageRepository({ db }),
    logger,
  };
  const appMetaRepository = createAppMetaRepository({ db });
  const brand: BrandLogoDeps = { appMetaRepository, storage, inspectLogo: imageTools.inspectLogo, logger };
  const renders: RendersDeps = {
    ...admission,
    renderer: adapters.renderer,
    renderedImages: createRenderedImageCache(),
    brandLogo: () => currentBrandLogo(brand),
  };
  const botUsers: BotUsersDeps = { botUsersRepository: createBotUsersRepository({ db }) };
  const broadcastsRepository = createBroadcastsRepository({ db });
  const campaignsRepository = createCampaignsRepository({ db });
  return {
    templates,
    /** First start: the catalogue and the marker that samples were seeded once. */
    catalogue: { ...templates, appMetaRepository },
    brand,
    coupons: { couponValidator },
    admission,
    renders,
    botUsers,
    broadcastsRepository,
    campaignsRepository,
    analytics: {
      analyticsRepository: createAnalyticsRepository({ db, rollup }),
      analyticsCodesRepository: createAnalyticsCodesRepository({ db, rollup }),
      analyticsAudienceRepository: createAnalyticsAudienceRepository({ db, rollup }),
    },
    /** The worker's side of the rollup: builds and slides the windows. */
    analyticsWindows: rollup as AnalyticsWindowBuilder,
    adminAuthRepository: createAdminAuthRepository({ db }),
    telegramRepository: createTelegramRepository({ db }),
    health: { database, storage },
    rateLimitStore: adapters.rateLimitStore,
    now: adapters.now,
    logger,
  };
}

export type Services = ReturnType<typeof createServices>;

/** The conversation's deps: the services above plus Telegram (an adapter) and the bot's identity. */
export function createTelegramDeps(
  services: Services,
  {
    gateway,
    botUsername,
    referralUrlTemplate,
    publicUrl,
    inlinePhotoSecret,
    inlineQueriesPerMinute = INLINE_QUERIES_PER_MINUTE,
    requestInlinePhotoCache = null,
  }: {
    /** TELEGRAM_CACHE_CHAT_ID set: queues the worker's upload of a chosen inline photo (see worker.ts). */
    requestInlinePhotoCache?: TelegramDeps['requestInlinePhotoCache'];
    /** SESSION_SECRET: signs the render API links of inline results (the web processes check them). */
    inlinePhotoSecret: string;
    gateway: TelegramGateway;
    botUsername: string | null;
    referralUrlTemplate: string;
    publicUrl: string;
    inlineQueriesPerMinute?: number;
  },
): TelegramDeps {
  return {
    ...services.admission,
    ...services.botUsers,
    gateway,
    telegramRepository: services.telegramRepository,
    renderImage: (input) => renderTemplateImage(services.renders, input),
    brandLogo: services.renders.brandLogo,
    now: services.now,
    inlineQueryLimit: createSharedRateLimit({
      db: services.health.database.db,
      keyPrefix: 'bot-inline',
      points: inlineQueriesPerMinute,
      durationSeconds: 60,
    }),
    inlinePhotoLinks: createInlinePhotoLinks({ secret: inlinePhotoSecret }),
    requestInlinePhotoCache,
    botUsername,
    referralUrlTemplate,
    publicUrl,
  };
}

/** The worker's inline photo cache: the bot's renderer and file_id table, Telegram (an adapter) and the cache chat. */
export function createInlinePhotoCacheFor(
  services: Services,
  { gateway, cacheChatId }: { gateway: InlinePhotoCacheDeps['gateway']; cacheChatId: number },
) {
  return createInlinePhotoCache({
    templatesRepository: services.templates.templatesRepository,
    telegramRepository: services.telegramRepository,
    gateway,
    renderImage: (input) => renderTemplateImage(services.renders, input),
    brandLogo: services.renders.brandLogo,
    cacheChatId,
    logger: services.logger,
    now: services.now,
  });
}

/**
 * The HTTP front door's deps: the services, the admin's secrets (only the web needs them) and what the settings page
 * shows about the bot.
 */
export function createHttpDeps(
  services: Services,
  {
    admin,
    publicUrl,
    bot,
    telegramWebhook,
    broadcasts,
    campaigns,
    metrics = null,
  }: {
    /** `/metrics` (METRICS_TOKEN set), or null. */
    metrics?: HttpDeps['metrics'];
    admin: { sessionSecret: string; adminPassword: string };
    /** Campaign overlays' checks and the zone admins enter dates in. */
    campaigns: Pick<CampaignsDeps, 'inspectOverlay' | 'timeZone'>;
    /** The broadcast side's outside parts: Telegram (null when the bot is off), the worker's wake-up, image checks. */
    broadcasts: Pick<BroadcastsDeps, 'gateway' | 'wake' | 'rate' | 'inspectImage'>;
    publicUrl: string;
    bot: { mode: 'webhook' | 'polling' | 'off'; username: string | null };
    telegramWebhook: HttpDeps['telegramWebhook'];
  },
): HttpDeps {
  const { database, storage } = services.health;
  return {
    templates: services.templates,
    brand: services.brand,
    coupons: services.coupons,
    admission: services.admission,
    renders: services.renders,
    adminAuth: { adminAuthRepository: services.adminAuthRepository, ...admin, now: services.now },
    broadcasts: {
      ...broadcasts,
      broadcastsRepository: services.broadcastsRepository,
      templatesRepository: services.templates.templatesRepository,
      storage: services.templates.storage,
      logger: services.logger,
    },
    campaigns: {
      ...campaigns,
      campaignsRepository: services.campaignsRepository,
      storage: services.templates.storage,
      now: services.now,
      logger: services.logger,
    },
    // Analytics reads ANALYTICS_TZ, the zone campaign dates are entered in too.
    analytics: { ...services.analytics, timeZone: campaigns.timeZone, now: services.now },
    publicUrl,
    settings: {
      database: { kind: database.kind, description: database.description },
      storage: { kind: storage.kind, description: storage.description },
      bot: {
        mode: bot.mode,
        username: bot.username,
        webhookUrl: bot.mode === 'webhook' ? `${publicUrl}/api/telegram-webhook` : null,
      },
      validation: { enabled: services.coupons.couponValidator.enabled },
      publicUrl,
    },
    health: services.health,
    rateLimitStore: services.rateLimitStore,
    inlinePhotoLinks: createInlinePhotoLinks({ secret: admin.sessionSecret }),
    metrics,
    telegramWebhook,
  };
}

/** The worker's broadcast sender: the services plus Telegram (an adapter), the pace and the clock. */
export function createBroadcastSenderDeps(
  services: Services,
  options: Pick<BroadcastSenderDeps, 'gateway' | 'rate' | 'clock' | 'maxInFlight'>,
): BroadcastSenderDeps {
  return {
    ...options,
    broadcastsRepository: services.broadcastsRepository,
    botUsersRepository: services.botUsers.botUsersRepository,
    storage: services.templates.storage,
    logger: services.logger,
  };
}
