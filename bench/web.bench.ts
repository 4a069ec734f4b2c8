import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/browser.js';
import { startServer } from './api.bench.js';
import { makePhotoLikeTemplate, percentile } from './bench-utils.js';

/** Gzipped size of every script the generator page loads (font excluded), in bytes. */
function shippedJsGzip(webRoot: string): number {
  const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return scripts.reduce((sum, path) => sum + gzipSync(readFileSync(join(webRoot, path))).length, 0);
}

/**
 * Lighthouse's mobile profile (its "Slow 4G" preset and CPU slowdown): 1.6 Mbps down, 750 kbps up, 150 ms RTT, CPU 4×
 * slower. Chromium adds the latency to each request rather than to each round trip of a connection, so TCP handshakes
 * are not charged: a slightly kinder link than Lighthouse's simulation.
 */
export const MOBILE_PROFILE = {
  viewport: { width: 390, height: 844 },
  // Lighthouse's emulated phone (Moto G Power) has a device pixel ratio of 1.75; a 390×844 iPhone has 3.
  deviceScaleFactor: 1.75,
  latencyMs: 150,
  downloadBytesPerS: (1.6 * 1024 * 1024) / 8,
  uploadBytesPerS: (750 * 1024) / 8,
  cpuSlowdown: 4,
};

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';

/** Uploads a template through the admin API of a running server, as a designer would. */
export async function uploadTemplate(
  base: string,
  { name, slug, square }: { name: string; slug: string; square: Buffer },
) {
  const login = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ password: BENCH_ADMIN_PASSWORD }),
  });
  const cookie = /ps_admin=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (!login.ok || !cookie) throw new Error(`bench login failed: ${login.status}`);
  const form = new FormData();
  form.append('name', name);
  form.append('slug', slug);
  form.append('squareImage', new Blob([new Uint8Array(square)], { type: 'image/png' }), `${slug}.png`);
  const saved = await fetch(`${base}/api/upload-template`, {
    method: 'POST',
    headers: { origin: base, cookie },
    body: form,
  });
  if (!saved.ok) throw new Error(`bench upload failed: ${saved.status} ${await saved.text()}`);
}

type Resource = { name: string; transferSize: number; responseEnd: number };

/** What the page moved, by kind, from the browser's resource timing (same-origin, so sizes are exposed). */
function weighResources(resources: Resource[]) {
  const kinds: [string, RegExp][] = [
    ['js', /\.js(?:\?|$)/],
    ['css', /\.css(?:\?|$)/],
    ['font', /\.woff2(?:\?|$)/],
    ['catalogue_json', /\/api\/templates(?:\?|$)/],
    ['thumbnails', /-thumb\.webp$/],
    ['preview_images', /-preview-\d+\.webp$/],
    ['full_images', /\/templates\/.+-[0-9a-f]{12}\.(?:png|jpg)$/],
  ];
  const bytes: Record<string, number> = {};
  for (const [kind] of kinds) bytes[kind] = 0;
  bytes.other = 0;
  for (const resource of resources) {
    const kind = kinds.find(([, pattern]) => pattern.test(resource.name))?.[0] ?? 'other';
    bytes[kind] = (bytes[kind] ?? 0) + resource.transferSize;
  }
  return bytes;
}

/**
 * Issue 10: a phone on Lighthouse's mobile profile opening `/?t=photo`, a 1080² photo-like PNG of ~3 MB as designers
 * upload them. Each run is a fresh browser context (empty cache). Reports the first preview, the moment the
 * full-resolution image is in (`ps:full-image`, when the page marks it) and the bytes moved by kind.
 */
async function benchThrottled({
  browser,
  base,
  runs,
  deviceScaleFactor = MOBILE_PROFILE.deviceScaleFactor,
}: {
  browser: Browser;
  base: string;
  runs: number;
  deviceScaleFactor?: number;
}) {
  const firstPreview: number[] = [];
  const fullImage: number[] = [];
  let bytes: Record<string, number> = {};
  let documentBytes = 0;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({
      viewport: MOBILE_PROFILE.viewport,
      deviceScaleFactor,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: MOBILE_PROFILE.latencyMs,
      downloadThroughput: MOBILE_PROFILE.downloadBytesPerS,
      uploadThroughput: MOBILE_PROFILE.uploadBytesPerS,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE_PROFILE.cpuSlowdown });
    await page.goto(`${base}/?t=photo`, { timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName('ps:first-preview').length > 0, null, {
      timeout: 120_000,
    });
    firstPreview.push(await page.evaluate(() => performance.getEntriesByName('ps:first-preview')[0]!.startTime));
    // The full image follows in the background; give it the time the old page needed for everything.
    const full = await page
      .waitForFunction(() => performance.getEntriesByName('ps:full-image').length > 0, null, { timeout: 30_000 })
      .then(() => page.evaluate(() => performance.getEntriesByName('ps:full-image')[0]!.startTime))
      .catch(() => null);
    if (full !== null) fullImage.push(full);
    const timing = await page.evaluate(() => ({
      document: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).transferSize,
      resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
        name: r.name,
        transferSize: r.transferSize,
        responseEnd: r.responseEnd,
      })),
    }));
    documentBytes = timing.document;
    bytes = weighResources(timing.resources);
    await context.close();
  }
  return {
    profile: { ...MOBILE_PROFILE, deviceScaleFactor },
    runs,
    first_preview_ms: { median: percentile(firstPreview, 50), max: Math.max(...firstPreview) },
    full_image_ms: fullImage.length ? { median: percentile(fullImage, 50), max: Math.max(...fullImage) } : null,
    bytes: { document: documentBytes, ...bytes },
  };
}

/** WEB-6 and issue 3's speed points, in headless Debian Chromium against the compiled server on loopback. */
export async function benchWeb({
  root,
  runs = 10,
  keystrokes = 40,
  throttledRuns = 3,
}: {
  root: string;
  runs?: number;
  keystrokes?: number;
  throttledRuns?: number;
}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-web-bench-'));
  const port = 39_000 + Math.floor(Math.random() * 500);
  let server: ChildProcess | undefined;
  const browser = await launchChromium();
  try {
    server = await startServer(port, dataDir, { env: { ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD } });
    const base = `http://127.0.0.1:${port}`;
    const photo = await makePhotoLikeTemplate();
    await uploadTemplate(base, { name: 'Photo', slug: 'photo', square: photo });
    const url = `${base}/?t=black-friday`;
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
    const throttled = await benchThrottled({ browser, base, runs: throttledRuns });
    const throttledAt3x = await benchThrottled({ browser, base, runs: throttledRuns, deviceScaleFactor: 3 });
    return {
      js_gzip_bytes: shippedJsGzip(join(root, 'dist/web')),
      first_preview_ms: { median: percentile(firstPreview, 50), p95: percentile(firstPreview, 95), runs },
      keystroke_redraw_ms: { median: percentile(redraws, 50), p95: percentile(redraws, 95), redraws: redraws.length },
      throttled: { template_png_bytes: photo.length, ...throttled },
      throttled_3x: { template_png_bytes: photo.length, ...throttledAt3x },
    };
  } finally {
    await browser.close();
    server?.kill('SIGTERM');
    if (server) await new Promise((resolve) => server!.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
