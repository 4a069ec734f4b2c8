import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../adapters/db/db.test-utils.js';
import type { createMemoryStorage } from '../../adapters/storage/memory-storage.js';
import { type FakeTelegram, startFakeTelegram } from '../../adapters/telegram/telegram.fake-server.js';
import { maxInFlightFor } from './broadcast-pacer.js';
import {
  addBotUsers,
  broadcastGatewayFor,
  broadcastsDepsFor,
  busiestWindow,
  messagesPerChat,
  type RunningWorker,
  startTestWorker,
  useBroadcastTestDatabase,
  waitForStatus,
} from './broadcasts.test-utils.js';
import type { BroadcastGateway } from './broadcasts.types.js';
import { cancelBroadcast, createBroadcast, getBroadcast } from './broadcasts.usecases.js';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describeEachDatabase('broadcast workers: pace, cancel, handover', (kind) => {
  let telegram: FakeTelegram;
  const databases = useBroadcastTestDatabase(kind);
  const workers: RunningWorker[] = [];

  beforeEach(async () => {
    telegram = await startFakeTelegram();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    await telegram.close();
  });

  async function worker(options: Partial<Parameters<typeof startTestWorker>[0]> & { rate: number }) {
    const running = await startTestWorker({
      database: databases.database,
      gateway: broadcastGatewayFor(telegram),
      ...options,
    });
    workers.push(running);
    return running;
  }
  const deps = (
    engine: RunningWorker['engine'] | null,
    options: { storage?: ReturnType<typeof createMemoryStorage> } = {},
  ) => broadcastsDepsFor({ database: databases.database, gateway: broadcastGatewayFor(telegram), engine, ...options });

  it('never sends more than 25 messages in any second at 20 per second, retries included, 4 calls out at most', async () => {
    // Telegram's own answer times, and a few chats that fail once, so retries go through the same door.
    await telegram.close();
    telegram = await startFakeTelegram({ sendLatencyMs: () => 30 + Math.random() * 120 });
    for (const chatId of range(2000, 10)) telegram.failFor(chatId, { status: 500 });
    await addBotUsers(databases.database, range(2000, 200));
    const stand = broadcastGatewayFor(telegram);
    let out = 0;
    let mostOut = 0;
    const gateway: BroadcastGateway = {
      ...stand,
      async sendText(input) {
        mostOut = Math.max(mostOut, ++out);
        try {
          await stand.sendText(input);
        } finally {
          out--;
        }
      },
    };
    const running = await worker({ rate: 20, gateway, timing: { sliceSeconds: 4, expireSeconds: 20 } });
    const admin = deps(running.engine);
    const { job_id } = await createBroadcast(admin, { message: 'Paced', days: 0, image: null });
    await waitForStatus(admin, job_id, ['completed'], 30_000);
    expect(telegram.delivered('sendMessage')).toHaveLength(200);
    expect(telegram.calls.filter((call) => call.method === 'sendMessage')).toHaveLength(210);
    expect(busiestWindow(telegram.calls)).toBeLessThanOrEqual(25);
    expect(mostOut).toBeLessThanOrEqual(maxInFlightFor(20));
  }, 40_000);

  it('stops within a second of a cancel, and keeps what was not sent as remaining', async () => {
    await addBotUsers(databases.database, range(3000, 200));
    const running = await worker({ rate: 40 });
    const admin = deps(running.engine);
    const { job_id } = await createBroadcast(admin, { message: 'Stop me', days: 0, image: null });
    await telegram.waitFor((calls) => calls.filter((call) => call.method === 'sendMessage').length >= 20);
    const cancelledAt = Date.now();
    expect((await cancelBroadcast(admin, job_id)).status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const late = telegram.calls.filter((call) => call.method === 'sendMessage' && call.at > cancelledAt + 1000);
    expect(late).toHaveLength(0);
    const job = await getBroadcast(admin, job_id);
    expect(job.status).toBe('cancelled');
    expect(job.sent + job.remaining).toBe(200);
    expect(job.remaining).toBeGreaterThan(100);
  });

  it('has one sender at a time with two workers on the database, each user getting one message', async () => {
    await addBotUsers(databases.database, range(4000, 300));
    const sending = { a: 0, b: 0 };
    let overlaps = 0;
    const tracked = (name: 'a' | 'b'): BroadcastGateway => {
      const real = broadcastGatewayFor(telegram);
      return {
        async sendText(input) {
          sending[name]++;
          if (sending[name === 'a' ? 'b' : 'a'] > 0) overlaps++;
          try {
            await real.sendText(input);
          } finally {
            sending[name]--;
          }
        },
        sendPhoto: real.sendPhoto,
      };
    };
    const a = await worker({ rate: 100, gateway: tracked('a') });
    await worker({ rate: 100, gateway: tracked('b'), database: databases.second });
    const admin = deps(a.engine);
    const { job_id } = await createBroadcast(admin, { message: 'Two workers', days: 0, image: null });
    const job = await waitForStatus(admin, job_id, ['completed']);
    expect(job.sent).toBe(300);
    expect([...messagesPerChat(telegram.calls).values()].every((n) => n === 1)).toBe(true);
    expect(messagesPerChat(telegram.calls).size).toBe(300);
    expect(overlaps).toBe(0);
  });

  it('resumes on another worker when one stops mid-job, without sending anyone a second message', async () => {
    await addBotUsers(databases.database, range(5000, 200));
    // Long leases: only the stopping worker handing its job back lets the other one continue in time.
    const timing = { sliceSeconds: 20, expireSeconds: 600 };
    const a = await worker({ rate: 50, timing });
    const admin = deps(a.engine);
    const { job_id } = await createBroadcast(admin, { message: 'Handed over', days: 0, image: null });
    await telegram.waitFor((calls) => calls.filter((call) => call.method === 'sendMessage').length >= 40);
    await a.stop();
    const sentByA = telegram.delivered('sendMessage').length;
    expect(sentByA).toBeLessThan(200);
    await worker({ rate: 50, timing, database: databases.second });
    const job = await waitForStatus(admin, job_id, ['completed']);
    expect(job).toMatchObject({ sent: 200, failed: 0 });
    expect([...messagesPerChat(telegram.calls).values()].every((n) => n === 1)).toBe(true);
  });
});
