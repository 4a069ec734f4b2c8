/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../src/adapters/telegram/telegram.fake-server.js';
import type { TestApp } from '../src/http/http.test-utils.js';
import {
  addBotUsers,
  broadcastGatewayFor,
  messagesPerChat,
  type RunningWorker,
  startTestWorker,
} from '../src/modules/broadcasts/broadcasts.test-utils.js';
import type { BroadcastGateway } from '../src/modules/broadcasts/broadcasts.types.js';
import { testPng } from '../src/modules/templates/templates.test-utils.js';
import { QUEUES } from '../src/worker/worker.js';
import { formatCount, people } from '../web/admin/broadcast-format.js';
import { horizontalOverflow, LAPTOP, loggedIn, PHONE } from './admin.test-utils.js';
import { type BrowserApp, describeInBrowser, startBrowserApp } from './browser.js';
import { contrastProblems } from './contrast.js';

const TEXT =
  'button.primary, button.danger, label, legend, figcaption, .hint, .status, .length, .recipients, .badge, .tg-text, .tg-empty, .tg-text a, .field-error, .settings dt, .progress-stats dt';
const EDGES =
  'input:not([type=checkbox]):not([type=radio]), textarea, select, .panel, .tg-chat, .confirm, .history-list > li, progress';

const VIEWPORTS = [
  ['phone', PHONE],
  ['laptop', LAPTOP],
] as const;

/** The worker's Telegram, whose sends can be held back (a broadcast stays "running" while the test looks at it). */
function holdableGateway(gateway: BroadcastGateway) {
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  let passing = 0;
  const wait = async () => {
    if (gate && passing-- <= 0) await gate;
  };
  return {
    gateway: {
      sendText: async (input) => {
        await wait();
        return gateway.sendText(input);
      },
      sendPhoto: async (input) => {
        await wait();
        return gateway.sendPhoto(input);
      },
    } satisfies BroadcastGateway,
    /** The next `pass` sends go through, the others wait for `release`. */
    hold(pass = 0) {
      passing = pass;
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open();
      gate = null;
    },
  };
}

async function openSection(page: Page, name: string) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}
const openBroadcast = (page: Page) => openSection(page, 'Broadcast');

const progressValue = (page: Page) =>
  page.getByRole('progressbar', { name: 'Broadcast progress' }).evaluate((el: HTMLProgressElement) => el.value);
const progressTitle = (page: Page) => page.locator('#broadcast-progress-title').textContent();
const historyRows = (page: Page) => page.getByRole('list', { name: 'Broadcast history' }).getByRole('listitem');

