import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { findProjectRoot } from '../../shared/project-root.js';
import { createDatabase, type DatabaseHandle } from './db.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** PGlite always; the real PostgreSQL at TEST_DATABASE_URL as well when it is set (CI sets it). */
export const TEST_DATABASE_KINDS: TestDatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export const migrationsFolder = join(findProjectRoot(), 'drizzle');

/** A fresh, migrated database: in-memory PGlite, or a new database on the test server that is dropped on close. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<DatabaseHandle> {
  if (kind === 'pglite') {
    const handle = await createDatabase({ options: { kind: 'pglite-memory' }, migrationsFolder });
    await handle.migrate();
    return handle;
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ps_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDatabase({ options: { kind: 'postgres', connectionString: url.toString(), ssl: false }, migrationsFolder });
  await handle.migrate();
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** Runs the same suite once per available database kind. */
export function describeEachDatabase(name: string, suite: (kind: TestDatabaseKind) => void): void {
  for (const kind of TEST_DATABASE_KINDS) describe(`${name} [${kind}]`, () => suite(kind));
}
