import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startServer } from './api.bench.js';
import { peakRssMiB, percentile } from './bench-utils.js';
import { BENCH_ADMIN_PASSWORD, uploadTemplate } from './web.bench.js';

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

/** A 7000×5700 (40-megapixel) template, the largest the upload limits allow: soft colour fields with circles. */
async function makeHugeTemplate(): Promise<Buffer> {
  const [width, height] = [7000, 5700];
  const circles = Array.from({ length: 40 }, (_, i) => {
    const x = (i * 1777) % width;
    const y = (i * 1291) % height;
    return `<circle cx="${x}" cy="${y}" r="${200 + ((i * 97) % 600)}" fill="#ffffff" fill-opacity="0.12"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#ff273e"/><stop offset="1" stop-color="#6a11cb"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#g)"/>${circles}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface BigTemplatesResult {
  huge_bytes: number;
  seconds: number;
  huge_renders: number;
  huge_median_s: number;
  huge_max_s: number;
  small_renders: number;
  small_p50_ms: number;
  small_p95_ms: number;
  small_max_ms: number;
  /** After start, one 1080² and one 40-megapixel render. */
  rss_before_load_mib: number;
  rss_peak_mib: number;
  rss_mean_under_load_mib: number;
  rss_after_30s_idle_mib: number;
}

/**
 * Issue 15 §1: four parallel PNG renders of a 40-megapixel template with distinct codes (nothing is cached), and
 * meanwhile one 1080² render after another, through the compiled server's render API. RSS is the server process's
 * (its render threads included).
 */
export async function benchBigTemplates({ seconds = 60 }: { seconds?: number } = {}): Promise<BigTemplatesResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-big-bench-'));
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const env = { ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, SESSION_SECRET: 'bench-session-secret-of-32-bytes-or-more' };
  const base = `http://127.0.0.1:${port}`;
  // The upload (checks, thumbnail, previews of 40 megapixels) is a one-off; the restarted server is measured.
  const huge = await makeHugeTemplate();
  const first = await startServer(port, dataDir, { env });
  await uploadTemplate(base, { name: 'Huge', slug: 'huge', square: huge });
  first.kill('SIGTERM');
  await new Promise((resolve) => first.once('exit', resolve));
  const server = await startServer(port, dataDir, { env });
  const pid = server.pid!;
  try {
    const render = async (slug: string, code: string) => {
      const res = await fetch(`${base}/api/render/${slug}/square.png?code=${code}`);
      if (!res.ok) throw new Error(`${slug} ${code}: ${res.status}`);
      await res.arrayBuffer();
    };
    await render('flash-sale', 'WARM');
    await render('huge', 'WARM');
    const rssBefore = rssMiB(pid);

    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMiB(pid)), 250);
    const deadline = performance.now() + seconds * 1000;
    const hugeTimes: number[] = [];
    const smallTimes: number[] = [];
    const timed = async (times: number[], work: () => Promise<void>) => {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    };
    const hugeLoop = async (id: number) => {
      for (let i = 0; performance.now() < deadline; i++) await timed(hugeTimes, () => render('huge', `HUGE${id}-${i}`));
    };
    const smallLoop = async () => {
      for (let i = 0; performance.now() < deadline; i++)
        await timed(smallTimes, () => render('flash-sale', `SMALL${i}`));
    };
    await Promise.all([hugeLoop(0), hugeLoop(1), hugeLoop(2), hugeLoop(3), smallLoop()]);
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    return {
      huge_bytes: huge.length,
      seconds,
      huge_renders: hugeTimes.length,
      huge_median_s: percentile(hugeTimes, 50) / 1000,
      huge_max_s: Math.max(...hugeTimes) / 1000,
      small_renders: smallTimes.length,
      small_p50_ms: percentile(smallTimes, 50),
      small_p95_ms: percentile(smallTimes, 95),
      small_max_ms: Math.max(...smallTimes),
      rss_before_load_mib: rssBefore,
      rss_peak_mib: peakRssMiB(pid),
      rss_mean_under_load_mib: rss.reduce((a, b) => a + b, 0) / rss.length,
      rss_after_30s_idle_mib: rssMiB(pid),
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
