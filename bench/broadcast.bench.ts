import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createDatabase } from '../src/adapters/db/db.js';
import { createScratchPostgres } from '../src/adapters/db/scratch-postgres.js';
import { busiestWindow, startFakeTelegram } from '../src/adapters/telegram/telegram.fake-server.js';
import { createBotUsersRepository } from '../src/modules/bot-users/bot-users.repository.js';
import { createBroadcastsRepository } from '../src/modules/broadcasts/broadcasts.repository.js';
import { findProjectRoot } from '../src/shared/project-root.js';

const root = findProjectRoot();
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

export interface BroadcastBenchResult {
  database: 'pglite' | 'postgres';
  recipients: number;
  rate: number;
  /** The stand-in's answer time per send, fastest–slowest. */
  latency_ms: [number, number];
  /** (sends − 1) / (last send − first send), every send the stand-in saw. */
  achieved_per_s: number;
  /** The slowest and fastest 10-second stretch, so a sag in the middle shows. */
  slowest_10s_per_s: number;
  busiest_1s_window: number;
  /** claim + settle per send, as the worker logs it for each slice. */
  recording_ms_per_send: number;
  worker_peak_rss_mib: number;
  worker_mean_rss_mib: number;
  seconds: number;
}

/**
 * BRD-2 at scale: `recipients` bot users, one text broadcast, the compiled worker (`node dist/src/main.js worker`) as
 * production runs it, the Telegram stand-in on loopback in this process.
 */
export async function benchBroadcast({
  recipients = 10_000,
  rate = 20,
  postgresUrl,
  latencyMs = [30, 150],
}: {
  recipients?: number;
  rate?: number;
  postgresUrl?: string;
  /** Each send is answered this long after it arrives, drawn evenly from the range (real Telegram: ~30–150 ms). */
  latencyMs?: [number, number];
}): Promise<BroadcastBenchResult> {
  const [fastestMs, slowestMs] = latencyMs;
  const telegram = await startFakeTelegram({
    sendLatencyMs: () => fastestMs + Math.random() * (slowestMs - fastestMs),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-broadcast-bench-'));
  const scratch = postgresUrl ? await createScratchPostgres(postgresUrl) : null;
  const migrationsFolder = join(root, 'drizzle');
  try {
    const database = await createDatabase({
      options: scratch
        ? { kind: 'postgres', connectionString: scratch.url, ssl: false }
        : { kind: 'pglite', dataDir: join(dataDir, 'db') },
      migrationsFolder,
    });
    await database.migrate();
    const users = createBotUsersRepository({ db: database.db });
    for (let i = 0; i < recipients; i++) await users.recordUser({ chatId: 100_000 + i, firstName: `User ${i}` });
    await createBroadcastsRepository({ db: database.db }).create({
      message: 'Bench',
      html: '<b>Bench</b> broadcast',
      days: 0,
      image: null,
    });
    await database.close();

    const child = spawn(process.execPath, ['dist/src/main.js', 'worker'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        MALLOC_ARENA_MAX: '2',
        DATA_DIR: dataDir,
        ...(scratch ? { DATABASE_URL: scratch.url } : {}),
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_MODE: 'polling',
        BROADCAST_RATE: String(rate),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const slices: { sends: number; recordingMsPerSend: number | null }[] = [];
    let completed = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; sends?: number; recordingMsPerSend?: number | null };
      if (entry.msg === 'broadcast slice')
        slices.push({ sends: entry.sends ?? 0, recordingMsPerSend: entry.recordingMsPerSend ?? null });
      if (entry.msg === 'broadcast completed') completed = true;
    });
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMiB(child.pid!)), 1000);
    while (!completed) await new Promise((resolve) => setTimeout(resolve, 200));
    clearInterval(sampler);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));

    const sends = telegram.calls.filter((call) => call.method === 'sendMessage').map((call) => call.at);
    const first = sends[0]!;
    const last = sends.at(-1)!;
    let slowest = Number.POSITIVE_INFINITY;
    for (let start = first; start + 10_000 <= last; start += 1000) {
      const n = sends.filter((at) => at >= start && at < start + 10_000).length;
      slowest = Math.min(slowest, n / 10);
    }
    const recorded = slices.filter((slice) => slice.recordingMsPerSend !== null && slice.sends > 0);
    const totalSends = recorded.reduce((sum, slice) => sum + slice.sends, 0);
    return {
      database: scratch ? 'postgres' : 'pglite',
      recipients,
      rate,
      latency_ms: latencyMs,
      achieved_per_s: (sends.length - 1) / ((last - first) / 1000),
      slowest_10s_per_s: slowest,
      busiest_1s_window: busiestWindow(telegram.calls),
      recording_ms_per_send:
        recorded.reduce((sum, slice) => sum + slice.recordingMsPerSend! * slice.sends, 0) / Math.max(1, totalSends),
      worker_peak_rss_mib: Math.max(...rss),
      worker_mean_rss_mib: rss.reduce((a, b) => a + b, 0) / rss.length,
      seconds: (last - first) / 1000,
    };
  } finally {
    await telegram.close();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
