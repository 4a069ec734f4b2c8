import type { Keyboard } from './bot.models.js';

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface ChatRef {
  id: number;
  type: ChatType;
  title?: string | null;
}

export interface UserRef {
  id: number;
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  languageCode?: string | null;
}

/** A file to send: one Telegram already has (no upload), or bytes to upload. */
export type OutgoingFile = { fileId: string } | { upload: Buffer; filename: string };

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
  /** `url` may only be a t.me link to this bot (with ?start=…), which Telegram opens for the user. */
  answerCallback(input: { callbackId: string; text?: string; alert?: boolean; url?: string }): Promise<void>;
}

/** A refused Bot API call, after rate-limit retries. `blocked`: the user blocked the bot or left the chat. */
export class TelegramCallError extends Error {
  readonly method: string;
  readonly errorCode: number;
  readonly description: string;
  constructor({ method, errorCode, description }: { method: string; errorCode: number; description: string }) {
    super(`Telegram ${method} failed (${errorCode}): ${description}`);
    this.name = 'TelegramCallError';
    this.method = method;
    this.errorCode = errorCode;
    this.description = description;
  }
  get blocked(): boolean {
    return this.errorCode === 403;
  }
  get badFile(): boolean {
    return this.errorCode === 400 && /file/i.test(this.description);
  }
}
