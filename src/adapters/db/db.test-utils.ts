import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { findProjectRoot } from '../../shared/project-root.js';
import { createDatabase, type DatabaseHandle, queryRows } from './db.js';
import { loadPgliteSnapshot } from './pglite-snapshot.test-utils.js';
import { createScratchPostgres } from './scratch-postgres.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** PGlite always; the real PostgreSQL at TEST_DATABASE_URL as well when it is set (CI sets it). */
export const TEST_DATABASE_KINDS: TestDatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

export const migrationsFolder = join(findProjectRoot(), 'drizzle');

/**
 * A fresh, migrated database: in-memory PGlite started from a migrated snapshot (see pglite-snapshot.test-utils.ts), or
 * a new database on the test server that is dropped on close.
 */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<DatabaseHandle & { url?: string }> {
  if (kind === 'pglite') {
    const snapshot = await loadPgliteSnapshot(migrationsFolder);
    const handle = await createDatabase({ options: { kind: 'pglite-memory', snapshot }, migrationsFolder });
    // Nothing to apply (the snapshot is keyed by the migrations); a few milliseconds to be sure of it.
    await handle.migrate();
    return handle;
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const scratch = await createScratchPostgres(serverUrl);
  const handle = await createDatabase({
    options: { kind: 'postgres', connectionString: scratch.url, ssl: false },
    migrationsFolder,
  });
  await handle.migrate();
  return {
    ...handle,
    url: scratch.url,
    async close() {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** Runs the same suite once per available database kind. */
export function describeEachDatabase(name: string, suite: (kind: TestDatabaseKind) => void): void {
  for (const kind of TEST_DATABASE_KINDS) describe(`${name} [${kind}]`, () => suite(kind));
}

/**
 * One migrated database for a whole suite (cheaper than one per test), emptied before each test so every test
 * starts from a clean catalogue. Returns a getter to call inside tests.
 */
export function useTestDatabase(kind: TestDatabaseKind): () => DatabaseHandle {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase(kind);
  });
  beforeEach(async () => {
    const tables = await queryRows<{ tablename: string }>(
      handle!.db,
      sql`select tablename from pg_tables where schemaname = 'public'`,
    );
    const names = tables.map((row) => `"${row.tablename}"`).join(', ');
    if (names) await handle!.db.execute(sql.raw(`truncate ${names} restart identity cascade`));
  });
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error('the test database is not ready');
    return handle;
  };
}
