/// <reference lib="dom" />
import type { Browser, Locator, Page } from 'playwright-core';
import { TEST_ADMIN, type TestApp } from '../src/http/http.test-utils.js';
import { testPng } from '../src/modules/templates/templates.test-utils.js';
import { createTemplate } from '../src/modules/templates/templates.usecases.js';

/** The admin browser suites' shared steps: viewports, logging in, arranging templates, pointer gestures. */
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1366, height: 900 };
export const ARRANGED_BOX = { leftPct: 14, topPct: 71, widthPct: 72, heightPct: 10 };

/** A template made through the use case, as an earlier admin session would have left it. */
export async function arrangeTemplate(
  t: TestApp,
  { name, slug, width = 800, height = 800 }: { name: string; slug: string; width?: number; height?: number },
) {
  await createTemplate(t.services.templates, {
    name,
    slug,
    variants: { square: { image: await testPng({ width, height }), settings: { box: ARRANGED_BOX } } },
  });
}

export async function openAdmin(
  browser: Browser,
  base: string,
  options: { viewport?: { width: number; height: number }; touch?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? LAPTOP,
    hasTouch: options.touch,
    isMobile: options.touch,
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    throw new Error(`unexpected browser dialog: ${dialog.message()}`);
  });
  await page.goto(`${base}/admin/`);
  return page;
}

export async function loggedIn(
  browser: Browser,
  base: string,
  options: { viewport?: { width: number; height: number }; touch?: boolean } = {},
): Promise<Page> {
  const page = await openAdmin(browser, base, options);
  await page.getByLabel('Password').fill(TEST_ADMIN.adminPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Templates' }).waitFor();
  return page;
}

export async function templatesApi(base: string) {
  const body = (await (await fetch(`${base}/api/templates`)).json()) as {
    templates: {
      slug: string;
      name: string;
      version: number;
      telegramEnabled: boolean;
      square?: { box: Record<string, number>; fontColor: string; maxFontPx: number; logoFit: string };
    }[];
  };
  return body.templates;
}

export type Point = { x: number; y: number };

/** A point of an element, as fractions of its width and height. */
export async function pointIn(locator: Locator, fx: number, fy: number): Promise<Point> {
  const rect = (await locator.boundingBox())!;
  return { x: rect.x + rect.width * fx, y: rect.y + rect.height * fy };
}

export async function mouseDrag(page: Page, from: Point, to: Point, { release = true } = {}) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  if (release) await page.mouse.up();
}

/** Real touch input through the DevTools protocol: Chromium turns it into touch pointer events and scrolls. */
export async function touchDrag(page: Page, from: Point, to: Point, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let i = 1; i <= steps; i++) {
    const p = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/**
 * How much wider than the viewport the page is (≤ 0: nothing to scroll sideways). Measured against the viewport the
 * test asked for: a mobile Chromium widens its layout viewport (innerWidth) to fit content that overflows.
 */
export const horizontalOverflow = async (page: Page) =>
  (await page.evaluate(() => document.scrollingElement!.scrollWidth)) - page.viewportSize()!.width;

/** The element is entirely inside the viewport, and its own content is not cut off. */
export const fullyVisible = (locator: Locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inView = r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return inView && el.scrollWidth <= el.clientWidth && (hit === el || el.contains(hit));
  });

/** One variant's part of the editor ("Square" or "Portrait"). */
export const variantGroup = (page: Page, label: 'Square' | 'Portrait') =>
  page.getByRole('group', { name: label, exact: true });

export async function uploadImage(
  page: Page,
  label: 'Square' | 'Portrait',
  { width = 800, height = 600, color = '#203040' }: { width?: number; height?: number; color?: string } = {},
) {
  await variantGroup(page, label)
    .locator('input[type=file]')
    .setInputFiles({ name: 'art.png', mimeType: 'image/png', buffer: await testPng({ width, height, color }) });
  await variantGroup(page, label)
    .getByRole('img', { name: `${label} preview` })
    .waitFor();
  // The canvas is sized once the image has decoded and the first frame is drawn.
  await page.waitForFunction(
    ({ name, w, h }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`canvas[aria-label="${name}"]`);
      return canvas?.width === w && canvas.height === h;
    },
    { name: `${label} preview`, w: width, h: height },
  );
}

/** The text box as the editor's number fields show it. */
export async function boxValues(page: Page, label: 'Square' | 'Portrait' = 'Square') {
  const group = variantGroup(page, label);
  const read = async (name: string) => Number(await group.getByLabel(name, { exact: true }).inputValue());
  return {
    leftPct: await read('Left'),
    topPct: await read('Top'),
    widthPct: await read('Width'),
    heightPct: await read('Height'),
  };
}

/** The Square variant's drawing area and the renderer's canvas inside it. */
export const drawer = (page: Page) => variantGroup(page, 'Square').getByTestId('box-drawer');
export const preview = (page: Page) => page.getByRole('img', { name: 'Square preview' });
export const pixels = (page: Page) => preview(page).evaluate((c: HTMLCanvasElement) => c.toDataURL());
/** The drawing area in the middle of the screen, clear of the sticky Save bar. */
export const centreDrawer = (page: Page) => drawer(page).evaluate((el) => el.scrollIntoView({ block: 'center' }));

export async function newTemplate(page: Page, name: string, image: { width?: number; height?: number } = {}) {
  await page.getByRole('button', { name: 'New template' }).click();
  await page.getByLabel('Name').fill(name);
  await uploadImage(page, 'Square', image);
}

/** The text of the message a field points at (`aria-describedby`). */
export const errorOf = (locator: Locator) =>
  locator.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent);

/** Whether the element has focus and is entirely on screen. */
export const focusedInView = (locator: Locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return el === document.activeElement && r.top >= 0 && r.bottom <= window.innerHeight;
  });
