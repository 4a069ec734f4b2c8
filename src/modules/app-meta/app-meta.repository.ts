import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { appMetaTable } from './app-meta.table.js';

export interface AppMetaRepository {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export function createAppMetaRepository({ db }: { db: Db }): AppMetaRepository {
  return {
    async get(key) {
      const [row] = await db.select().from(appMetaTable).where(eq(appMetaTable.key, key));
      return row?.value ?? null;
    },
    async set(key, value) {
      await db
        .insert(appMetaTable)
        .values({ key, value })
        .onConflictDoUpdate({ target: appMetaTable.key, set: { value, updatedAt: sql`now()` } });
    },
  };
}
