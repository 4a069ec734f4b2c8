import type { BotError } from 'grammy';
import { markUnreachable } from '../modules/bot-users/bot-users.usecases.js';
import { botMessages } from '../modules/telegram/bot-messages.models.js';
import type { TelegramDeps } from '../modules/telegram/telegram.types.js';
import { TelegramCallError } from '../modules/telegram/telegram-gateway.types.js';
import { isAppError } from '../shared/app-error.js';
import { contextOf } from './bot-context.js';

/**
 * The bot's one error boundary (BOT-6): every failure of a handler ends here. Telegram refusing or being unreachable is
 * logged with its kind (a 403 from a private chat marks the user blocked) and not answered — there is no way to
 * reach the user; any other failure is logged and answered with the message for its kind. The log line carries the
 * error only: grammY's context holds the bot token.
 */
export async function handleBotError(deps: TelegramDeps, { error, ctx }: BotError): Promise<void> {
  const updateId = ctx.update.update_id;
  const context = contextOf(ctx);
  if (error instanceof TelegramCallError) {
    deps.logger.warn(
      { updateId, method: error.method, kind: error.kind, errorCode: error.errorCode, description: error.description },
      error.kind === 'network' ? 'Telegram could not be reached' : 'Telegram refused a call',
    );
    if (error.blocked && context) await markUnreachable(deps, context.chat).catch(() => undefined);
    return;
  }
  deps.logger.error({ err: error, updateId }, 'bot update failed');
  if (!context) return;
  const text = isAppError(error)
    ? botMessages.failure(error.kind, error.message)
    : botMessages.failure('internal', 'unexpected');
  try {
    const callbackId = ctx.callbackQuery?.id;
    if (callbackId) await deps.gateway.answerCallback({ callbackId, text, alert: true });
    else await deps.gateway.sendMessage({ chatId: context.chat.id, text });
  } catch (replyError) {
    const description = replyError instanceof TelegramCallError ? replyError.description : String(replyError);
    deps.logger.warn({ updateId, description }, 'could not tell the user about a failure');
  }
}
