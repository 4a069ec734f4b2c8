import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../../modules/telegram/bot-delivery.usecases.js';
import { recordInteraction, recordMembership } from '../../modules/telegram/bot-users.usecases.js';
import { chatRefOf, userRefOf } from '../bot-context.js';

/** BOT-7: who the bot talks to, and whether a private user has blocked it. */
export function membershipFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('my_chat_member', async (ctx) => {
    await recordMembership(deps, {
      chat: chatRefOf(ctx.myChatMember.chat),
      user: userRefOf(ctx.myChatMember.from),
      status: ctx.myChatMember.new_chat_member.status,
    });
  });
  composer.on(['message', 'channel_post', 'callback_query'], async (ctx, next) => {
    if (ctx.chat) await recordInteraction(deps, { chat: chatRefOf(ctx.chat), user: userRefOf(ctx.from) });
    await next();
  });
  return composer;
}
