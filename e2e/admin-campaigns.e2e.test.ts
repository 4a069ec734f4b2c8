/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testPng } from '../src/modules/templates/templates.test-utils.js';
import { toLocalInputValue } from '../src/shared/time-zone.js';
import { errorOf, focusedInView, horizontalOverflow, LAPTOP, loggedIn, PHONE } from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { bandOverlay, canvasPixel, daysFromNow, redPhoto } from './campaign.test-utils.js';
import { contrastProblems } from './contrast.js';

const TEXT =
  'button.primary, button.danger, label, legend, .hint, .warning, .status, .badge, .field-error, .zone, a.button';
const EDGES =
  'input:not([type=checkbox]):not([type=radio]), textarea, .panel, .confirm, .campaign-list > li, .entries-list > li';

/** Dates are entered on this wall clock (ANALYTICS_TZ), whatever the browser's zone. */
const ZONE = 'Europe/Berlin';
const local = (days: number) => toLocalInputValue(daysFromNow(days), ZONE);

async function openCampaigns(page: Page) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).click();
  await page.getByRole('heading', { name: 'Campaigns', exact: true }).waitFor();
}

const row = (page: Page, title: string) =>
  page.getByRole('list', { name: 'Campaigns' }).getByRole('listitem').filter({ hasText: title });

