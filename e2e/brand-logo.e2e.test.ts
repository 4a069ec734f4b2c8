/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { differentPixelFraction, PARITY_MAX_DIFFERENT_FRACTION } from '../src/adapters/canvas/pixel-diff.test-utils.js';
import { decodeImage, renderToImage } from '../src/adapters/canvas/server-canvas.js';
import type { TestApp } from '../src/http/http.test-utils.js';
import { LAPTOP, loggedIn, PHONE } from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { download, openGenerator, selectTemplate } from './generator-page.js';

/** A wide wordmark-like logo: yellow with a purple disc, so where it is drawn is plain to see. */
const LOGO = () =>
  sharp({ create: { width: 400, height: 300, channels: 3, background: '#FFD23F' } })
    .composite([
      { input: Buffer.from('<svg width="400" height="300"><circle cx="200" cy="150" r="110" fill="#7A0BC0"/></svg>') },
    ])
    .png()
    .toBuffer();

describeInBrowser('the default brand logo, set in Settings and used by the generator', () => {
  let app: BrowserApp;
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let artefacts = '';

  beforeAll(async () => {
    app = await startBrowserApp({ name: 'brand-logo' });
    ({ t, base, browser, artefacts } = app);
  });
  afterAll(() => app?.close());

  async function decodeRgba(png: Buffer) {
    const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return data;
  }
  const previewPixels = (page: Page) =>
    page.locator('#preview-square').evaluate((c: HTMLCanvasElement) => c.toDataURL());
  /** The server's render of flash-sale's square with the given logo (or none), as the parity reference. */
  async function serverRender(logo: Buffer | null) {
    const template = (await t.services.templates.templatesRepository.findBySlug('flash-sale'))!.square!;
    return renderToImage({
      template: await decodeImage((await t.storage.get(template.imageKey))!.body),
      logo: logo ? await decodeImage(logo) : null,
      style: template,
      code: 'SAVE20',
      format: 'png',
      opaque: true,
    });
  }
  async function expectDownloadMatches(page: Page, reference: Buffer, label: string) {
    const file = await download(page, 'Download square');
    const fraction = differentPixelFraction(
      await decodeRgba(readFileSync((await file.path())!)),
      await decodeRgba(reference),
    );
    console.log(`parity ${label}: ${(fraction * 100).toFixed(4)} % of pixels differ by more than 8/255`);
    expect(fraction).toBeLessThanOrEqual(PARITY_MAX_DIFFERENT_FRACTION);
  }

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ])('the admin uploads, sees and replaces the default logo in Settings (%s)', async (label, viewport) => {
    const page = await loggedIn(browser, base, { viewport });
    if (label === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Default logo' }).waitFor();
    const picker = page.getByLabel(/(Upload|Replace) (a|the) default logo/);
    await picker.setInputFiles({ name: 'not-a-logo.png', mimeType: 'image/png', buffer: Buffer.from('nope') });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'not a PNG' }).count()).toBe(1);
    await picker.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: await LOGO() });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Default logo saved.' }).count()).toBe(1);
    const shown = page.getByRole('img', { name: 'The current default logo' });
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(400);
    expect(await page.getByLabel('Replace the default logo').count()).toBe(1);
    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.getByRole('heading', { name: 'Default logo' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artefacts, `settings-${label}.png`) });
    await page.context().close();
  });

  it('the generator draws the default logo unless the visitor picks their own or none, each download matching the server', async () => {
    const page = await openGenerator({ browser, base }, { viewport: PHONE });
    await selectTemplate(page, 'Flash Sale');
    await page.getByLabel('Coupon code').fill('SAVE20');
    const note = page.locator('#logo-note');
    await expect.poll(() => note.textContent()).toBe('The default logo is on. Pick a file to use your own.');
    await page.waitForTimeout(200);
    const withDefault = await previewPixels(page);
    const brand = await LOGO();
    await expectDownloadMatches(page, await serverRender(brand), 'default logo');
    // The bot and the render API draw the same logo: the download equals the render API's image.
    const api = Buffer.from(await (await fetch(`${base}/api/render/flash-sale/square.png?code=SAVE20`)).arrayBuffer());
    await expectDownloadMatches(page, api, 'default logo vs render API');
    await page.screenshot({ path: join(artefacts, 'generator-default-logo-phone.png'), fullPage: true });

    const own = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#00AA55' } })
      .png()
      .toBuffer();
    await page
      .getByLabel('Your own logo (optional)')
      .setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: own });
    await expect.poll(() => note.textContent()).toBe('Your own logo is on.');
    await expect.poll(() => previewPixels(page)).not.toBe(withDefault);
    await expectDownloadMatches(page, await serverRender(own), 'own logo');

    await page.getByRole('button', { name: 'Use the default logo' }).click();
    await expect.poll(() => previewPixels(page)).toBe(withDefault);
    await page.getByRole('button', { name: 'Remove logo' }).click();
    await expect.poll(() => note.textContent()).toBe('No logo.');
    expect(await page.getByRole('button', { name: 'Use the default logo' }).isVisible()).toBe(true);
    await expectDownloadMatches(page, await serverRender(null), 'no logo');
    await page.close();

    const laptop = await openGenerator({ browser, base }, { viewport: LAPTOP });
    await selectTemplate(laptop, 'Flash Sale');
    await expect.poll(() => laptop.locator('#logo-note').textContent()).toContain('default logo is on');
    await laptop.waitForTimeout(200);
    await laptop.screenshot({ path: join(artefacts, 'generator-default-logo-laptop.png') });
    await laptop.close();
  });

  it('once the admin removes it, the generator offers no default and the server draws none', async () => {
    const page = await loggedIn(browser, base, { viewport: LAPTOP });
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Remove default logo' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Default logo removed.' }).count()).toBe(1);
    await page.getByLabel('Upload a default logo').waitFor();
    await page.context().close();

    const generator = await openGenerator({ browser, base }, { viewport: PHONE });
    await selectTemplate(generator, 'Flash Sale');
    await generator.getByLabel('Logo (optional)').waitFor();
    expect(await generator.locator('#logo-note').isHidden()).toBe(true);
    expect(await generator.getByRole('button', { name: 'Use the default logo' }).isHidden()).toBe(true);
    const api = Buffer.from(await (await fetch(`${base}/api/render/flash-sale/square.png?code=SAVE20`)).arrayBuffer());
    const fraction = differentPixelFraction(await decodeRgba(api), await decodeRgba(await serverRender(null)));
    expect(fraction).toBe(0);
    await generator.close();
  });
});
