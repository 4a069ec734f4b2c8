import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createScratchPostgres } from '../src/adapters/db/scratch-postgres.js';
import { startFakeFunderPro } from '../src/adapters/funderpro/funderpro.fake-server.js';
import { startFakeTelegram } from '../src/adapters/telegram/telegram.fake-server.js';
import { startServer } from './api.bench.js';
import { percentile } from './bench-utils.js';

const SECRET = 'bench-webhook-secret-0123456789';
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

export interface MixPart {
  name: string;
  requests_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** Every status seen, with its count: anything but 2xx is listed, so a stray 5xx or 429 shows by name. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

type Part = {
  name: string;
  connections: number;
  request: (i: number) => { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> };
};

/** One autocannon run per part of the mix, all at once against one server, per-response latencies kept. */
async function runPart(url: string, seconds: number, part: Part): Promise<MixPart> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let counter = 0;
  const result = await autocannon({
    url,
    connections: part.connections,
    duration: seconds,
    timeout: 30,
    requests: [{ setupRequest: (request) => ({ ...request, ...part.request(counter++) }) }],
    setupClient: (client) => {
      client.on('response', (status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        statuses[status] = (statuses[status] ?? 0) + 1;
      });
    },
  });
  return {
    name: part.name,
    requests_per_s: result.requests.average,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    p99_ms: percentile(latencies, 99),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * Issue 15 §3: a realistic mix on loopback against the compiled server in webhook mode (Telegram and FunderPro
 * stand-ins): warm renders (one code), cold renders (a new code each), coupon checks, the catalogue, and channel
 * commands through the webhook (each a render and a photo to the stand-in).
 */
export async function benchLoad({ seconds = 60, postgresUrl }: { seconds?: number; postgresUrl?: string }) {
  const telegram = await startFakeTelegram();
  const funderpro = await startFakeFunderPro();
  funderpro.set('SAVE20', 'valid');
  for (let i = 0; i < 50_000; i++) {
    funderpro.set(`LOAD${i}`, 'valid');
    funderpro.set(`HOOK${i}`, 'valid');
  }
  const database = postgresUrl ? await createScratchPostgres(postgresUrl, 'ps_bench') : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-bench-load-'));
  const port = 40_000 + Math.floor(Math.random() * 1000);
  const url = `http://127.0.0.1:${port}`;
  const env = {
    PUBLIC_URL: url,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    FUNDERPRO_PRODUCT_ID: funderpro.productId,
    FUNDERPRO_API_BASE: funderpro.url,
    RATE_LIMIT_VALIDATE_PER_MIN: '1000000',
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  const first = await startServer(port, dataDir, { env });
  first.kill('SIGTERM');
  await new Promise((resolve) => first.once('exit', resolve));
  const server = await startServer(port, dataDir, { env });
  const pid = server.pid!;
  let updateId = 1;
  const parts: Part[] = [
    {
      name: 'render warm',
      connections: 8,
      request: () => ({ method: 'GET', path: '/api/render/flash-sale/square.png?code=SAVE20' }),
    },
    {
      name: 'render cold (JPEG)',
      connections: 4,
      request: (i) => ({ method: 'GET', path: `/api/render/flash-sale/square.jpg?code=LOAD${i}` }),
    },
    {
      name: 'validate-coupon',
      connections: 8,
      request: () => ({
        method: 'POST',
        path: '/api/validate-coupon',
        body: JSON.stringify({ coupon_code: 'SAVE20' }),
        headers: { 'content-type': 'application/json' },
      }),
    },
    {
      name: 'catalogue',
      connections: 8,
      request: () => ({ method: 'GET', path: '/api/templates', headers: { 'accept-encoding': 'br' } }),
    },
    {
      name: 'webhook (channel command)',
      connections: 4,
      request: () => {
        const id = updateId++;
        const chat = { id: -2_000_000 - (id % 50), type: 'channel', title: 'Load' };
        return {
          method: 'POST',
          path: '/api/telegram-webhook',
          body: JSON.stringify({
            update_id: id,
            channel_post: {
              message_id: id,
              date: Math.floor(Date.now() / 1000),
              chat,
              sender_chat: chat,
              text: `/flash-sale/HOOK${id}`,
            },
          }),
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        };
      },
    },
  ];
  try {
    await fetch(`${url}/api/render/flash-sale/square.png?code=SAVE20`);
    let peak = rssMiB(pid);
    const samples: number[] = [];
    const sampler = setInterval(() => {
      const now = rssMiB(pid);
      samples.push(now);
      peak = Math.max(peak, now);
    }, 250);
    const results = await Promise.all(parts.map((part) => runPart(url, seconds, part)));
    clearInterval(sampler);
    return {
      database: database ? 'PostgreSQL' : 'PGlite',
      seconds,
      parts: results,
      server_peak_rss_mib: peak,
      server_mean_rss_mib: samples.reduce((a, b) => a + b, 0) / samples.length,
      photos_sent: telegram.delivered('sendPhoto').length,
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