describeInBrowser('admin Broadcast section in Chromium, with a Telegram stand-in and a real worker', () => {
  let app: BrowserApp;
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let artefacts = '';
  let telegram: FakeTelegram;
  let worker: RunningWorker | undefined;
  const held = { current: null as ReturnType<typeof holdableGateway> | null };
  let nextChat = 1000;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    const gateway = broadcastGatewayFor(telegram);
    app = await startBrowserApp({
      name: 'admin',
      broadcasts: { gateway, wake: async () => void (await worker?.engine.send(QUEUES.broadcasts)), rate: 200 },
    });
    ({ t, base, browser, artefacts } = app);
    held.current = holdableGateway(gateway);
    worker = await startTestWorker({
      database: t.database,
      gateway: held.current.gateway,
      storage: t.storage,
      rate: 200,
    });
  });
  afterAll(async () => {
    held.current?.release();
    await worker?.stop();
    await app?.close();
    await telegram?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });
  /** Bot users no other test uses; each test's counts are the database's at the time (other tests block some). */
  async function newUsers(n: number): Promise<number[]> {
    const ids = Array.from({ length: n }, () => nextChat++);
    await addBotUsers(t.database, ids);
    return ids;
  }
  const audience = (days: number) => t.deps.broadcasts.broadcastsRepository.countAudience(days);

  it.each(VIEWPORTS)(
    'composes, previews, counts, tests, sends and follows a broadcast to 100 % (%s)',
    async (size, viewport) => {
      const users = await newUsers(size === 'phone' ? 60 : 30);
      const page = await loggedIn(browser, base, { viewport });
      await openBroadcast(page);
      const message = `Big **news** for ${size}: see [our site](https://example.com/promo) and use \`SAVE20\``;
      await page.getByLabel('Message', { exact: true }).fill(message);

      const preview = page.getByTestId('broadcast-preview');
      await expect.poll(() => preview.locator('strong').textContent()).toBe('news');
      expect(await preview.getByRole('link', { name: 'our site' }).getAttribute('href')).toBe(
        'https://example.com/promo',
      );
      expect(await preview.locator('code').textContent()).toBe('SAVE20');
      expect(await preview.textContent()).not.toContain('**');
      const visible = `Big news for ${size}: see our site and use SAVE20`;
      await page.getByText(`${visible.length} / 4\u00a0096 characters`).waitFor();

      await page.getByRole('radio', { name: 'Active in the last 7 days' }).check();
      const counted = await audience(7);
      expect(counted).toBeGreaterThanOrEqual(users.length);
      await page.getByText(`${people(counted)} will receive it.`).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);
      await shot(page, `broadcast-compose-${size}`);
      // Another section and back: the draft is as it was left.
      await openSection(page, 'Templates');
      await openBroadcast(page);
      expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe(message);
      expect(await page.getByRole('radio', { name: 'Active in the last 7 days' }).isChecked()).toBe(true);

      const testChat = size === 'phone' ? 555 : 556;
      await page.getByLabel('Test chat id').fill(String(testChat));
      await page.getByRole('button', { name: 'Send test' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Sent to ${testChat}.` })
        .waitFor();
      const test = telegram.delivered('sendMessage').find((call) => call.params.chat_id === testChat)!;
      expect(test.params.text).toBe(
        `Big <b>news</b> for ${size}: see <a href="https://example.com/promo">our site</a> and use <code>SAVE20</code>`,
      );

      await page.getByRole('button', { name: 'Send broadcast' }).click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.getByText(`Send to ${people(counted)}?`).count()).toBe(1);
      expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);
      await shot(page, `broadcast-confirm-${size}`);
      await dialog.getByRole('button', { name: 'Send', exact: true }).click();

      await expect.poll(() => progressValue(page), { timeout: 20_000 }).toBe(100);
      await expect.poll(() => progressTitle(page)).toContain('Completed');
      const panel = page.getByRole('region', { name: /^Broadcast #\d+/ });
      expect(await panel.getByRole('definition').first().textContent()).toBe(formatCount(counted));
      expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('');
      const first = historyRows(page).first();
      await expect.poll(() => first.textContent()).toContain('Completed');
      expect(await first.textContent()).toContain(visible);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await contrastProblems(page, { text: TEXT, edges: EDGES })).toEqual([]);
      await shot(page, `broadcast-sent-${size}`);

      const perChat = messagesPerChat(telegram.calls);
      for (const chatId of users) expect(perChat.get(chatId), `chat ${chatId}`).toBe(1);
      await page.context().close();
    },
  );

  it('shows blocked and failed recipients in the details with Telegram’s words, and a refused test', async () => {
    const [blocked, gone, broken] = await newUsers(3);
    await newUsers(5);
    telegram.failFor(blocked!, { status: 403 });
    telegram.failFor(gone!, { status: 403, description: 'Forbidden: user is deactivated' });
    telegram.failFor(broken!, { status: 500, times: 5 });
    telegram.failFor(777, { status: 403 });
    const page = await loggedIn(browser, base, { viewport: PHONE });
    await openBroadcast(page);
    await page.getByLabel('Message', { exact: true }).fill('Who is still there?');
    await page.getByLabel('Test chat id').fill('777');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('status').filter({ hasText: 'bot was blocked by the user' }).waitFor();
    expect(await page.getByLabel('Test chat id').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('radio', { name: 'Everyone' }).check();
    const counted = await audience(0);
    await page.getByText(`${people(counted)} will receive it.`).waitFor();
    await page.getByRole('button', { name: 'Send broadcast' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send', exact: true }).click();
    // The failing recipient is tried three times, a few seconds apart.
    await expect.poll(() => progressTitle(page), { timeout: 30_000 }).toContain('Completed');
    const id = Number((await progressTitle(page))!.match(/#(\d+)/)![1]);
    await page.getByRole('button', { name: `Details for broadcast #${id}` }).click();
    const problems = page.getByRole('list', { name: `Recipients broadcast #${id} did not reach` });
    await expect.poll(() => problems.getByRole('listitem').count()).toBe(3);
    const rowOf = (chatId: number) => problems.getByRole('listitem').filter({ hasText: `chat ${chatId}` });
    expect(await rowOf(blocked!).textContent()).toContain('Blocked');
    expect(await rowOf(blocked!).textContent()).toContain('Forbidden: bot was blocked by the user');
    expect(await rowOf(blocked!).textContent()).toContain(`@user${blocked}`);
    expect(await rowOf(gone!).textContent()).toContain('Forbidden: user is deactivated');
    expect(await rowOf(broken!).textContent()).toContain('Failed');
    expect(await rowOf(broken!).textContent()).toContain('Internal Server Error');
    expect(await rowOf(broken!).textContent()).toContain('3 attempts');
    await rowOf(blocked!).scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await contrastProblems(page, { text: `${TEXT}, .problems .hint`, edges: EDGES })).toEqual([]);
    await shot(page, 'broadcast-problems-phone');
    // Blocked users are never sent to again.
    expect(await audience(0)).toBe(counted - 2);
    await page.context().close();
  });

  it('follows a broadcast still being sent after a reload, and cancels it after asking', async () => {
    await newUsers(10);
    held.current!.hold(5);
    try {
      const page = await loggedIn(browser, base, { viewport: LAPTOP });
      await openBroadcast(page);
      await page.getByLabel('Message', { exact: true }).fill('This one is *stopped* half way');
      await page.getByRole('radio', { name: 'Everyone' }).check();
      await page.getByText(/will receive it\./).waitFor();
      await page.getByRole('button', { name: 'Send broadcast' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => progressTitle(page)).toContain('Sending');
      const id = Number((await progressTitle(page))!.match(/#(\d+)/)![1]);
      const panel = page.getByRole('region', { name: `Broadcast #${id}: Sending` });
      await expect.poll(() => panel.getByRole('definition').first().textContent()).toBe('5');
      expect(await progressValue(page)).toBeGreaterThan(0);
      expect(await progressValue(page)).toBeLessThan(100);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, 'broadcast-sending-laptop');

      await page.reload();
      await openBroadcast(page);
      await expect.poll(() => progressTitle(page)).toMatch(new RegExp(`#${id}: (Queued|Sending)`));
      await page.getByRole('button', { name: 'Cancel broadcast' }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.textContent()).toContain(`Stop broadcast #${id}?`);
      await shot(page, 'broadcast-cancel-laptop');
      await dialog.getByRole('button', { name: 'Stop sending' }).click();
      await expect.poll(() => progressTitle(page)).toContain('Cancelled');
      await expect.poll(() => historyRows(page).first().textContent()).toContain('Cancelled');
      await page.context().close();
    } finally {
      held.current!.release();
    }
  });

  it('attaches a template’s artwork or an uploaded image, and then counts against the caption limit', async () => {
    const page = await loggedIn(browser, base, { viewport: PHONE });
    await openBroadcast(page);
    await page.getByLabel('Message', { exact: true }).fill('x'.repeat(1100));
    await page.getByText('1\u00a0100 / 4\u00a0096 characters').waitFor();
    await page.getByRole('radio', { name: 'A template’s artwork' }).check();
    await page.getByText(/at most 1\u00a0024 characters/).waitFor();
    await page.getByText(/1\u00a0100 \/ 1\u00a0024 characters/).waitFor();
    expect(await page.getByRole('button', { name: 'Send broadcast' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send test' }).isDisabled()).toBe(true);
    const template = page.getByLabel('Template', { exact: true });
    const name = (await template.locator('option:checked').textContent())!;
    await page.getByRole('img', { name: `${name} artwork` }).waitFor();
    await page.getByTestId('broadcast-preview').getByRole('img').waitFor();

    await page.getByLabel('Message', { exact: true }).fill('New template: **have a look**');
    await page.getByLabel('Test chat id').fill('558');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('status').filter({ hasText: 'Sent to 558.' }).waitFor();
    const photo = telegram.delivered('sendPhoto').find((call) => Number(call.params.chat_id) === 558)!;
    expect(photo.params.caption).toBe('New template: <b>have a look</b>');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'broadcast-artwork-phone');

    await page.getByRole('radio', { name: 'Upload a PNG or JPEG' }).check();
    await page
      .getByLabel('Image file (PNG or JPEG, up to 10 MB)')
      .setInputFiles({ name: 'promo.png', mimeType: 'image/png', buffer: await testPng({ width: 640, height: 480 }) });
    await page.getByRole('img', { name: 'Your upload' }).waitFor();
    await page.getByText('640 × 480 px').waitFor();
    await page
      .getByLabel('Image file (PNG or JPEG, up to 10 MB)')
      .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
    await expect.poll(() => page.locator('.image-picker .field-error').textContent()).not.toBe('');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'broadcast-image-phone');
    await page.context().close();
  });

  describe('without a bot token', () => {
    let off: BrowserApp;
    beforeAll(async () => {
      off = await startBrowserApp({ name: 'admin' });
    });
    afterAll(() => off?.close());

    it.each(VIEWPORTS)('says the bot is off and how to turn it on, and sends nothing (%s)', async (size, viewport) => {
      const page = await loggedIn(off.browser, off.base, { viewport });
      await openBroadcast(page);
      const notice = page.getByRole('note', { name: 'The bot is off' });
      expect(await notice.textContent()).toContain('TELEGRAM_BOT_TOKEN');
      await page.getByLabel('Message', { exact: true }).fill('Hello **there**');
      await expect.poll(() => page.getByTestId('broadcast-preview').locator('strong').textContent()).toBe('there');
      await page.getByLabel('Test chat id').fill('555');
      expect(await page.getByRole('button', { name: 'Send broadcast' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Send test' }).isDisabled()).toBe(true);
      await page.getByText('The bot is off: nothing can be sent.').waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `broadcast-bot-off-${size}`);
      await page.context().close();
    });

    it('pages the history 20 at a time, newest first, and follows one still queued', async () => {
      // Left queued from before the token was removed: nothing sends them, and they can still be read and cancelled.
      await addBotUsers(off.t.database, [1, 2, 3]);
      const repository = off.t.deps.broadcasts.broadcastsRepository;
      for (let i = 1; i <= 21; i++)
        await repository.create({ message: `Queued number ${i}`, html: `Queued number ${i}`, days: 0, image: null });
      const page = await loggedIn(off.browser, off.base, { viewport: PHONE });
      await openBroadcast(page);
      await expect.poll(() => historyRows(page).count()).toBe(20);
      expect(await historyRows(page).first().textContent()).toContain('Queued number 21');
      await expect.poll(() => progressTitle(page)).toMatch(/#\d+: Queued/);
      expect(await page.locator('#broadcast-progress-title').textContent()).toContain('#21');
      await page.getByText('Page 1 of 2').waitFor();
      await page.getByRole('button', { name: 'Older' }).click();
      await expect.poll(() => historyRows(page).count()).toBe(1);
      expect(await historyRows(page).first().textContent()).toContain('Queued number 1');
      expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Newer' }).click();
      await expect.poll(() => historyRows(page).count()).toBe(20);
      await page.context().close();
    });
  });
});
