import { Composer, type Context } from 'grammy';
import { CALLBACK_PATTERNS, decodeCallback } from '../../modules/telegram/bot.models.js';
import {
  acknowledgeButton,
  chooseTemplate,
  refuseUnknownButton,
  sendAsFile,
  turnPage,
} from '../../modules/telegram/buttons.usecases.js';
import type { TelegramDeps } from '../../modules/telegram/telegram.types.js';
import { contextOf, privateContextOf } from '../bot-context.js';

/** Inline buttons, routed by their callback data (grammY `callbackQuery`); anything else is refused. */
export function buttonsFeature(deps: TelegramDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const tapOf = (ctx: Context) => ({
    callbackId: ctx.callbackQuery!.id,
    messageId: ctx.callbackQuery!.message?.message_id ?? 0,
  });

  composer.callbackQuery(CALLBACK_PATTERNS.noop, (ctx) => acknowledgeButton(deps, tapOf(ctx)));

  composer.callbackQuery(CALLBACK_PATTERNS.page, async (ctx, next) => {
    const context = privateContextOf(ctx);
    if (!context) return next();
    await turnPage(deps, context, { ...tapOf(ctx), page: Number(ctx.match[1]) });
  });

  composer.callbackQuery(CALLBACK_PATTERNS.template, async (ctx, next) => {
    const context = privateContextOf(ctx);
    if (!context) return next();
    await chooseTemplate(deps, context, { ...tapOf(ctx), ref: ctx.match[1]! });
  });

  composer.callbackQuery(CALLBACK_PATTERNS.file, async (ctx, next) => {
    const action = decodeCallback(ctx.callbackQuery.data);
    const context = contextOf(ctx);
    if (action?.kind !== 'file' || !context?.user) return next();
    await sendAsFile(deps, { chat: context.chat, user: context.user }, { ...tapOf(ctx), ...action });
  });

  composer.on('callback_query', (ctx) => refuseUnknownButton(deps, tapOf(ctx)));
  return composer;
}
