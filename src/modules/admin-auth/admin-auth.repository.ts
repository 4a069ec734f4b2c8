import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { appMetaTable } from '../app-meta/app-meta.table.js';
import { loginFailuresTable, revokedSessionsTable } from './login-failures.table.js';

const EPOCH_KEY = 'admin_session_epoch';

export interface AdminAuthRepository {
  countFailuresSince(input: { ip: string; since: Date }): Promise<number>;
  recordFailure(input: { ip: string; at: Date }): Promise<void>;
  /** Drops failures older than `before` so the table stays small. */
  pruneFailures(before: Date): Promise<void>;
  currentEpoch(): Promise<number>;
  /** "Log out everywhere": every cookie signed for an older epoch stops working, on every process. */
  bumpEpoch(): Promise<number>;
  /** "Log out": this session stops working on every process (kept until it would have expired anyway). */
  revokeSession(input: { sessionId: string; expiresAt: Date; now: Date }): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
}

export function createAdminAuthRepository({ db }: { db: Db }): AdminAuthRepository {
  return {
    async countFailuresSince({ ip, since }) {
      const [row] = await db
        .select({ n: count() })
        .from(loginFailuresTable)
        .where(and(eq(loginFailuresTable.ip, ip), gt(loginFailuresTable.at, since)));
      return row?.n ?? 0;
    },
    async recordFailure({ ip, at }) {
      await db.insert(loginFailuresTable).values({ ip, at });
    },
    async pruneFailures(before) {
      await db.delete(loginFailuresTable).where(lt(loginFailuresTable.at, before));
    },
    async currentEpoch() {
      const [row] = await db.select().from(appMetaTable).where(eq(appMetaTable.key, EPOCH_KEY));
      return typeof row?.value === 'number' ? row.value : 0;
    },
    async revokeSession({ sessionId, expiresAt, now }) {
      await db.insert(revokedSessionsTable).values({ sessionId, expiresAt }).onConflictDoNothing();
      await db.delete(revokedSessionsTable).where(lt(revokedSessionsTable.expiresAt, now));
    },
    async isRevoked(sessionId) {
      const [row] = await db
        .select({ sessionId: revokedSessionsTable.sessionId })
        .from(revokedSessionsTable)
        .where(eq(revokedSessionsTable.sessionId, sessionId));
      return Boolean(row);
    },
    async bumpEpoch() {
      const [row] = await db
        .insert(appMetaTable)
        .values({ key: EPOCH_KEY, value: 1 })
        .onConflictDoUpdate({
          target: appMetaTable.key,
          set: { value: sql`to_jsonb(coalesce((${appMetaTable.value})::text::int, 0) + 1)`, updatedAt: sql`now()` },
        })
        .returning();
      return Number(row?.value ?? 1);
    },
  };
}
