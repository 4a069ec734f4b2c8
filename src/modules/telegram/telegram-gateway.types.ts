import type { Keyboard } from './bot.models.js';

/** A file to send: one Telegram already has (no upload), or bytes to upload. */
export type OutgoingFile = { fileId: string } | { upload: Buffer; filename: string };

/** An inline result: a photo Telegram already has (its file_id), or one it fetches from our render API. */
export type InlinePhoto = { id: string; title: string; caption: string } & (
  | { fileId: string }
  | { photoUrl: string; thumbnailUrl: string; width: number; height: number }
);

/** What the bot needs from the Telegram Bot API; the grammY adapter implements it, tests run it against a stand-in. */
export interface TelegramGateway {
  sendMessage(input: {
    chatId: number;
    text: string;
    replyTo?: number;
    keyboard?: Keyboard;
  }): Promise<{ messageId: number }>;
  editKeyboard(input: { chatId: number; messageId: number; keyboard: Keyboard }): Promise<void>;
  sendPhoto(input: {
    chatId: number;
    photo: OutgoingFile;
    caption: string;
    replyTo?: number;
    keyboard?: Keyboard;
  }): Promise<{ messageId: number; fileId: string }>;
  sendDocument(input: {
    chatId: number;
    document: OutgoingFile;
    caption: string;
    replyTo?: number;
  }): Promise<{ messageId: number; fileId: string }>;
  /** Removes a message the bot sent (the cache chat's uploads, once their file_id is kept). */
  deleteMessage(input: { chatId: number; messageId: number }): Promise<void>;
  /** `url` may only be a t.me link to this bot (with ?start=…), which Telegram opens for the user. */
  answerCallback(input: { callbackId: string; text?: string; alert?: boolean; url?: string }): Promise<void>;
  /** `button` opens the private chat with the bot, starting it with `startParameter`. */
  answerInline(input: {
    queryId: string;
    results: InlinePhoto[];
    nextOffset: string;
    cacheSeconds: number;
    personal: boolean;
    button?: { text: string; startParameter: string };
  }): Promise<void>;
}

/**
 * A failed Bot API call, after rate-limit retries, of one of two kinds: Telegram answered and `refused` (with its
 * error code and description), or the `network` failed and Telegram was never heard (no code: the call may or may
 * not have reached it).
 */
export class TelegramCallError extends Error {
  readonly method: string;
  readonly kind: 'refused' | 'network';
  readonly errorCode: number | null;
  readonly description: string;
  /** A 429's `retry_after`, in seconds. */
  readonly retryAfterSeconds: number | null;
  constructor({
    method,
    kind,
    errorCode = null,
    description,
    retryAfterSeconds = null,
  }: {
    method: string;
    kind: 'refused' | 'network';
    errorCode?: number | null;
    description: string;
    retryAfterSeconds?: number | null;
  }) {
    super(
      kind === 'refused'
        ? `Telegram ${method} refused (${errorCode}): ${description}`
        : `Telegram ${method} failed: ${description}`,
    );
    this.name = 'TelegramCallError';
    this.method = method;
    this.kind = kind;
    this.errorCode = errorCode;
    this.description = description;
    this.retryAfterSeconds = retryAfterSeconds;
  }
  /** The user blocked the bot, or the bot was removed from the chat. */
  get blocked(): boolean {
    return this.kind === 'refused' && this.errorCode === 403;
  }
  /** A cached file_id Telegram no longer knows. */
  get badFile(): boolean {
    return this.kind === 'refused' && this.errorCode === 400 && /file/i.test(this.description);
  }
}
