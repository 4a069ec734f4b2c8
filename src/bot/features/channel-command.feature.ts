import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../../modules/telegram/bot-delivery.usecases.js';
import { parseChannelCommand } from '../../modules/telegram/channel-command.models.js';
import { answerChannelCommand } from '../../modules/telegram/channel-command.usecases.js';
import { chatRefOf, userRefOf } from '../bot-context.js';

/** BOT-2: `/{template}/{CODE}` is matched on the text (Telegram does not see it as a command) in any chat. */
export function channelCommandFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(['message:text', 'channel_post:text'], async (ctx, next) => {
    const command = parseChannelCommand(ctx.msg.text);
    if (!command) return next();
    await answerChannelCommand(
      deps,
      { chat: chatRefOf(ctx.chat), user: userRefOf(ctx.from) },
      { command, messageId: ctx.msg.message_id },
    );
  });
  return composer;
}
