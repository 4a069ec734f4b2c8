import type { Logger } from '../../shared/logger.js';
import { type CouponValidation, type CouponValidator, describeCoupon } from '../coupons/coupons.models.js';
import type { ImageFormat } from '../renders/renders.usecases.js';
import type { Template, Variant } from '../templates/templates.models.js';
import type { TemplatesRepository } from '../templates/templates.repository.js';
import type { UsageErrorType, UsageRepository } from '../usage/usage.repository.js';
import { fileButton, fitsTelegramPhoto, type Keyboard, referralLink } from './bot.models.js';
import { type ChatRef, type OutgoingFile, TelegramCallError, type TelegramGateway, type UserRef } from './bot.types.js';
import { botMessages } from './bot-messages.models.js';
import { type FileKind, fileCacheKey, type TelegramRepository } from './telegram.repository.js';

export interface BotDeps {
  gateway: TelegramGateway;
  telegramRepository: TelegramRepository;
  templatesRepository: Pick<TemplatesRepository, 'findAll'>;
  couponValidator: CouponValidator;
  usageRepository: UsageRepository;
  /** The shared renderer behind the rendered-image cache (renders module). */
  renderImage(input: { template: Template; variant: Variant; code: string; format: ImageFormat }): Promise<Buffer>;
  logger: Logger;
  now(): Date;
  botUsername: string | null;
  referralUrlTemplate: string;
}

/** Where an update came from; every usage row and reply is about this chat and user. */
export interface BotContext {
  chat: ChatRef;
  /** Absent for channel posts (they are signed by the channel). */
  user: UserRef | null;
}

/** BOT-2/BOT-5: read on every update, so a template switched off in the admin disappears from the bot at once. */
export async function loadBotTemplates(deps: Pick<BotDeps, 'templatesRepository'>) {
  const all = await deps.templatesRepository.findAll();
  return { all, enabled: all.filter((t) => t.telegramEnabled) };
}

export async function checkCoupon(deps: Pick<BotDeps, 'couponValidator'>, code: string): Promise<CouponValidation> {
  return describeCoupon(code, await deps.couponValidator.check(code), deps.couponValidator.enabled);
}

/** BOT-8: one row per outcome, written when the outcome is known. */
export async function recordOutcome(
  deps: Pick<BotDeps, 'usageRepository'>,
  { chat, user }: BotContext,
  outcome: {
    success: boolean;
    errorType?: UsageErrorType | null;
    templateSlug?: string | null;
    variant?: string | null;
    code?: string | null;
  },
): Promise<void> {
  await deps.usageRepository.record({
    source: 'telegram',
    chatType: chat.type,
    chatId: chat.id,
    userId: user?.id ?? null,
    errorType: null,
    ...outcome,
  });
}

export const usageErrorOf = (validation: CouponValidation & { valid: false }): UsageErrorType =>
  validation.reason === 'unavailable' ? 'validation_unavailable' : 'invalid_coupon';

/** BOT-6: a failed call is logged with method and description; a 403 from a private chat marks the user blocked. */
export async function noteSendFailure(
  deps: Pick<BotDeps, 'telegramRepository' | 'logger'>,
  chat: ChatRef,
  error: unknown,
): Promise<void> {
  if (!(error instanceof TelegramCallError)) throw error;
  deps.logger.warn(
    { method: error.method, errorCode: error.errorCode, description: error.description, chatId: chat.id },
    'Telegram refused a call',
  );
  if (error.blocked && chat.type === 'private')
    await deps.telegramRepository.setBlocked({ chatId: chat.id, blocked: true });
}

/** A button answer or a keyboard edit: cosmetic, so a refusal from Telegram is logged, never thrown. */
export async function withoutFailing(deps: Pick<BotDeps, 'logger'>, call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TelegramCallError)) throw error;
    deps.logger.warn({ method: error.method, description: error.description }, 'Telegram refused a call');
  }
}

/** A text reply; a refusal from Telegram is logged, never thrown. */
export async function say(
  deps: Pick<BotDeps, 'gateway' | 'telegramRepository' | 'logger'>,
  chat: ChatRef,
  text: string,
  options: { replyTo?: number; keyboard?: Keyboard } = {},
): Promise<void> {
  try {
    await deps.gateway.sendMessage({ chatId: chat.id, text, ...options });
  } catch (error) {
    await noteSendFailure(deps, chat, error);
  }
}

/**
 * BOT-5: sends the promo image of an admitted code — a JPEG photo with a "Send as file" button, or the pixel-exact PNG
 * as a document. A file Telegram already has is re-sent by file_id (no render, no upload). Records the outcome.
 */
export async function deliverImage(
  deps: BotDeps,
  context: BotContext,
  {
    template,
    variant,
    code,
    kind: requested,
    replyTo,
  }: { template: Template; variant: Variant; code: string; kind: FileKind; replyTo?: number },
): Promise<'sent' | 'blocked' | 'failed'> {
  const { chat } = context;
  const spec = template[variant];
  // A template too large or too narrow for a Telegram photo goes out as the PNG document straight away.
  const kind = requested === 'photo' && spec && !fitsTelegramPhoto(spec) ? 'document' : requested;
  const outcome = { templateSlug: template.slug, variant, code };
  const key = fileCacheKey({ slug: template.slug, version: template.version, variant, code, kind });
  const caption = botMessages.caption(template.name, code);
  const send = (file: OutgoingFile) =>
    kind === 'photo'
      ? deps.gateway.sendPhoto({
          chatId: chat.id,
          photo: file,
          caption,
          replyTo,
          keyboard: fileButton({ variant, code, slug: template.slug }),
        })
      : deps.gateway.sendDocument({ chatId: chat.id, document: file, caption, replyTo });

  try {
    const cached = await deps.telegramRepository.getFileId(key);
    let sent = cached ? await send({ fileId: cached }).catch(unlessBadFile) : null;
    if (!sent) {
      const format = kind === 'photo' ? 'jpeg' : 'png';
      let body: Buffer;
      try {
        body = await deps.renderImage({ template, variant, code, format });
      } catch (error) {
        deps.logger.error({ err: error, slug: template.slug, variant }, 'bot render failed');
        await recordOutcome(deps, context, { ...outcome, success: false, errorType: 'render_failed' });
        await say(deps, chat, botMessages.renderFailed(), { replyTo });
        return 'failed';
      }
      sent = await send({ upload: body, filename: `${code}-${variant}.${format === 'png' ? 'png' : 'jpg'}` });
      await deps.telegramRepository.setFileId({ key, fileId: sent.fileId });
    }
  } catch (error) {
    await noteSendFailure(deps, chat, error);
    await recordOutcome(deps, context, { ...outcome, success: false, errorType: 'send_failed' });
    return error instanceof TelegramCallError && error.blocked ? 'blocked' : 'failed';
  }
  await recordOutcome(deps, context, { ...outcome, success: true });
  if (chat.type === 'private' && kind === 'photo')
    await say(deps, chat, botMessages.referral(referralLink(deps.referralUrlTemplate, code)));
  return 'sent';
}

/** A cached file_id Telegram no longer knows is not a failure: the caller renders and uploads instead. */
function unlessBadFile(error: unknown): null {
  if (error instanceof TelegramCallError && error.badFile) return null;
  throw error;
}
