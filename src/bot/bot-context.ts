import type { Context } from 'grammy';
import type { Chat, User } from 'grammy/types';
import type { ChatRef, UserRef } from '../modules/bot-users/bot-users.models.js';
import type { BotContext, PrivateContext } from '../modules/telegram/telegram.types.js';

export function chatRefOf(chat: Chat): ChatRef {
  return { id: chat.id, type: chat.type, title: 'title' in chat ? chat.title : null };
}

export function userRefOf(user: User | undefined): UserRef | null {
  if (!user || user.is_bot) return null;
  return {
    id: user.id,
    username: user.username ?? null,
    firstName: user.first_name,
    lastName: user.last_name ?? null,
    languageCode: user.language_code ?? null,
  };
}

/** The chat and person of an update (a button's chat is the chat of the message it sits under). */
export function contextOf(ctx: Context): BotContext | null {
  const chat = ctx.chat ?? ctx.callbackQuery?.message?.chat;
  return chat ? { chat: chatRefOf(chat), user: userRefOf(ctx.from) } : null;
}

/** The same, when the update is from a person in a private chat; null otherwise. */
export function privateContextOf(ctx: Context): PrivateContext | null {
  const context = contextOf(ctx);
  return context?.chat.type === 'private' && context.user ? { chat: context.chat, user: context.user } : null;
}
