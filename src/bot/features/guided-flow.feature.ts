import { Composer, type Context } from 'grammy';
import { parseBotCommand } from '../../modules/telegram/bot.models.js';
import { type BotDeps, say } from '../../modules/telegram/bot-delivery.usecases.js';
import { botMessages } from '../../modules/telegram/bot-messages.models.js';
import {
  answerButton,
  cancelFlow,
  generateAgain,
  handlePrivateText,
  startFlow,
} from '../../modules/telegram/guided-flow.usecases.js';
import { chatRefOf, userRefOf } from '../bot-context.js';

/** BOT-3: /start, /generate, /help, /cancel and plain codes in private chats; /help anywhere; inline buttons. */
export function guidedFlowFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(['message:text', 'channel_post:text'], async (ctx) => {
    const chat = chatRefOf(ctx.chat);
    const user = userRefOf(ctx.from);
    const text = ctx.msg.text;
    const command = parseBotCommand(text, deps.botUsername);
    if (command?.command === 'help') return say(deps, chat, botMessages.help(deps.botUsername));
    if (chat.type !== 'private' || !user) {
      if (command?.command === 'start' || command?.command === 'generate')
        await say(deps, chat, botMessages.privateOnly(deps.botUsername), { replyTo: ctx.msg.message_id });
      return;
    }
    const context = { chat, user };
    if (command?.command === 'start') return startFlow(deps, context, { payload: command.payload });
    if (command?.command === 'generate') return generateAgain(deps, context);
    if (command?.command === 'cancel') return cancelFlow(deps, context);
    const lone = /^\/([\w-]+)$/.exec(text.trim());
    if (lone) return say(deps, chat, botMessages.missingCode(lone[1]!));
    await handlePrivateText(deps, context, { text });
  });

  composer.on('callback_query:data', async (ctx) => {
    const message = ctx.callbackQuery.message;
    const user = userRefOf(ctx.from);
    if (!message || !user) return;
    await answerButton(
      deps,
      { chat: chatRefOf(message.chat), user },
      { callbackId: ctx.callbackQuery.id, data: ctx.callbackQuery.data, messageId: message.message_id },
    );
  });
  return composer;
}
