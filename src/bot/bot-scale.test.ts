import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../adapters/db/db.js';
import { createTestDatabase, describeEachDatabase, migrationsFolder } from '../adapters/db/db.test-utils.js';
import { type FakeFunderPro, startFakeFunderPro } from '../adapters/funderpro/funderpro.fake-server.js';
import { type FakeTelegram, startFakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import { createTelegramApi } from '../adapters/telegram/telegram.gateway.js';
import { TEST_ADMIN, type TestApp } from '../http/http.test-utils.js';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate } from '../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import { silentLogger } from '../shared/logger.js';
import {
  buttonTap,
  channelPost,
  createBotTestApp,
  createBotTestTemplates,
  createTestValidator,
  deliver,
  postUpdate,
  privateMessage,
  TEST_BOX,
  WEBHOOK_SECRET,
} from './bot.test-utils.js';
import { startPolling } from './update-receiver.js';

type KeyboardMarkup = { inline_keyboard: { text: string; callback_data: string }[][] };

describeEachDatabase('two app instances on one database', (databaseKind) => {
  let telegram: FakeTelegram;
  let funderpro: FakeFunderPro;
  let database: DatabaseHandle;
  let secondHandle: DatabaseHandle;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    funderpro = await startFakeFunderPro();
    funderpro.set('SAVE20', 'valid');
    const created = await createTestDatabase(databaseKind);
    database = created;
    // On PostgreSQL the second instance has its own connection pool, as a second process would.
    secondHandle = created.url
      ? await createDatabase({
          options: { kind: 'postgres', connectionString: created.url, ssl: false },
          migrationsFolder,
        })
      : created;
    a = await createBotTestApp({ telegram, databaseKind, couponValidator: createTestValidator(funderpro), database });
    b = await createBotTestApp({
      telegram,
      databaseKind,
      couponValidator: createTestValidator(funderpro),
      database: secondHandle,
      // One bucket behind every instance, as in production.
      storage: a.storage,
    });
    await createBotTestTemplates(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (secondHandle !== database) await secondHandle?.close();
    await database?.close();
    await telegram?.close();
    await funderpro?.close();
  });
  beforeEach(() => {
    telegram.calls.length = 0;
  });

  const photos = () => telegram.delivered('sendPhoto');

  it('finishes through B a conversation started through A', async () => {
    await deliver(a, privateMessage(601, '/start'));
    await deliver(a, privateMessage(601, 'save20'));
    const menu = telegram.delivered('sendMessage')[1]!;
    const choice = (menu.params.reply_markup as KeyboardMarkup).inline_keyboard[0]![0]!;
    expect(choice.text).toBe('Flash Sale');

    await deliver(b, buttonTap({ userId: 601, data: choice.callback_data }));
    expect(photos()).toHaveLength(1);
    expect(photos()[0]!.params.caption).toBe('Flash Sale · SAVE20');
  });

  it('sends one photo when the same update reaches both instances at once', async () => {
    const update = channelPost('/flash-sale/SAVE20');
    const answers = await Promise.all([postUpdate(a.app, update), postUpdate(b.app, update)]);
    await Promise.all([a.bot!.receiver.drain(), b.bot!.receiver.drain()]);
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200]);
    expect(answers.map((res) => res.json().duplicate).sort()).toEqual([false, true]);
    expect(photos()).toHaveLength(1);
  });

  const logIn = async () => {
    const login = await a.app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { origin: 'http://localhost:3000' },
      payload: { password: TEST_ADMIN.adminPassword },
    });
    return login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  };

  it('shows the bot and its webhook in the admin settings, without the secret', async () => {
    const res = await a.app.inject({ url: '/api/admin/settings', headers: { cookie: await logIn() } });
    expect(res.json().bot).toEqual({
      mode: 'webhook',
      username: 'promostack_test_bot',
      webhookUrl: 'http://localhost:3000/api/telegram-webhook',
    });
    expect(res.body).not.toContain(WEBHOOK_SECRET);
    expect(res.body).not.toContain(telegram.token);
  });

  it('hides a template on B as soon as an admin switches it off through A', async () => {
    const cookie = await logIn();
    const toggle = (enabled: boolean) =>
      a.app.inject({
        method: 'POST',
        url: '/api/toggle-telegram-template',
        headers: { cookie, origin: 'http://localhost:3000' },
        payload: { slug: 'summer-deal', enabled },
      });
    expect((await toggle(false)).statusCode).toBe(200);
    try {
      await deliver(b, channelPost('/summer-deal/SAVE20'));
      expect(photos()).toHaveLength(0);
      expect(telegram.delivered('sendMessage')[0]!.params.text).toBe('"Summer Deal" is not available in Telegram.');
    } finally {
      await toggle(true);
    }
  });

  it('pages the template keyboard 8 at a time', async () => {
    for (let i = 1; i <= 8; i++) {
      await createTemplate(a.services.templates, {
        name: `Extra ${String(i).padStart(2, '0')}`,
        variants: { square: { image: await testPng({ width: 200, height: 200 }), settings: { box: TEST_BOX } } },
      });
    }
    await deliver(a, privateMessage(602, '/start SAVE20'));
    const menu = telegram.delivered('sendMessage')[0]!;
    const keyboard = (menu.params.reply_markup as KeyboardMarkup).inline_keyboard;
    expect(keyboard).toHaveLength(9);
    expect(keyboard.at(-1)!.map((button) => button.text)).toEqual(['1 / 2', 'Next ▶']);

    const next = keyboard.at(-1)![1]!.callback_data;
    await deliver(b, buttonTap({ userId: 602, data: next, messageId: 5 }));
    const [edit] = telegram.delivered('editMessageReplyMarkup');
    expect(edit!.params.message_id).toBe(5);
    const page2 = (edit!.params.reply_markup as KeyboardMarkup).inline_keyboard;
    expect(page2.map((row) => row.map((button) => button.text))).toEqual([
      ['Flash Sale'],
      ['Summer Deal'],
      ['◀ Previous', '2 / 2'],
    ]);
  });

  it('apologises and records render_failed when a template image cannot be rendered', async () => {
    const broken = await createTemplate(a.services.templates, {
      name: 'Broken Art',
      variants: { square: { image: await testPng({ width: 200, height: 200 }), settings: { box: TEST_BOX } } },
    });
    await a.storage.delete(broken.square!.imageKey);
    await deliver(a, channelPost('/broken-art/SAVE20'));
    expect(photos()).toHaveLength(0);
    expect(telegram.delivered('sendMessage')[0]!.params.text).toContain("Sorry, I couldn't make that image.");
    const rows = await a.database.db
      .select()
      .from(usageEventsTable)
      .where(eq(usageEventsTable.templateSlug, 'broken-art'));
    expect(rows).toMatchObject([{ success: false, errorType: 'render_failed', code: 'SAVE20' }]);
  });

  it('sends a template too narrow for a Telegram photo as the PNG document instead', async () => {
    await createTemplate(a.services.templates, {
      name: 'Banner Strip',
      variants: { square: { image: await testPng({ width: 4100, height: 200 }), settings: { box: TEST_BOX } } },
    });
    await deliver(a, channelPost('/banner-strip/SAVE20'));
    expect(photos()).toHaveLength(0);
    const [document] = telegram.delivered('sendDocument');
    expect(document!.upload!.filename).toBe('SAVE20-square.png');
    expect(document!.params.caption).toBe('Banner Strip · SAVE20');
  });

  it('long polling feeds the same handlers, deduplicated the same way', async () => {
    const api = createTelegramApi({ token: telegram.token, apiRoot: telegram.apiRoot });
    const polling = startPolling({ api, receiver: a.bot!.receiver, logger: silentLogger, timeoutSeconds: 1 });
    try {
      const update = channelPost('/flash-sale/SAVE20');
      telegram.pushUpdate(update);
      await telegram.waitFor(() => photos().length === 1);
      await postUpdate(a.app, update);
      await a.bot!.receiver.drain();
      expect(photos()).toHaveLength(1);
      expect(telegram.calls.find((call) => call.method === 'getUpdates')?.params.allowed_updates).toEqual([
        'message',
        'channel_post',
        'callback_query',
        'my_chat_member',
        'inline_query',
        'chosen_inline_result',
      ]);
    } finally {
      await polling.stop();
    }
  });
});
