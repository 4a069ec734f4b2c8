/// <reference lib="dom" />
import type { Browser, Locator, Page } from 'playwright-core';

export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1366, height: 900 };

/** Opens the generator and waits for the gallery; a dialog (`alert()`…) fails the test. */
export async function openGenerator(
  { browser, base }: { browser: Browser; base: string },
  {
    viewport = { width: 1280, height: 900 },
    deviceScaleFactor = 1,
    path = '/',
    initScript,
    permissions,
  }: {
    viewport?: { width: number; height: number };
    deviceScaleFactor?: number;
    path?: string;
    initScript?: () => void;
    permissions?: string[];
  } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, deviceScaleFactor });
  if (permissions) await context.grantPermissions(permissions, { origin: base });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => undefined));
  if (initScript) await page.addInitScript(initScript);
  page.on('dialog', (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
  await page.goto(`${base}${path}`);
  await templateButtons(page).first().waitFor();
  return page;
}

export const templateButtons = (page: Page) => page.getByRole('list', { name: 'Templates' }).getByRole('button');

export const selectTemplate = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Templates' }).getByRole('button', { name, exact: true }).click();

/** Clicks and returns the download; on a timeout, fails with what the page said instead of a bare timeout. */
export async function download(page: Page, button: string) {
  try {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 40_000 }),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    return file;
  } catch (error) {
    const said = await page.locator('#action-status').textContent();
    const code = await page.locator('#code-status').textContent();
    throw new Error(`no download after "${button}": action status "${said}", code status "${code}" (${error})`);
  }
}

/** Whether a box lies entirely inside the viewport. */
export function inViewport(page: Page, box: { y: number; height: number; x: number; width: number } | null): boolean {
  const viewport = page.viewportSize()!;
  return (
    box !== null &&
    box.y >= 0 &&
    box.x >= 0 &&
    box.y + box.height <= viewport.height + 0.5 &&
    box.x + box.width <= viewport.width + 0.5
  );
}

/**
 * Waits for `text` in a live region (role status or alert) and tells whether one of those regions is on screen and
 * next to `control` (their centres at most `maxDistance` CSS px apart vertically).
 */
export async function liveMessageNextTo(page: Page, text: string, control: Locator, maxDistance = 160) {
  const regions = page.locator('[role="status"], [role="alert"]').filter({ hasText: text });
  await regions.first().waitFor({ timeout: 15_000 });
  const centre = (box: { y: number; height: number }) => box.y + box.height / 2;
  // The page may still be scrolling the message into view (a frame or two on a loaded machine): look again for 3 s.
  const deadline = Date.now() + 3000;
  for (;;) {
    const near = (await control.boundingBox())!;
    for (const region of await regions.all()) {
      const box = await region.boundingBox();
      if (box && inViewport(page, box) && Math.abs(centre(box) - centre(near)) <= maxDistance) return true;
    }
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(100);
  }
}
