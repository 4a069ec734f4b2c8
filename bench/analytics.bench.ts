import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createDatabase, type DatabaseOptions, type Db, queryRows } from '../src/adapters/db/db.js';
import { resolvePeriod } from '../src/modules/analytics/analytics.models.js';
import { createAnalyticsRollup } from '../src/modules/analytics/analytics-rollup.repository.js';
import { createUsageSampleRepository } from '../src/modules/analytics/usage-sample.repository.js';
import { seedUsage } from '../src/scripts/seed-usage.js';
import { findProjectRoot } from '../src/shared/project-root.js';
import { type ExplainedQuery, explainAnalytics } from './analytics-explain.js';
import { startServer } from './api.bench.js';
import { percentile } from './bench-utils.js';

const root = findProjectRoot();
const PASSWORD = 'bench-admin-password';
const TIME_ZONE = 'Europe/London';
const PERIODS = ['today', 'yesterday', '7', '30', '90'] as const;
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

export interface AnalyticsBenchResult {
  database: 'pglite' | 'postgres';
  rows: number;
  stats: { period: string; p50_ms: number; p95_ms: number; requests: number; failure: string | null }[];
  csv: {
    file: string;
    seconds: number;
    mib: number;
    lines: number;
    server_rss_before_mib: number;
    server_rss_peak_mib: number;
  }[];
  explain: ExplainedQuery[];
}

/** Makes sure the database holds `rows` sample usage rows (seeded once; a later run reuses them). */
async function ensureSeeded(options: DatabaseOptions, rows: number): Promise<ExplainedQuery[]> {
  const database = await createDatabase({ options, migrationsFolder: join(root, 'drizzle') });
  try {
    await database.migrate();
    const [count] = await queryRows<{ n: string | number }>(database.db, sql`select count(*) as n from usage_events`);
    if (Number(count?.n ?? 0) !== rows) {
      console.log(`  seeding ${rows.toLocaleString('en')} usage rows into ${database.description}…`);
      const started = performance.now();
      const deps = {
        sampleRepository: createUsageSampleRepository({ db: database.db }),
        timeZone: TIME_ZONE,
        now: new Date(),
      };
      await seedUsage(deps, { rows, days: 120, seed: 1, replace: true });
      console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const prepared = performance.now();
    await prepareWindows(database.db);
    console.log(`  rollup windows of the periods ready in ${((performance.now() - prepared) / 1000).toFixed(1)} s`);
    return await explainAnalytics({ db: database.db, timeZone: TIME_ZONE });
  } finally {
    await database.close();
  }
}

/**
 * Builds (or slides) the rollup windows of every period now, as the first dashboard request after midnight would,
 * so the timed requests measure reading them. The time it takes is printed.
 */
async function prepareWindows(db: Db): Promise<void> {
  const rollup = createAnalyticsRollup({ db });
  const now = new Date();
  await rollup.useZone(TIME_ZONE);
  for (const days of PERIODS) {
    const range = resolvePeriod({ days, now, timeZone: TIME_ZONE });
    const end = range.end.getTime() > now.getTime() ? new Date(now.getTime() + 1) : range.end;
    // BENCH_ANALYTICS_SLIDE=1: the window of the day before first, then the move to today's (a new day's cost).
    if (process.env.BENCH_ANALYTICS_SLIDE === '1' && days !== 'today' && days !== 'yesterday') {
      await rollup.windowFor({ start: new Date(range.start.getTime() - 24 * 60 * 60 * 1000), end });
      const sliding = performance.now();
      await rollup.windowFor({ start: range.start, end });
      console.log(`  ${days} days: window slid by one day in ${((performance.now() - sliding) / 1000).toFixed(1)} s`);
      continue;
    }
    const started = performance.now();
    await rollup.windowFor({ start: range.start, end });
    console.log(`  ${days}: window ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ password: PASSWORD }),
  });
  const cookie = /ps_admin=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error(`bench login failed: ${res.status}`);
  return `ps_admin=${cookie}`;
}

/** Sequential requests after 3 warm-ups; the first failure (PGlite at 90 days can outlast the 30 s idle cut-off) ends the period. */
async function timeStats(url: string, cookie: string, period: string, requests: number) {
  const times: number[] = [];
  let failure: string | null = null;
  for (let i = 0; i < requests + 3 && failure === null; i++) {
    const started = performance.now();
    try {
      const res = await fetch(`${url}/api/bot-stats?days=${period}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (!res.ok) failure = `HTTP ${res.status} after ${((performance.now() - started) / 1000).toFixed(1)} s`;
    } catch (error) {
      failure = `${error instanceof Error ? error.message : error} after ${((performance.now() - started) / 1000).toFixed(1)} s`;
    }
    if (i >= 3 && failure === null) times.push(performance.now() - started);
    if (i < 3 && failure === null) times.length = 0;
  }
  return { period, p50_ms: percentile(times, 50), p95_ms: percentile(times, 95), requests: times.length, failure };
}

/** Streams a CSV through fetch, counting what arrives, sampling the server's memory meanwhile. */
async function timeCsv(url: string, cookie: string, file: string, server: ChildProcess) {
  const pid = server.pid!;
  const before = rssMiB(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, 50);
  const started = performance.now();
  const res = await fetch(`${url}/api/bot-stats/${file}`, { headers: { cookie, 'accept-encoding': 'identity' } });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  clearInterval(sampler);
  return {
    file,
    seconds: (performance.now() - started) / 1000,
    mib: bytes / 1024 / 1024,
    lines,
    server_rss_before_mib: before,
    server_rss_peak_mib: peak,
  };
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/** ANA-4 at scale: `rows` usage rows, the compiled server, /api/bot-stats per period and both CSVs of 90 days. */
export async function benchAnalytics({
  rows,
  requests,
  postgresUrl,
}: {
  rows: number;
  requests: number;
  /** A database to seed and reuse (its usage rows are replaced when their count differs); PGlite when absent. */
  postgresUrl?: string;
}): Promise<AnalyticsBenchResult> {
  const dataDir = join(root, 'bench/out', postgresUrl ? 'analytics-pg-data' : 'analytics-pglite-data');
  mkdirSync(dataDir, { recursive: true });
  const options: DatabaseOptions = postgresUrl
    ? { kind: 'postgres', connectionString: postgresUrl, ssl: false }
    : { kind: 'pglite', dataDir: join(dataDir, 'db') };
  const explain = await ensureSeeded(options, rows);
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const env: Record<string, string> = { ADMIN_PASSWORD: PASSWORD, ANALYTICS_TZ: TIME_ZONE, TELEGRAM_MODE: 'off' };
  env.DATABASE_URL = postgresUrl ?? '';
  let server = await startServer(port, dataDir, { env });
  const url = `http://127.0.0.1:${port}`;
  try {
    let cookie = await login(url);
    const stats = [];
    for (const period of PERIODS) {
      const result = await timeStats(url, cookie, period, requests);
      stats.push(result);
      // A failed request may have taken the server down with it (it is restarted for what follows).
      if (result.failure) break;
    }
    if (stats.some((s) => s.failure)) {
      await stop(server);
      server = await startServer(port, dataDir, { env });
      cookie = await login(url);
    }
    const csv = [
      await timeCsv(url, cookie, 'coupons.csv?days=90', server),
      await timeCsv(url, cookie, 'usage.csv?days=90', server),
    ];
    return { database: postgresUrl ? 'postgres' : 'pglite', rows, stats, csv, explain };
  } finally {
    await stop(server);
  }
}
