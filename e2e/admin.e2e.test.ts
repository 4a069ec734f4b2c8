/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_ADMIN, type TestApp } from '../src/http/http.test-utils.js';
import {
  arrangeTemplate,
  fullyVisible,
  horizontalOverflow,
  LAPTOP,
  loggedIn,
  openAdmin,
  PHONE,
  templatesApi,
} from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { contrastProblems } from './contrast.js';

const VIEWPORTS = [
  ['phone', PHONE],
  ['laptop', LAPTOP],
] as const;

describeInBrowser('admin panel in Chromium: login, list, delete, navigation', () => {
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

  const shot = (page: Page, name: string) => page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });

  it('logs in, keeps the session across a reload, and shows names as text', async () => {
    await arrangeTemplate(t, { name: '<img src=x onerror=alert(1)>', slug: 'xss' });
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
    await context.close();
  });

  it.each(VIEWPORTS)('opens the login page (%s) with the password field focused', async (size, viewport) => {
    const page = await openAdmin(browser, base, { viewport });
    await page.getByLabel('Password').waitFor();
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
      .toBe('password');
    await page.keyboard.type(TEST_ADMIN.adminPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    await page
      .getByRole('button', { name: 'Menu' })
      .or(page.getByRole('button', { name: 'Log out' }))
      .first()
      .waitFor();
    await page.context().close();
    const again = await openAdmin(browser, base, { viewport });
    await again.getByLabel('Password').waitFor();
    await shot(again, `login-${size}`);
    await again.context().close();
  });

  it('turns Telegram visibility off, and it stays off after a reload and in the catalogue', async () => {
    await arrangeTemplate(t, { name: 'Hide Me', slug: 'hide-me' });
    const page = await loggedIn(browser, base);
    const toggle = page.getByRole('checkbox', { name: 'Show Hide Me in Telegram' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await page.getByText('Hide Me is hidden from Telegram.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Show Hide Me in Telegram' }).isChecked()).toBe(false);
    expect((await templatesApi(base)).find((x) => x.slug === 'hide-me')?.telegramEnabled).toBe(false);
    await page.context().close();
  });

  /** The dialog sits right after the control that opened it: in view, and close to it. */
  async function expectBeside(page: Page, opener: ReturnType<Page['getByRole']>) {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const viewport = page.viewportSize()!;
    // The dialog scrolls itself into view once it is drawn (on a loaded machine, a frame or two after it appears).
    await expect
      .poll(async () => {
        const box = (await dialog.boundingBox())!;
        return box.y >= 0 && box.y + box.height <= viewport.height;
      })
      .toBe(true);
    const [a, b] = [(await opener.boundingBox())!, (await dialog.boundingBox())!];
    const gap = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height), 0);
    expect(gap).toBeLessThan(40);
    return dialog;
  }

  it.each(VIEWPORTS)(
    'bulk delete (%s) deletes exactly what is ticked when Delete is pressed',
    async (size, viewport) => {
      const names = ['Bulk A', 'Bulk B', 'Bulk C'].map((n) => `${n} ${size}`);
      for (const name of names) await arrangeTemplate(t, { name, slug: name.toLowerCase().replaceAll(' ', '-') });
      const [a, b, c] = names as [string, string, string];
      const page = await loggedIn(browser, base, { viewport });
      await page.getByRole('checkbox', { name: `Select ${a}` }).check();
      await page.getByRole('checkbox', { name: `Select ${b}` }).check();
      const opener = page.getByRole('button', { name: /^Delete selected/ });
      await opener.click();
      const dialog = await expectBeside(page, opener);
      expect(await dialog.textContent()).toContain(a);
      expect(await dialog.textContent()).toContain(b);
      await shot(page, `delete-dialog-${size}`);
      // Changing one's mind with the confirmation open: the confirmation follows the ticks.
      await page.getByRole('checkbox', { name: `Select ${a}` }).uncheck();
      await expect.poll(() => dialog.textContent()).not.toContain(a);
      expect(await dialog.textContent()).toContain(b);
      expect(await dialog.textContent()).toContain('1 template');
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByText(`Deleted 1 template: ${b}.`).waitFor();
      const slugs = (await templatesApi(base)).map((x) => x.name);
      expect(slugs).not.toContain(b);
      expect(slugs).toContain(a);
      expect(slugs).toContain(c);
      await page.context().close();
    },
  );

  it('deletes two templates at once, and only those', async () => {
    for (const name of ['Delete One', 'Delete Two', 'Keep Me'])
      await arrangeTemplate(t, { name, slug: name.toLowerCase().replace(' ', '-') });
    const page = await loggedIn(browser, base);
    await page.getByRole('checkbox', { name: 'Select Delete One' }).check();
    await page.getByRole('checkbox', { name: 'Select Delete Two' }).check();
    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Deleted 2 templates: Delete One, Delete Two.').waitFor();
    const slugs = (await templatesApi(base)).map((x) => x.slug);
    expect(slugs).not.toContain('delete-one');
    expect(slugs).not.toContain('delete-two');
    expect(slugs).toContain('keep-me');
    await page.context().close();
  });

  it.each(VIEWPORTS)('single Delete (%s) asks beside its row, naming the template', async (size, viewport) => {
    const name = `Single ${size}`;
    await arrangeTemplate(t, { name, slug: `single-${size}` });
    const page = await loggedIn(browser, base, { viewport });
    const opener = page.getByRole('button', { name: `Delete ${name}` });
    await opener.click();
    const dialog = await expectBeside(page, opener);
    expect(await dialog.textContent()).toContain(name);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => opener.evaluate((el) => el === document.activeElement)).toBe(true);
    await opener.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText(`Deleted 1 template: ${name}.`).waitFor();
    expect((await templatesApi(base)).map((x) => x.slug)).not.toContain(`single-${size}`);
    await page.context().close();
  });

  it('lays the list out on a 390 px phone without sideways scrolling, every Edit and Delete fully visible', async () => {
    await arrangeTemplate(t, {
      name: 'A Template With A Rather Long Name For A Phone Screen',
      slug: 'long-name-phone',
    });
    const page = await loggedIn(browser, base, { viewport: PHONE });
    await page
      .getByRole('button', { name: /^Edit / })
      .first()
      .waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const rows = page.getByRole('list', { name: 'Templates' }).getByRole('listitem');
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      for (const button of [
        row.getByRole('button', { name: /^Edit / }),
        row.getByRole('button', { name: /^Delete / }),
      ]) {
        await button.scrollIntoViewIfNeeded();
        expect(await fullyVisible(button), (await button.getAttribute('aria-label')) ?? '').toBe(true);
      }
      const [edit, remove] = [
        (await row.getByRole('button', { name: /^Edit / }).boundingBox())!,
        (await row.getByRole('button', { name: /^Delete / }).boundingBox())!,
      ];
      expect(edit.width).toBeGreaterThanOrEqual(remove.width - 1);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'list-phone');
    await page.context().close();
  });

  it('takes a laptop screenshot of the list', async () => {
    await arrangeTemplate(t, { name: 'Laptop Shot', slug: 'laptop-shot' });
    const page = await loggedIn(browser, base, { viewport: LAPTOP });
    await page.getByRole('button', { name: 'Edit Laptop Shot' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'list-laptop');
    await page.context().close();
  });

  it('searches more than a dozen templates by name as the admin types, in natural order', async () => {
    for (let i = 1; i <= 12; i++) await arrangeTemplate(t, { name: `Findable ${i}`, slug: `findable-${i}` });
    const page = await loggedIn(browser, base);
    const search = page.getByLabel('Search templates');
    await search.fill('findable');
    const list = page.getByRole('list', { name: 'Templates' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(12);
    const names = await list.locator('strong').allTextContents();
    expect(names.slice(0, 3)).toEqual(['Findable 1', 'Findable 2', 'Findable 3']);
    expect(names.at(-1)).toBe('Findable 12');
    await search.fill('FINDABLE 1');
    await expect
      .poll(() => list.locator('strong').allTextContents())
      .toEqual(['Findable 1', 'Findable 10', 'Findable 11', 'Findable 12']);
    await search.fill('no such template');
    await page.getByText('No template matches “no such template”.').waitFor();
    await page.context().close();
  });

  it('shows the settings without secrets, and a phone gets a menu', async () => {
    const page = await loggedIn(browser, base, { viewport: { width: 360, height: 740 } });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain('off — every code is accepted');
    expect(text).not.toContain(TEST_ADMIN.adminPassword);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'settings-phone');
    await page.context().close();
  });

  const TEXT = 'button.primary, button.danger, label, legend, .hint, .status, .meta code, .meta span, .field-error';
  const EDGES =
    'input:not([type=checkbox]):not([type=range]), select, .drop, .nudge, .box-numbers, .variant, .template-list > li, .login form, .confirm';

  it('meets WCAG AA contrast on the login page, the list, a confirmation and the editor', async () => {
    await arrangeTemplate(t, { name: 'Contrast Check', slug: 'contrast-check' });
    const page = await openAdmin(browser, base);
    await page.getByLabel('Password').waitFor();
    expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);
    await page.getByLabel('Password').fill(TEST_ADMIN.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Edit Contrast Check' }).waitFor();
    expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);
    await page.getByRole('button', { name: 'Delete Contrast Check' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Edit Contrast Check' }).click();
    await page.getByRole('img', { name: 'Square preview' }).waitFor();
    expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);

    // Selects and the nudge group use the theme: its font, surfaces and edges, and 44 px targets.
    const looks = await page.evaluate(() => {
      const css = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      const token = (name: string) => {
        const probe = document.createElement('div');
        probe.style.color = `var(${name})`;
        document.body.append(probe);
        const value = getComputedStyle(probe).color;
        probe.remove();
        return value;
      };
      const nudgeButton = css('.nudge button');
      return {
        selectFont: css('select').fontFamily === getComputedStyle(document.body).fontFamily,
        selectSize: css('select').fontSize === getComputedStyle(document.body).fontSize,
        selectBackground: css('select').backgroundColor === token('--surface-2'),
        nudgeEdge: css('.nudge').borderTopColor === token('--border'),
        nudgeButtonBackground: nudgeButton.backgroundColor === token('--surface-2'),
        nudgeButtonTall: Number.parseFloat(nudgeButton.height) >= 44,
      };
    });
    expect(looks).toEqual({
      selectFont: true,
      selectSize: true,
      selectBackground: true,
      nudgeEdge: true,
      nudgeButtonBackground: true,
      nudgeButtonTall: true,
    });
    await page.context().close();
  });
});
