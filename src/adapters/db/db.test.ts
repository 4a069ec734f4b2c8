import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle, queryRows } from './db.js';
import { createTestDatabase, migrationsFolder } from './db.test-utils.js';

/** Every column and index of the public schema, and the migrations recorded as applied. */
async function describeSchema(handle: DatabaseHandle) {
  const columns = await queryRows<Record<string, unknown>>(
    handle.db,
    sql`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const indexes = await queryRows<Record<string, unknown>>(
    handle.db,
    sql`select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`,
  );
  const migrations = await queryRows<{ hash: string }>(
    handle.db,
    sql`select hash from drizzle.__drizzle_migrations order by created_at`,
  );
  return { columns, indexes, migrations: migrations.map((row) => row.hash) };
}

describe('migrations', () => {
  it('apply on an empty PGlite and are idempotent', async () => {
    const handle = await createDatabase({ options: { kind: 'pglite-memory' }, migrationsFolder });
    await handle.migrate();
    await handle.migrate();
    const tables = await queryRows<{ tablename: string }>(
      handle.db,
      sql`select tablename from pg_tables where schemaname = 'public' order by 1`,
    );
    expect(tables.map((r) => r.tablename)).toEqual([
      'admin_revoked_sessions',
      'app_meta',
      'bot_chats',
      'bot_users',
      'broadcast_deliveries',
      'broadcasts',
      'campaign_submissions',
      'campaigns',
      'login_failures',
      'rate_limits',
      'telegram_conversations',
      'telegram_files',
      'telegram_processed_updates',
      'templates',
      'usage_events',
      'usage_rollup_state',
      'usage_slot_counts',
      'usage_users',
      'usage_window_code_users',
      'usage_window_codes',
      'usage_window_counts',
      'usage_window_users',
      'usage_windows',
    ]);
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    expect((await describeSchema(handle)).migrations).toHaveLength(journal.entries.length);

    // Test databases start from a cached snapshot: it must be exactly what the migrations build.
    const fromSnapshot = await createTestDatabase('pglite');
    expect(await describeSchema(fromSnapshot)).toEqual(await describeSchema(handle));
    await fromSnapshot.close();
    await handle.close();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'apply once when several processes boot at the same time on PostgreSQL',
    async () => {
      const serverUrl = process.env.TEST_DATABASE_URL!;
      const name = `ps_test_boot_${Date.now()}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const handles = await Promise.all(
        Array.from({ length: 4 }, () =>
          createDatabase({
            options: { kind: 'postgres', connectionString: url.toString(), ssl: false },
            migrationsFolder,
          }),
        ),
      );
      await Promise.all(handles.map((h) => h.migrate()));
      const applied = await queryRows<{ n: number }>(
        handles[0]!.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
        entries: unknown[];
      };
      expect(applied[0]?.n).toBe(journal.entries.length);
      await Promise.all(handles.map((h) => h.close()));
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    },
  );
});
