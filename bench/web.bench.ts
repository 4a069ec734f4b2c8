import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../e2e/browser.js';
import { startServer } from './api.bench.js';
import { percentile } from './bench-utils.js';

/** Gzipped size of every script the generator page loads (font excluded), in bytes. */
function shippedJsGzip(webRoot: string): number {
  const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return scripts.reduce((sum, path) => sum + gzipSync(readFileSync(join(webRoot, path))).length, 0);
}

/** WEB-6 and issue 3's speed points, in headless Debian Chromium against the compiled server on loopback. */
export async function benchWeb({
  root,
  runs = 10,
  keystrokes = 40,
}: {
  root: string;
  runs?: number;
  keystrokes?: number;
}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-web-bench-'));
  const port = 39_000 + Math.floor(Math.random() * 500);
  let server: ChildProcess | undefined;
  const browser = await launchChromium();
  try {
    server = await startServer(port, dataDir);
    const url = `http://127.0.0.1:${port}/?t=black-friday`;
    const firstPreview: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => performance.getEntriesByName('ps:first-preview').length > 0);
      firstPreview.push(await page.evaluate(() => performance.getEntriesByName('ps:first-preview')[0]!.startTime));
      await context.close();
    }
    // Typing into the field on a 1080×1920 portrait template, at a phone's density.
    const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625 });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('ps:first-preview').length > 0);
    await page.evaluate(() => performance.clearMeasures('ps:preview'));
    await page
      .getByLabel('Coupon code')
      .pressSequentially('BLACK-FRIDAY-MEGA-DEAL-2026-EXTRA-SALE'.slice(0, keystrokes), { delay: 20 });
    await page.waitForTimeout(200);
    const redraws = await page.evaluate(() => performance.getEntriesByName('ps:preview').map((e) => e.duration));
    await context.close();
    return {
      js_gzip_bytes: shippedJsGzip(join(root, 'dist/web')),
      first_preview_ms: { median: percentile(firstPreview, 50), p95: percentile(firstPreview, 95), runs },
      keystroke_redraw_ms: { median: percentile(redraws, 50), p95: percentile(redraws, 95), redraws: redraws.length },
    };
  } finally {
    await browser.close();
    server?.kill('SIGTERM');
    if (server) await new Promise((resolve) => server!.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
