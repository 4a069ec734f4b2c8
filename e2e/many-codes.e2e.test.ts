/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { differentPixelFraction, PARITY_MAX_DIFFERENT_FRACTION } from '../src/adapters/canvas/pixel-diff.test-utils.js';
import { createFunderProValidator } from '../src/adapters/funderpro/funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from '../src/adapters/funderpro/funderpro.fake-server.js';
import type { TestApp } from '../src/http/http.test-utils.js';
import { usageEventsTable } from '../src/modules/usage/usage.table.js';
import { silentLogger } from '../src/shared/logger.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { LAPTOP, openGenerator, PHONE, selectTemplate } from './generator-page.js';

const codes = (n: number) => Array.from({ length: n }, (_, i) => `BULK${String(i + 1).padStart(3, '0')}`);

describeInBrowser('"Many codes" on the generator', () => {
  let fake: FakeFunderPro;
  let app: BrowserApp;
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let artefacts = '';

  beforeAll(async () => {
    fake = await startFakeFunderPro();
    for (const code of codes(200)) fake.set(code, 'valid');
    app = await startBrowserApp({
      name: 'many-codes',
      couponValidator: createFunderProValidator({ apiBase: fake.url, productId: fake.productId, logger: silentLogger }),
    });
    ({ t, base, browser, artefacts } = app);
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });
  beforeEach(async () => {
    await t.database.db.delete(usageEventsTable);
  });

  const batchRows = () =>
    t.database.db
      .select()
      .from(usageEventsTable)
      .where(and(eq(usageEventsTable.source, 'web'), eq(usageEventsTable.action, 'batch')));
  async function decodeRgba(png: Uint8Array) {
    const { data, width, height } = await sharp(png)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
      .then(({ data, info }) => ({ data, width: info.width, height: info.height }));
    return { data, width, height };
  }

  /** Opens the generator on Flash Sale (square and portrait) with "Many codes" open and `list` pasted. */
  async function openManyCodes(viewport: { width: number; height: number }, list: string) {
    const page = await openGenerator({ browser, base }, { viewport });
    await selectTemplate(page, 'Flash Sale');
    await page.getByRole('button', { name: 'Many codes', exact: true }).click();
    await page.getByLabel('Codes, one per line').fill(list);
    return page;
  }
  const startZip = (page: Page) => page.getByRole('button', { name: 'Make ZIP' }).click();

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)('makes a ZIP of 20 codes × 2 variants that matches the render API, on a %s', async (size, viewport) => {
    const list = [...codes(20), 'bulk001', 'NOPE-1', '', 'nope 2'].join('\n');
    const page = await openManyCodes(viewport, list);
    await expect.poll(() => page.locator('#many-codes-count').textContent()).toContain('22 codes (1 repeated');
    await expect.poll(() => page.locator('#many-codes-count').textContent()).toContain('44 images');
    const flashSale = page.getByRole('checkbox', { name: 'Flash Sale' });
    expect(await flashSale.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Summer Deal' }).isChecked()).toBe(false);
    await page.screenshot({ path: join(artefacts, `many-codes-form-${size}.png`), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), startZip(page)]);
    expect(download.suggestedFilename()).toBe('promo-images-40.zip');
    const status = page.locator('#many-body [role="status"]');
    await expect.poll(() => status.textContent()).toBe('Saved promo-images-40.zip: 40 images.');
    expect(await page.locator('#many-body progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([
      40, 40,
    ]);
    expect(await page.locator('.many-counts').textContent()).toBe('40 of 40 images · 100 %');
    expect(await page.locator('#many-body').getAttribute('data-renderer')).toBe('worker');
    const inactive = page.getByRole('list', { name: 'Codes not made' });
    expect((await inactive.getByRole('listitem').allTextContents()).map((s) => s.trim())).toEqual([
      'NOPE-1 — not active',
      'NOPE-2 — not active',
    ]);
    await page.screenshot({ path: join(artefacts, `many-codes-done-${size}.png`), fullPage: true });

    const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const names = Object.keys(entries);
    expect(names).toHaveLength(40);
    expect(names.slice(0, 2)).toEqual(['BULK001-flash-sale-square.png', 'BULK001-flash-sale-story.png']);
    let worst = 0;
    for (const name of names) {
      const [, code, variant] = /^(.+)-flash-sale-(square|story)\.png$/.exec(name)!;
      const server = new Uint8Array(
        await (await fetch(`${base}/api/render/flash-sale/${variant}.png?code=${code}`)).arrayBuffer(),
      );
      const [a, b] = await Promise.all([decodeRgba(entries[name]!), decodeRgba(server)]);
      expect([a.width, a.height]).toEqual([b.width, b.height]);
      worst = Math.max(worst, differentPixelFraction(a.data, b.data));
    }
    console.log(`many-codes parity (${size}): worst entry ${(worst * 100).toFixed(4)} % of pixels differ`);
    expect(worst).toBeLessThanOrEqual(PARITY_MAX_DIFFERENT_FRACTION);

    const rows = await batchRows();
    expect(rows).toHaveLength(40);
    expect(rows.every((row) => row.outcome === 'success' && row.templateSlug === 'flash-sale')).toBe(true);
    expect(new Set(rows.map((row) => `${row.code}/${row.variant}`)).size).toBe(40);
    await page.close();
  });

  it('draws on the page in small slices where there is no worker, with the same pixels', async () => {
    const page = await openManyCodes(LAPTOP, codes(3).join('\n'));
    await page.locator('#many-body').evaluate((root: HTMLElement) => {
      root.dataset.renderOn = 'page';
    });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), startZip(page)]);
    expect(await page.locator('#many-body').getAttribute('data-renderer')).toBe('page');
    const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const entry = entries['BULK002-flash-sale-story.png']!;
    const server = new Uint8Array(
      await (await fetch(`${base}/api/render/flash-sale/story.png?code=BULK002`)).arrayBuffer(),
    );
    const [a, b] = await Promise.all([decodeRgba(entry), decodeRgba(server)]);
    expect(differentPixelFraction(a.data, b.data)).toBeLessThanOrEqual(PARITY_MAX_DIFFERENT_FRACTION);
    expect(Object.keys(entries)).toHaveLength(6);
    await page.close();
  });

  it('stops when Cancel is pressed: no ZIP and nothing recorded', async () => {
    const page = await openManyCodes(PHONE, codes(150).join('\n'));
    let downloaded = false;
    page.on('download', () => {
      downloaded = true;
    });
    await startZip(page);
    const progress = page.locator('#many-body progress');
    await expect.poll(() => progress.evaluate((p: HTMLProgressElement) => p.value)).toBeGreaterThanOrEqual(3);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const status = page.locator('#many-body [role="status"]');
    await expect
      .poll(() => status.textContent())
      .toMatch(/^Cancelled after \d+ of 300 images\. Nothing was downloaded\.$/);
    const stoppedAt = await progress.evaluate((p: HTMLProgressElement) => p.value);
    expect(stoppedAt).toBeLessThan(300);
    await page.waitForTimeout(1000);
    expect(await progress.evaluate((p: HTMLProgressElement) => p.value)).toBeLessThanOrEqual(stoppedAt + 3);
    expect(await page.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Make ZIP' }).isEnabled()).toBe(true);
    await page.screenshot({ path: join(artefacts, 'many-codes-cancelled-phone.png'), fullPage: true });
    expect(downloaded).toBe(false);
    expect(await batchRows()).toEqual([]);
    await page.close();
  });
});
