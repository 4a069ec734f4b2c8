/// <reference lib="dom" />
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCampaign, deleteCampaign } from '../src/modules/campaigns/campaigns.usecases.js';
import { horizontalOverflow } from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { daysFromNow } from './campaign.test-utils.js';
import { LAPTOP, openGenerator, PHONE } from './generator-page.js';

const iso = (days: number) => daysFromNow(days).toISOString();

/** WEB-5: the home page's Campaigns section under the generator. */
describeInBrowser('the home page lists campaigns people can join', () => {
  let app: BrowserApp;
  const ids: number[] = [];
  const campaign = (title: string, from: number, to: number, prize = '') =>
    createCampaign(app.t.deps.campaigns, {
      title,
      start_date: iso(from),
      end_date: iso(to),
      prize,
      platforms: ['instagram'],
    }).then((c) => ids.push(c.id));

  beforeAll(async () => {
    app = await startBrowserApp({ name: 'home-campaigns' });
  });
  afterAll(() => app?.close());

  it('shows no Campaigns section while there are none', async () => {
    const page = await openGenerator(app, { viewport: LAPTOP });
    const asked = () =>
      page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/api/campaigns')));
    await expect.poll(asked).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: 'Campaigns' }).isVisible()).toBe(false);
    await page.close();
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)(
    'lists ongoing and upcoming campaigns with dates and prize, each linking to its page (%s)',
    async (size, viewport) => {
      if (ids.length === 0) {
        await campaign('Winter <b>giveaway</b>', -1, 10, 'A funded account');
        await campaign('Spring contest', 5, 20);
        await campaign('Last year', -30, -10);
      }
      const page = await openGenerator(app, { viewport });
      const list = page.getByRole('list', { name: 'Campaigns' });
      await list.getByRole('listitem').first().waitFor();
      // Soonest first; the ended one is not offered; titles are text, never markup.
      expect(await list.getByRole('heading').allTextContents()).toEqual(['Winter <b>giveaway</b>', 'Spring contest']);
      const winter = list.getByRole('listitem').first();
      expect(await winter.textContent()).toMatch(/Open now · ends .+Prize: A funded account/);
      expect(await list.getByRole('listitem').nth(1).textContent()).toMatch(/^Spring contestOpens .+ · ends /);
      expect(await winter.getByRole('link').getAttribute('href')).toBe(`/campaign/${ids[0]}`);
      // Under the generator, and the page stays one column wide on a phone.
      const previews = (await page.getByRole('heading', { name: '3. Preview and download' }).boundingBox())!;
      expect((await list.boundingBox())!.y).toBeGreaterThan(previews.y);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await list.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(app.artefacts, `home-campaigns-${size}.png`), fullPage: true });
      await winter.getByRole('link').click();
      await page.getByRole('heading', { name: 'Winter <b>giveaway</b>' }).waitFor();
      await page.close();
    },
  );

  it('says so when the campaigns cannot be loaded, and invents none', async () => {
    const page = await openGenerator(app, {
      viewport: PHONE,
      initScript: () => {
        const real = window.fetch;
        window.fetch = (input, init) =>
          String(input).endsWith('/api/campaigns') ? Promise.reject(new TypeError('offline')) : real(input, init);
      },
    });
    const panel = page.getByRole('region', { name: 'Campaigns' });
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/couldn't be loaded/);
    expect(await panel.getByRole('listitem').count()).toBe(0);
    await page.close();
  });

  it('drops a deleted campaign from the list', async () => {
    await deleteCampaign(app.t.deps.campaigns, ids[1]!);
    const page = await openGenerator(app, { viewport: LAPTOP });
    const list = page.getByRole('list', { name: 'Campaigns' });
    await list.getByRole('listitem').first().waitFor();
    expect(await list.getByRole('heading').allTextContents()).toEqual(['Winter <b>giveaway</b>']);
    await page.close();
  });
});
