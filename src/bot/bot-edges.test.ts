import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeFunderPro, startFakeFunderPro } from '../adapters/funderpro/funderpro.fake-server.js';
import { type FakeTelegram, startFakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import type { TestApp } from '../http/http.test-utils.js';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate } from '../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import { createLogger } from '../shared/logger.js';
import {
  buttonTap,
  createBotTestApp,
  createBotTestTemplates,
  createTestValidator,
  deliver,
  GROUP,
  groupMessage,
  postUpdate,
  privateMessage,
  privateSticker,
  TEST_BOX,
  useBotSuite,
} from './bot.test-utils.js';

/** The bot as people use it in groups and private chats (issue 9 §7), on one database: none of this is SQL. */
describe('the bot in groups and private chats', () => {
  const suite = useBotSuite('pglite');
  let telegram: FakeTelegram;
  let t: TestApp;
  beforeEach(() => {
    ({ telegram, t } = suite);
  });
  const texts = () => telegram.delivered('sendMessage').map((call) => String(call.params.text));
  const photos = () => telegram.delivered('sendPhoto');
  const me = () => telegram.botUsername;

  it("reads a command with our @username anywhere in it, and stays quiet for another bot's", async () => {
    await deliver(t, groupMessage(801, `/flash-sale/SAVE20@${me()}`));
    expect(photos()).toHaveLength(1);
    expect(photos()[0]!.params.caption).toBe('Flash Sale · SAVE20');
    await deliver(
      t,
      groupMessage(801, '/flash-sale/SAVE20@otherbot'),
      groupMessage(801, '/flash-sale@otherbot SAVE20'),
      groupMessage(801, '/help@otherbot'),
      groupMessage(801, '/start@otherbot'),
    );
    expect(photos()).toHaveLength(1);
    expect(texts()).toEqual([]);
  });

  it('explains the syntax for a slash message it cannot read in a private chat, and never merges extra parts into the code', async () => {
    await deliver(t, privateMessage(809, '/flash-sale/SAVE20/../../etc'), privateMessage(809, '/start@otherbot'));
    expect(photos()).toHaveLength(0);
    expect(texts()).toEqual([
      "I couldn't read that. Send /template-name/CODE (for example /flash-sale/SAVE20), or just your code.",
    ]);
  });

  it('answers /help addressed to us in a group', async () => {
    await deliver(t, groupMessage(802, `/help@${me()}`));
    expect(texts()[0]).toContain('I turn a coupon code into a branded promo image.');
  });

  it('checks a lone /name against the templates before asking for a code', async () => {
    await deliver(
      t,
      privateMessage(803, '/flash-sale'),
      privateMessage(803, '/flsh-sale'),
      privateMessage(803, '/unknowncmd'),
    );
    expect(texts()[0]).toBe('Add your code after the template: /flash-sale/YOURCODE');
    expect(texts()[1]).toContain('Did you mean:\n/flash-sale/YOURCODE');
    expect(texts()[2]).toBe(
      'I don\'t know the template "unknowncmd". Send me your coupon code and I\'ll show you the templates to choose from.',
    );
  });

  it('points to the list instead of suggesting names that are not close', async () => {
    await deliver(t, groupMessage(804, '/nosuch/SAVE20'));
    expect(texts()).toEqual([
      'I don\'t know the template "nosuch". Send /help to me in a private chat to see how it works.',
    ]);
  });

  it('answers a sticker in a private chat with the same hint as chatter', async () => {
    await deliver(t, privateSticker(805), privateMessage(805, 'hello there'));
    expect(texts()).toEqual([
      "Send me a coupon code (like SAVE20) and I'll make an image with it, or /help.",
      "Send me a coupon code (like SAVE20) and I'll make an image with it, or /help.",
    ]);
  });

  it('takes a lower-case word as a new code while the template keyboard is open', async () => {
    await deliver(t, privateMessage(806, 'SAVE20'));
    expect(texts()[0]).toBe('SAVE20 is active. Choose a template:');
    await deliver(t, privateMessage(806, 'welcome10'));
    expect(texts()[1]).toBe('WELCOME10 is active. Choose a template:');
    await deliver(t, privateMessage(806, 'summer'));
    expect(texts()[2]).toBe('SUMMER is not an active coupon. Check the code and try again.');
  });

  it('records each action once in the one usage shape, with what the user did', async () => {
    await deliver(t, privateMessage(807, 'SAVE20'));
    const menu = telegram.delivered('sendMessage')[0]!;
    const data = (menu.params.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard[0]![0]!.callback_data;
    await deliver(t, buttonTap({ userId: 807, data }), groupMessage(807, '/flash-sale/NOPE'));
    const rows = (await t.database.db.select().from(usageEventsTable)).sort((a, b) => a.action.localeCompare(b.action));
    expect(rows.map((r) => [r.action, r.outcome, r.templateSlug, r.code, r.chatType])).toEqual([
      ['button', 'success', 'flash-sale', 'SAVE20', 'private'],
      ['command', 'invalid', 'flash-sale', 'NOPE', 'supergroup'],
    ]);
    expect(rows.every((r) => r.userId === 807)).toBe(true);
    expect(GROUP.id).toBe(rows[1]!.chatId);
  });
});

describe('the bot when things go wrong', () => {
  const TOKEN = '7412589630:AAHkq3Zr0f_b7xWm2pLq9s8TnUv4wYz6a1c';
  let telegram: FakeTelegram;
  let funderpro: FakeFunderPro;
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: TOKEN });
    funderpro = await startFakeFunderPro();
    funderpro.set('SAVE20', 'valid');
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await createBotTestApp({
      telegram,
      databaseKind: 'pglite',
      couponValidator: createTestValidator(funderpro),
      logger: createLogger({ level: 'debug', destination }),
    });
    await createBotTestTemplates(t);
  });
  afterAll(async () => {
    await t?.close();
    await telegram?.close();
    await funderpro?.close();
  });
  const texts = () => telegram.delivered('sendMessage').map((call) => String(call.params.text));

  it('acknowledges and skips updates it cannot read, and never writes the token to the logs', async () => {
    const unreadable = [
      { update_id: 2012, my_chat_member: {} },
      { update_id: 2013, message: { message_id: 1, date: 0, chat: { id: 9, type: 'private' }, text: 123 } },
    ];
    for (const update of unreadable) expect((await postUpdate(t.app, update)).statusCode).toBe(200);
    await t.bot!.receiver.drain();
    expect(lines.join('')).toContain('skipped an update in a shape the bot cannot read');
    expect(lines.join('')).not.toContain(TOKEN.split(':')[1]);
  });

  it('tells the user when handling fails, and logs the error without the context or the token', async () => {
    await t.database.db.execute(sql`alter table telegram_conversations rename to telegram_conversations_gone`);
    try {
      await deliver(t, privateMessage(901, '/start'));
    } finally {
      await t.database.db.execute(sql`alter table telegram_conversations_gone rename to telegram_conversations`);
    }
    expect(texts()).toEqual([
      'Sorry, something went wrong on my side. It has been logged; please try again in a minute.',
    ]);
    const failure = lines.find((line) => line.includes('bot update failed'));
    expect(failure).toBeDefined();
    expect(failure).toContain('telegram_conversations');
    expect(lines.join('')).not.toContain(TOKEN.split(':')[1]);
    expect(lines.join('')).not.toContain('"ctx"');
  });

  it('keeps a network failure apart from a refusal in the logs', async () => {
    await createTemplate(t.services.templates, {
      name: 'Network Test',
      variants: { square: { image: await testPng({ width: 300, height: 300 }), settings: { box: TEST_BOX } } },
    });
    await telegram.close();
    lines.length = 0;
    await deliver(t, privateMessage(902, '/help'));
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; kind?: string; errorCode?: unknown });
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'Telegram could not be reached', kind: 'network' }));
    expect(lines.join('')).not.toContain(TOKEN.split(':')[1]);
  });
});