describeInBrowser('admin Campaigns section in Chromium', () => {
  let app: BrowserApp;
  let overlay: Buffer;
  let photo: Buffer;

  beforeAll(async () => {
    app = await startBrowserApp({ name: 'admin-campaigns', timeZone: ZONE });
    overlay = await bandOverlay();
    photo = await redPhoto();
  });
  afterAll(() => app?.close());

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)('creates, edits, reads entries of and deletes a campaign (%s)', async (size, viewport) => {
    const title = `Summer <i>${size}</i> contest`;
    const shot = (name: string) =>
      page.screenshot({ path: join(app.artefacts, `${name}-${size}.png`), fullPage: true });
    const page = await loggedIn(app.browser, app.base, { viewport });
    await openCampaigns(page);
    await page.getByRole('button', { name: 'New campaign' }).click();
    const form = page.getByRole('form', { name: 'New campaign' });
    await expect.poll(() => form.getByText(ZONE, { exact: true }).count()).toBe(2); // beside Start and End

    // Nothing typed and the end before the start: each problem beside its field, the first one focused.
    await form.getByLabel('Start').fill(local(5));
    await form.getByLabel('End').fill(local(4));
    await form.getByRole('button', { name: 'Save campaign' }).click();
    const titleField = form.getByLabel('Title');
    await expect.poll(() => focusedInView(titleField)).toBe(true);
    expect(await errorOf(titleField)).toBe('Title is required');
    expect(await errorOf(form.getByLabel('End'))).toBe('End must be after the start');
    expect(await form.getByRole('alert').textContent()).toBe('Not saved. Check the 2 fields marked in red.');

    // A scheduled campaign (it starts in 5 days) with an overlay, previewed on the sample photo.
    await titleField.fill(title);
    await form.getByLabel('End').fill(local(30));
    await form.getByLabel('Description').fill('Post a photo in our frame.\nTag us.');
    await form.getByLabel('Prize').fill('A funded account');
    await form.getByLabel('Twitter / X').check();
    // A picture too small to be an overlay is refused beside the field; an opaque one is taken with a warning.
    const overlayField = form.getByLabel(/^Overlay image/);
    const png = async (width: number) => ({
      name: 'x.png',
      mimeType: 'image/png',
      buffer: await testPng({ width, height: width }),
    });
    await overlayField.setInputFiles(await png(100));
    await expect.poll(() => errorOf(overlayField)).toMatch(/^Overlay: 100×100 px; each side must be 200–8000 px/);
    await overlayField.setInputFiles(await png(400));
    await expect.poll(() => form.locator('.overlay-field .warning').textContent()).toMatch(/no transparent area/);
    expect(await errorOf(overlayField)).toBe('');
    await overlayField.setInputFiles({ name: 'frame.png', mimeType: 'image/png', buffer: overlay });
    const preview = form.getByRole('img', { name: 'Overlay preview' });
    await expect.poll(() => canvasPixel(preview, 0.5, 0.05)).toEqual([0, 0, 255]); // the overlay's band
    const below = await canvasPixel(preview, 0.5, 0.6); // the sample photo shows through
    expect(below).not.toEqual([0, 0, 255]);
    await shot('editor');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);
    await form.getByRole('button', { name: 'Save campaign' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Saved “${title}”: scheduled.`);
    await expect.poll(() => row(page, title).locator('.badge').textContent()).toBe('Scheduled');
    expect(await row(page, title).textContent()).toContain('0 entries');

    // What the API stored: the Berlin wall clock in UTC.
    const listed = (await (await page.request.get(`${app.base}/api/admin/campaigns`)).json()) as {
      campaigns: { id: number; title: string; start_date: string; overlay_url: string | null }[];
    };
    const stored = listed.campaigns.find((c) => c.title === title)!;
    expect(toLocalInputValue(new Date(stored.start_date), ZONE)).toBe(local(5));
    expect(stored.overlay_url).toMatch(/campaigns\/overlays\/[0-9a-f]{12}\.png$/);

    // Editing the start into the past makes it ongoing; the overlay is kept.
    await page.getByRole('button', { name: `Edit ${title}` }).click();
    const edit = page.getByRole('form', { name: `Edit ${title}` });
    expect(await edit.getByLabel('Title').inputValue()).toBe(title);
    expect(await edit.getByLabel('Twitter / X').isChecked()).toBe(true);
    await edit.getByLabel('Start').fill(local(-1));
    await edit.getByLabel('Prize').fill('Two funded accounts');
    await edit.getByRole('button', { name: 'Save campaign' }).click();
    await expect.poll(() => row(page, title).locator('.badge').textContent()).toBe('Ongoing');
    expect(await row(page, title).textContent()).toContain('Prize: Two funded accounts');
    expect(await row(page, title).locator('img').getAttribute('src')).toBe(stored.overlay_url);
    await shot('list');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);

    // Someone enters on the public page.
    const email = `Entrant.${size}@Example.com`;
    const visitor = await app.browser.newPage({ viewport });
    await visitor.goto(`${app.base}/campaign/${stored.id}`);
    await visitor
      .getByLabel('Your photo', { exact: true })
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: photo });
    await visitor.getByLabel('Email').fill(email);
    await visitor.getByLabel('Twitter / X post link').fill(`https://x.com/${size}/status/1`);
    await visitor.getByRole('button', { name: 'Submit entry' }).click();
    await expect.poll(() => visitor.locator('#entry-status').textContent()).toMatch(/entry is in/);
    await visitor.close();

    // The admin sees it (choosing Campaigns again refreshes the counts), finds it by part of the email, exports it.
    await openCampaigns(page);
    await expect.poll(() => row(page, title).textContent()).toContain('1 entry');
    await page.getByRole('button', { name: `Entries for ${title}` }).click();
    const entries = page.getByRole('list', { name: 'Entries' });
    await expect.poll(() => entries.textContent()).toContain(email.toLowerCase());
    expect(await entries.getByRole('link').getAttribute('href')).toBe(`https://x.com/${size}/status/1`);
    const search = page.getByLabel('Search by email');
    await search.fill('nobody');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('0 entries match “nobody”');
    await search.fill(`entrant.${size}`);
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`1 entry matches “entrant.${size}”`);
    await shot('entries');
    expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('email,submitted_at,updated_at,instagram,x');
    expect(csv).toContain(`${email.toLowerCase()},`);
    expect(csv).toContain(`https://x.com/${size}/status/1`);

    // Deleting asks first; the entries are kept, the page is gone. (The menu leads back to the list too.)
    await openCampaigns(page);
    await page.getByRole('button', { name: `Delete ${title}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete “${title}”?` });
    expect(await dialog.textContent()).toContain('1 entry is kept');
    await shot('delete');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toBe(`Deleted “${title}”. Its entries are kept.`);
    expect(await row(page, title).count()).toBe(0);
    expect((await page.request.get(`${app.base}/campaign/${stored.id}`)).status()).toBe(404);
    await page.context().close();
  });
});
