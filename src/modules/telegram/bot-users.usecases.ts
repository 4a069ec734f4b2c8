import type { ChatRef, UserRef } from './bot.types.js';
import type { BotDeps } from './bot-delivery.usecases.js';

/** BOT-7: private users are upserted on every interaction; groups and channels are recorded separately. */
export async function recordInteraction(
  deps: Pick<BotDeps, 'telegramRepository'>,
  { chat, user }: { chat: ChatRef; user: UserRef | null },
): Promise<void> {
  if (chat.type === 'private') {
    if (!user) return;
    await deps.telegramRepository.recordUser({
      chatId: chat.id,
      username: user.username ?? null,
      firstName: user.firstName ?? null,
      lastName: user.lastName ?? null,
      languageCode: user.languageCode ?? null,
    });
    return;
  }
  await deps.telegramRepository.recordChat({ chatId: chat.id, title: chat.title ?? null, type: chat.type });
}

/** BOT-7: `my_chat_member` — a private user who blocks the bot stops being a broadcast target; unblocking restores it. */
export async function recordMembership(
  deps: Pick<BotDeps, 'telegramRepository'>,
  { chat, user, status }: { chat: ChatRef; user: UserRef | null; status: string },
): Promise<void> {
  const gone = status === 'kicked' || status === 'left';
  if (chat.type !== 'private') {
    if (!gone) await recordInteraction(deps, { chat, user });
    return;
  }
  if (gone) await deps.telegramRepository.setBlocked({ chatId: chat.id, blocked: true });
  else await recordInteraction(deps, { chat, user });
}
