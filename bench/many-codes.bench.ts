/// <reference lib="dom" />
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/browser.js';
import { startServer } from './api.bench.js';

const LAPTOP = { width: 1366, height: 900 };

/**
 * Collects, from the first script on: long tasks (PerformanceObserver `longtask`, ≥ 50 ms) and the longest gap
 * between two ticks of a MessageChannel loop, which bounds the longest task below 50 ms too.
 */
function watchMainThread() {
  const w = window as unknown as { __longTasks: PerformanceEntry[]; __gaps: { at: number; gap: number }[] };
  w.__longTasks = [];
  w.__gaps = [];
  new PerformanceObserver((list) => w.__longTasks.push(...list.getEntries())).observe({ type: 'longtask' });
  const channel = new MessageChannel();
  let last = performance.now();
  channel.port1.onmessage = () => {
    const now = performance.now();
    if (now - last > 8) w.__gaps.push({ at: last, gap: now - last });
    last = now;
    setTimeout(() => channel.port2.postMessage(0), 0);
  };
  channel.port2.postMessage(0);
}

async function runOnce({
  browser,
  base,
  codes,
  on,
}: {
  browser: Browser;
  base: string;
  codes: number;
  on: 'worker' | 'page';
}) {
  const context = await browser.newContext({ viewport: LAPTOP, acceptDownloads: true });
  const page = await context.newPage();
  await page.addInitScript(watchMainThread);
  await page.goto(`${base}/?t=flash-sale`);
  await page.waitForFunction(() => performance.getEntriesByName('ps:first-preview').length > 0);
  await page.getByRole('button', { name: 'Many codes', exact: true }).click();
  const list = Array.from({ length: codes }, (_, i) => `BENCH${String(i + 1).padStart(3, '0')}`).join('\n');
  await page.getByLabel('Codes, one per line').fill(list);
  if (on === 'page')
    await page.locator('#many-body').evaluate((root: HTMLElement) => {
      root.dataset.renderOn = 'page';
    });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 600_000 }).catch(async (error: unknown) => {
      const said = await page
        .locator('#many-body [role="status"]')
        .textContent()
        .catch(() => null);
      throw new Error(`no ZIP; the page said "${said}" (${error})`);
    }),
    page.getByRole('button', { name: 'Make ZIP' }).click(),
  ]);
  await page.waitForFunction(() => performance.getEntriesByName('ps:many-done').length > 0);
  const measured = await page.evaluate(() => {
    const w = window as unknown as { __longTasks: PerformanceEntry[]; __gaps: { at: number; gap: number }[] };
    const start = performance.getEntriesByName('ps:many-start')[0]!.startTime;
    const end = performance.getEntriesByName('ps:many-done')[0]!.startTime;
    // (No named helpers in here: tsx would wrap them in a __name call the page does not have.)
    const longTasks = w.__longTasks
      .map((e) => ({ at: e.startTime, duration: e.duration }))
      .filter((item) => item.at >= start && item.at <= end);
    const gaps = w.__gaps.filter((item) => item.at >= start && item.at <= end);
    const phases = ['start', 'images', 'drawing', 'recording', 'packing', 'done']
      .map((name) => ({ name, at: performance.getEntriesByName(`ps:many-${name}`)[0]?.startTime ?? null }))
      .filter((p): p is { name: string; at: number } => p.at !== null);
    return {
      phases: phases.map((p) => ({ name: p.name, at_ms: Math.round(p.at - start) })),
      long_task_list: longTasks.map((t) => ({ at_ms: Math.round(t.at - start), ms: Math.round(t.duration) })),
      total_ms: end - start,
      long_tasks: longTasks.length,
      longest_long_task_ms: longTasks.reduce((most, t) => Math.max(most, t.duration), 0),
      longest_gap_ms: gaps.reduce((most, g) => Math.max(most, g.gap), 0),
      renderer: document.getElementById('many-body')?.dataset.renderer ?? null,
    };
  });
  const zipBytes = statSync((await download.path())!).size;
  await context.close();
  return { ...measured, images: codes * 2, zip_bytes: zipBytes };
}

/**
 * Issue 16: "Many codes" with 100 codes × square and portrait (Flash Sale, 1080×1080 and 1080×1920) at the laptop
 * viewport, against the compiled server (validation off): the whole run (validate, draw, record, pack) and the longest
 * main-thread task while it runs — in the worker (Chromium has OffscreenCanvas) and, for comparison, on the page.
 */
export async function benchManyCodes({
  codes = Number(process.env.BENCH_MANY_CODES ?? 100),
  runs = { worker: 3, page: 1 },
}: {
  codes?: number;
  /** The page fallback takes minutes for 200 full-size PNGs: one run of it is enough to compare. */
  runs?: { worker: number; page: number };
} = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-many-bench-'));
  const port = 39_500 + Math.floor(Math.random() * 400);
  let server: ChildProcess | undefined;
  const browser = await launchChromium();
  try {
    server = await startServer(port, dataDir, { env: { RATE_LIMIT_BATCH_PER_MIN: '1000000' } });
    const base = `http://127.0.0.1:${port}`;
    const results = [];
    const where = (process.env.BENCH_MANY_ON ?? 'worker,page').split(',') as ('worker' | 'page')[];
    for (const on of where)
      for (let i = 0; i < runs[on]; i++) results.push({ on, ...(await runOnce({ browser, base, codes, on })) });
    return { codes, viewport: LAPTOP, results };
  } finally {
    await browser.close();
    server?.kill('SIGTERM');
    if (server) await new Promise((resolve) => server!.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
