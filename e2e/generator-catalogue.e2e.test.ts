/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testPng } from '../src/modules/templates/templates.test-utils.js';
import { createTemplate } from '../src/modules/templates/templates.usecases.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { openGenerator, PHONE } from './generator-page.js';

/** The generator with a catalogue as big as a real one (63 templates) and coupon validation off, as on a fresh install. */
describeInBrowser('web generator with 63 templates, validation off', () => {
  let app: BrowserApp;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    app = await startBrowserApp({ name: 'generator' });
    ({ base, browser } = app);
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

  it('tells users nothing about coupon checking being off', async () => {
    const page = await openPage({ viewport: PHONE });
    await page.getByLabel('Coupon code').fill('anything goes');
    await expect.poll(() => page.locator('#code-status').textContent()).toContain('ANYTHING-GOES');
    await expect.poll(() => page.locator('#code-status').textContent()).not.toContain('Checking');
    expect(await page.locator('body').textContent()).not.toMatch(/checking is off|any code is accepted/i);
    await page.close();
  });
});
