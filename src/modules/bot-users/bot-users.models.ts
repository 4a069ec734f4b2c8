/** The bot's audience (BOT-7): who it talks to. Broadcasts read this module; conversations write to it. Pure. */
export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface ChatRef {
  id: number;
  type: ChatType;
  title?: string | null;
}

export interface UserRef {
  id: number;
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  languageCode?: string | null;
}

/** A member status from `my_chat_member` that means the bot can no longer write to the chat. */
export const isGoneStatus = (status: string) => status === 'kicked' || status === 'left';
