import { type ChatRef, isGoneStatus, type UserRef } from './bot-users.models.js';
import type { BotUsersRepository } from './bot-users.repository.js';

export interface BotUsersDeps {
  botUsersRepository: BotUsersRepository;
}

/** BOT-7: private users are upserted on every interaction; groups and channels are recorded separately. */
export async function recordInteraction(
  deps: BotUsersDeps,
  { chat, user }: { chat: ChatRef; user: UserRef | null },
): Promise<void> {
  if (chat.type === 'private') {
    if (!user) return;
    await deps.botUsersRepository.recordUser({
      chatId: chat.id,
      username: user.username ?? null,
      firstName: user.firstName ?? null,
      lastName: user.lastName ?? null,
      languageCode: user.languageCode ?? null,
    });
    return;
  }
  await deps.botUsersRepository.recordChat({ chatId: chat.id, title: chat.title ?? null, type: chat.type });
}

/** BOT-7: `my_chat_member` — a private user who blocks the bot stops being a broadcast target; unblocking restores it. */
export async function recordMembership(
  deps: BotUsersDeps,
  { chat, user, status }: { chat: ChatRef; user: UserRef | null; status: string },
): Promise<void> {
  if (chat.type !== 'private') {
    if (!isGoneStatus(status)) await recordInteraction(deps, { chat, user });
    return;
  }
  if (isGoneStatus(status)) await deps.botUsersRepository.setBlocked({ chatId: chat.id, blocked: true });
  else await recordInteraction(deps, { chat, user });
}

/** Telegram said the user blocked the bot (403 on a send): they stop being a broadcast target until they write again. */
export async function markUnreachable(deps: BotUsersDeps, chat: ChatRef): Promise<void> {
  if (chat.type === 'private') await deps.botUsersRepository.setBlocked({ chatId: chat.id, blocked: true });
}
