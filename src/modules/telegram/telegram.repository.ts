import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../adapters/db/db.js';
import { conversationsTable, processedUpdatesTable, telegramFilesTable } from './telegram.table.js';

export type FileKind = 'photo' | 'document';

export function fileCacheKey({
  slug,
  version,
  variant,
  code,
  kind,
  logo = null,
}: {
  slug: string;
  version: number;
  variant: string;
  code: string;
  kind: FileKind;
  /** The brand logo's storage key when the image carries it: a new logo is a new image. */
  logo?: string | null;
}) {
  return `${slug}:${version}:${variant}:${code}:${kind}${logo ? `:${logo}` : ''}`;
}

/**
 * The conversation's durable state (update claims, flow state, Telegram file_ids): everything that must survive restarts
 * and be shared by every process. The audience (users, chats) is the bot-users module's.
 */
export function createTelegramRepository({ db }: { db: Db }) {
  /**
   * BOT-1: the ids (distinct) this call claimed first, with their payloads kept until they are handled (for
   * `leaseSeconds`, after which another process may take them over); the others were already taken.
   */
  async function claimUpdates(
    updates: { updateId: number; payload: unknown }[],
    leaseSeconds: number,
  ): Promise<number[]> {
    if (updates.length === 0) return [];
    const unique = new Map(updates.map((update) => [update.updateId, update.payload]));
    const rows = await db
      .insert(processedUpdatesTable)
      .values(
        [...unique].map(([updateId, payload]) => ({
          updateId,
          payload,
          status: 'handling' as const,
          leaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
        })),
      )
      .onConflictDoNothing()
      .returning({ updateId: processedUpdatesTable.updateId });
    return rows.map((row) => row.updateId);
  }

  return {
    claimUpdates,
    /** The bot is done with these updates (answered, or its error boundary answered): their payloads go. */
    async markUpdatesHandled(updateIds: number[], status: 'done' | 'failed' = 'done'): Promise<void> {
      if (updateIds.length === 0) return;
      await db
        .update(processedUpdatesTable)
        .set({ status, payload: null, leaseUntil: null })
        .where(inArray(processedUpdatesTable.updateId, updateIds));
    },
    /**
     * Updates whose lease ran out while `handling` (their process died after acknowledging them), taken over for
     * another `leaseSeconds` by this caller; rows locked by a concurrent caller are skipped.
     */
    async takeOverStaleUpdates({ limit, leaseSeconds }: { limit: number; leaseSeconds: number }) {
      const rows = await queryRows<{ update_id: string; payload: unknown; attempts: number }>(
        db,
        sql`update ${processedUpdatesTable} set lease_until = now() + make_interval(secs => ${leaseSeconds}),
              attempts = attempts + 1
            where update_id in (select update_id from ${processedUpdatesTable}
              where status = 'handling' and lease_until < now() order by update_id limit ${limit}
              for update skip locked)
            returning update_id, payload, attempts`,
      );
      return rows.map((row) => ({ updateId: Number(row.update_id), payload: row.payload, attempts: row.attempts }));
    },
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
    /** The file_ids known for these keys (an inline answer looks up a page of results at once). */
    async getFileIds(keys: string[]): Promise<Map<string, string>> {
      if (keys.length === 0) return new Map();
      const rows = await db
        .select({ key: telegramFilesTable.key, fileId: telegramFilesTable.fileId })
        .from(telegramFilesTable)
        .where(inArray(telegramFilesTable.key, keys));
      return new Map(rows.map((row) => [row.key, row.fileId]));
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
