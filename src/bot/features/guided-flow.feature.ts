import { Composer, type Context } from 'grammy';
import { botMessages } from '../../modules/telegram/bot-messages.models.js';
import { say } from '../../modules/telegram/bot-replies.usecases.js';
import { isForAnotherBot, parseLoneTemplate } from '../../modules/telegram/channel-command.models.js';
import { answerLoneTemplate } from '../../modules/telegram/channel-command.usecases.js';
import {
  answerNonText,
  cancelFlow,
  generateAgain,
  handlePrivateText,
  startFlow,
} from '../../modules/telegram/guided-flow.usecases.js';
import type { PrivateContext, TelegramDeps } from '../../modules/telegram/telegram.types.js';
import { contextOf, privateContextOf } from '../bot-context.js';

/**
 * BOT-3: /help anywhere; /start, /generate, /cancel, codes and chatter in private chats (grammY's `command` matching,
 * which also ignores `/start@anotherbot`). Elsewhere /start and /generate point to the private chat.
 */
export function guidedFlowFeature(deps: TelegramDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const inPrivate = (handle: (ctx: Context, context: PrivateContext) => Promise<void>) => async (ctx: Context) => {
    const context = privateContextOf(ctx);
    if (context) await handle(ctx, context);
  };

  composer.command('help', async (ctx) => {
    const context = contextOf(ctx);
    if (context) await say(deps, context.chat, botMessages.help(ctx.me.username));
  });

  const privately = composer.chatType('private');
  privately.command(
    'start',
    inPrivate((ctx, context) => startFlow(deps, context, { payload: String(ctx.match ?? '').trim() })),
  );
  privately.command(
    'generate',
    inPrivate((_ctx, context) => generateAgain(deps, context)),
  );
  privately.command(
    'cancel',
    inPrivate((_ctx, context) => cancelFlow(deps, context)),
  );
  privately.on(
    'message:text',
    inPrivate(async (ctx, context) => {
      const text = ctx.msg?.text ?? '';
      const lone = parseLoneTemplate(text, ctx.me.username);
      if (lone) return answerLoneTemplate(deps, context, { token: lone });
      if (!text.trim().startsWith('/')) return handlePrivateText(deps, context, { text });
      // A slash we could not read (`/flash-sale/SAVE20/extra`) gets the syntax; another bot's command gets nothing.
      if (!isForAnotherBot(text, ctx.me.username)) await say(deps, context.chat, botMessages.unreadableCommand());
    }),
  );
  privately.on(
    'message',
    inPrivate((_ctx, context) => answerNonText(deps, context)),
  );

  composer.command(['start', 'generate'], async (ctx) => {
    const context = contextOf(ctx);
    if (context && ctx.msg)
      await say(deps, context.chat, botMessages.privateOnly(ctx.me.username), { replyTo: ctx.msg.message_id });
  });
  return composer;
}
