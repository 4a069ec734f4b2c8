import type { Logger } from '../../shared/logger.js';
import type { Template, Variant } from '../templates/templates.models.js';
import type { TemplatesRepository } from '../templates/templates.repository.js';
import { fitsTelegramPhoto } from './bot.models.js';
import { botMessages } from './bot-messages.models.js';
import { fileCacheKey, type TelegramRepository } from './telegram.repository.js';
import type { TelegramDeps } from './telegram.types.js';
import { TelegramCallError, type TelegramGateway } from './telegram-gateway.types.js';

/** An inline photo to give a file_id: the image a chosen URL result showed, and the cache key it was looked up by. */
export interface InlinePhotoCacheJob {
  key: string;
  slug: string;
  variant: Variant;
  code: string;
}

/** After the cache chat refused an upload (bot removed, wrong id), uploads wait this long in this process. */
export const CACHE_CHAT_PAUSE_MS = 10 * 60 * 1000;

export interface InlinePhotoCacheDeps {
  templatesRepository: Pick<TemplatesRepository, 'findBySlug'>;
  telegramRepository: Pick<TelegramRepository, 'getFileId' | 'setFileId'>;
  gateway: Pick<TelegramGateway, 'sendPhoto' | 'deleteMessage'>;
  renderImage: TelegramDeps['renderImage'];
  brandLogo: TelegramDeps['brandLogo'];
  /** TELEGRAM_CACHE_CHAT_ID: a private channel or group the bot posts in. */
  cacheChatId: number;
  logger: Logger;
  now(): Date;
}

export type CacheOutcome = 'uploaded' | 'cached' | 'gone' | 'refused' | 'paused';

/** The cache key an inline result is looked up by: the one BOT-5's photo sends store (template version, logo…). */
export function inlinePhotoKey({
  template,
  variant,
  code,
  logoKey,
}: {
  template: Template;
  variant: Variant;
  code: string;
  logoKey: string | null;
}): string {
  const logo = template[variant]?.showLogo ? logoKey : null;
  return fileCacheKey({ slug: template.slug, version: template.version, variant, code, kind: 'photo', logo });
}

/**
 * The Bot API never says which file_id an inline photo sent by URL got, so the worker uploads that image once to the
 * cache chat — rendered by the same path and stored under the same key as the bot's other photo sends — keeps the
 * file_id and deletes the message. A refusal from the cache chat (400/403) is logged once and pauses uploads for a
 * while (inline answers keep their URLs meanwhile); a network failure or a 5xx throws, so the job engine retries.
 */
export function createInlinePhotoCache(deps: InlinePhotoCacheDeps) {
  let pausedUntil = 0;

  async function fill(job: InlinePhotoCacheJob): Promise<CacheOutcome> {
    if (deps.now().getTime() < pausedUntil) return 'paused';
    const template = await deps.templatesRepository.findBySlug(job.slug);
    const spec = template?.[job.variant];
    // Gone, switched off or resized past a photo's limits since the user chose it: no inline result shows it now.
    if (!template || !spec || !template.telegramEnabled || !fitsTelegramPhoto(spec)) return 'gone';
    const logo = spec.showLogo ? await deps.brandLogo() : null;
    const key = inlinePhotoKey({ template, variant: job.variant, code: job.code, logoKey: logo?.key ?? null });
    if (await deps.telegramRepository.getFileId(key)) return 'cached';
    const photo = await deps.renderImage({ template, variant: job.variant, code: job.code, format: 'jpeg', logo });
    let sent: { messageId: number; fileId: string };
    try {
      sent = await deps.gateway.sendPhoto({
        chatId: deps.cacheChatId,
        photo: { upload: photo, filename: `${job.code}-${job.variant}.jpg` },
        caption: botMessages.caption(template.name, job.code),
      });
    } catch (error) {
      if (!(error instanceof TelegramCallError) || !refusedForGood(error)) throw error;
      pausedUntil = deps.now().getTime() + CACHE_CHAT_PAUSE_MS;
      deps.logger.error(
        { chatId: deps.cacheChatId, errorCode: error.errorCode, description: error.description },
        'TELEGRAM_CACHE_CHAT_ID refused the upload (is the bot an admin there?): inline results stay URLs; next try in 10 minutes',
      );
      return 'refused';
    }
    await deps.telegramRepository.setFileId({ key, fileId: sent.fileId });
    // The file_id outlives the message; a delete that fails leaves one post in the cache chat, nothing worse.
    await deps.gateway.deleteMessage({ chatId: deps.cacheChatId, messageId: sent.messageId }).catch((error) =>
      deps.logger.warn(
        {
          chatId: deps.cacheChatId,
          description: error instanceof TelegramCallError ? error.description : String(error),
        },
        'could not delete the upload in the cache chat',
      ),
    );
    return 'uploaded';
  }

  return { fill };
}

export type InlinePhotoCache = ReturnType<typeof createInlinePhotoCache>;

/** 400 (chat not found, not enough rights) and 403 (bot removed): retrying cannot help until someone fixes the chat. */
const refusedForGood = (error: TelegramCallError) =>
  error.kind === 'refused' && (error.errorCode === 400 || error.errorCode === 403);

/** A job's data as the engine hands it back (JSON from the database): checked before use. */
export function parseInlinePhotoCacheJob(data: unknown): InlinePhotoCacheJob | null {
  if (!data || typeof data !== 'object') return null;
  const { key, slug, variant, code } = data as Record<string, unknown>;
  if (typeof key !== 'string' || typeof slug !== 'string' || typeof code !== 'string') return null;
  if (variant !== 'square' && variant !== 'story') return null;
  return { key, slug, variant, code };
}
