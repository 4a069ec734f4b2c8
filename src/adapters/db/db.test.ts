import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDatabase, queryRows } from './db.js';
import { createTestDatabase, migrationsFolder } from './db.test-utils.js';

describe('migrations', () => {
  it('apply on PGlite and are idempotent', async () => {
    const handle = await createTestDatabase('pglite');
    await handle.migrate();
    const tables = await queryRows<{ tablename: string }>(
      handle.db,
      sql`select tablename from pg_tables where schemaname = 'public' order by 1`,
    );
    expect(tables.map((r) => r.tablename)).toEqual([
      'app_meta',
      'bot_chats',
      'bot_users',
      'login_failures',
      'telegram_conversations',
      'telegram_files',
      'telegram_processed_updates',
      'templates',
      'usage_events',
    ]);
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
