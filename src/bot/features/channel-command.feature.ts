import { Composer, type Context } from 'grammy';
import { parseChannelCommand } from '../../modules/telegram/channel-command.models.js';
import { answerChannelCommand } from '../../modules/telegram/channel-command.usecases.js';
import type { TelegramDeps } from '../../modules/telegram/telegram.types.js';
import { contextOf } from '../bot-context.js';

/** BOT-2: `/{template}/{CODE}` is matched on the text (Telegram does not see it as a command) in any chat. */
export function channelCommandFeature(deps: TelegramDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(['message:text', 'channel_post:text'], async (ctx, next) => {
    const command = parseChannelCommand(ctx.msg.text, ctx.me.username);
    const context = contextOf(ctx);
    if (!command || !context) return next();
    await answerChannelCommand(deps, context, { command, messageId: ctx.msg.message_id });
  });
  return composer;
}
