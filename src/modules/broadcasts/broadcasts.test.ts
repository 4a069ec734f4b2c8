import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../adapters/db/db.test-utils.js';
import { createMemoryStorage } from '../../adapters/storage/memory-storage.js';
import { type FakeTelegram, startFakeTelegram } from '../../adapters/telegram/telegram.fake-server.js';
import { botUsersTable } from '../bot-users/bot-users.table.js';
import { testPng } from '../templates/templates.test-utils.js';
import {
  addBotUsers,
  broadcastGatewayFor,
  broadcastsDepsFor,
  messagesPerChat,
  type RunningWorker,
  startTestWorker,
  useBroadcastTestDatabase,
  waitForStatus,
} from './broadcasts.test-utils.js';
import { createBroadcast, listProblems, uploadBroadcastImage } from './broadcasts.usecases.js';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describeEachDatabase('broadcasts on the job engine', (kind) => {
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

  it('reaches every user once: blocked ones are marked, 429s wait, a flaky chat succeeds on its third try', async () => {
    const users = range(1000, 300);
    await addBotUsers(databases.database, users);
    const blocked = range(1000, 10);
    for (const chatId of blocked) telegram.failFor(chatId, { status: 403 });
    for (const chatId of range(1010, 10)) telegram.failFor(chatId, { status: 429, retryAfter: 1, times: 1 });
    telegram.failFor(1020, { status: 500, times: 2 });
    const running = await worker({ rate: 400 });
    const admin = deps(running.engine);

    const created = await createBroadcast(admin, { message: 'Hello **everyone**', days: 0, image: null });
    expect(created).toEqual({ job_id: expect.any(Number), total_users: 300 });
    const job = await waitForStatus(admin, created.job_id, ['completed']);

    expect(job).toMatchObject({ total: 300, sent: 290, blocked: 10, failed: 0, remaining: 0 });
    const received = messagesPerChat(telegram.calls);
    expect([...received.keys()].sort()).toEqual(users.filter((id) => !blocked.includes(id)));
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const attemptsOf1020 = telegram.calls.filter((call) => Number(call.params.chat_id) === 1020);
    expect(attemptsOf1020.map((call) => call.status)).toEqual([500, 500, 200]);
    const blockedRows = await databases.database.db.select().from(botUsersTable).where(eq(botUsersTable.blocked, true));
    expect(blockedRows.map((row) => row.chatId).sort()).toEqual(blocked);
    // Blocked users stay in the audience table (marked, not deleted), and their reason is kept.
    const problems = await listProblems(admin, { id: created.job_id, page: 1, pageSize: 50 });
    expect(problems.total).toBe(10);
    expect(problems.problems[0]).toMatchObject({ status: 'blocked', error: 'Forbidden: bot was blocked by the user' });
  });

  it('sends the HTML the formatting makes, with everything typed escaped', async () => {
    await addBotUsers(databases.database, [42]);
    const running = await worker({ rate: 100 });
    const admin = deps(running.engine);
    const { job_id } = await createBroadcast(admin, {
      message: '<b>not bold</b> & **bold** [shop](https://example.com/?a=1&b=2) <script>x</script>',
      days: 0,
      image: null,
    });
    await waitForStatus(admin, job_id, ['completed']);
    const [sent] = telegram.delivered('sendMessage');
    expect(sent!.params).toMatchObject({
      parse_mode: 'HTML',
      text: '&lt;b&gt;not bold&lt;/b&gt; &amp; <b>bold</b> <a href="https://example.com/?a=1&amp;b=2">shop</a> &lt;script&gt;x&lt;/script&gt;',
    });
  });

  it('uploads a photo once and sends its file_id to everyone else', async () => {
    await addBotUsers(databases.database, range(500, 40));
    const storage = createMemoryStorage();
    const running = await worker({ rate: 200, storage });
    const admin = deps(running.engine, { storage });
    const image = await uploadBroadcastImage(admin, { buffer: await testPng() });
    const { job_id } = await createBroadcast(admin, {
      message: 'New template!',
      days: 0,
      image: { upload: image.key },
    });
    const job = await waitForStatus(admin, job_id, ['completed']);
    expect(job.sent).toBe(40);
    const photos = telegram.delivered('sendPhoto');
    expect(photos).toHaveLength(40);
    expect(photos.filter((call) => call.upload !== null)).toHaveLength(1);
    const fileId = photos.find((call) => call.upload)!.fileId;
    expect(photos.filter((call) => !call.upload).every((call) => call.params.photo === fileId)).toBe(true);
    expect(photos[0]!.params).toMatchObject({ caption: 'New template!', parse_mode: 'HTML' });
  });

  it('does not repeat the sends a crashed sender left open, and reports them', async () => {
    await addBotUsers(databases.database, range(6000, 50));
    const admin = deps(null);
    const { job_id } = await createBroadcast(admin, { message: 'After a crash', days: 0, image: null });
    // What a process killed mid-send leaves behind: the broadcast running, three recipients claimed, none settled.
    const repository = admin.broadcastsRepository;
    await repository.markRunning(job_id);
    for (const chatId of [6000, 6001, 6002]) await repository.claim({ id: job_id, chatId, claim: 'dead-process' });

    await worker({ rate: 200 });
    const job = await waitForStatus(admin, job_id, ['completed']);
    expect(job).toMatchObject({ sent: 47, failed: 3, remaining: 0 });
    const received = messagesPerChat(telegram.calls);
    expect(received.size).toBe(47);
    expect([6000, 6001, 6002].some((chatId) => received.has(chatId))).toBe(false);
    const { problems } = await listProblems(admin, { id: job_id, page: 1, pageSize: 50 });
    expect(problems.map((p) => p.chat_id)).toEqual([6000, 6001, 6002]);
    expect(problems[0]!.error).toMatch(/Interrupted while sending/);
  });

  it('refuses a broadcast nobody would receive, and one too long for a photo caption', async () => {
    await addBotUsers(databases.database, [7]);
    await databases.database.db.update(botUsersTable).set({ blocked: true });
    const admin = deps(null);
    await expect(createBroadcast(admin, { message: 'Hi', days: 0, image: null })).rejects.toMatchObject({
      code: 'broadcast.no_recipients',
    });
    const image = await uploadBroadcastImage(admin, { buffer: await testPng() });
    await expect(
      createBroadcast(admin, { message: 'x'.repeat(1025), days: 0, image: { upload: image.key } }),
    ).rejects.toMatchObject({ code: 'broadcast.too_long' });
  });
});
