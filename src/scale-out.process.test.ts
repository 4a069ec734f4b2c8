import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle, queryRows } from './adapters/db/db.js';
import { createTestDatabase, migrationsFolder } from './adapters/db/db.test-utils.js';
import { type FakeTelegram, messagesPerChat, startFakeTelegram } from './adapters/telegram/telegram.fake-server.js';
import { channelPost } from './bot/bot.test-utils.js';
import { freePort, startMain, waitForServing } from './main.test-utils.js';
import { addBotUsers } from './modules/broadcasts/broadcasts.test-utils.js';
import { testPng } from './modules/templates/templates.test-utils.js';

const SECRET = 'scale-out-webhook-secret-01234';

/** The JSON log lines of a process with this message (a line still being written is skipped). */
function logEntries<T>(run: { output(): string }, msg: string): T[] {
  return run
    .output()
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as T];
      } catch {
        return [];
      }
    });
}
const PASSWORD = 'scale-out admin password';

/**
 * A round-robin HTTP proxy on loopback, as a load balancer with no sticky sessions; like one with health checks, it
 * passes a request that finds a process gone (refused connection) on to the next.
 */
async function startRoundRobin(ports: number[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const attempt = (triesLeft: number) => {
      const port = ports[next++ % ports.length]!;
      const upstream = request(
        { host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => (triesLeft > 1 ? attempt(triesLeft - 1) : outgoing.writeHead(502).end()));
      upstream.end(body);
    };
    attempt(ports.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

/**
 * OPS-3, proven: three app processes on one PostgreSQL and one S3-compatible bucket, behind a round-robin proxy,
 * behave as one app. PostgreSQL only (an embedded PGlite folder belongs to one process).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('three processes behind a load balancer', () => {
  let telegram: FakeTelegram;
  let s3: S3rver;
  let database: DatabaseHandle & { url?: string };
  let reader: DatabaseHandle;
  let proxy: { url: string; server: Server };
  const runs: ReturnType<typeof startMain>[] = [];
  const ports: number[] = [];
  const dirs: string[] = [];
  let cookie = '';

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    const s3Dir = mkdtempSync(join(tmpdir(), 'ps-scale-s3-'));
    dirs.push(s3Dir);
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: 'scale-bucket', configs: [] }],
    });
    const { port: s3Port } = await s3.run();
    database = await createTestDatabase('postgres');
    reader = await createDatabase({
      options: { kind: 'postgres', connectionString: database.url!, ssl: false },
      migrationsFolder,
    });
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    proxy = await startRoundRobin(ports);
    const env = (port: number) => ({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'ps-scale-data-')),
      DATABASE_URL: database.url!,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: proxy.url,
      ADMIN_PASSWORD: PASSWORD,
      SESSION_SECRET: 'scale-out-session-secret-of-32-bytes-or-more',
      SPACES_BUCKET: 'scale-bucket',
      SPACES_ACCESS_KEY: 'S3RVER',
      SPACES_SECRET_KEY: 'S3RVER',
      SPACES_REGION: 'us-east-1',
      SPACES_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      SPACES_FORCE_PATH_STYLE: 'true',
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      RATE_LIMIT_VALIDATE_PER_MIN: '5',
      BROADCAST_RATE: '20',
      BROADCAST_LEASE_SECONDS: '5',
    });
    // All three boot at once on the empty database.
    for (const port of ports) runs.push(startMain(env(port)));
    await Promise.all(runs.map((run) => waitForServing(run)));
    const login = await fetch(`${proxy.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: proxy.url },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = /ps_admin=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
  }, 120_000);

  afterAll(async () => {
    for (const run of runs) run.child.kill('SIGKILL');
    await Promise.all(runs.map((run) => run.exited));
    proxy?.server.close();
    await reader?.close();
    await database?.close();
    await s3?.close();
    await telegram?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${proxy.url}${path}`, {
      ...init,
      headers: { origin: proxy.url, cookie: `ps_admin=${cookie}`, ...(init.headers ?? {}) },
    });
  const postUpdate = (port: number, update: object) =>
    fetch(`http://127.0.0.1:${port}/api/telegram-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });

  it('migrated the empty database once while all three booted together', async () => {
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const applied = await queryRows<{ n: number }>(
      reader.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied[0]!.n).toBe(journal.entries.length);
    const seeded = await queryRows<{ n: number }>(reader.db, sql`select count(*)::int as n from templates`);
    expect(seeded[0]!.n).toBe(3);
  });

  it('keeps an admin logged in on every process, and renders an upload on the others', async () => {
    for (let i = 0; i < 3; i++) expect((await admin('/api/check-auth')).status).toBe(200);
    const form = new FormData();
    form.append('name', 'Scale Out');
    form.append('squareImage', new Blob([new Uint8Array(await testPng({ width: 600, height: 600 }))]), 'square.png');
    expect((await admin('/api/upload-template', { method: 'POST', body: form })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const render = await fetch(`${proxy.url}/api/render/scale-out/square.png?code=SCALE${i}`);
      expect(render.status).toBe(200);
    }
  });

  it('hides a template from the bot on every process within 2 s of switching it off through one', async () => {
    const toggled = await admin('/api/toggle-telegram-template', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'flash-sale', enabled: false }),
    });
    expect(toggled.status).toBe(200);
    const chats = ports.map((_, i) => ({ id: -100_7000 - i, type: 'channel', title: `Chan ${i}` }));
    for (const [i, port] of ports.entries()) {
      expect((await postUpdate(port, channelPost('/flash-sale/SAVE20', chats[i]))).status).toBe(200);
    }
    await telegram.waitFor(
      (calls) =>
        chats.every((chat) => calls.some((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === chat.id)),
      10_000,
    );
    for (const chat of chats) {
      const reply = telegram.delivered('sendMessage').find((c) => Number(c.params.chat_id) === chat.id)!;
      expect(String(reply.params.text)).toContain('not available in Telegram');
    }
    expect(
      telegram.delivered('sendPhoto').filter((c) => chats.some((chat) => Number(c.params.chat_id) === chat.id)),
    ).toHaveLength(0);
  });

  it('handles updates spread over the processes once each, duplicates included', async () => {
    const updates = Array.from({ length: 12 }, (_, i) =>
      channelPost('/summer-deal/SUN', { id: -100_8000 - i, type: 'channel', title: `Spread ${i}` }),
    );
    const deliveries = updates.flatMap((update, i) => [
      postUpdate(ports[i % 3]!, update),
      // Telegram redelivers some, to another process.
      ...(i % 3 === 0 ? [postUpdate(ports[(i + 1) % 3]!, update)] : []),
    ]);
    expect((await Promise.all(deliveries)).every((res) => res.status === 200)).toBe(true);
    const spread = (calls: typeof telegram.calls) =>
      calls.filter(
        (c) =>
          c.method === 'sendPhoto' &&
          c.status === 200 &&
          Number(c.params.chat_id) <= -100_8000 &&
          Number(c.params.chat_id) > -100_8100,
      );
    await telegram.waitFor((calls) => spread(calls).length >= 12, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const photos = spread(telegram.calls);
    expect(photos).toHaveLength(12);
    expect(new Set(photos.map((c) => Number(c.params.chat_id))).size).toBe(12);
  });

  it('counts a rate limit across the processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${proxy.url}/api/validate-coupon`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ coupon_code: `LIMIT${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it('sends a broadcast from one process at a time, and finishes it when that process is killed', async () => {
    const users = Array.from({ length: 120 }, (_, i) => 70_000 + i);
    await addBotUsers(reader, users);
    const created = await admin('/api/broadcast', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'To everyone', days: 0 }),
    });
    expect(created.status).toBe(200);
    const { job_id } = (await created.json()) as { job_id: number };
    const sentToUsers = () => telegram.delivered('sendMessage').filter((c) => users.includes(Number(c.params.chat_id)));
    await telegram.waitFor(() => sentToUsers().length >= 20, 30_000);
    // The process that started the latest slice is the one sending now: kill it mid-slice.
    const latestStart = (run: (typeof runs)[number]) =>
      Math.max(0, ...logEntries<{ time: number }>(run, 'broadcast slice started').map((entry) => entry.time));
    const victim = runs.reduce((best, run, i) => (latestStart(run) > latestStart(runs[best]!) ? i : best), 0);
    expect(latestStart(runs[victim]!)).toBeGreaterThan(0);
    runs[victim]!.child.kill('SIGKILL');
    await runs[victim]!.exited;

    for (;;) {
      const status = (await (await admin(`/api/broadcast-status/${job_id}`)).json()) as { job?: { status: string } };
      if (status.job?.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const received = messagesPerChat(telegram.calls.filter((c) => users.includes(Number(c.params.chat_id))));
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const slices = runs
      .flatMap((run) => logEntries<{ time: number; seconds: number; sends: number }>(run, 'broadcast slice'))
      .filter((slice) => slice.sends > 0)
      .map((slice) => [slice.time - slice.seconds * 1000, slice.time] as const)
      .sort((a, b) => a[0] - b[0]);
    // One sender at a time: no two slices (from any processes) overlap.
    for (let i = 1; i < slices.length; i++) expect(slices[i]![0]).toBeGreaterThanOrEqual(slices[i - 1]![1] - 50);
  }, 90_000);
});
