import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { botChatsTable, botUsersTable } from './bot-users.table.js';

export interface BotUserProfile {
  chatId: number;
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  languageCode?: string | null;
}

/** The audience, shared by every process: private users (with their last valid code and blocked state) and chats. */
export function createBotUsersRepository({ db }: { db: Db }) {
  return {
    /** Every private interaction; a user who writes again is no longer blocked. */
    async recordUser(profile: BotUserProfile): Promise<void> {
      const values = { ...profile, lastSeenAt: sql`now()`, blocked: false, blockedAt: null };
      await db.insert(botUsersTable).values(values).onConflictDoUpdate({ target: botUsersTable.chatId, set: values });
    },
    async setBlocked({ chatId, blocked }: { chatId: number; blocked: boolean }): Promise<void> {
      await db
        .update(botUsersTable)
        .set({ blocked, blockedAt: blocked ? sql`now()` : null })
        .where(eq(botUsersTable.chatId, chatId));
    },
    async setLastValidCode({ chatId, code }: { chatId: number; code: string }): Promise<void> {
      await db.update(botUsersTable).set({ lastValidCode: code }).where(eq(botUsersTable.chatId, chatId));
    },
    async getUser(chatId: number) {
      const [row] = await db.select().from(botUsersTable).where(eq(botUsersTable.chatId, chatId));
      return row ?? null;
    },
    async recordChat({ chatId, title, type }: { chatId: number; title: string | null; type: string }): Promise<void> {
      const values = { chatId, title, type, lastSeenAt: sql`now()` };
      await db.insert(botChatsTable).values(values).onConflictDoUpdate({ target: botChatsTable.chatId, set: values });
    },
  };
}

export type BotUsersRepository = ReturnType<typeof createBotUsersRepository>;
