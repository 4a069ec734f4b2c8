import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { createScratchPostgres } from '../src/adapters/db/scratch-postgres.js';
import { startFakeFunderPro } from '../src/adapters/funderpro/funderpro.fake-server.js';
import { type FakeTelegram, startFakeTelegram } from '../src/adapters/telegram/telegram.fake-server.js';
import { findProjectRoot } from '../src/shared/project-root.js';
import { startServer } from './api.bench.js';
import { percentile } from './bench-utils.js';

const SECRET = 'bench-webhook-secret-0123456789';
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

let updateId = Date.now() % 1_000_000_000;
const channelPost = (text: string, chatId: number) => {
  const chat = { id: chatId, type: 'channel', title: `Channel ${chatId}` };
  return {
    update_id: updateId++,
    channel_post: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat, sender_chat: chat, text },
  };
};

export interface BurstResult {
  /** Seen by the poster: from sending the request to reading the answer. */
  ack_p50_ms: number;
  ack_p95_ms: number;
  /** Fastify's own responseTime for the webhook requests: the time our code held each one. */
  handler_p95_ms: number;
  all_photos_sent_ms: number;
  /** From the burst's start: the last answer, and the first photo reaching Telegram (renders were under way by then). */
  last_ack_ms: number;
  first_photo_ms: number | null;
  /** Acknowledgements answered after the first photo went out (so while images were being drawn), and their p95. */
  acks_after_first_photo: number;
  ack_p95_after_first_photo_ms: number | null;
  uploads: number;
  peak_rss_mib: number;
}

