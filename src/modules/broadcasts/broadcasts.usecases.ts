import { createHash } from 'node:crypto';
import type { ImageLimits } from '../../adapters/images/image.types.js';
import { AppError, createInvalidError, createNotFoundError } from '../../shared/app-error.js';
import { fitsTelegramPhoto } from '../telegram/bot.models.js';
import { TelegramCallError } from '../telegram/telegram-gateway.types.js';
import { parseMessage, toTelegramHtml, visibleLength } from './broadcast-markdown.models.js';
import {
  type BroadcastImage,
  isAudienceDays,
  MAX_CAPTION_LENGTH,
  MAX_TEXT_LENGTH,
  toJobView,
} from './broadcasts.models.js';
import type { BroadcastsDeps } from './broadcasts.types.js';

/** The image a broadcast is sent with, as the admin chose it. */
export type ImageChoice = { template: string } | { upload: string } | null;

/** Telegram's limit on a photo sent by upload. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const UPLOAD_KEY = /^broadcasts\/images\/[0-9a-f]{12}\.(?:png|jpg)$/;

/** BRD-1: the message as Telegram will show it, and whether it fits (a caption is shorter than a message). */
export function previewMessage({ message, withImage }: { message: string; withImage: boolean }) {
  const segments = parseMessage(message);
  const length = visibleLength(segments);
  const limit = withImage ? MAX_CAPTION_LENGTH : MAX_TEXT_LENGTH;
  return { segments, html: toTelegramHtml(segments), length, limit, fits: length > 0 && length <= limit };
}

function prepareMessage(message: string, withImage: boolean): string {
  const preview = previewMessage({ message, withImage });
  if (preview.length === 0)
    throw createInvalidError('broadcast.invalid', 'Write a message first', { field: 'message' });
  if (!preview.fits)
    throw createInvalidError(
      'broadcast.too_long',
      `The message is ${preview.length} characters; Telegram allows ${preview.limit}${withImage ? ' in a photo caption' : ''}`,
      { field: 'message' },
    );
  return preview.html;
}

const requireGateway = (deps: BroadcastsDeps) => {
  if (!deps.gateway)
    throw new AppError({
      kind: 'conflict',
      code: 'broadcast.bot_off',
      message: 'The Telegram bot is off (no TELEGRAM_BOT_TOKEN): there is nobody to send to',
    });
  return deps.gateway;
};

async function resolveImage(deps: BroadcastsDeps, choice: ImageChoice): Promise<BroadcastImage | null> {
  if (!choice) return null;
  if ('template' in choice) {
    const template = await deps.templatesRepository.findBySlug(choice.template);
    const variant = template?.square ?? template?.story;
    if (!template || !variant)
      throw createNotFoundError('template.not_found', `There is no template "${choice.template}"`);
    if (!fitsTelegramPhoto(variant))
      throw createInvalidError(
        'broadcast.image_too_large',
        `${template.name}'s artwork (${variant.width}×${variant.height}) is too large for a Telegram photo; upload a smaller copy`,
        { field: 'image' },
      );
    return { key: variant.imageKey, source: 'template', slug: template.slug };
  }
  if (!UPLOAD_KEY.test(choice.upload) || !(await deps.storage.get(choice.upload)))
    throw createInvalidError('broadcast.image_missing', 'That image is no longer available; upload it again', {
      field: 'image',
    });
  return { key: choice.upload, source: 'upload' };
}

/** Uploaded broadcast images: PNG or JPEG within Telegram's limits for a photo sent by upload. */
export const BROADCAST_IMAGE_LIMITS: ImageLimits = {
  maxBytes: MAX_PHOTO_BYTES,
  maxPixels: 40_000_000,
  minSide: 10,
  maxSide: 9990,
  formats: ['png', 'jpeg'],
};

/** An image to send with a broadcast, checked by its content and stored under its hash. */
export async function uploadBroadcastImage(
  deps: Pick<BroadcastsDeps, 'storage' | 'inspectImage'>,
  { buffer }: { buffer: Buffer },
): Promise<{ key: string; url: string; width: number; height: number }> {
  const { body, format, width, height } = await deps.inspectImage({ buffer, field: 'image' });
  if (!fitsTelegramPhoto({ width, height }))
    throw createInvalidError(
      'image.dimensions',
      `image: ${width}×${height} px is too large or too narrow for a Telegram photo (width + height ≤ 10 000, sides at most 20:1)`,
      { field: 'image' },
    );
  const sha = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const key = `broadcasts/images/${sha}.${format === 'png' ? 'png' : 'jpg'}`;
  await deps.storage.put({
    key,
    body,
    contentType: format === 'png' ? 'image/png' : 'image/jpeg',
    cacheControl: 'public, max-age=31536000, immutable',
  });
  return { key, url: deps.storage.publicUrl(key), width, height };
}

