import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { peakRssMiB, percentile } from './bench-utils.js';

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

interface LoadResult {
  requests_per_s: number;
  p95_ms: number;
  p50_ms: number;
  non_2xx: number;
  /** The statuses other than 200, by count: what the non-2xx answers were. */
  other_statuses: Record<string, number>;
  errors: number;
}

/** autocannon on loopback; per-response latencies are kept so the p95 is exact. */
async function load({
  url,
  seconds,
  connections,
  distinctCodes,
  pid,
  format = 'png',
}: {
  url: string;
  seconds: number;
  connections: number;
  distinctCodes: boolean;
  pid: number;
  format?: 'png' | 'jpg';
}): Promise<LoadResult & { max_rss_mib: number }> {
  const latencies: number[] = [];
  let maxRss = rssMiB(pid);
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, rssMiB(pid));
  }, 250);
  let counter = 0;
  const otherStatuses: Record<string, number> = {};
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: `/api/render/flash-sale/square.${format}?code=${distinctCodes ? `CODE${counter++}` : 'SAVE20'}`,
        }),
      },
    ],
    setupClient: (client) => {
      client.on('response', (status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        if (status !== 200) otherStatuses[status] = (otherStatuses[status] ?? 0) + 1;
      });
    },
  });
  clearInterval(sampler);
  return {
    max_rss_mib: maxRss,
    requests_per_s: result.requests.average,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    non_2xx: result.non2xx,
    other_statuses: otherStatuses,
    errors: result.errors,
  };
}

export async function startServer(
  port: number,
  dataDir: string,
  { env = {}, onLogLine }: { env?: Record<string, string>; onLogLine?: (line: string) => void } = {},
): Promise<ChildProcess> {
  // The compiled server, as production runs it (npm run build first).
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    // The same environment `npm start` gives the server (scripts/run.mjs sets MALLOC_ARENA_MAX).
    env: {
      ...process.env,
      MALLOC_ARENA_MAX: '2',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_RENDER_PER_MIN: '1000000',
      FUNDERPRO_PRODUCT_ID: '',
      ...env,
      // With a log reader, request logs (info) carry fastify's own responseTime for each request.
      ...(onLogLine ? { LOG_LEVEL: 'info' } : {}),
    },
    stdio: ['ignore', onLogLine ? 'pipe' : 'ignore', 'inherit'],
  });
  if (onLogLine) createInterface({ input: child.stdout! }).on('line', onLogLine);
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the server did not start');
}

/** The render API through the real server process: warm (repeat code), cold codes, and a sustained run for memory. */
export async function benchApi({
  seconds,
  sustainSeconds,
  connections = 50,
}: {
  seconds: number;
  sustainSeconds: number;
  connections?: number;
}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-bench-'));
  const port = 38_000 + Math.floor(Math.random() * 1000);
  // First start on an empty folder (PGlite initdb + sample seeding, a one-off), then the restarted server is measured,
  // as a deployed instance runs. The load phases sample RSS every 250 ms.
  const first = await startServer(port, dataDir);
  const firstStartPeak = peakRssMiB(first.pid!);
  first.kill('SIGTERM');
  await new Promise((resolve) => first.once('exit', resolve));
  const server = await startServer(port, dataDir);
  const url = `http://127.0.0.1:${port}`;
  try {
    await fetch(`${url}/api/render/flash-sale/square.png?code=SAVE20`);
    await fetch(`${url}/api/render/flash-sale/square.jpg?code=SAVE20`);
    const pid = server.pid!;
    const startupPeak = peakRssMiB(pid);
    const warm = await load({ url, seconds, connections, distinctCodes: false, pid });
    const warmJpeg = await load({ url, seconds, connections, distinctCodes: false, pid, format: 'jpg' });
    const distinct = await load({ url, seconds, connections, distinctCodes: true, pid });
    const sustained = await load({ url, seconds: sustainSeconds, connections, distinctCodes: true, pid });
    return {
      connections,
      first_start_peak_rss_mib: firstStartPeak,
      restart_peak_rss_mib: startupPeak,
      warm,
      warmJpeg,
      distinct,
      sustained: { ...sustained, seconds: sustainSeconds, peak_rss_mib: peakRssMiB(pid) },
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
