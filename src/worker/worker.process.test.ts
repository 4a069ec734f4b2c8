import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle, queryRows } from '../adapters/db/db.js';
import { createTestDatabase, migrationsFolder, TEST_DATABASE_KINDS } from '../adapters/db/db.test-utils.js';
import { startFakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import { startMain } from '../main.test-utils.js';
import { maxInFlightFor } from '../modules/broadcasts/broadcast-pacer.js';
import { createBroadcastsRepository } from '../modules/broadcasts/broadcasts.repository.js';
import { addBotUsers, messagesPerChat } from '../modules/broadcasts/broadcasts.test-utils.js';

/** `npm run worker` as separate processes on one database: stopped gracefully, killed, and resumed. */
describe('the worker process', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(TEST_DATABASE_KINDS)('on %s', (kind) => {
    it('survives a SIGTERM (last sends answered, job handed back) and a SIGKILL (resumed after the lease), nobody messaged twice', async () => {
      const telegram = await startFakeTelegram();
      const dataDir = mkdtempSync(join(tmpdir(), 'ps-worker-'));
      dirs.push(dataDir);
      const server = kind === 'postgres' ? await createTestDatabase('postgres') : null;
      // The test reads the database between runs; a PGlite folder belongs to one process at a time.
      const openDatabase = async () =>
        server ??
        (await createDatabase({ options: { kind: 'pglite', dataDir: join(dataDir, 'db') }, migrationsFolder }));
      const closeDatabase = async (handle: DatabaseHandle) => {
        if (handle !== server) await handle.close();
      };
      const users = Array.from({ length: 180 }, (_, i) => 9000 + i);
      const setup = await openDatabase();
      await setup.migrate();
      await addBotUsers(setup, users);
      const created = await createBroadcastsRepository({ db: setup.db }).create({
        message: 'Across processes',
        html: 'Across processes',
        days: 0,
        image: null,
      });
      await closeDatabase(setup);
      const env = {
        DATA_DIR: dataDir,
        ...(server ? { DATABASE_URL: server.url! } : {}),
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_MODE: 'polling',
        BROADCAST_RATE: '20',
        BROADCAST_LEASE_SECONDS: '5',
      };
      const sent = () => telegram.delivered('sendMessage').length;
      const deliveryStates = async () => {
        const handle = await openDatabase();
        const rows = await queryRows<{ status: string; n: number }>(
          handle.db,
          sql`select status, count(*)::int as n from broadcast_deliveries group by status`,
        );
        const job = await createBroadcastsRepository({ db: handle.db }).get(created!.id);
        await closeDatabase(handle);
        return { ...Object.fromEntries(rows.map((row) => [row.status, row.n])), job: job!.status } as Record<
          string,
          number | string
        >;
      };
      const runs: ReturnType<typeof startMain>[] = [];
      try {
        const a = startMain(env, ['worker']);
        runs.push(a);
        await telegram.waitFor(() => sent() >= 30, 30_000);
        a.child.kill('SIGTERM');
        expect(await a.exited).toBe(0);
        // Graceful: every send that was out got its answer and was recorded; nothing was cut off.
        const afterTerm = await deliveryStates();
        expect(afterTerm).toMatchObject({ sent: sent(), job: 'running' });
        expect(afterTerm).not.toHaveProperty('sending');
        expect(afterTerm).not.toHaveProperty('failed');

        const b = startMain(env, ['worker']);
        runs.push(b);
        const before = sent();
        await telegram.waitFor(() => sent() >= before + 30, 30_000);
        b.child.kill('SIGKILL');
        await b.exited;

        const c = startMain(env, ['worker']);
        runs.push(c);
        await telegram.waitFor(() => c.output().includes('broadcast completed'), 60_000);
        c.child.kill('SIGTERM');
        expect(await c.exited).toBe(0);

        const final = await deliveryStates();
        const received = messagesPerChat(telegram.calls);
        expect([...received.values()].every((n) => n === 1)).toBe(true);
        expect(final.job).toBe('completed');
        // The sends B had out when it was killed are reported, not repeated: some of them may have arrived.
        const interrupted = Number(final.failed ?? 0);
        expect(Number(final.sent) + interrupted).toBe(users.length);
        // At most the deliveries under way: twice the Telegram calls allowed out at once (claims run ahead of sends).
        expect(interrupted).toBeLessThanOrEqual(2 * maxInFlightFor(20));
        expect(received.size).toBeGreaterThanOrEqual(Number(final.sent));
        expect(received.size).toBeLessThanOrEqual(users.length);
      } finally {
        for (const run of runs) run.child.kill('SIGKILL');
        await server?.close();
        await telegram.close();
      }
    }, 120_000);
  });
});
