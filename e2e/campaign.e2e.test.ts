/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminCookie } from '../src/http/http.test-utils.js';
import { createCampaign } from '../src/modules/campaigns/campaigns.usecases.js';
import { errorOf, focusedInView, horizontalOverflow, LAPTOP, PHONE } from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { bandOverlay, canvasPixel, daysFromNow, redPhoto } from './campaign.test-utils.js';
import { contrastProblems } from './contrast.js';

const TEXT = 'button.primary, label, legend, .hint, .status, .state, .field-error, #zoom-level';
const EDGES = 'input:not([type=file]), .panel, button';

const iso = (days: number) => daysFromNow(days).toISOString();

describeInBrowser('the public campaign page in Chromium', () => {
  let app: BrowserApp;
  let campaignId = 0;
  let photo: Buffer;
  const origin = 'http://localhost:3000';
  const photoFile = () => ({ name: 'me.png', mimeType: 'image/png', buffer: photo });
  const composite = (page: Page) => page.getByRole('img', { name: 'Your photo in the campaign frame' });
  const zoomLevel = (page: Page) => page.locator('#zoom-level').textContent();
  const campaign = (platforms: string[], from = -1, to = 30) =>
    createCampaign(app.t.deps.campaigns, {
      title: 'Plain campaign',
      start_date: iso(from),
      end_date: iso(to),
      platforms,
    }).then((c) => c.id);

  beforeAll(async () => {
    app = await startBrowserApp({ name: 'campaign' });
    const cookie = await adminCookie(app.t.app);
    const form = new FormData();
    form.append('overlayImage', new Blob([new Uint8Array(await bandOverlay())]), 'overlay.png');
    const encoded = new Response(form);
    const uploaded = await app.t.app.inject({
      method: 'POST',
      url: '/api/upload-overlay',
      payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin },
      cookies: { ps_admin: cookie },
    });
    expect(uploaded.statusCode).toBe(200);
    const { overlay_url } = uploaded.json() as { overlay_url: string };
    campaignId = (
      await createCampaign(app.t.deps.campaigns, {
        title: 'Winter <b>giveaway</b>',
        description: 'Post your photo.',
        start_date: iso(-1),
        end_date: iso(30),
        prize: 'A funded account',
        platforms: ['instagram', 'x', 'facebook'],
        overlay_url,
      })
    ).id;
    photo = await redPhoto();
  });
  afterAll(() => app?.close());

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)(
    'composites the photo under the overlay, downloads it and takes an entry (%s)',
    async (size, viewport) => {
      const page = await app.browser.newPage({ viewport });
      const sent: { url: string; bytes: number }[] = [];
      page.on('request', (request) => {
        if (request.method() !== 'GET') sent.push({ url: request.url(), bytes: request.postDataBuffer()?.length ?? 0 });
      });
      await page.goto(`${app.base}/campaign/${campaignId}`);
      // The title is shown as text, never as markup.
      await page.getByRole('heading', { name: 'Winter <b>giveaway</b>' }).waitFor();
      await page.getByLabel('Your photo', { exact: true }).setInputFiles(photoFile());
      const download = page.getByRole('button', { name: 'Download' });
      await expect.poll(() => download.isEnabled()).toBe(true);
      await expect.poll(() => canvasPixel(composite(page), 0.5, 0.06)).toEqual([0, 0, 255]); // the overlay's band
      expect(await canvasPixel(composite(page), 0.5, 0.6)).toEqual([255, 0, 0]); // the photo beneath
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toBe('Winter b giveaway b_entry.png');
      const png = await sharp(readFileSync((await file.path())!)).metadata();
      expect([png.format, png.width, png.height]).toEqual(['png', 800, 800]);

      // Each refusal under its field, read out with it; the first one takes focus.
      expect(await page.locator('#url-fields label').allTextContents()).toEqual([
        'Instagram post link',
        'Twitter / X post link',
        'Facebook post link',
      ]);
      const email = page.getByLabel('Email');
      const instagram = page.getByLabel('Instagram post link');
      await email.fill('not an email');
      await instagram.fill('https://instagram.com.evil.example/p/1');
      await page.getByRole('button', { name: 'Submit entry' }).click();
      await expect.poll(() => focusedInView(email)).toBe(true);
      expect(await errorOf(email)).toMatch(/email address/);
      expect(await errorOf(instagram)).toMatch(/not on Instagram/);
      expect(await page.locator('#entry-status').textContent()).toBe('Please fix the 2 fields marked in red.');
      await page.screenshot({ path: join(app.artefacts, `campaign-errors-${size}.png`), fullPage: true });
      expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);

      // Nothing pasted: the links' group says so and the first link field takes focus.
      await email.fill(`${size}@example.com`);
      await instagram.fill('');
      await page.getByRole('button', { name: 'Submit entry' }).click();
      await expect.poll(() => focusedInView(instagram)).toBe(true);
      expect(await page.locator('#urls-error').textContent()).toMatch(/at least one post/);

      await instagram.fill('https://www.instagram.com/p/abc123/');
      await page.getByRole('button', { name: 'Submit entry' }).click();
      const status = page.locator('#entry-status');
      await expect.poll(() => status.textContent()).toBe('Thanks! Your entry is in.');
      expect(await errorOf(email)).toBe('');
      await page.getByLabel('Twitter / X post link').fill(`https://x.com/${size}/status/9`);
      await page.getByRole('button', { name: 'Submit entry' }).click();
      await expect.poll(() => status.getAttribute('data-answer')).toBe('updated');
      expect(await status.textContent()).toMatch(/already in; we have updated it/);
      await page.screenshot({ path: join(app.artefacts, `campaign-${size}.png`), fullPage: true });

      // The photo never left the browser: the only things sent were the small JSON entries.
      expect(sent.length).toBeGreaterThan(0);
      for (const request of sent) {
        expect(request.url).toBe(`${app.base}/api/campaigns/${campaignId}/submit`);
        expect(request.bytes).toBeLessThan(1000);
      }

      const cookie = await adminCookie(app.t.app);
      const entries = await app.t.app.inject({
        url: `/api/campaigns/${campaignId}/submissions?q=${encodeURIComponent(`${size}@example.com`)}`,
        cookies: { ps_admin: cookie },
      });
      expect(entries.json().submissions).toEqual([
        expect.objectContaining({
          urls: { instagram: 'https://www.instagram.com/p/abc123/', x: `https://x.com/${size}/status/9` },
        }),
      ]);
      await page.close();
    },
  );

  it('shares the PNG through the Web Share API where files can be shared, and downloads it elsewhere', async () => {
    const context = await app.browser.newContext({ viewport: PHONE });
    await context.addInitScript(() => {
      const shared: { name: string; type: string; size: number }[] = [];
      Object.assign(window, { shared });
      Object.assign(navigator, {
        canShare: (data: ShareData) => Boolean(data.files?.length),
        share: async (data: ShareData) => {
          for (const f of data.files ?? []) shared.push({ name: f.name, type: f.type, size: f.size });
        },
      });
    });
    const page = await context.newPage();
    await page.goto(`${app.base}/campaign/${campaignId}`);
    await page.getByLabel('Your photo', { exact: true }).setInputFiles(photoFile());
    const share = page.getByRole('button', { name: 'Share' });
    await expect.poll(() => share.isEnabled()).toBe(true);
    await share.click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { shared: unknown[] }).shared.length)).toBe(1);
    const [sent] = await page.evaluate(
      () => (window as unknown as { shared: { name: string; type: string }[] }).shared,
    );
    expect(sent).toMatchObject({ name: 'Winter b giveaway b_entry.png', type: 'image/png' });
    await context.close();

    // Without file sharing (a desktop browser), Share hands the same file over as a download and says so.
    const plain = await app.browser.newPage({ viewport: LAPTOP });
    await plain.addInitScript(() => Object.assign(navigator, { canShare: () => false }));
    await plain.goto(`${app.base}/campaign/${campaignId}`);
    await plain.getByLabel('Your photo', { exact: true }).setInputFiles(photoFile());
    await expect.poll(() => plain.getByRole('button', { name: 'Share' }).isEnabled()).toBe(true);
    const [file] = await Promise.all([
      plain.waitForEvent('download'),
      plain.getByRole('button', { name: 'Share' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('Winter b giveaway b_entry.png');
    expect(await plain.locator('#photo-status').textContent()).toMatch(/Sharing isn't supported .* was downloaded/);
    await plain.close();
  });

  it('zooms the photo with a two-finger pinch and the wheel, and moves it with a drag', async () => {
    const context = await app.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${app.base}/campaign/${campaignId}`);
    await page.getByLabel('Your photo', { exact: true }).setInputFiles(photoFile());
    await expect.poll(() => page.getByRole('button', { name: 'Download' }).isEnabled()).toBe(true);
    const canvas = composite(page);
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const cdp = await context.newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints:
          type === 'touchEnd'
            ? []
            : [
                { x: cx - spread, y: cy, id: 1 },
                { x: cx + spread, y: cy, id: 2 },
              ],
      });
    await touch('touchStart', 40);
    for (let spread = 45; spread <= 100; spread += 5) await touch('touchMove', spread);
    await touch('touchEnd', 0);
    // The fingers spread 2.5 times as far apart: the photo is zoomed 2.5 times.
    await expect.poll(() => zoomLevel(page)).toBe('250%');
    await context.close();

    const mouse = await app.browser.newPage({ viewport: LAPTOP });
    await mouse.goto(`${app.base}/campaign/${campaignId}`);
    // A photo half red (left), half green (right): a drag to the left brings the green under the centre.
    const halves = await sharp({
      create: { width: 800, height: 800, channels: 3, background: { r: 255, g: 0, b: 0 } },
    })
      .composite([
        {
          input: await sharp({ create: { width: 400, height: 800, channels: 3, background: { r: 0, g: 255, b: 0 } } })
            .png()
            .toBuffer(),
          left: 400,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    await mouse
      .getByLabel('Your photo', { exact: true })
      .setInputFiles({ name: 'h.png', mimeType: 'image/png', buffer: halves });
    await expect.poll(() => mouse.getByRole('button', { name: 'Download' }).isEnabled()).toBe(true);
    const area = (await composite(mouse).boundingBox())!;
    await mouse.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    await mouse.mouse.wheel(0, -300);
    await expect.poll(async () => Number.parseInt((await zoomLevel(mouse)) ?? '', 10)).toBeGreaterThan(100);
    const leftOfCentre = () => canvasPixel(composite(mouse), 0.45, 0.6);
    expect(await leftOfCentre()).toEqual([255, 0, 0]);
    await mouse.mouse.down();
    await mouse.mouse.move(area.x + area.width * 0.2, area.y + area.height / 2, { steps: 6 });
    await mouse.mouse.up();
    await expect.poll(leftOfCentre).toEqual([0, 255, 0]);
    await mouse.close();
  });

  it('names the platforms as people know them', async () => {
    const id = await campaign(['x', 'tiktok', 'linkedin']);
    const page = await app.browser.newPage({ viewport: PHONE });
    await page.goto(`${app.base}/campaign/${id}`);
    await page.getByLabel('Twitter / X post link').waitFor();
    expect(await page.locator('#url-fields label').allTextContents()).toEqual([
      'Twitter / X post link',
      'TikTok post link',
      'LinkedIn post link',
    ]);
    expect(await page.locator('#campaign-platforms').textContent()).toBe(
      'Post it on Twitter / X or TikTok or LinkedIn, then enter below.',
    );
    await page.close();
  });

  it('says when a campaign that has not started opens, and the server refuses an entry until then', async () => {
    const id = await campaign(['instagram'], 3, 30);
    const page = await app.browser.newPage({ viewport: PHONE });
    await page.goto(`${app.base}/campaign/${id}`);
    const status = page.locator('#entry-status');
    await expect.poll(() => status.textContent()).toMatch(/^Entries open on /);
    expect(await page.locator('#campaign-state').textContent()).toBe('Not open yet');
    await page.getByLabel('Email').fill('early@example.com');
    await page.getByLabel('Instagram post link').fill('https://instagram.com/p/early');
    await page.getByRole('button', { name: 'Submit entry' }).click();
    await expect.poll(() => status.textContent()).toMatch(/^This campaign opens for entries on /);
    expect(await status.getAttribute('data-state')).toBe('error');
    await page.close();
  });

  it('closes the form of an ended campaign and says why', async () => {
    const id = await campaign(['instagram'], -30, -1);
    const page = await app.browser.newPage({ viewport: PHONE });
    await page.goto(`${app.base}/campaign/${id}`);
    await expect.poll(() => page.locator('#entry-status').textContent()).toMatch(/has ended; entries are closed/);
    expect(await page.getByRole('button', { name: 'Submit entry' }).isDisabled()).toBe(true);
    await page.close();
  });

  it('says clearly when a campaign does not exist, and when it cannot be loaded', async () => {
    const page = await app.browser.newPage({ viewport: PHONE });
    const missing = await page.goto(`${app.base}/campaign/999999`);
    expect(missing?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Campaign not found' }).waitFor();

    // The page arrives but its campaign does not: a message and a way to try again.
    await page.route(`**/api/campaigns/${campaignId}`, (route) => route.abort('internetdisconnected'));
    await page.goto(`${app.base}/campaign/${campaignId}`);
    await page.getByRole('heading', { name: 'Campaign unavailable' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/couldn't load this campaign/);
    await page.screenshot({ path: join(app.artefacts, 'campaign-unavailable-phone.png') });
    await page.unroute(`**/api/campaigns/${campaignId}`);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Winter <b>giveaway</b>' }).waitFor();
    expect(await page.getByRole('alert').isVisible()).toBe(false);

    // Deleted while the page was open.
    await page.route(`**/api/campaigns/${campaignId}`, (route) =>
      route.fulfill({ status: 404, json: { error: { code: 'campaign.not_found', message: 'gone' } } }),
    );
    await page.reload();
    await page.getByRole('heading', { name: 'Campaign not found' }).waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(false);
    await page.close();
  });
});
