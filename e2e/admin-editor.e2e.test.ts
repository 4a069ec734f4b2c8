/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApp } from '../src/http/http.test-utils.js';
import {
  ARRANGED_BOX,
  arrangeTemplate,
  boxValues,
  centreDrawer,
  drawer,
  errorOf,
  horizontalOverflow,
  loggedIn,
  mouseDrag,
  newTemplate,
  PHONE,
  pixels,
  pointIn,
  preview,
  templatesApi,
  touchDrag,
  uploadImage,
  variantGroup,
} from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';

describeInBrowser('admin template editor in Chromium: the drawing area', () => {
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

  const shot = (page: Page, name: string) => page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });

  it('creates a template by uploading a PNG and dragging the text box with the mouse', async () => {
    const page = await loggedIn(browser, base);
    await newTemplate(page, 'Drawn With Mouse');
    await centreDrawer(page);
    await mouseDrag(page, await pointIn(drawer(page), 0.1, 0.6), await pointIn(drawer(page), 0.9, 0.85));
    await expect.poll(() => boxValues(page)).toEqual({ leftPct: 10, topPct: 60, widthPct: 80, heightPct: 25 });
    // A tiny drag is ignored.
    await mouseDrag(page, await pointIn(drawer(page), 0.5, 0.2), await pointIn(drawer(page), 0.505, 0.205));
    expect((await boxValues(page)).topPct).toBe(60);
    expect(await preview(page).evaluate((c: HTMLCanvasElement) => c.width)).toBe(800);
    const withSample = await pixels(page);
    await page.getByLabel('Sample code').fill('PREVIEW42');
    await expect.poll(() => pixels(page)).not.toBe(withSample);
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
    await shot(page, 'editor-laptop');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved.').waitFor();
    const saved = (await templatesApi(base)).find((x) => x.slug === 'drawn-with-mouse');
    expect(saved?.square?.box).toEqual({ leftPct: 10, topPct: 60, widthPct: 80, heightPct: 25 });
    expect((await fetch(`${base}/api/render/drawn-with-mouse/square.png?code=HELLO`)).status).toBe(200);
    await page.goto(`${base}/`);
    await expect
      .poll(() =>
        page.getByRole('list', { name: 'Templates' }).getByRole('button', { name: 'Drawn With Mouse' }).count(),
      )
      .toBe(1);
    await page.context().close();
  });

  it('on a phone, a vertical swipe over the image scrolls the page and leaves the box alone', async () => {
    await arrangeTemplate(t, { name: 'Swipe Over Me', slug: 'swipe-over-me' });
    const page = await loggedIn(browser, base, { viewport: PHONE, touch: true });
    await page.getByRole('button', { name: 'Edit Swipe Over Me' }).click();
    await preview(page).waitFor();
    await centreDrawer(page);
    const before = await page.evaluate(() => window.scrollY);
    await touchDrag(page, await pointIn(drawer(page), 0.5, 0.85), await pointIn(drawer(page), 0.55, 0.15));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before + 50);
    await expect.poll(() => boxValues(page)).toEqual(ARRANGED_BOX);
    expect(await drawer(page).evaluate((el) => getComputedStyle(el).touchAction)).toBe('pan-y');
    await page.context().close();
  });

  it('on a phone, draws a box only in "Draw box" mode, and moves and resizes it by 44 px handles', async () => {
    const page = await loggedIn(browser, base, { viewport: PHONE, touch: true });
    await newTemplate(page, 'Drawn With Touch');
    const drawBox = variantGroup(page, 'Square').getByRole('button', { name: 'Draw box' });
    expect(await drawBox.getAttribute('aria-pressed')).toBe('false');
    await drawBox.click();
    expect(await drawBox.getAttribute('aria-pressed')).toBe('true');
    await centreDrawer(page);
    await touchDrag(page, await pointIn(drawer(page), 0.1, 0.3), await pointIn(drawer(page), 0.7, 0.5));
    await expect.poll(() => boxValues(page)).toEqual({ leftPct: 10, topPct: 30, widthPct: 60, heightPct: 20 });
    // One box per press: the mode ends, so the next swipe scrolls again.
    expect(await drawBox.getAttribute('aria-pressed')).toBe('false');

    for (const corner of ['nw', 'ne', 'sw', 'se']) {
      const handle = (await drawer(page).getByTestId(`handle-${corner}`).boundingBox())!;
      expect(Math.min(handle.width, handle.height), corner).toBeGreaterThanOrEqual(44);
    }
    const se = await pointIn(drawer(page).getByTestId('handle-se'), 0.5, 0.5);
    const { width, height } = (await drawer(page).boundingBox())!;
    await touchDrag(page, se, { x: se.x + width * 0.1, y: se.y + height * 0.1 });
    await expect.poll(() => boxValues(page)).toEqual({ leftPct: 10, topPct: 30, widthPct: 70, heightPct: 30 });
    const nw = await pointIn(drawer(page).getByTestId('handle-nw'), 0.5, 0.5);
    await touchDrag(page, nw, { x: nw.x + width * 0.05, y: nw.y });
    await expect.poll(() => boxValues(page)).toEqual({ leftPct: 15, topPct: 30, widthPct: 65, heightPct: 30 });
    const move = await pointIn(drawer(page).getByTestId('handle-move'), 0.5, 0.5);
    await touchDrag(page, move, { x: move.x - width * 0.1, y: move.y + height * 0.2 });
    await expect.poll(() => boxValues(page)).toEqual({ leftPct: 5, topPct: 50, widthPct: 65, heightPct: 30 });
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved.').waitFor();
    const saved = (await templatesApi(base)).find((x) => x.slug === 'drawn-with-touch');
    expect(saved?.square?.box).toEqual({ leftPct: 5, topPct: 50, widthPct: 65, heightPct: 30 });
    await page.context().close();
  });

  it('undoes and redoes box edits with Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y and the buttons', async () => {
    await arrangeTemplate(t, { name: 'Undo Me', slug: 'undo-me' });
    const page = await loggedIn(browser, base);
    await page.getByRole('button', { name: 'Edit Undo Me' }).click();
    await preview(page).waitFor();
    await centreDrawer(page);
    const square = variantGroup(page, 'Square');
    expect(await square.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    await mouseDrag(page, await pointIn(drawer(page), 0.2, 0.2), await pointIn(drawer(page), 0.6, 0.4));
    await expect.poll(() => boxValues(page)).toEqual({ leftPct: 20, topPct: 20, widthPct: 40, heightPct: 20 });
    await square.getByRole('button', { name: 'Move right' }).click();
    await expect.poll(async () => (await boxValues(page)).leftPct).toBe(20.5);
    await page.keyboard.press('Control+z');
    await expect.poll(() => boxValues(page)).toEqual({ leftPct: 20, topPct: 20, widthPct: 40, heightPct: 20 });
    await page.keyboard.press('Control+z');
    await expect.poll(() => boxValues(page)).toEqual(ARRANGED_BOX);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await boxValues(page)).leftPct).toBe(20);
    await page.keyboard.press('Control+y');
    await expect.poll(async () => (await boxValues(page)).leftPct).toBe(20.5);
    await square.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await boxValues(page)).leftPct).toBe(20);
    await square.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(async () => (await boxValues(page)).leftPct).toBe(20.5);
    expect(await square.getByRole('button', { name: 'Redo' }).isDisabled()).toBe(true);
    // Typing in a text field keeps the field's own undo.
    await page.getByLabel('Name').fill('Undo Me Again');
    await page.getByLabel('Name').press('Control+z');
    await page.waitForTimeout(200);
    expect((await boxValues(page)).leftPct).toBe(20.5);
    await page.context().close();
  });

  it('draws the live result inside the drawing area, with number fields for the box and the font size', async () => {
    await arrangeTemplate(t, { name: 'One Picture', slug: 'one-picture' });
    const page = await loggedIn(browser, base);
    await page.getByRole('button', { name: 'Edit One Picture' }).click();
    await preview(page).waitFor();
    // One picture per variant: the renderer's canvas at the output size, with the box drawn over it.
    expect(await drawer(page).locator('img').count()).toBe(0);
    expect(await drawer(page).getByRole('img', { name: 'Square preview' }).count()).toBe(1);
    expect(await page.locator('canvas').count()).toBe(1);
    expect(await preview(page).evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([800, 800]);
    const [area, canvas] = [(await drawer(page).boundingBox())!, (await preview(page).boundingBox())!];
    expect(canvas).toEqual(area);

    const square = variantGroup(page, 'Square');
    const before = await pixels(page);
    await square.getByLabel('Left', { exact: true }).fill('10');
    await square.getByLabel('Width', { exact: true }).fill('60');
    await expect.poll(() => boxValues(page)).toEqual({ ...ARRANGED_BOX, leftPct: 10, widthPct: 60 });
    const style = await drawer(page).getByTestId('text-box').getAttribute('style');
    expect(style).toContain('left: 10%');
    expect(style).toContain('width: 60%');
    await expect.poll(() => pixels(page)).not.toBe(before);
    // A left edge that would push the box out of the image is refused where it is typed.
    await square.getByLabel('Left', { exact: true }).fill('50');
    await expect
      .poll(() => errorOf(square.getByLabel('Left', { exact: true })))
      .toBe('Square: text box left must be 0–40');
    await square.getByLabel('Left', { exact: true }).fill('10');
    const maxFont = square.getByLabel('Max font size (px)');
    await maxFont.fill('40');
    await expect.poll(() => square.getByLabel('Max font size slider').inputValue()).toBe('40');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved.').waitFor();
    expect((await templatesApi(base)).find((x) => x.slug === 'one-picture')?.square).toMatchObject({
      box: { ...ARRANGED_BOX, leftPct: 10, widthPct: 60 },
      maxFontPx: 40,
    });
    await page.context().close();
  });

  it('shows the centre lines while the box moves and snaps its centre to them within 1 %', async () => {
    await arrangeTemplate(t, { name: 'Snap To Centre', slug: 'snap-to-centre' });
    const page = await loggedIn(browser, base);
    await page.getByRole('button', { name: 'Edit Snap To Centre' }).click();
    await preview(page).waitFor();
    await centreDrawer(page);
    const { width, height } = (await drawer(page).boundingBox())!;
    // The arranged box's centre is at 50 %, 76 %: drag it left by 0.6 % and up by 25.4 % (just short of the middle).
    const start = await pointIn(drawer(page).getByTestId('handle-move'), 0.5, 0.5);
    await mouseDrag(page, start, { x: start.x - width * 0.006, y: start.y - height * 0.254 }, { release: false });
    expect(await drawer(page).getByTestId('guide-vertical').getAttribute('data-snapped')).toBe('true');
    expect(await drawer(page).getByTestId('guide-horizontal').getAttribute('data-snapped')).toBe('true');
    await page.screenshot({ path: join(artefacts, 'editor-snap-laptop.png') });
    await page.mouse.up();
    await expect.poll(() => boxValues(page)).toEqual({ ...ARRANGED_BOX, topPct: 45 });
    expect(await drawer(page).getByTestId('guide-vertical').count()).toBe(0);
    // Further than 1 % from the middle, the box goes where it is put.
    const again = await pointIn(drawer(page).getByTestId('handle-move'), 0.5, 0.5);
    await mouseDrag(page, again, { x: again.x + width * 0.05, y: again.y + height * 0.1 });
    await expect.poll(() => boxValues(page)).toEqual({ ...ARRANGED_BOX, leftPct: 19, topPct: 55 });
    await page.context().close();
  });

  it('fits a 390 px phone: the editor scrolls only up and down', async () => {
    await arrangeTemplate(t, { name: 'Phone Fit', slug: 'phone-fit' });
    const page = await loggedIn(browser, base, { viewport: PHONE, touch: true });
    await page.getByRole('button', { name: 'Edit Phone Fit' }).click();
    await preview(page).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // With both variants and every optional field showing, too.
    await uploadImage(page, 'Portrait', { width: 540, height: 960 });
    await variantGroup(page, 'Square').getByRole('checkbox', { name: 'Outline' }).check();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
    await shot(page, 'editor-phone');
    await page.context().close();
  });
});
