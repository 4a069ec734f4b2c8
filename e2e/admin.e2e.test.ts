/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_ADMIN, type TestApp } from '../src/http/http.test-utils.js';
import { testPng } from '../src/modules/templates/templates.test-utils.js';
import { createTemplate } from '../src/modules/templates/templates.usecases.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';

const ARRANGED_BOX = { leftPct: 14, topPct: 71, widthPct: 72, heightPct: 10 };

describeInBrowser('admin panel in Chromium', () => {
  let app: BrowserApp;
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let artefacts = '';

  // One app and browser for the file (they take seconds to start); each test creates the templates it acts on, under
  // names no other test uses, so the tests pass in any order (`--sequence.shuffle`) and one at a time.
  beforeAll(async () => {
    app = await startBrowserApp({ name: 'admin' });
    ({ t, base, browser, artefacts } = app);
  });
  afterAll(() => app?.close());

  /** A template made through the use case, as an earlier admin session would have left it. */
  async function arrangeTemplate(name: string, slug: string) {
    await createTemplate(t.services.templates, {
      name,
      slug,
      variants: { square: { image: await testPng(), settings: { box: ARRANGED_BOX } } },
    });
  }

  async function loggedIn(
    options: { hasTouch?: boolean; viewport?: { width: number; height: number } } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 1000 },
      hasTouch: options.hasTouch,
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      throw new Error(`unexpected dialog: ${dialog.message()}`);
    });
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Password').fill(TEST_ADMIN.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    return page;
  }
  const templatesApi = async () =>
    (
      (await (await fetch(`${base}/api/templates`)).json()) as {
        templates: { slug: string; name: string; telegramEnabled: boolean; square?: { box: Record<string, number> } }[];
      }
    ).templates;

  it('logs in, keeps the session across a reload, and shows names as text', async () => {
    await arrangeTemplate('<img src=x onerror=alert(1)>', 'xss');
    const context = await browser.newContext();
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });
    await page.goto(`${base}/admin`);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong password');
    await page.getByLabel('Password').fill(TEST_ADMIN.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);
    await expect.poll(() => page.getByText('<img src=x onerror=alert(1)>').count()).toBe(1);
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
    await page.screenshot({ path: join(artefacts, 'list.png'), fullPage: true });
    await context.close();
  });

  async function drawBox(page: Page, from: [number, number], to: [number, number], touch: boolean) {
    const drawer = page.getByTestId('box-drawer').first();
    const rect = (await drawer.boundingBox())!;
    const at = ([fx, fy]: [number, number]) => ({ x: rect.x + rect.width * fx, y: rect.y + rect.height * fy });
    if (!touch) {
      await page.mouse.move(at(from).x, at(from).y);
      await page.mouse.down();
      await page.mouse.move(at(to).x, at(to).y, { steps: 8 });
      await page.mouse.up();
      return;
    }
    // Real touch input through the DevTools protocol: Chromium turns it into touch pointer events.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(from)] });
    for (let i = 1; i <= 8; i++) {
      const p = {
        x: at(from).x + ((at(to).x - at(from).x) * i) / 8,
        y: at(from).y + ((at(to).y - at(from).y) * i) / 8,
      };
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  it.each([
    ['Drawn With Mouse', false],
    ['Drawn With Touch', true],
  ] as const)('creates "%s" by uploading a PNG and dragging the text box', async (name, touch) => {
    const page = await loggedIn({ hasTouch: touch });
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Name').fill(name);
    await page
      .locator('fieldset')
      .first()
      .locator('input[type=file]')
      .setInputFiles({
        name: 'art.png',
        mimeType: 'image/png',
        buffer: await testPng({ width: 800, height: 600, color: '#203040' }),
      });
    await page.getByTestId('box-drawer').first().waitFor();
    await page.waitForTimeout(200);
    await drawBox(page, [0.1, 0.6], [0.9, 0.85], touch);
    await expect
      .poll(() => page.getByTestId('square-box').textContent())
      .toMatch(/left 1\d(\.\d)?%, top 6\d(\.\d)?%, width (7|8)\d(\.\d)?%, height 2\d(\.\d)?%/);
    // A tiny drag is ignored.
    const before = await page.getByTestId('square-box').textContent();
    await drawBox(page, [0.5, 0.2], [0.505, 0.205], touch);
    expect(await page.getByTestId('square-box').textContent()).toBe(before);
    const preview = page.getByRole('img', { name: 'Square preview' });
    await expect.poll(() => preview.evaluate((c: HTMLCanvasElement) => c.width)).toBe(800);
    const withSample = await preview.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.getByLabel('Sample code').fill('PREVIEW42');
    await expect.poll(() => preview.evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(withSample);
    await page.screenshot({ path: join(artefacts, `editor-${touch ? 'touch' : 'mouse'}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved.').waitFor();
    const slug = name.toLowerCase().replaceAll(' ', '-');
    const saved = (await templatesApi()).find((x) => x.slug === slug);
    expect(saved?.square?.box.leftPct).toBeGreaterThan(8);
    expect(saved?.square?.box.leftPct).toBeLessThan(12);
    expect(saved?.square?.box.heightPct).toBeGreaterThan(22);
    expect((await fetch(`${base}/api/render/${slug}/square.png?code=HELLO`)).status).toBe(200);
    await page.goto(`${base}/`);
    await expect
      .poll(() => page.getByRole('list', { name: 'Templates' }).getByRole('button', { name }).count())
      .toBe(1);
    await page.context().close();
  });

  it('turns Telegram visibility off, and it stays off after a reload and in the catalogue', async () => {
    await arrangeTemplate('Hide Me', 'hide-me');
    const page = await loggedIn();
    const toggle = page.getByRole('checkbox', { name: 'Show Hide Me in Telegram' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await page.getByText('Hide Me is hidden from Telegram.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Show Hide Me in Telegram' }).isChecked()).toBe(false);
    expect((await templatesApi()).find((x) => x.slug === 'hide-me')?.telegramEnabled).toBe(false);
    await page.context().close();
  });

  it('edits a template with its values loaded and its slug fixed', async () => {
    await arrangeTemplate('Autumn Deal', 'autumn-deal');
    const page = await loggedIn();
    await page.getByRole('button', { name: 'Edit Autumn Deal' }).click();
    expect(await page.getByLabel('Name').inputValue()).toBe('Autumn Deal');
    expect(await page.getByLabel(/^Slug/).inputValue()).toBe('autumn-deal');
    expect(await page.getByLabel(/^Slug/).isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('square-box').textContent()).toContain(`left ${ARRANGED_BOX.leftPct}%`);
    await page.getByRole('button', { name: 'Move right' }).click();
    await page.getByLabel('Name').fill('Autumn Deal 2');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved.').waitFor();
    const saved = (await templatesApi()).find((x) => x.slug === 'autumn-deal');
    expect(saved).toMatchObject({ name: 'Autumn Deal 2', square: { box: { leftPct: ARRANGED_BOX.leftPct + 0.5 } } });
    await page.context().close();
  });

  it('deletes two templates at once, and only those', async () => {
    await arrangeTemplate('Delete One', 'delete-one');
    await arrangeTemplate('Delete Two', 'delete-two');
    await arrangeTemplate('Keep Me', 'keep-me');
    const page = await loggedIn();
    await page.getByRole('checkbox', { name: 'Select Delete One' }).check();
    await page.getByRole('checkbox', { name: 'Select Delete Two' }).check();
    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('Deleted 2 templates.').waitFor();
    const slugs = (await templatesApi()).map((x) => x.slug);
    expect(slugs).not.toContain('delete-one');
    expect(slugs).not.toContain('delete-two');
    expect(slugs).toContain('keep-me');
    await page.context().close();
  });

  it('shows the settings without secrets, and a phone gets a menu', async () => {
    const page = await loggedIn({ viewport: { width: 360, height: 740 } });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain('off — every code is accepted');
    expect(text).not.toContain(TEST_ADMIN.adminPassword);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artefacts, 'settings-phone.png'), fullPage: true });
    await page.context().close();
  });
});
