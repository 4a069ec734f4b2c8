import { Composer, type Context } from 'grammy';
import { recordInteraction, recordMembership } from '../../modules/bot-users/bot-users.usecases.js';
import type { TelegramDeps } from '../../modules/telegram/telegram.types.js';
import { chatRefOf, contextOf, userRefOf } from '../bot-context.js';

/** BOT-7: who the bot talks to, and whether a private user has blocked it. */
export function membershipFeature(deps: TelegramDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('my_chat_member', async (ctx) => {
    await recordMembership(deps, {
      chat: chatRefOf(ctx.myChatMember.chat),
      user: userRefOf(ctx.myChatMember.from),
      status: ctx.myChatMember.new_chat_member.status,
    });
  });
  composer.on(['message', 'channel_post', 'callback_query'], async (ctx, next) => {
    const context = ctx.chat ? contextOf(ctx) : null;
    if (context) await recordInteraction(deps, context);
    await next();
  });
  return composer;
}