export function countRecipients(deps: Pick<BroadcastsDeps, 'broadcastsRepository'>, days: number) {
  if (!isAudienceDays(days)) throw createInvalidError('broadcast.invalid', 'days: use 7, 30, 90 or 0 (everyone)');
  return deps.broadcastsRepository.countAudience(days);
}

/** BRD-2: the broadcast and its recipients, then the worker is woken. */
export async function createBroadcast(
  deps: BroadcastsDeps,
  { message, days, image }: { message: string; days: number; image: ImageChoice },
): Promise<{ job_id: number; total_users: number }> {
  requireGateway(deps);
  if (!isAudienceDays(days)) throw createInvalidError('broadcast.invalid', 'days: use 7, 30, 90 or 0 (everyone)');
  const html = prepareMessage(message, Boolean(image));
  const resolved = await resolveImage(deps, image);
  const created = await deps.broadcastsRepository.create({ message: message.trim(), html, days, image: resolved });
  if (!created)
    throw createInvalidError(
      'broadcast.no_recipients',
      days === 0 ? 'Nobody has used the bot yet' : `Nobody has used the bot in the last ${days} days`,
      { field: 'days' },
    );
  await deps
    .wake()
    .catch((error: unknown) =>
      deps.logger.warn(
        { err: error, broadcastId: created.id },
        'could not wake the worker; it picks the job up within a minute',
      ),
    );
  return { job_id: created.id, total_users: created.total };
}

/** BRD-1: the message to one chat, now, so the admin sees it as users will. */
export async function sendTestBroadcast(
  deps: BroadcastsDeps,
  { message, chatId, image }: { message: string; chatId: number; image: ImageChoice },
): Promise<void> {
  const gateway = requireGateway(deps);
  const html = prepareMessage(message, Boolean(image));
  const resolved = await resolveImage(deps, image);
  try {
    if (!resolved) await gateway.sendText({ chatId, html });
    else {
      const object = await deps.storage.get(resolved.key);
      if (!object) throw createInvalidError('broadcast.image_missing', 'The image is missing from storage');
      const filename = `test.${resolved.key.endsWith('.png') ? 'png' : 'jpg'}`;
      await gateway.sendPhoto({ chatId, photo: { upload: object.body, filename }, captionHtml: html });
    }
  } catch (error) {
    if (!(error instanceof TelegramCallError)) throw error;
    throw new AppError({
      kind: error.kind === 'refused' ? 'invalid' : 'upstream',
      code: 'broadcast.test_failed',
      message: `Telegram did not deliver the test: ${error.description}`,
      details: { field: 'chat_id' },
    });
  }
}

export async function cancelBroadcast(deps: BroadcastsDeps, id: number) {
  if (!(await deps.broadcastsRepository.cancel(id))) {
    const job = await getBroadcast(deps, id);
    throw new AppError({
      kind: 'conflict',
      code: 'broadcast.finished',
      message: `Broadcast #${id} has already ended (${job.status})`,
    });
  }
  return getBroadcast(deps, id);
}

export async function getBroadcast(deps: Pick<BroadcastsDeps, 'broadcastsRepository' | 'rate'>, id: number) {
  const broadcast = await deps.broadcastsRepository.get(id);
  if (!broadcast) throw createNotFoundError('broadcast.not_found', `There is no broadcast #${id}`);
  const counts = (await deps.broadcastsRepository.counts([id])).get(id)!;
  return toJobView(broadcast, counts, { rate: deps.rate });
}

/** BRD-4: the history, newest first, and how many users a broadcast to everyone would reach. */
export async function listBroadcasts(
  deps: Pick<BroadcastsDeps, 'broadcastsRepository' | 'rate'>,
  { page, pageSize }: { page: number; pageSize: number },
) {
  const { rows, total } = await deps.broadcastsRepository.page({ page, pageSize });
  const counts = await deps.broadcastsRepository.counts(rows.map((row) => row.id));
  return {
    jobs: rows.map((row) => toJobView(row, counts.get(row.id)!, { rate: deps.rate })),
    active_users: await deps.broadcastsRepository.countAudience(0),
    page,
    page_size: pageSize,
    total,
  };
}

/** The recipients a broadcast could not reach, with Telegram's reason. */
export async function listProblems(
  deps: Pick<BroadcastsDeps, 'broadcastsRepository'>,
  { id, page, pageSize }: { id: number; page: number; pageSize: number },
) {
  if (!(await deps.broadcastsRepository.get(id)))
    throw createNotFoundError('broadcast.not_found', `There is no broadcast #${id}`);
  const { rows, total } = await deps.broadcastsRepository.problems({ id, page, pageSize });
  return {
    problems: rows.map((row) => ({
      chat_id: row.chatId,
      name: row.username ? `@${row.username}` : (row.firstName ?? null),
      status: row.status as 'failed' | 'blocked',
      attempts: row.attempts,
      error: row.error,
      at: row.settledAt?.toISOString() ?? null,
    })),
    page,
    page_size: pageSize,
    total,
  };
}
