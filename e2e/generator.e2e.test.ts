/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import type { Browser, Page, Route } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differentPixelFraction, PARITY_MAX_DIFFERENT_FRACTION } from '../src/adapters/canvas/pixel-diff.test-utils.js';
import { decodeImage, renderToImage } from '../src/adapters/canvas/server-canvas.js';
import { createFunderProValidator } from '../src/adapters/funderpro/funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from '../src/adapters/funderpro/funderpro.fake-server.js';
import type { TestApp } from '../src/http/http.test-utils.js';
import { usageEventsTable } from '../src/modules/usage/usage.table.js';
import { silentLogger } from '../src/shared/logger.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import {
  download,
  LAPTOP,
  liveMessageNextTo,
  openGenerator,
  PHONE,
  selectTemplate,
  templateButtons,
} from './generator-page.js';

describeInBrowser('web generator in Chromium', () => {
  let fake: FakeFunderPro;
  let app: BrowserApp;
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let artefacts = '';

  beforeAll(async () => {
    fake = await startFakeFunderPro();
    for (const code of ['SUMMER-SALE-20', 'SAVE20', 'BLACK-FRIDAY-MEGA-DEAL-2026']) fake.set(code, 'valid');
    fake.set('DOWN', 503);
    app = await startBrowserApp({
      name: 'generator',
      couponValidator: createFunderProValidator({
        apiBase: fake.url,
        productId: fake.productId,
        logger: silentLogger,
        retryDelaysMs: [20, 50],
      }),
    });
    ({ t, base, browser, artefacts } = app);
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  const openPage = (options: Parameters<typeof openGenerator>[1] = {}) => openGenerator({ browser, base }, options);
  const previewPixels = (page: Page, variant: 'square' | 'story') =>
    page.locator(`#preview-${variant}`).evaluate((c: HTMLCanvasElement) => c.toDataURL());
  async function decodeRgba(png: Buffer) {
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  }

  it('shows the catalogue as a list of templates in catalogue order', async () => {
    const page = await openPage();
    const names = await templateButtons(page).allTextContents();
    expect(names.map((n) => n.trim())).toEqual(['Black Friday', 'Flash Sale', 'Summer Deal']);
    await page.screenshot({ path: join(artefacts, 'gallery-desktop.png'), fullPage: true });
    await page.close();
  });

  it('normalises the code as it is typed, checks it, and redraws the previews', async () => {
    const page = await openPage();
    await selectTemplate(page, 'Flash Sale');
    await page.waitForTimeout(100);
    const before = await previewPixels(page, 'square');
    const field = page.getByLabel('Coupon code');
    await field.pressSequentially('  summer sale 20 ');
    await field.blur();
    expect(await field.inputValue()).toBe('SUMMER-SALE-20');
    await expect.poll(() => page.locator('#code-status').textContent()).toContain('SUMMER-SALE-20 is ready to use');
    expect(await previewPixels(page, 'square')).not.toBe(before);
    await page.screenshot({ path: join(artefacts, 'typed-code.png'), fullPage: true });
    await page.close();
  });

  it('refuses to download an invalid code and says why, without a dialog', async () => {
    const page = await openPage();
    await page.getByLabel('Coupon code').fill('expired');
    let downloaded = false;
    page.on('download', () => {
      downloaded = true;
    });
    await page.getByRole('button', { name: 'Download square' }).click();
    await expect.poll(() => page.locator('#action-status').textContent()).toContain('EXPIRED is not an active coupon');
    await page.waitForTimeout(300);
    expect(downloaded).toBe(false);
    await page.screenshot({ path: join(artefacts, 'invalid-code.png'), fullPage: true });
    await page.close();
  });

  it("says it can't verify, and refuses, when FunderPro is down", async () => {
    const page = await openPage();
    await page.getByLabel('Coupon code').fill('down');
    await page.getByRole('button', { name: 'Download square' }).click();
    await expect
      .poll(() => page.locator('#action-status').textContent(), { timeout: 10_000 })
      .toContain("can't verify");
    await page.close();
  });

  it.each([
    ['Flash Sale', 'square', 'SAVE20', 'Download square'],
    ['Black Friday', 'story', 'BLACK-FRIDAY-MEGA-DEAL-2026', 'Download portrait'],
  ] as const)(
    'downloads a %s %s PNG with the same pixels as the server render',
    async (name, variant, code, button) => {
      const page = await openPage();
      await selectTemplate(page, name);
      await page.getByLabel('Coupon code').fill(code.toLowerCase());
      const file = await download(page, button);
      expect(file.suggestedFilename()).toBe(`${code}-${variant}.png`);
      const webPng = readFileSync((await file.path())!);
      const slug = name.toLowerCase().replace(' ', '-');
      const serverPng = Buffer.from(
        await (await fetch(`${base}/api/render/${slug}/${variant}.png?code=${code}`)).arrayBuffer(),
      );
      const [web, server] = await Promise.all([decodeRgba(webPng), decodeRgba(serverPng)]);
      expect([web.width, web.height]).toEqual([server.width, server.height]);
      const fraction = differentPixelFraction(web.data, server.data);
      console.log(`parity ${slug}/${variant}: ${(fraction * 100).toFixed(4)} % of pixels differ by more than 8/255`);
      expect(fraction).toBeLessThanOrEqual(PARITY_MAX_DIFFERENT_FRACTION);
      const [usage] = await t.database.db
        .select()
        .from(usageEventsTable)
        .where(and(eq(usageEventsTable.source, 'web'), eq(usageEventsTable.code, code)))
        .orderBy(desc(usageEventsTable.id))
        .limit(1);
      expect(usage).toMatchObject({ source: 'web', success: true, code, templateSlug: slug, variant });
      await page.close();
    },
  );

  it('shares the PNG files through the Web Share API where the device supports it', async () => {
    const page = await openPage({
      initScript: () => {
        const shared: { name: string; type: string; size: number }[] = [];
        Object.assign(window, { sharedFiles: shared });
        navigator.canShare = () => true;
        navigator.share = async (data?: ShareData) => {
          for (const file of data?.files ?? []) shared.push({ name: file.name, type: file.type, size: file.size });
        };
      },
    });
    await page.getByLabel('Coupon code').fill('save20');
    await selectTemplate(page, 'Flash Sale');
    await page.getByRole('button', { name: 'Share' }).click();
    await expect.poll(() => page.locator('#action-status').textContent()).toBe('Shared.');
    const shared = await page.evaluate(
      () => (window as unknown as { sharedFiles: { name: string; type: string; size: number }[] }).sharedFiles,
    );
    expect(shared.map((f) => [f.name, f.type])).toEqual([
      ['SAVE20-square.png', 'image/png'],
      ['SAVE20-story.png', 'image/png'],
    ]);
    expect(shared.every((f) => f.size > 10_000)).toBe(true);
    await page.close();
  });

  it('draws a chosen logo, in the browser only, with the same pixels as the server renderer', async () => {
    const logo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#FFD23F' } })
      .composite([
        {
          input: Buffer.from('<svg width="400" height="300"><circle cx="200" cy="150" r="110" fill="#7A0BC0"/></svg>'),
        },
      ])
      .png()
      .toBuffer();
    const page = await openPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
    await selectTemplate(page, 'Flash Sale');
    await page.getByLabel('Coupon code').fill('save20');
    await page.waitForTimeout(100);
    const before = await previewPixels(page, 'square');
    await page.getByLabel('Logo (optional)').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
    await expect.poll(() => previewPixels(page, 'square')).not.toBe(before);
    const file = await download(page, 'Download square');
    const web = await decodeRgba(readFileSync((await file.path())!));

    const template = (await t.services.templates.templatesRepository.findBySlug('flash-sale'))!.square!;
    const serverPng = await renderToImage({
      template: await decodeImage((await t.storage.get(template.imageKey))!.body),
      logo: await decodeImage(logo),
      style: template,
      code: 'SAVE20',
      format: 'png',
      opaque: true,
    });
    const fraction = differentPixelFraction(web.data, (await decodeRgba(serverPng)).data);
    console.log(`parity with logo: ${(fraction * 100).toFixed(4)} % of pixels differ by more than 8/255`);
    expect(fraction).toBeLessThanOrEqual(PARITY_MAX_DIFFERENT_FRACTION);
    expect(requests.filter((r) => r.startsWith('POST') && !r.includes('/api/'))).toEqual([]);
    await page.screenshot({ path: join(artefacts, 'with-logo.png'), fullPage: true });
    await page.close();
  });

  it('accepts an SVG logo and refuses one over 5 MB', async () => {
    const page = await openPage();
    await selectTemplate(page, 'Flash Sale');
    await page.waitForTimeout(100);
    const before = await previewPixels(page, 'square');
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="#00ff00"/></svg>';
    await page
      .getByLabel('Logo (optional)')
      .setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
    await expect.poll(() => previewPixels(page, 'square')).not.toBe(before);
    await page
      .getByLabel('Logo (optional)')
      .setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
    await expect.poll(() => page.locator('#action-status').textContent()).toContain('larger than 5 MB');
    await page.close();
  });

  it('falls back to a download when the browser cannot share files', async () => {
    const page = await openPage({
      initScript: () => {
        Object.defineProperty(navigator, 'canShare', { value: undefined });
      },
    });
    await page.getByLabel('Coupon code').fill('save20');
    await selectTemplate(page, 'Summer Deal');
    const file = await download(page, 'Share');
    expect(file.suggestedFilename()).toBe('SAVE20-square.png');
    await page.close();
  });

  it('works from the keyboard', async () => {
    const page = await openPage();
    const flash = page.getByRole('list', { name: 'Templates' }).getByRole('button', { name: 'Flash Sale' });
    await flash.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => flash.getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });

  it('fits a 360 px wide phone without horizontal scrolling', async () => {
    const page = await openPage({ viewport: { width: 360, height: 740 } });
    await page.getByLabel('Coupon code').fill('SAVE20');
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artefacts, 'phone-360.png'), fullPage: true });
    await page.close();
  });
  describe.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)('on a %s', (device, viewport) => {
    it('shows only the variants a template has: no portrait preview or button for a square-only template', async () => {
      const page = await openPage({ viewport });
      await selectTemplate(page, 'Flash Sale');
      await page.getByRole('img', { name: 'Portrait preview' }).waitFor();
      await selectTemplate(page, 'Summer Deal');
      await expect.poll(() => page.getByRole('img', { name: 'Portrait preview' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Download portrait' }).count()).toBe(0);
      expect(await page.getByText('Portrait', { exact: true }).isVisible()).toBe(false);
      expect(await page.getByRole('img', { name: 'Square preview' }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Download square' }).isVisible()).toBe(true);
      await page.screenshot({ path: join(artefacts, `square-only-${device}.png`) });
      await page.close();
    });

    it.each([
      ['an invalid code', 'expired', 'EXPIRED is not an active coupon'],
      ['FunderPro down', 'down', "can't verify"],
    ])(
      'shows a refused download with %s next to the button, on screen, in a live region',
      async (_case, code, said) => {
        const page = await openPage({ viewport });
        await selectTemplate(page, 'Flash Sale');
        await page.getByLabel('Coupon code').fill(code);
        const button = page.getByRole('button', { name: 'Download square' });
        await button.click();
        expect(await liveMessageNextTo(page, said, button)).toBe(true);
        await page.screenshot({ path: join(artefacts, `refused-${code}-${device}.png`) });
        await page.close();
      },
    );
  });

  it('clears a stale refusal as soon as the code is changed', async () => {
    const page = await openPage({ viewport: PHONE });
    const field = page.getByLabel('Coupon code');
    await field.fill('expired');
    await expect.poll(() => page.locator('#code-status').textContent()).toContain('not an active coupon');
    await page.getByRole('button', { name: 'Download square' }).click();
    await expect.poll(() => page.locator('#action-status').textContent()).toContain('not an active coupon');
    await field.fill('save20');
    expect(await page.getByText('not an active coupon').count()).toBe(0);
    await expect.poll(() => page.locator('#code-status').textContent()).toContain('SAVE20');
    expect(await page.getByText('not an active coupon').count()).toBe(0);
    await page.close();
  });

  it('states the code rules under the field, as its description', async () => {
    const page = await openPage({ viewport: PHONE });
    const field = page.getByLabel('Coupon code');
    const description = await field.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toContain('Spaces become dashes; letters are upper-cased.');
    expect(await page.getByText('Spaces become dashes; letters are upper-cased.').isVisible()).toBe(true);
    await page.close();
  });

  it('offers no template search for a short catalogue', async () => {
    const page = await openPage();
    expect(await page.getByLabel('Search templates').isVisible()).toBe(false);
    await page.close();
  });

  describe('display-size previews', () => {
    /** Holds every request for a full-size template image until `release()`. */
    async function holdFullImages(page: Page) {
      const held: Route[] = [];
      let released = false;
      await page.route(/\/files\/templates\/[^/]+\/(?:square|story)-[0-9a-f]{12}\.(?:png|jpg)$/, (route) => {
        // The page may close while a request is still routed: nothing is left to answer then.
        if (released) return route.continue().catch(() => undefined);
        held.push(route);
      });
      return {
        held,
        async release() {
          released = true;
          for (const route of held.splice(0)) await route.continue().catch(() => undefined);
        },
      };
    }
    const previewRequests = (page: Page) => {
      const urls: string[] = [];
      page.on('request', (request) => {
        if (/-preview-\d+\.webp$/.test(request.url())) urls.push(request.url().replace(/^.*\//, ''));
      });
      return urls;
    };
    const firstPreviewDrawn = (page: Page) =>
      page.waitForFunction(() => performance.getEntriesByName('ps:first-preview').length > 0, null, {
        timeout: 10_000,
      });

    it('draws the first preview from a preview image while the full-size image is still coming', async () => {
      const page = await openPage();
      const full = await holdFullImages(page);
      const previews = previewRequests(page);
      await page.goto(`${base}/?t=flash-sale`);
      await firstPreviewDrawn(page);
      expect(previews.some((name) => /^square-[0-9a-f]{12}-preview-640\.webp$/.test(name))).toBe(true);
      // The full image is fetched after the first preview, in the background.
      await expect.poll(() => full.held.length).toBeGreaterThan(0);
      await full.release();
      await page.close();
    });

    it.each([
      [1, 'preview-640'],
      [3, 'preview-1080'],
    ])('picks the smallest preview that covers the canvas on a phone at %i×', async (deviceScaleFactor, wanted) => {
      const page = await openPage({ viewport: PHONE, deviceScaleFactor });
      const previews = previewRequests(page);
      await page.goto(`${base}/?t=summer-deal`);
      await firstPreviewDrawn(page);
      expect(previews).toEqual([expect.stringContaining(`-${wanted}.webp`)]);
      await page.close();
    });

    it('says the full-size image is still coming when Download is pressed early, then downloads it pixel-exact', async () => {
      const page = await openPage({ viewport: PHONE });
      const full = await holdFullImages(page);
      await page.goto(`${base}/?t=flash-sale`);
      await firstPreviewDrawn(page);
      await page.getByLabel('Coupon code').fill('save20');
      const button = page.getByRole('button', { name: 'Download square' });
      const downloaded = page.waitForEvent('download', { timeout: 30_000 });
      await button.click();
      expect(await liveMessageNextTo(page, 'Getting the full-size image', button)).toBe(true);
      await full.release();
      const file = await downloaded;
      const webPng = readFileSync((await file.path())!);
      const serverPng = Buffer.from(
        await (await fetch(`${base}/api/render/flash-sale/square.png?code=SAVE20`)).arrayBuffer(),
      );
      const [web, server] = await Promise.all([decodeRgba(webPng), decodeRgba(serverPng)]);
      expect([web.width, web.height]).toEqual([1080, 1080]);
      expect(differentPixelFraction(web.data, server.data)).toBeLessThanOrEqual(PARITY_MAX_DIFFERENT_FRACTION);
      await page.close();
    });
  });

  describe('share links', () => {
    it('opens /?t={slug}&code={CODE} with the template picked and the code filled in and checked', async () => {
      const page = await openPage({ viewport: PHONE, path: '/?t=flash-sale&code=summer%20sale%2020' });
      const flash = page.getByRole('list', { name: 'Templates' }).getByRole('button', { name: 'Flash Sale' });
      await expect.poll(() => flash.getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByLabel('Coupon code').inputValue()).toBe('SUMMER-SALE-20');
      await expect.poll(() => page.locator('#code-status').textContent()).toContain('SUMMER-SALE-20');
      expect(await page.locator('#code-status').getAttribute('data-state')).toBe('valid');

      const refused = await openPage({ path: '/?t=black-friday&code=expired' });
      await expect
        .poll(() => refused.locator('#code-status').textContent())
        .toContain('EXPIRED is not an active coupon');
      await refused.close();
      await page.close();
    });

    it('copies a link to the chosen template and code with "Copy link", and says so', async () => {
      const page = await openPage({ viewport: PHONE, permissions: ['clipboard-read', 'clipboard-write'] });
      await selectTemplate(page, 'Flash Sale');
      await page.getByLabel('Coupon code').fill('save 20');
      const button = page.getByRole('button', { name: 'Copy link', exact: true });
      await button.click();
      expect(await liveMessageNextTo(page, 'Link copied', button)).toBe(true);
      const link = await page.evaluate(() => navigator.clipboard.readText());
      expect(link).toBe(`${base}/?t=flash-sale&code=SAVE-20`);
      await page.screenshot({ path: join(artefacts, 'link-copied-phone.png') });

      const opened = await openPage({ path: link.slice(base.length) });
      expect(await opened.getByLabel('Coupon code').inputValue()).toBe('SAVE-20');
      await opened.close();
      await page.close();
    });

    it('falls back to a selected link field when the clipboard is unavailable', async () => {
      const page = await openPage({
        initScript: () => {
          Object.defineProperty(navigator, 'clipboard', { value: undefined });
        },
      });
      await selectTemplate(page, 'Summer Deal');
      await page.getByLabel('Coupon code').fill('save20');
      await page.getByRole('button', { name: 'Copy link', exact: true }).click();
      const field = page.getByRole('textbox', { name: 'Link to this image' });
      await field.waitFor();
      expect(await field.inputValue()).toBe(`${base}/?t=summer-deal&code=SAVE20`);
      const selected = await field.evaluate(
        (input: HTMLInputElement) =>
          document.activeElement === input && input.selectionStart === 0 && input.selectionEnd === input.value.length,
      );
      expect(selected).toBe(true);
      await page.screenshot({ path: join(artefacts, 'link-selected-laptop.png') });
      await page.close();
    });
  });
});
