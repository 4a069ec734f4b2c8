/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testPng } from '../src/modules/templates/templates.test-utils.js';
import { createTemplate } from '../src/modules/templates/templates.usecases.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { inViewport, LAPTOP, openGenerator, PHONE, selectTemplate, templateButtons } from './generator-page.js';

/** The generator with a catalogue as big as a real one (63 templates) and coupon validation off, as on a fresh install. */
describeInBrowser('web generator with 63 templates, validation off', () => {
  let app: BrowserApp;
  let browser: Browser;
  let base = '';
  let artefacts = '';

  beforeAll(async () => {
    app = await startBrowserApp({ name: 'generator' });
    ({ base, browser, artefacts } = app);
    for (let i = 1; i <= 60; i++) {
      const color = `#${((i * 2_654_435) & 0xffffff).toString(16).padStart(6, '0')}`;
      await createTemplate(app.t.services.templates, {
        name: `Template ${i}`,
        variants: { square: { image: await testPng({ width: 400, height: 400, color }) } },
      });
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const openPage = (options: Parameters<typeof openGenerator>[1] = {}) => openGenerator({ browser, base }, options);
  const visibleNames = async (page: Page) =>
    (await templateButtons(page).filter({ visible: true }).allTextContents()).map((name) => name.trim());

  it('puts the coupon field on the first screen of a phone, above the templates', async () => {
    const page = await openPage({ viewport: PHONE });
    const field = page.getByLabel('Coupon code');
    expect(inViewport(page, await field.boundingBox())).toBe(true);
    const gallery = (await page.getByRole('list', { name: 'Templates' }).boundingBox())!;
    expect(gallery.y).toBeGreaterThan((await field.boundingBox())!.y);
    await page.screenshot({ path: join(artefacts, 'phone-390-1-first-screen.png') });
    await page.close();
  });

  it('shows the templates as one horizontal strip on a phone, in natural name order', async () => {
    const page = await openPage({ viewport: PHONE });
    const strip = await page.getByRole('list', { name: 'Templates' }).evaluate((list) => ({
      scrollWidth: list.scrollWidth,
      clientWidth: list.clientWidth,
      height: list.clientHeight,
    }));
    expect(strip.scrollWidth).toBeGreaterThan(strip.clientWidth * 5);
    expect(strip.height).toBeLessThan(220);
    const names = await visibleNames(page);
    expect(names).toHaveLength(63);
    expect(names.indexOf('Template 2')).toBeLessThan(names.indexOf('Template 10'));
    expect(names.slice(0, 4)).toEqual(['Black Friday', 'Flash Sale', 'Summer Deal', 'Template 1']);
    await page.close();
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)('filters the gallery by name as a search is typed (%s)', async (device, viewport) => {
    const page = await openPage({ viewport });
    const search = page.getByLabel('Search templates');
    await search.fill('template 1');
    await expect
      .poll(() => visibleNames(page))
      .toEqual(['Template 1', ...Array.from({ length: 10 }, (_, i) => `Template ${10 + i}`)]);
    await search.fill('flash');
    await expect.poll(() => visibleNames(page)).toEqual(['Flash Sale']);
    await search.fill('nothing like this');
    await expect.poll(() => visibleNames(page)).toEqual([]);
    expect(await page.getByText('No template matches').isVisible()).toBe(true);
    await search.fill('');
    await expect.poll(async () => (await visibleNames(page)).length).toBe(63);
    await search.fill('summer');
    await selectTemplate(page, 'Summer Deal');
    await page.screenshot({ path: join(artefacts, `search-${device}.png`) });
    await page.close();
  });

  it('keeps Download and Share on screen while a preview is in view on a phone', async () => {
    const page = await openPage({ viewport: PHONE });
    await selectTemplate(page, 'Flash Sale');
    await page.getByLabel('Coupon code').fill('save20');
    for (const preview of ['Square preview', 'Portrait preview']) {
      await page.getByRole('img', { name: preview }).evaluate((canvas) => canvas.scrollIntoView({ block: 'start' }));
      for (const name of ['Download square', 'Download portrait', 'Share']) {
        const box = await page.getByRole('button', { name, exact: true }).boundingBox();
        expect(inViewport(page, box), `${name} with the ${preview} in view`).toBe(true);
      }
    }
    await page.screenshot({ path: join(artefacts, 'phone-390-2-previews.png') });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.screenshot({ path: join(artefacts, 'phone-390-3-end.png') });
    await page.close();
  });

  it('tells users nothing about coupon checking being off', async () => {
    const page = await openPage({ viewport: PHONE });
    await page.getByLabel('Coupon code').fill('anything goes');
    await expect.poll(() => page.locator('#code-status').textContent()).toContain('ANYTHING-GOES');
    await expect.poll(() => page.locator('#code-status').textContent()).not.toContain('Checking');
    expect(await page.locator('body').textContent()).not.toMatch(/checking is off|any code is accepted/i);
    await page.close();
  });

  it('looks right on a laptop', async () => {
    const page = await openPage({ viewport: LAPTOP });
    await page.getByLabel('Coupon code').fill('SAVE20');
    await selectTemplate(page, 'Flash Sale');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artefacts, 'laptop-1366-first-screen.png') });
    await page.screenshot({ path: join(artefacts, 'laptop-1366-full.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artefacts, 'laptop-1366x768-first-screen.png') });
    await page.close();
  });
});
