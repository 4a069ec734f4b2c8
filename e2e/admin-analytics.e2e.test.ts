/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApp } from '../src/http/http.test-utils.js';
import { sampleBotUsers, sampleUsageRows } from '../src/modules/analytics/usage-sample.models.js';
import { createUsageSampleRepository } from '../src/modules/analytics/usage-sample.repository.js';
import { horizontalOverflow, LAPTOP, loggedIn, PHONE } from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';

async function openAnalytics(page: Page) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Analytics' }).click();
  await page.getByRole('heading', { name: 'Analytics', exact: true }).waitFor();
  await page.getByRole('list', { name: 'Totals' }).waitFor();
}

const chart = (page: Page) => page.locator('.usage-chart canvas');
const bars = (page: Page) => chart(page).getAttribute('data-bars');
const pixels = (page: Page) => chart(page).evaluate((c: HTMLCanvasElement) => c.toDataURL());
const codesTable = (page: Page) => page.getByRole('table', { name: 'Popular codes' });
const codesPager = (page: Page) => page.getByRole('navigation', { name: 'codes pages' });

describeInBrowser('admin Analytics section in Chromium', () => {
  let app: BrowserApp;
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let artefacts = '';

  beforeAll(async () => {
    app = await startBrowserApp({ name: 'admin-analytics' });
    ({ t, base, browser, artefacts } = app);
    // 4 000 realistic rows over the last 30 days, and one code only this test uses.
    const now = new Date();
    const sample = createUsageSampleRepository({ db: t.database.db });
    await sample.insertBotUsers(sampleBotUsers({ count: 200, now, days: 30, seed: 3 }));
    for (const batch of sampleUsageRows({ rows: 4000, days: 30, now, timeZone: 'UTC', users: 200, seed: 3 }))
      await sample.insertUsage(batch);
    const [last] = [...sampleUsageRows({ rows: 1, days: 1, now, timeZone: 'UTC', users: 1, seed: 4 })].flat();
    await sample.insertUsage([{ ...last!, code: 'ZZTOPCODE', outcome: 'success', errorType: null }]);
  });
  afterAll(() => app?.close());

  const shot = (page: Page, name: string) => page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });

  it('redraws the chart when the period changes: 7 days, then 24 hours of today, then 30 days', async () => {
    const page = await loggedIn(browser, base, { viewport: LAPTOP });
    await openAnalytics(page);
    expect(await page.getByText('Times in UTC').isVisible()).toBe(true);
    await expect.poll(() => bars(page)).toBe('7');
    const week = await pixels(page);
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await expect.poll(() => chart(page).getAttribute('data-granularity')).toBe('hourly');
    expect(await bars(page)).toBe('24');
    expect(await pixels(page)).not.toBe(week);
    expect(await page.getByRole('button', { name: 'Today', exact: true }).getAttribute('aria-pressed')).toBe('true');
    // The chart's numbers, as a table.
    await page.getByText('Chart numbers').click();
    const caption = page.locator('.usage-chart caption');
    expect(await caption.textContent()).toBe('Hourly usage (UTC)');
    expect(await page.locator('.usage-chart tbody tr').count()).toBe(24);
    await page.getByRole('button', { name: '30 days' }).click();
    await expect.poll(() => bars(page)).toBe('30');
    expect(await caption.textContent()).toBe('Daily usage (UTC)');
    await shot(page, 'analytics-laptop');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('pages through the popular codes 50 at a time and finds a code by part of it', async () => {
    const page = await loggedIn(browser, base, { viewport: LAPTOP });
    await openAnalytics(page);
    await page.getByRole('button', { name: '30 days' }).click();
    await codesPager(page)
      .getByText(/^Page 1 of \d+$/)
      .waitFor();
    const firstPage = await codesTable(page).locator('tbody th').allTextContents();
    expect(firstPage).toHaveLength(50);
    await page.getByRole('button', { name: 'Next codes' }).click();
    await codesPager(page)
      .getByText(/^Page 2 of \d+$/)
      .waitFor();
    expect(await codesTable(page).locator('tbody tr').first().locator('td').first().textContent()).toBe('51');
    const secondPage = await codesTable(page).locator('tbody th').allTextContents();
    expect(secondPage.some((code) => firstPage.includes(code))).toBe(false);
    await page.getByLabel('Search codes').fill('ztop');
    await expect.poll(() => codesTable(page).locator('tbody th').allTextContents()).toEqual(['ZZTOPCODE']);
    await page.getByLabel('Search codes').fill('no-such-code');
    await page.getByText('No code contains “no-such-code”.').waitFor();
    await page.context().close();
  });

  it('downloads the codes of the period as a CSV file', async () => {
    const page = await loggedIn(browser, base, { viewport: LAPTOP });
    await openAnalytics(page);
    await page.getByRole('button', { name: '30 days' }).click();
    await expect.poll(() => bars(page)).toBe('30');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download codes CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('codes-30-days.csv');
    const rows = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(50);
    expect(Object.keys(rows[0]!)).toEqual(['code', 'generations', 'unique_users', 'first_used_at', 'last_used_at']);
    expect(rows.some((r) => r.code === 'ZZTOPCODE')).toBe(true);
    await page.context().close();
  });

  it('fits a phone: filters, cards, chart and tables without sideways scrolling of the page', async () => {
    const page = await loggedIn(browser, base, { viewport: PHONE, touch: true });
    await openAnalytics(page);
    await expect.poll(() => bars(page)).toBe('7');
    const box = (await chart(page).boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(200);
    for (const name of ['Today', 'Yesterday', '7 days', '30 days', '90 days']) {
      const button = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(button.height).toBeGreaterThanOrEqual(44);
      expect(button.x + button.width).toBeLessThanOrEqual(PHONE.width);
    }
    await shot(page, 'analytics-phone');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('says so when a period has no usage', async () => {
    const page = await loggedIn(browser, base, { viewport: LAPTOP });
    await openAnalytics(page);
    await page.getByLabel('Template', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Source', { exact: true }).selectOption('api');
    // The sample has API rows; with them gone, API use of a template is certainly none.
    await t.database.db.execute(sql`delete from usage_events where source = 'api'`);
    await page.getByRole('button', { name: 'Yesterday' }).click();
    await page.getByText('No usage in this period.').waitFor();
    await shot(page, 'analytics-empty');
    await page.context().close();
  });
});
