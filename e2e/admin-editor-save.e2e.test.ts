/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_ADMIN, type TestApp } from '../src/http/http.test-utils.js';
import { setTelegramEnabled } from '../src/modules/templates/templates.usecases.js';
import {
  arrangeTemplate,
  errorOf,
  focusedInView,
  LAPTOP,
  loggedIn,
  newTemplate,
  PHONE,
  pixels,
  preview,
  templatesApi,
  uploadImage,
  variantGroup,
} from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';

describeInBrowser('admin template editor in Chromium: checking, saving and leaving', () => {
  let app: BrowserApp;
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let artefacts = '';

  // One app and browser for the file; each test creates the templates it acts on, under names no other test uses.
  beforeAll(async () => {
    app = await startBrowserApp({ name: 'admin' });
    ({ t, base, browser, artefacts } = app);
  });
  afterAll(() => app?.close());

  /** What the user sees at that moment (the viewport, not the whole page). */
  const shot = (page: Page, name: string) => page.screenshot({ path: join(artefacts, `${name}.png`) });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)(
    'checks a hex colour as it is typed (%s): error under the field, the preview keeps the last good colour',
    async (size, viewport) => {
      const name = `Hex Typing ${size}`;
      await arrangeTemplate(t, { name, slug: `hex-typing-${size}` });
      const page = await loggedIn(browser, base, { viewport });
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await preview(page).waitFor();
      const hex = variantGroup(page, 'Square').getByLabel('Text colour', { exact: true });
      // The preview has its image (a canvas starts 300×150 and blank) before its pixels are compared.
      await expect.poll(() => preview(page).evaluate((c: HTMLCanvasElement) => c.width !== 300)).toBe(true);
      await hex.fill('#FF0000');
      await page.waitForTimeout(150);
      const red = await pixels(page);
      await hex.fill('#FF00');
      await expect.poll(() => errorOf(hex)).toBe('Square: text colour must be #RRGGBB');
      expect(await hex.getAttribute('aria-invalid')).toBe('true');
      await page.waitForTimeout(150);
      expect(await pixels(page)).toBe(red);
      const [field, message] = [
        (await hex.boundingBox())!,
        (await page.getByText('Square: text colour must be #RRGGBB').boundingBox())!,
      ];
      expect(message.y - (field.y + field.height)).toBeLessThan(24);
      // Save is refused on the spot: the field is scrolled to and focused, and the Save bar says why.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByRole('button', { name: 'Save template' }).click();
      await expect.poll(() => focusedInView(hex)).toBe(true);
      await page.getByText('Not saved. Check the field marked in red.').waitFor();
      await shot(page, `editor-error-${size}`);
      await hex.fill('#00ff00');
      await expect.poll(() => errorOf(hex)).toBe('');
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText('Template saved.').waitFor();
      expect((await templatesApi(base)).find((x) => x.name === name)?.square?.fontColor).toBe('#00FF00');
      await page.context().close();
    },
  );

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)('shows a taken slug (%s) at the Save button, in view and focused', async (size, viewport) => {
    await arrangeTemplate(t, { name: `Taken ${size}`, slug: `taken-${size}` });
    const page = await loggedIn(browser, base, { viewport });
    await newTemplate(page, `Another ${size}`, { width: 800, height: 800 });
    await page.getByLabel(/^Slug/).fill(`taken-${size}`);
    await page.getByRole('button', { name: 'Save template' }).click();
    const message = page.getByText(`A template with the slug "taken-${size}" already exists`);
    await expect.poll(() => focusedInView(message)).toBe(true);
    const [save, text] = [
      (await page.getByRole('button', { name: 'Save template' }).boundingBox())!,
      (await message.boundingBox())!,
    ];
    expect(Math.abs(text.y - save.y)).toBeLessThan(120);
    expect(await message.getAttribute('role')).toBe('alert');
    await page.context().close();
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)(
    'saves the logo fit chosen in the editor, offered only while the logo is (%s)',
    async (size, viewport) => {
      const name = `Wordmark Fit ${size}`;
      await arrangeTemplate(t, { name, slug: `wordmark-fit-${size}` });
      const page = await loggedIn(browser, base, { viewport });
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await preview(page).waitFor();
      const square = variantGroup(page, 'Square');
      const fit = square.getByLabel('Square: logo fit');
      expect(await fit.inputValue()).toBe('cover');
      const offer = square.getByRole('checkbox', { name: 'Offer the logo' });
      await offer.uncheck();
      expect(await fit.count()).toBe(0);
      await offer.check();
      await fit.selectOption('contain');
      await fit.scrollIntoViewIfNeeded();
      await shot(page, `editor-logo-fit-${size}`);
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText('Template saved.').waitFor();
      expect((await templatesApi(base)).find((x) => x.name === name)?.square?.logoFit).toBe('contain');
      await page.context().close();
    },
  );

  it('shows a stale version at the Save button', async () => {
    await arrangeTemplate(t, { name: 'Edited Twice', slug: 'edited-twice' });
    const page = await loggedIn(browser, base);
    await page.getByRole('button', { name: 'Edit Edited Twice' }).click();
    await page.getByLabel('Name').fill('Edited Twice, here');
    await setTelegramEnabled(t.services.templates, { slug: 'edited-twice', enabled: false });
    await page.getByRole('button', { name: 'Save template' }).click();
    await expect.poll(() => focusedInView(page.getByText(/"Edited Twice" was changed by someone else/))).toBe(true);
    await page.context().close();
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)(
    'puts a server field error (%s) beside its field in the form’s words, scrolled to and focused',
    async (size, viewport) => {
      const name = `Server Says No ${size}`;
      await arrangeTemplate(t, { name, slug: `server-says-no-${size}` });
      const page = await loggedIn(browser, base, { viewport });
      // The server's own answer to a colour it refuses (the page checks colours first, so it is replayed here).
      await page.route('**/api/upload-template', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'template.invalid',
              message: 'squareFontColor: must be a colour like #FFAA00',
              fields: { squareFontColor: 'must be a colour like #FFAA00' },
            },
          }),
        }),
      );
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await preview(page).waitFor();
      await page.getByRole('button', { name: 'Save template' }).click();
      const hex = variantGroup(page, 'Square').getByLabel('Text colour', { exact: true });
      await expect.poll(() => focusedInView(hex)).toBe(true);
      expect(await errorOf(hex)).toBe('Square: text colour must be #RRGGBB');
      expect(await page.locator('main').textContent()).not.toContain('squareFontColor');
      await page.getByText('Not saved. Check the field marked in red.').waitFor();
      await page.context().close();
    },
  );

  it('puts a real server refusal of the image beside the image field', async () => {
    const page = await loggedIn(browser, base, { viewport: PHONE });
    await newTemplate(page, 'Too Small To Use', { width: 150, height: 150 });
    await page.getByRole('button', { name: 'Save template' }).click();
    const file = variantGroup(page, 'Square').locator('input[type=file]');
    await expect.poll(() => file.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await errorOf(file)).toBe('Square image: 150×150 px; each side must be 200–8000 px');
    await page.context().close();
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const)(
    'asks before unsaved edits are dropped (%s) by another section, Log out or Cancel',
    async (size, viewport) => {
      const name = `Unsaved ${size}`;
      await arrangeTemplate(t, { name, slug: `unsaved-${size}` });
      const page = await loggedIn(browser, base, { viewport });
      const nav = async (section: string) => {
        if (size === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('button', { name: section, exact: true }).click();
      };
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await page.getByLabel('Name').fill(`${name}, renamed`);
      for (const section of ['Settings', 'Log out', 'Templates']) {
        await nav(section);
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        expect(await dialog.textContent()).toContain(`Your changes to “${name}” are not saved`);
        const box = (await dialog.boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
        if (section === 'Settings') await shot(page, `leave-dialog-${size}`);
        await dialog.getByRole('button', { name: 'Keep editing' }).click();
        expect(await page.getByLabel('Name').inputValue()).toBe(`${name}, renamed`);
      }
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Keep editing' }).click();
      expect(await page.getByLabel('Name').inputValue()).toBe(`${name}, renamed`);
      await nav('Settings');
      await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect((await templatesApi(base)).find((x) => x.slug === `unsaved-${size}`)?.name).toBe(name);
      // Nothing unsaved: the sections open without a question.
      await nav('Templates');
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await nav('Settings');
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await page.getByRole('dialog').count()).toBe(0);
      // Logging out from the editor closes it: the next login starts at the list.
      await nav('Templates');
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await nav('Log out');
      await page.getByLabel('Password').fill(TEST_ADMIN.adminPassword);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('button', { name: `Edit ${name}` }).waitFor();
      expect(await page.getByRole('button', { name: 'Save template' }).count()).toBe(0);
      await page.context().close();
    },
  );

  it.each([
    ['Square', 800, 450, 'This image is 800 × 450 px, not square (1:1).'],
    ['Portrait', 600, 800, 'This image is 600 × 800 px, not portrait (9:16).'],
  ] as const)(
    'warns that a %s image of %i × %i has the wrong shape, and still saves it',
    async (label, width, height, warning) => {
      const page = await loggedIn(browser, base);
      await page.getByRole('button', { name: 'New template' }).click();
      const name = `Odd Shape ${label}`;
      await page.getByLabel('Name').fill(name);
      await uploadImage(page, label, { width, height });
      const status = variantGroup(page, label).getByRole('status');
      await expect.poll(() => status.textContent()).toContain(warning);
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText('Template saved.').waitFor();
      expect((await templatesApi(base)).some((x) => x.name === name)).toBe(true);
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      await expect.poll(() => variantGroup(page, label).getByRole('status').textContent()).toContain(warning);
      await page.context().close();
    },
  );

  it('says nothing about the shape of a square 1:1 or a portrait 9:16 image', async () => {
    const page = await loggedIn(browser, base);
    await page.getByRole('button', { name: 'New template' }).click();
    await uploadImage(page, 'Square', { width: 600, height: 600 });
    await uploadImage(page, 'Portrait', { width: 450, height: 800 });
    await page.waitForTimeout(200);
    expect(await variantGroup(page, 'Square').getByRole('status').textContent()).toBe('');
    expect(await variantGroup(page, 'Portrait').getByRole('status').textContent()).toBe('');
    await page.context().close();
  });
});
