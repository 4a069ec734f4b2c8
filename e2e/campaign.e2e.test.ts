/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminCookie } from '../src/http/http.test-utils.js';
import { LAPTOP, PHONE } from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';

/** `YYYY-MM-DDTHH:mm` in UTC (the test app's ANALYTICS_TZ), `days` from now. */
const localDateTime = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);

describeInBrowser('the public campaign page in Chromium', () => {
  let app: BrowserApp;
  let campaignId = 0;
  let photoPath = '';
  let cookie = '';
  const origin = 'http://localhost:3000';
  const admin = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.t.app.inject({ method, url, payload, headers: { origin }, cookies: { ps_admin: cookie } });

  beforeAll(async () => {
    app = await startBrowserApp({ name: 'campaign' });
    // An 800×800 overlay: transparent, with an opaque blue band along the top (rows 0–99).
    const overlay = await sharp({
      create: { width: 800, height: 800, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .composite([
        {
          input: await sharp({
            create: { width: 800, height: 100, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } },
          })
            .png()
            .toBuffer(),
          top: 0,
          left: 0,
        },
      ])
      .png()
      .toBuffer();
    cookie = await adminCookie(app.t.app);
    const form = new FormData();
    form.append('overlayImage', new Blob([new Uint8Array(overlay)]), 'overlay.png');
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
    const created = await admin('POST', '/api/campaigns', {
      title: 'Winter <b>giveaway</b>',
      description: 'Post your photo.',
      start_date: localDateTime(-1),
      end_date: localDateTime(30),
      prize: 'A funded account',
      platforms: ['instagram'],
      overlay_url,
    });
    expect(created.statusCode).toBe(201);
    campaignId = (created.json() as { campaign: { id: number } }).campaign.id;
    // The user's photo: plain red.
    photoPath = join(app.artefacts, 'photo.png');
    await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .png()
      .toFile(photoPath);
  });
  afterAll(() => app?.close());

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)(
    'composites the photo under the overlay, downloads it and takes an entry (%s)',
    async (size, viewport) => {
      const page = await app.browser.newPage({ viewport });
      await page.goto(`${app.base}/campaign/${campaignId}`);
      // The title is shown as text, never as markup.
      await page.getByRole('heading', { name: 'Winter <b>giveaway</b>' }).waitFor();
      await page.getByLabel('Your photo', { exact: true }).setInputFiles(photoPath);
      const download = page.getByRole('button', { name: 'Download' });
      await expect.poll(() => download.isEnabled()).toBe(true);
      const pixel = (x: number, y: number) =>
        page.evaluate(
          ([px, py]) => {
            const canvas = document.getElementById('composite') as HTMLCanvasElement;
            return [...canvas.getContext('2d')!.getImageData(px!, py!, 1, 1).data.slice(0, 3)];
          },
          [x, y],
        );
      expect(await pixel(400, 50)).toEqual([0, 0, 255]); // the overlay's band
      expect(await pixel(400, 500)).toEqual([255, 0, 0]); // the photo beneath
      await page.screenshot({ path: join(app.artefacts, `campaign-${size}.png`), fullPage: true });

      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      const png = await sharp(readFileSync((await file.path())!)).metadata();
      expect([png.format, png.width, png.height]).toEqual(['png', 800, 800]);

      const email = `${size}@example.com`;
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Instagram post link').fill('https://evil.example/instagram.com/p/1');
      await page.getByRole('button', { name: 'Submit entry' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/instagram/i);
      await page.getByLabel('Instagram post link').fill('https://www.instagram.com/p/abc123/');
      await page.getByRole('button', { name: 'Submit entry' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/./);
      const entries = await admin('GET', `/api/campaigns/${campaignId}/submissions?q=${encodeURIComponent(email)}`);
      expect(entries.body).toContain('https://www.instagram.com/p/abc123/');
      await page.close();
    },
  );
});
