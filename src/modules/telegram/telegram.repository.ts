import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { conversationsTable, processedUpdatesTable, telegramFilesTable } from './telegram.table.js';

export type FileKind = 'photo' | 'document';

export function fileCacheKey({
  slug,
  version,
  variant,
  code,
  kind,
}: {
  slug: string;
  version: number;
  variant: string;
  code: string;
  kind: FileKind;
}) {
  return `${slug}:${version}:${variant}:${code}:${kind}`;
}

/**
 * The conversation's durable state (update claims, flow state, Telegram file_ids): everything that must survive restarts
 * and be shared by every process. The audience (users, chats) is the bot-users module's.
 */
export function createTelegramRepository({ db }: { db: Db }) {
  /** BOT-1: the ids (distinct) this call claimed first; the others were already taken by some process or delivery. */
  async function claimUpdates(updateIds: number[]): Promise<number[]> {
    if (updateIds.length === 0) return [];
    const rows = await db
      .insert(processedUpdatesTable)
      .values([...new Set(updateIds)].map((updateId) => ({ updateId })))
      .onConflictDoNothing()
      .returning({ updateId: processedUpdatesTable.updateId });
    return rows.map((row) => row.updateId);
  }

  return {
    claimUpdates,
    async forgetUpdatesBefore(before: Date): Promise<void> {
      await db.delete(processedUpdatesTable).where(lt(processedUpdatesTable.processedAt, before));
    },
    async forgetConversationsExpiredBy(now: Date): Promise<void> {
      await db.delete(conversationsTable).where(lt(conversationsTable.expiresAt, now));
    },

    async getConversation<T>({
      chatId,
      userId,
      now,
    }: {
      chatId: number;
      userId: number;
      now: Date;
    }): Promise<T | null> {
      const [row] = await db
        .select({ state: conversationsTable.state })
        .from(conversationsTable)
        .where(
          and(
            eq(conversationsTable.chatId, chatId),
            eq(conversationsTable.userId, userId),
            gt(conversationsTable.expiresAt, now),
          ),
        );
      return (row?.state as T | undefined) ?? null;
    },
    async setConversation({
      chatId,
      userId,
      state,
      expiresAt,
    }: {
      chatId: number;
      userId: number;
      state: unknown;
      expiresAt: Date;
    }): Promise<void> {
      await db
        .insert(conversationsTable)
        .values({ chatId, userId, state, expiresAt })
        .onConflictDoUpdate({
          target: [conversationsTable.chatId, conversationsTable.userId],
          set: { state, expiresAt },
        });
    },
    async clearConversation({ chatId, userId }: { chatId: number; userId: number }): Promise<void> {
      await db
        .delete(conversationsTable)
        .where(and(eq(conversationsTable.chatId, chatId), eq(conversationsTable.userId, userId)));
    },

    async getFileId(key: string): Promise<string | null> {
      const [row] = await db
        .select({ fileId: telegramFilesTable.fileId })
        .from(telegramFilesTable)
        .where(eq(telegramFilesTable.key, key));
      return row?.fileId ?? null;
    },
    async setFileId({ key, fileId }: { key: string; fileId: string }): Promise<void> {
      await db
        .insert(telegramFilesTable)
        .values({ key, fileId })
        .onConflictDoUpdate({ target: telegramFilesTable.key, set: { fileId } });
    },
  };
}

export type TelegramRepository = ReturnType<typeof createTelegramRepository>;
