import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';
import { createFsStorage } from '../src/adapters/storage/fs-storage.js';
import { createTestApp, SAMPLES_DIR, type TestApp } from '../src/http/http.test-utils.js';
import type { CouponValidator } from '../src/modules/coupons/coupons.models.js';
import { loadSampleTemplates } from '../src/modules/templates/sample-templates.js';
import { createTemplate } from '../src/modules/templates/templates.usecases.js';
import { findProjectRoot } from '../src/shared/project-root.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const root = findProjectRoot();

/** A developer machine without Chromium skips the browser suites; CI installs it, so there they must run. */
export const describeInBrowser = existsSync(CHROMIUM_PATH) || process.env.CI ? describe : describe.skip;

/** Debian's Chromium, headless; flags keep it off the (closed) network and working as root in CI. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--font-render-hinting=none',
    ],
  });
}

export interface BrowserApp {
  t: TestApp;
  base: string;
  browser: Browser;
  /** Folder for screenshots a human can look at. */
  artefacts: string;
  close(): Promise<void>;
}

/** The pages (built once by e2e/global-setup.ts) served by the real app on a loopback port, with the sample templates, and a Chromium to drive them. */
export async function startBrowserApp({
  name,
  couponValidator,
  broadcasts,
  timeZone,
}: {
  name: string;
  /** ANALYTICS_TZ (UTC when not given). */
  timeZone?: string;
  couponValidator?: CouponValidator;
  /** Telegram for broadcasts and the worker's wake-up (none: the bot is off). */
  broadcasts?: NonNullable<Parameters<typeof createTestApp>[0]>['broadcasts'];
}): Promise<BrowserApp> {
  const artefacts = join(root, 'test-output', name);
  mkdirSync(artefacts, { recursive: true });
  const filesRoot = mkdtempSync(join(tmpdir(), `ps-${name}-`));
  const t = await createTestApp({
    storage: createFsStorage({ root: filesRoot }),
    couponValidator,
    broadcasts,
    timeZone,
    http: {
      filesRoot,
      webRoot: join(root, 'dist/web'),
      rateLimits: { validatePerMinute: 1000, renderPerMinute: 1000, submitPerMinute: 1000, batchPerMinute: 1000 },
    },
  });
  for (const input of await loadSampleTemplates(SAMPLES_DIR)) await createTemplate(t.services.templates, input);
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  return {
    t,
    base,
    browser,
    artefacts,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