/** bench/webhook-sender.ts in a child process: the sender's clock is not held up by the stand-ins in this process. */
async function sendFromOwnProcess(input: {
  url: string;
  secret: string;
  connections: number;
  bodies: string[];
}): Promise<{ startedAt: number; acks: number[]; answeredAt: number[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(findProjectRoot(), 'bench/webhook-sender.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify(input));
  const [output, [code]] = await Promise.all([text(child.stdout), once(child, 'exit')]);
  if (code !== 0) throw new Error(`the webhook sender failed (exit ${code})`);
  return JSON.parse(output) as { startedAt: number; acks: number[]; answeredAt: number[] };
}

/**
 * Posts one channel command per code to the webhook from `connections` parallel senders and waits until the stand-in
 * has a photo for every command.
 */
async function burst({
  url,
  telegram,
  pid,
  bodies,
  connections,
  handlerTimes,
  redelivery = false,
}: {
  url: string;
  telegram: FakeTelegram;
  pid: number;
  bodies: string[];
  connections: number;
  handlerTimes: number[];
  redelivery?: boolean;
}): Promise<BurstResult> {
  const before = telegram.delivered('sendPhoto').length;
  handlerTimes.length = 0;
  let peak = rssMiB(pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, 50);
  const { startedAt, acks, answeredAt } = await sendFromOwnProcess({
    url: `${url}/api/telegram-webhook`,
    secret: SECRET,
    connections,
    bodies,
  });
  // A redelivery is only claimed (and refused): no photo follows it.
  const expected = redelivery ? 0 : bodies.length;
  await telegram.waitFor(() => telegram.delivered('sendPhoto').length >= before + expected, 180_000);
  const allSent = Date.now() - startedAt;
  clearInterval(sampler);
  const firstPhoto = telegram.delivered('sendPhoto').slice(before)[0];
  const firstPhotoMs = firstPhoto && !redelivery ? firstPhoto.at - startedAt : null;
  const duringRenders = acks.filter((_, i) => firstPhotoMs !== null && answeredAt[i]! > firstPhotoMs);
  return {
    ack_p50_ms: percentile(acks, 50),
    ack_p95_ms: percentile(acks, 95),
    handler_p95_ms: percentile(handlerTimes, 95),
    all_photos_sent_ms: allSent,
    last_ack_ms: Math.max(...answeredAt),
    first_photo_ms: firstPhotoMs,
    acks_after_first_photo: duringRenders.length,
    ack_p95_after_first_photo_ms: duringRenders.length > 0 ? percentile(duringRenders, 95) : null,
    uploads: telegram
      .delivered('sendPhoto')
      .slice(before)
      .filter((call) => call.upload).length,
    peak_rss_mib: peak,
  };
}

/**
 * Acknowledgements while images are being drawn: 200 new channel commands are posted (first renders), and once the first
 * photo is out, `connections` senders post 200 plain channel messages the bot has nothing to do for (in other chats),
 * so each of their acknowledgements is the claim alone, made beside the renders, encodes and uploads of the commands.
 */
async function burstDuringRenders({
  url,
  telegram,
  codes,
  connections,
}: {
  url: string;
  telegram: FakeTelegram;
  codes: string[];
  connections: number;
}) {
  const before = telegram.delivered('sendPhoto').length;
  const target = `${url}/api/telegram-webhook`;
  const commands = codes.map((code, i) => JSON.stringify(channelPost(`/flash-sale/${code}`, -2_000_000 - i)));
  const chatter = codes.map((_, i) => JSON.stringify(channelPost('good morning, channel', -3_000_000 - i)));
  await sendFromOwnProcess({ url: target, secret: SECRET, connections, bodies: commands });
  await telegram.waitFor(() => telegram.delivered('sendPhoto').length > before, 60_000);
  const photosBefore = telegram.delivered('sendPhoto').length - before;
  const { acks } = await sendFromOwnProcess({ url: target, secret: SECRET, connections, bodies: chatter });
  const photosDuring = telegram.delivered('sendPhoto').length - before - photosBefore;
  await telegram.waitFor(() => telegram.delivered('sendPhoto').length >= before + codes.length, 180_000);
  return {
    ack_p50_ms: percentile(acks, 50),
    ack_p95_ms: percentile(acks, 95),
    /** Photos that went out while the plain messages were being acknowledged (renders were under way throughout). */
    photos_sent_meanwhile: photosDuring,
    photos_left_after: codes.length - photosBefore - photosDuring,
  };
}

/**
 * The webhook burst: 200 distinct channel commands against the compiled server in webhook mode (Telegram and
 * FunderPro stand-ins on loopback, sample templates, 1080² JPEG photos), then the same 200 again (file_id hits).
 */
export async function benchTelegram({
  commands = 200,
  connections,
  postgresUrl,
}: {
  commands?: number;
  connections: number;
  /** A PostgreSQL server to create a fresh database on; embedded PGlite when absent. */
  postgresUrl?: string;
}) {
  const telegram = await startFakeTelegram();
  const funderpro = await startFakeFunderPro();
  const codes = Array.from({ length: commands }, (_, i) => `BURST${String(i).padStart(3, '0')}`);
  const liveCodes = codes.map((code) => code.replace('BURST', 'LIVE'));
  for (const code of [...codes, ...liveCodes]) funderpro.set(code, 'valid');
  const database = postgresUrl ? await createScratchPostgres(postgresUrl, 'ps_bench') : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-bench-bot-'));
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const url = `http://127.0.0.1:${port}`;
  const env = {
    PUBLIC_URL: url,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    FUNDERPRO_PRODUCT_ID: funderpro.productId,
    FUNDERPRO_API_BASE: funderpro.url,
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  const handlerTimes: number[] = [];
  const webhookRequests = new Set<string>();
  const onLogLine = (line: string) => {
    if (!line.includes('"reqId"')) return;
    const entry = JSON.parse(line) as { reqId: string; req?: { url?: string }; responseTime?: number };
    if (entry.req?.url === '/api/telegram-webhook') webhookRequests.add(entry.reqId);
    else if (typeof entry.responseTime === 'number' && webhookRequests.delete(entry.reqId))
      handlerTimes.push(entry.responseTime);
  };
  // The first start seeds the samples; the restarted server is measured, as a deployed instance runs.
  const first = await startServer(port, dataDir, { env });
  first.kill('SIGTERM');
  await new Promise((resolve) => first.once('exit', resolve));
  const server = await startServer(port, dataDir, { env, onLogLine });
  try {
    const pid = server.pid!;
    const commandsFor = () =>
      codes.map((code, i) => JSON.stringify(channelPost(`/flash-sale/${code}`, -1_000_000 - i)));
    const first = commandsFor();
    const cold = await burst({ url, telegram, pid, bodies: first, connections, handlerTimes });
    const repeat = await burst({ url, telegram, pid, bodies: commandsFor(), connections, handlerTimes });
    // The same updates delivered again: the acknowledgement path alone (claim refused, nothing else running).
    const redelivered = await burst({ url, telegram, pid, bodies: first, connections, handlerTimes, redelivery: true });
    const duringRenders = await burstDuringRenders({ url, telegram, codes: liveCodes, connections });
    return {
      database: database ? 'PostgreSQL' : 'PGlite',
      connections,
      commands,
      cold,
      repeat,
      redelivered,
      duringRenders,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
    await telegram.close();
    await funderpro.close();
  }
}
