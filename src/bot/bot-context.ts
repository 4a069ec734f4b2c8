import type { Chat, User } from 'grammy/types';
import type { ChatRef, UserRef } from '../modules/telegram/bot.types.js';

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
