import { and, asc, count, desc, eq, inArray, isNull, lte, or, sql, TransactionRollbackError } from 'drizzle-orm';
import { type Db, queryRows } from '../../adapters/db/db.js';
import { botUsersTable } from '../bot-users/bot-users.table.js';
import {
  type BroadcastImage,
  type BroadcastRecord,
  type DeliveryCounts,
  RATE_WINDOW_SECONDS,
} from './broadcasts.models.js';
import { broadcastsTable as broadcasts, broadcastDeliveriesTable as deliveries } from './broadcasts.table.js';

/** Private users a broadcast reaches: never blocked, and seen in the last `days` days unless `days` is 0. */
const audience = (days: number) =>
  and(
    eq(botUsersTable.blocked, false),
    days > 0 ? sql`${botUsersTable.lastSeenAt} >= now() - make_interval(days => ${days})` : undefined,
  );

const UNFINISHED = ['queued', 'running'] as const;

export interface PendingDelivery {
  chatId: number;
  attempts: number;
}

export function createBroadcastsRepository({ db }: { db: Db }) {
  return {
    async countAudience(days: number): Promise<number> {
      const [row] = await db.select({ n: count() }).from(botUsersTable).where(audience(days));
      return row?.n ?? 0;
    },

    /** The broadcast and one delivery row per recipient, in one transaction; null when nobody would receive it. */
    async create(input: {
      message: string;
      html: string;
      days: number;
      image: BroadcastImage | null;
    }): Promise<{ id: number; total: number } | null> {
      return db
        .transaction(async (tx) => {
          const [created] = await tx
            .insert(broadcasts)
            .values({ ...input, total: 0 })
            .returning({ id: broadcasts.id });
          const id = created!.id;
          const [inserted] = await queryRows<{ n: number }>(
            tx,
            sql`with inserted as (
                insert into ${deliveries} (broadcast_id, chat_id)
                select ${id}, ${botUsersTable.chatId} from ${botUsersTable} where ${audience(input.days)}
                returning 1)
              select count(*)::int as n from inserted`,
          );
          const total = inserted?.n ?? 0;
          if (total === 0) {
            tx.rollback();
            return null;
          }
          await tx.update(broadcasts).set({ total }).where(eq(broadcasts.id, id));
          return { id, total };
        })
        .catch((error: unknown) => {
          // Drizzle's rollback() throws to unwind the transaction; nobody to send to is an answer, not a failure.
          if (error instanceof TransactionRollbackError) return null;
          throw error;
        });
    },

    async get(id: number): Promise<(BroadcastRecord & { html: string; photoFileId: string | null }) | null> {
      const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id));
      return row ?? null;
    },

    async page({ page, pageSize }: { page: number; pageSize: number }) {
      const rows = await db
        .select()
        .from(broadcasts)
        .orderBy(desc(broadcasts.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [total] = await db.select({ n: count() }).from(broadcasts);
      return { rows, total: total?.n ?? 0 };
    },

    /** Every delivery state of the given broadcasts, and how many were sent in the last few seconds. */
    async counts(ids: number[]): Promise<Map<number, DeliveryCounts>> {
      const result = new Map<number, DeliveryCounts>();
      if (ids.length === 0) return result;
      const rows = await queryRows<{ broadcast_id: string; status: string; n: string; recent: string }>(
        db,
        sql`select broadcast_id, status, count(*) as n,
              count(*) filter (where status = 'sent'
                and settled_at > now() - make_interval(secs => ${RATE_WINDOW_SECONDS})) as recent
            from ${deliveries} where broadcast_id in ${ids} group by broadcast_id, status`,
      );
      for (const id of ids) result.set(id, { pending: 0, sending: 0, sent: 0, blocked: 0, failed: 0, recentlySent: 0 });
      for (const row of rows) {
        const counts = result.get(Number(row.broadcast_id))!;
        counts[row.status as keyof Omit<DeliveryCounts, 'recentlySent'>] = Number(row.n);
        counts.recentlySent += Number(row.recent);
      }
      return result;
    },

    /** Failed and blocked recipients, with Telegram's words and who they are. */
    async problems({ id, page, pageSize }: { id: number; page: number; pageSize: number }) {
      const where = and(eq(deliveries.broadcastId, id), inArray(deliveries.status, ['failed', 'blocked']));
      const rows = await db
        .select({
          chatId: deliveries.chatId,
          status: deliveries.status,
          attempts: deliveries.attempts,
          error: deliveries.error,
          settledAt: deliveries.settledAt,
          username: botUsersTable.username,
          firstName: botUsersTable.firstName,
        })
        .from(deliveries)
        .leftJoin(botUsersTable, eq(botUsersTable.chatId, deliveries.chatId))
        .where(where)
        .orderBy(asc(deliveries.chatId))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [total] = await db.select({ n: count() }).from(deliveries).where(where);
      return { rows, total: total?.n ?? 0 };
    },

    /** Queued or running, not cancelled: the cancel wins over a running sender, which checks often. */
    async cancel(id: number): Promise<boolean> {
      const rows = await db
        .update(broadcasts)
        .set({ status: 'cancelled', finishedAt: sql`now()` })
        .where(and(eq(broadcasts.id, id), inArray(broadcasts.status, [...UNFINISHED])))
        .returning({ id: broadcasts.id });
      return rows.length > 0;
    },

    /** The oldest broadcast still to send: broadcasts go out one after another, in the order they were made. */
    async nextUnfinished() {
      const [row] = await db
        .select()
        .from(broadcasts)
        .where(inArray(broadcasts.status, [...UNFINISHED]))
        .orderBy(asc(broadcasts.id))
        .limit(1);
      return row ?? null;
    },

    async status(id: number) {
      const [row] = await db.select({ status: broadcasts.status }).from(broadcasts).where(eq(broadcasts.id, id));
      return row?.status ?? null;
    },

    async markRunning(id: number): Promise<void> {
      await db
        .update(broadcasts)
        .set({ status: 'running', startedAt: sql`coalesce(${broadcasts.startedAt}, now())` })
        .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'queued')));
    },

    async finish(id: number, outcome: { status: 'completed' } | { status: 'failed'; error: string }): Promise<void> {
      await db
        .update(broadcasts)
        .set({ ...outcome, finishedAt: sql`now()` })
        .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'running')));
    },

    async setPhotoFileId(id: number, fileId: string): Promise<void> {
      await db.update(broadcasts).set({ photoFileId: fileId }).where(eq(broadcasts.id, id));
    },

    /**
     * Sends another sender claimed and never settled (its process died mid-send): Telegram may or may not have
     * delivered them, so they are not sent again — no user gets a message twice — and are reported as failed.
     */
    async settleAbandoned(id: number, claim: string): Promise<number> {
      const rows = await db
        .update(deliveries)
        .set({
          status: 'failed',
          error: 'Interrupted while sending (the sending process stopped): it may have arrived; not sent again',
          settledAt: sql`now()`,
        })
        .where(
          and(
            eq(deliveries.broadcastId, id),
            eq(deliveries.status, 'sending'),
            sql`${deliveries.claim} is distinct from ${claim}`,
          ),
        )
        .returning({ chatId: deliveries.chatId });
      return rows.length;
    },

    /** Recipients whose turn it is, in a stable order. */
    async due(id: number, limit: number): Promise<PendingDelivery[]> {
      return db
        .select({ chatId: deliveries.chatId, attempts: deliveries.attempts })
        .from(deliveries)
        .where(
          and(
            eq(deliveries.broadcastId, id),
            eq(deliveries.status, 'pending'),
            or(isNull(deliveries.nextAttemptAt), lte(deliveries.nextAttemptAt, sql`now()`)),
          ),
        )
        .orderBy(asc(deliveries.chatId))
        .limit(limit);
    },

    /** Milliseconds until the next recipient waiting out a rate limit or a backoff is due; null when none waits. */
    async msUntilNextDue(id: number): Promise<number | null> {
      const [row] = await queryRows<{ ms: string | null }>(
        db,
        sql`select case when count(*) = 0 then null
              else greatest(0, extract(epoch from (min(next_attempt_at) - now())) * 1000) end as ms
            from ${deliveries} where broadcast_id = ${id} and status = 'pending'`,
      );
      return row?.ms == null ? null : Number(row.ms);
    },

    /** Takes one recipient for sending; false when someone else has, or it is settled. */
    async claim({ id, chatId, claim }: { id: number; chatId: number; claim: string }): Promise<boolean> {
      const rows = await db
        .update(deliveries)
        .set({ status: 'sending', claim })
        .where(and(eq(deliveries.broadcastId, id), eq(deliveries.chatId, chatId), eq(deliveries.status, 'pending')))
        .returning({ chatId: deliveries.chatId });
      return rows.length > 0;
    },

    /**
     * Settles a recipient this sender claimed: sent, blocked, failed, or back to pending until `retryInMs` has passed.
     */
    async settle({
      id,
      chatId,
      claim,
      outcome,
    }: {
      id: number;
      chatId: number;
      claim: string;
      outcome:
        | { status: 'sent' | 'blocked' | 'failed'; attempts?: number; error?: string }
        | { status: 'pending'; attempts: number; error: string | null; retryInMs: number };
    }): Promise<void> {
      const common = { status: outcome.status, error: outcome.error ?? null, attempts: outcome.attempts };
      const set =
        outcome.status === 'pending'
          ? { ...common, claim: null, nextAttemptAt: sql`now() + make_interval(secs => ${outcome.retryInMs / 1000})` }
          : { ...common, settledAt: sql`now()` };
      await db
        .update(deliveries)
        .set(set)
        .where(
          and(
            eq(deliveries.broadcastId, id),
            eq(deliveries.chatId, chatId),
            eq(deliveries.claim, claim),
            // A row settled meanwhile (as abandoned, by whoever resumed the broadcast) stays settled.
            eq(deliveries.status, 'sending'),
          ),
        );
    },
  };
}

export type BroadcastsRepository = ReturnType<typeof createBroadcastsRepository>;
