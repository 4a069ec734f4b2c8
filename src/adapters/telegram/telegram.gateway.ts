import { autoRetry } from '@grammyjs/auto-retry';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup, InlineQueryResult } from 'grammy/types';
import type { BroadcastGateway } from '../../modules/broadcasts/broadcasts.types.js';
import type { Keyboard } from '../../modules/telegram/bot.models.js';
import {
  type InlinePhoto,
  type OutgoingFile,
  TelegramCallError,
  type TelegramGateway,
} from '../../modules/telegram/telegram-gateway.types.js';

/**
 * The Bot API client (grammY) for a token and API root. 429s are retried after `retry_after` (auto-retry); 5xx and
 * network failures are not, because a photo whose answer was lost may already be in the chat — a duplicate post is
 * worse than a logged failure.
 */
export function createTelegramApi({
  token,
  apiRoot,
  retryRateLimits = true,
  timeoutSeconds = 60,
}: {
  token: string;
  apiRoot: string;
  /** How long one call may take (uploads of large photos take a while). */
  timeoutSeconds?: number;
  /** Off for broadcasts: their sender paces every send itself, retries included, and waits out 429s per chat. */
  retryRateLimits?: boolean;
}): Api {
  const api = new Api(token, { apiRoot, timeoutSeconds });
  if (retryRateLimits)
    api.config.use(
      autoRetry({
        maxRetryAttempts: 3,
        maxDelaySeconds: 60,
        rethrowInternalServerErrors: true,
        rethrowHttpErrors: true,
      }),
    );
  return api;
}

function toMarkup(keyboard: Keyboard | undefined): InlineKeyboardMarkup | undefined {
  if (!keyboard) return undefined;
  return { inline_keyboard: keyboard.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) };
}

const toInput = (file: OutgoingFile) => ('fileId' in file ? file.fileId : new InputFile(file.upload, file.filename));

function toInlineResult(photo: InlinePhoto): InlineQueryResult {
  const { id, title, caption } = photo;
  if ('fileId' in photo) return { type: 'photo', id, title, caption, photo_file_id: photo.fileId };
  return {
    type: 'photo',
    id,
    title,
    caption,
    photo_url: photo.photoUrl,
    thumbnail_url: photo.thumbnailUrl,
    photo_width: photo.width,
    photo_height: photo.height,
  };
}

const replyTo = (messageId: number | undefined) =>
  messageId === undefined ? {} : { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } };

/**
 * BOT-6: every failure becomes a TelegramCallError naming the method and its kind — Telegram refused (its code and
 * description) or the network failed (grammY's message, which names the method but never the URL with the token) —
 * so callers log it and never crash.
 */
async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GrammyError)
      throw new TelegramCallError({
        method,
        kind: 'refused',
        errorCode: error.error_code,
        description: error.description,
        retryAfterSeconds: error.parameters.retry_after ?? null,
      });
    if (error instanceof HttpError)
      throw new TelegramCallError({ method, kind: 'network', description: error.message });
    throw error;
  }
}

/** grammY types its signal with the abort-controller polyfill's class; Node's own AbortSignal is what it uses at run time. */
const grammySignal = (signal: AbortSignal | undefined) => signal as unknown as Parameters<Api['sendMessage']>[3];

/**
 * BRD-1/3: what broadcasts send — the message as Telegram HTML, alone or as a photo's caption — on an Api without
 * automatic retries (the sender decides). `signal` aborts a send in flight (shutdown).
 */
export function createBroadcastGateway({ api }: { api: Api }): BroadcastGateway {
  return {
    sendText: ({ chatId, html, signal }) =>
      call('sendMessage', async () => {
        await api.sendMessage(
          chatId,
          html,
          { parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
          grammySignal(signal),
        );
      }),
    sendPhoto: ({ chatId, photo, captionHtml, signal }) =>
      call('sendPhoto', async () => {
        const message = await api.sendPhoto(
          chatId,
          toInput(photo),
          { caption: captionHtml || undefined, parse_mode: 'HTML' },
          grammySignal(signal),
        );
        const largest = message.photo.at(-1);
        if (!largest)
          throw new TelegramCallError({ method: 'sendPhoto', kind: 'refused', description: 'no photo in the answer' });
        return { fileId: largest.file_id };
      }),
  };
}

export function createTelegramGateway({ api }: { api: Api }): TelegramGateway {
  return {
    sendMessage: ({ chatId, text, replyTo: to, keyboard }) =>
      call('sendMessage', async () => {
        const message = await api.sendMessage(chatId, text, {
          ...replyTo(to),
          reply_markup: toMarkup(keyboard),
          link_preview_options: { is_disabled: true },
        });
        return { messageId: message.message_id };
      }),
    editKeyboard: ({ chatId, messageId, keyboard }) =>
      call('editMessageReplyMarkup', async () => {
        await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: toMarkup(keyboard) });
      }),
    sendPhoto: ({ chatId, photo, caption, replyTo: to, keyboard }) =>
      call('sendPhoto', async () => {
        const message = await api.sendPhoto(chatId, toInput(photo), {
          caption,
          ...replyTo(to),
          reply_markup: toMarkup(keyboard),
        });
        const largest = message.photo.at(-1);
        if (!largest)
          throw new TelegramCallError({ method: 'sendPhoto', kind: 'refused', description: 'no photo in the answer' });
        return { messageId: message.message_id, fileId: largest.file_id };
      }),
    sendDocument: ({ chatId, document, caption, replyTo: to }) =>
      call('sendDocument', async () => {
        const message = await api.sendDocument(chatId, toInput(document), {
          caption,
          ...replyTo(to),
          disable_content_type_detection: true,
        });
        return { messageId: message.message_id, fileId: message.document.file_id };
      }),
    deleteMessage: ({ chatId, messageId }) =>
      call('deleteMessage', async () => {
        await api.deleteMessage(chatId, messageId);
      }),
    answerCallback: ({ callbackId, text, alert, url }) =>
      call('answerCallbackQuery', async () => {
        await api.answerCallbackQuery(callbackId, { text, show_alert: alert, url });
      }),
    answerInline: ({ queryId, results, nextOffset, cacheSeconds, personal, button }) =>
      call('answerInlineQuery', async () => {
        await api.answerInlineQuery(queryId, results.map(toInlineResult), {
          next_offset: nextOffset,
          cache_time: cacheSeconds,
          is_personal: personal,
          button: button ? { text: button.text, start_parameter: button.startParameter } : undefined,
        });
      }),
  };
}
