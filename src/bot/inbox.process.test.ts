import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASE_KINDS } from '../adapters/db/db.test-utils.js';
import { startFakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import { freePort, startMain, waitForServing } from '../main.test-utils.js';
import { channelPost } from './bot.test-utils.js';

const SECRET = 'inbox-test-secret-0123456789';

/** OPS-6: an update acknowledged by a process that dies before answering it is answered by the next one. */
describe('the Telegram inbox across processes', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(TEST_DATABASE_KINDS)('on %s', (kind) => {
    it('posts the photo once when the process that acknowledged the command is killed before sending it', async () => {
      const telegram = await startFakeTelegram();
      const dataDir = mkdtempSync(join(tmpdir(), 'ps-inbox-'));
      dirs.push(dataDir);
      const server = kind === 'postgres' ? await createTestDatabase('postgres') : null;
      const channel = { id: -100_4242, type: 'channel', title: 'Deals' };
      // The first photo sent there is taken by "Telegram" and never answered: the process dies waiting.
      telegram.failFor(channel.id, { status: 'hang', times: 1 });
      const env = (port: number) => ({
        DATA_DIR: dataDir,
        ...(server ? { DATABASE_URL: server.url! } : {}),
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_UPDATE_LEASE_SECONDS: '5',
      });
      const runs: ReturnType<typeof startMain>[] = [];
      try {
        const portA = await freePort();
        const a = startMain(env(portA));
        runs.push(a);
        await waitForServing(a);
        const ack = await fetch(`http://127.0.0.1:${portA}/api/telegram-webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify(channelPost('/flash-sale/SAVE20', channel)),
        });
        expect(ack.status).toBe(200);
        await telegram.waitFor((calls) => calls.some((c) => c.method === 'sendPhoto'), 30_000);
        a.child.kill('SIGKILL');
        await a.exited;
        expect(telegram.delivered('sendPhoto')).toHaveLength(0);

        const b = startMain(env(await freePort()));
        runs.push(b);
        await waitForServing(b);
        await telegram.waitFor((calls) => calls.some((c) => c.method === 'sendPhoto' && c.status === 200), 60_000);
        const photos = telegram.delivered('sendPhoto');
        expect(photos).toHaveLength(1);
        expect(Number(photos[0]!.params.chat_id)).toBe(channel.id);
        expect(photos[0]!.params.caption).toBe('Flash Sale · SAVE20');
        b.child.kill('SIGTERM');
        expect(await b.exited).toBe(0);
        // Answered once: nothing else came after the handled update.
        expect(telegram.delivered('sendPhoto')).toHaveLength(1);
      } finally {
        for (const run of runs) run.child.kill('SIGKILL');
        await server?.close();
        await telegram.close();
      }
    }, 120_000);
  });
});
