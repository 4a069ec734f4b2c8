import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { Update } from 'grammy/types';
import type { AdminAuthDeps } from '../modules/admin-auth/admin-auth.usecases.js';
import type { AdmissionDeps } from '../modules/admission/admission.usecases.js';
import type { AnalyticsDeps } from '../modules/analytics/analytics.usecases.js';
import type { BroadcastsDeps } from '../modules/broadcasts/broadcasts.types.js';
import type { CampaignsDeps } from '../modules/campaigns/campaigns.usecases.js';
import type { CouponValidator } from '../modules/coupons/coupons.models.js';
import type { InlinePhotoLinks } from '../modules/renders/inline-photo-links.js';
import type { RendersDeps } from '../modules/renders/renders.usecases.js';
import type { BrandLogoDeps } from '../modules/templates/brand-logo.usecases.js';
import type { TemplatesDeps } from '../modules/templates/templates.usecases.js';
import type { AdminSettings } from './schemas/admin.schemas.js';

/** What the HTTP front door needs; each route plugin picks the part it uses. Built by main.ts (and the tests). */
export interface HttpDeps {
  templates: TemplatesDeps;
  brand: BrandLogoDeps;
  coupons: { couponValidator: CouponValidator };
  admission: AdmissionDeps;
  renders: RendersDeps;
  adminAuth: AdminAuthDeps;
  broadcasts: BroadcastsDeps;
  campaigns: CampaignsDeps;
  analytics: AnalyticsDeps;
  /** `PUBLIC_URL`: the origin admin requests must come from, and whether cookies are Secure. */
  publicUrl: string;
  /** What the admin settings page shows (never a secret). */
  settings: AdminSettings;
  health: {
    database: { ping(): Promise<void>; isOutage(error: unknown): boolean };
    storage: { ping(): Promise<void> };
  };
  /** OPS-7: `/metrics` for operators, when METRICS_TOKEN is set (null: the route answers 404). */
  metrics: {
    token: string;
    contentType: string;
    render(): Promise<string>;
    observeWebhookAck(status: number, ms: number): void;
  } | null;
  /** Checks the signature on the render API links the bot gives Telegram for inline results. */
  inlinePhotoLinks: InlinePhotoLinks;
  /** Where rate-limit counters live: shared by every process (the database). */
  rateLimitStore: RateLimitPluginOptions['store'];
  /** null when the bot is off or polls (the webhook route then refuses everything). */
  telegramWebhook: { secret: string; receiver: { receive(update: Update): Promise<boolean> } } | null;
}
