import type { ChatRef } from '../bot-users/bot-users.models.js';
import type { Keyboard } from './bot.models.js';
import type { TelegramDeps } from './telegram.types.js';
import { TelegramCallError } from './telegram-gateway.types.js';

/** A text reply. A refusal from Telegram propagates to the bot's error boundary, which logs it and notes a block. */
export async function say(
  deps: Pick<TelegramDeps, 'gateway'>,
  chat: ChatRef,
  text: string,
  options: { replyTo?: number; keyboard?: Keyboard } = {},
): Promise<void> {
  await deps.gateway.sendMessage({ chatId: chat.id, text, ...options });
}

/**
 * A button answer or a keyboard edit: cosmetic (a query older than a few seconds can't be answered any more), so a
 * failed call is logged and the work goes on.
 */
export async function cosmetic(deps: Pick<TelegramDeps, 'logger'>, call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TelegramCallError)) throw error;
    deps.logger.warn(
      { method: error.method, kind: error.kind, description: error.description },
      'Telegram call failed',
    );
  }
}
