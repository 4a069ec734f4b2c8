import type { TemplateRequest } from '../admission/admission.models.js';
import type { AdmissionDeps, AdmissionRequest } from '../admission/admission.usecases.js';
import type { ChatRef, UserRef } from '../bot-users/bot-users.models.js';
import type { BotUsersDeps } from '../bot-users/bot-users.usecases.js';
import type { InlinePhotoLinks } from '../renders/inline-photo-links.js';
import type { ImageFormat } from '../renders/renders.usecases.js';
import type { BrandLogo } from '../templates/brand-logo.usecases.js';
import type { Template, Variant } from '../templates/templates.models.js';
import type { InlinePhotoCacheJob } from './inline-photo-cache.usecases.js';
import type { TelegramRepository } from './telegram.repository.js';
import type { TelegramGateway } from './telegram-gateway.types.js';

/** What the conversation use cases need: the admission path, the audience, Telegram, and the shared renderer. */
export interface TelegramDeps extends AdmissionDeps, BotUsersDeps {
  gateway: TelegramGateway;
  telegramRepository: TelegramRepository;
  /** The shared renderer behind the rendered-image cache (renders module). */
  renderImage(input: {
    template: Template;
    variant: Variant;
    code: string;
    format: ImageFormat;
    logo: BrandLogo | null;
  }): Promise<Buffer>;
  /** The admin's default logo, drawn where a variant shows a logo. */
  brandLogo(): Promise<BrandLogo | null>;
  now(): Date;
  /** Signs the render API links of inline results. */
  inlinePhotoLinks: InlinePhotoLinks;
  /**
   * TELEGRAM_CACHE_CHAT_ID set: queues the worker's upload of a chosen inline photo that has no file_id yet (the job
   * engine drops a repeat for the same key). null: inline photos sent by URL stay URL results.
   */
  requestInlinePhotoCache: ((job: InlinePhotoCacheJob) => Promise<void>) | null;
  /** Inline queries per user, shared by every process. */
  inlineQueryLimit: { take(key: string): Promise<boolean> };
  botUsername: string | null;
  referralUrlTemplate: string;
  /** PUBLIC_URL: the web generator linked after a private render (not when it is a loopback address). */
  publicUrl: string;
}

/** Where an update came from; every usage row and reply is about this chat and user. */
export interface BotContext {
  chat: ChatRef;
  /** Absent for channel posts (they are signed by the channel). */
  user: UserRef | null;
}

/** A private chat always has a user. */
export interface PrivateContext extends BotContext {
  user: UserRef;
}

/** The actor of a usage row. */
export const actorOf = ({ chat, user }: BotContext) => ({
  chatId: chat.id,
  chatType: chat.type,
  userId: user?.id ?? null,
});

/** A bot user's image request, in the admission path's terms. */
export const botImageRequest = ({
  context,
  action,
  template,
  rawCode,
}: {
  context: BotContext;
  action: 'command' | 'button' | 'inline';
  template: TemplateRequest;
  rawCode: string;
}): AdmissionRequest => ({ source: 'telegram', action, actor: actorOf(context), template, rawCode });
