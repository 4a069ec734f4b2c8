import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/db/db.test-utils.js';
import type { FakeFunderPro } from '../adapters/funderpro/funderpro.fake-server.js';
import type { FakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import type { TestApp } from '../http/http.test-utils.js';
import { botChatsTable, botUsersTable } from '../modules/bot-users/bot-users.table.js';
import { encodeCallback } from '../modules/telegram/bot.models.js';
import { removeBrandLogo, setBrandLogo } from '../modules/templates/brand-logo.usecases.js';
import { templateRef } from '../modules/templates/template-lookup.models.js';
import { setTelegramEnabled } from '../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import {
  buttonTap,
  CHANNEL,
  channelPost,
  deliver,
  GROUP,
  groupMessage,
  memberStatus,
  PUBLIC_URL,
  postUpdate,
  privateMessage,
  REFERRAL_TEMPLATE,
  useBotSuite,
} from './bot.test-utils.js';

describeEachDatabase('Telegram bot through the webhook', (databaseKind) => {
  const suite = useBotSuite(databaseKind);
  let telegram: FakeTelegram;
  let funderpro: FakeFunderPro;
  let t: TestApp;
  beforeEach(() => {
    ({ telegram, funderpro, t } = suite);
  });

  const sent = (method: string) => telegram.delivered(method);
  const sizeOf = async (bytes: Buffer) => {
    const { width, height, format } = await sharp(bytes).metadata();
    return { width, height, format };
  };
  const usage = () => t.database.db.select().from(usageEventsTable);
  const texts = () => sent('sendMessage').map((call) => String(call.params.text));

  it('posts the promo photo in the channel, as a reply to the command, at the template size', async () => {
    const update = channelPost('/flash-sale/SAVE20');
    const [answer] = await deliver(t, update);
    expect(answer!.statusCode).toBe(200);

    const photos = sent('sendPhoto');
    expect(photos).toHaveLength(1);
    const [photo] = photos;
    expect(Number(photo!.params.chat_id)).toBe(CHANNEL.id);
    expect(photo!.params.caption).toBe('Flash Sale · SAVE20');
    expect(photo!.params.reply_parameters).toMatchObject({ message_id: update.channel_post.message_id });
    expect(await sizeOf(photo!.upload!.bytes)).toEqual({ width: 800, height: 600, format: 'jpeg' });
    expect(photo!.params.reply_markup).toMatchObject({ inline_keyboard: [[{ text: 'Send as file' }]] });

    expect(await usage()).toMatchObject([
      {
        source: 'telegram',
        chatType: 'channel',
        chatId: CHANNEL.id,
        templateSlug: 'flash-sale',
        variant: 'square',
        code: 'SAVE20',
        success: true,
      },
    ]);
  });

  it.each([
    ['/flash-sale/SAVE20', 'square'],
    ['/flashsale/save20', 'square'],
    ['/Flash_Sale SAVE20', 'square'],
    ['/flash-sale/SAVE20/story', 'story'],
    ['/flash/save20', 'square'],
  ])('understands %s', async (text, variant) => {
    await deliver(t, channelPost(text));
    const [photo] = sent('sendPhoto');
    expect(photo?.params.caption).toBe('Flash Sale · SAVE20');
    const expected = variant === 'story' ? { width: 540, height: 960 } : { width: 800, height: 600 };
    expect(await sizeOf(photo!.upload!.bytes)).toMatchObject(expected);
  });

  it('works in groups too, and answers an unknown template with the closest names', async () => {
    await deliver(t, groupMessage(71, '/flsh-sale/SAVE20'));
    expect(sent('sendPhoto')).toHaveLength(0);
    const [reply] = texts();
    expect(reply).toContain('I don\'t know the template "flsh-sale"');
    expect(reply).toContain('/flash-sale/SAVE20');
    expect(reply).not.toContain('hidden-gem');
    expect(await usage()).toMatchObject([
      { chatType: 'supergroup', chatId: GROUP.id, success: false, errorType: 'template_not_found' },
    ]);

    await deliver(t, groupMessage(71, '/summer-deal SAVE20'));
    expect(sent('sendPhoto')).toHaveLength(1);
  });

  it('refuses a template that is hidden from Telegram, and hides one the admin switches off at once', async () => {
    await deliver(t, channelPost('/hidden-gem/SAVE20'));
    expect(texts()).toEqual(['"Hidden Gem" is not available in Telegram.']);

    await setTelegramEnabled(t.services.templates, { slug: 'summer-deal', enabled: false });
    try {
      await deliver(t, channelPost('/summer-deal/SAVE20'));
      expect(texts()[1]).toBe('"Summer Deal" is not available in Telegram.');
      expect(sent('sendPhoto')).toHaveLength(0);
    } finally {
      await setTelegramEnabled(t.services.templates, { slug: 'summer-deal', enabled: true });
    }
  });

  it('answers an invalid code with the validator message and an outage with "can\'t verify", never "invalid"', async () => {
    await deliver(t, channelPost('/flash-sale/NOPE'));
    expect(texts()[0]).toBe('NOPE is not an active coupon. Check the code and try again.');

    await deliver(t, channelPost('/flash-sale/DOWN'));
    expect(texts()[1]).toBe("We can't verify coupons right now. Please try again in a minute.");
    expect(sent('sendPhoto')).toHaveLength(0);
    const rows = await usage();
    expect(rows.map((row) => [row.code, row.errorType])).toEqual([
      ['NOPE', 'invalid_coupon'],
      ['DOWN', 'validation_unavailable'],
    ]);
  });

  it('guides a private user: /start → code → template keyboard → photo + file button → PNG document', async () => {
    const user = 501;
    await deliver(t, privateMessage(user, '/start'));
    expect(texts()[0]).toContain('Send me your coupon code');

    await deliver(t, privateMessage(user, 'welcome10'));
    const menu = sent('sendMessage')[1]!;
    expect(menu.params.text).toBe('WELCOME10 is active. Choose a template:');
    const keyboard = (menu.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
      .inline_keyboard;
    expect(keyboard.map((row) => row[0]!.text)).toEqual(['Flash Sale', 'Summer Deal']);

    await deliver(t, buttonTap({ userId: user, data: keyboard[1]![0]!.callback_data }));
    const [photo] = sent('sendPhoto');
    expect(Number(photo!.params.chat_id)).toBe(user);
    expect(photo!.params.caption).toBe('Summer Deal · WELCOME10');
    expect(texts().at(-1)).toBe(
      [
        `Use your code here: ${REFERRAL_TEMPLATE.replace('{code}', 'WELCOME10')}`,
        `On the web, with this template and your code: ${PUBLIC_URL}/?t=summer-deal&code=WELCOME10`,
      ].join('\n'),
    );
    expect(sent('answerCallbackQuery')).toHaveLength(1);

    const fileButton = (photo!.params.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard[0]![0]!.callback_data;
    await deliver(t, buttonTap({ userId: user, data: fileButton, messageId: 77 }));
    const [document] = sent('sendDocument');
    expect(document!.params.reply_parameters).toMatchObject({ message_id: 77 });
    expect(document!.upload!.filename).toBe('WELCOME10-square.png');
    expect(await sizeOf(document!.upload!.bytes)).toEqual({ width: 600, height: 600, format: 'png' });
    const api = await t.app.inject({ url: '/api/render/summer-deal/square.png?code=WELCOME10' });
    const pixels = (bytes: Buffer) => sharp(bytes).raw().toBuffer();
    expect((await pixels(document!.upload!.bytes)).equals(await pixels(api.rawPayload))).toBe(true);

    const [row] = await t.database.db.select().from(botUsersTable).where(eq(botUsersTable.chatId, user));
    expect(row).toMatchObject({
      username: 'user501',
      firstName: 'User501',
      lastValidCode: 'WELCOME10',
      blocked: false,
    });
  });

  it('takes a code from a /start deep link, and treats code-like text as a code but chatter as chatter', async () => {
    await deliver(t, privateMessage(502, '/start SAVE20'));
    expect(texts()[0]).toBe('SAVE20 is active. Choose a template:');

    await deliver(t, privateMessage(503, 'hello there'), privateMessage(503, 'thanks'));
    expect(texts().slice(1)).toEqual([
      "Send me a coupon code (like SAVE20) and I'll make an image with it, or /help.",
      "Send me a coupon code (like SAVE20) and I'll make an image with it, or /help.",
    ]);
    expect(funderpro.requests.map((r) => r.code)).toEqual(['SAVE20']);

    await deliver(t, privateMessage(503, 'SAVE20'));
    expect(texts()[3]).toBe('SAVE20 is active. Choose a template:');
  });

  it('/generate re-validates the last code and refuses it once it is switched off upstream', async () => {
    funderpro.set('SPRING5', 'valid');
    await deliver(t, privateMessage(504, '/start SPRING5'));
    await deliver(t, privateMessage(504, '/generate'));
    expect(texts()[1]).toBe('SPRING5 is active. Choose a template:');

    funderpro.set('SPRING5', 404);
    await deliver(t, privateMessage(504, '/generate'));
    expect(texts()[2]).toContain('SPRING5 is not an active coupon');
    expect(texts()[2]).toContain("can't be used. Send a new one.");
    expect(sent('sendMessage')[2]!.params.reply_markup).toBeUndefined();
    expect((await usage()).map((row) => row.errorType)).toEqual(['invalid_coupon']);
  });

  it('/generate without a previous code asks for one; /cancel ends the flow; /help explains the channel syntax', async () => {
    await deliver(t, privateMessage(505, '/generate'));
    expect(texts()[0]).toBe('Send me your coupon code.');
    await deliver(t, privateMessage(505, '/cancel'));
    expect(texts()[1]).toBe('Cancelled. Send /start when you want a new image.');
    await deliver(t, privateMessage(505, 'how are you'));
    expect(texts()[2]).toContain('Send me a coupon code');
    await deliver(t, privateMessage(505, '/help'));
    expect(texts()[3]).toContain('/flash-sale/SAVE20');
    expect(texts()[3]).toContain('administrator');
  });

  it('"Send as file" under a channel post sends the PNG to the tapper privately, and refuses a code switched off since', async () => {
    funderpro.set('AUTUMN7', 'valid');
    await deliver(t, channelPost('/flash-sale/AUTUMN7/story'));
    const [photo] = sent('sendPhoto');
    const data = (photo!.params.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard[0]![0]!.callback_data;
    await deliver(t, buttonTap({ userId: 509, data, chat: CHANNEL, messageId: 900 }));
    const [document] = sent('sendDocument');
    expect(Number(document!.params.chat_id)).toBe(509);
    expect(await sizeOf(document!.upload!.bytes)).toEqual({ width: 540, height: 960, format: 'png' });
    expect(sent('answerCallbackQuery').at(-1)!.params.text).toBe('Sent the PNG to your private chat with me.');

    // Someone who never started the bot can't be messaged: the button opens the bot with the code instead.
    telegram.failFor(511, { status: 403, description: "Forbidden: bot can't initiate conversation with a user" });
    await deliver(t, buttonTap({ userId: 511, data, chat: CHANNEL, messageId: 900 }));
    expect(sent('answerCallbackQuery').at(-1)!.params.url).toBe('https://t.me/promostack_test_bot?start=AUTUMN7');
    expect(sent('sendDocument')).toHaveLength(1);

    funderpro.set('AUTUMN7', 404);
    await deliver(t, buttonTap({ userId: 509, data, chat: CHANNEL, messageId: 900 }));
    expect(sent('sendDocument')).toHaveLength(1);
    expect(sent('answerCallbackQuery').at(-1)!.params).toMatchObject({
      text: 'AUTUMN7 is not an active coupon. Check the code and try again.',
      show_alert: true,
    });
  });

  it('handles an update delivered twice once', async () => {
    const update = channelPost('/flash-sale/SAVE20');
    const [first, second] = await deliver(t, update, update);
    expect(first!.json()).toEqual({ ok: true, duplicate: false });
    expect(second!.json()).toEqual({ ok: true, duplicate: true });
    expect(sent('sendPhoto')).toHaveLength(1);
  });

  it('refuses a wrong or missing secret with 401 and sends nothing', async () => {
    const wrong = await postUpdate(t.app, channelPost('/flash-sale/SAVE20'), 'not-the-secret-at-all');
    const missing = await postUpdate(t.app, channelPost('/flash-sale/SAVE20'), null);
    await t.bot!.receiver.drain();
    expect([wrong.statusCode, missing.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toMatchObject({ error: { code: 'telegram.bad_secret' } });
    expect(telegram.calls).toHaveLength(0);
  });

  it('answers a malformed update with 400: an id that is not an integer, out of range or of another type', async () => {
    for (const update_id of ['x', 1e300, 2 ** 63, -1, 1.5, true, null]) {
      const res = await postUpdate(t.app, { update_id });
      expect(res.statusCode, `update_id ${String(update_id)}`).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'request.invalid' } });
    }
    await t.bot!.receiver.drain();
    expect(telegram.calls).toHaveLength(0);
  });

  it('waits out a 429 and then delivers the photo', async () => {
    const chat = { id: -100777, type: 'channel', title: 'Busy' };
    telegram.failFor(chat.id, { status: 429, retryAfter: 1 });
    await deliver(t, channelPost('/flash-sale/SAVE20', chat));
    const attempts = telegram.calls.filter((call) => call.method === 'sendPhoto');
    expect(attempts.map((call) => call.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('re-sends a repeat by file_id, with no render and no upload', async () => {
    await deliver(t, channelPost('/flash-sale/WELCOME10'));
    await deliver(t, channelPost('/flash-sale/WELCOME10'));
    const [first, second] = sent('sendPhoto');
    expect(first!.upload).not.toBeNull();
    expect(second!.upload).toBeNull();
    expect(first!.fileId).toMatch(/^photo-/);
    expect(second!.params.photo).toBe(first!.fileId);
  });

  it("draws the admin's brand logo where the template shows one; a new logo is a new upload", async () => {
    const logo = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const centre = async (jpeg: Buffer) => {
      // flash-sale is 800×600: the logo circle is 72 px wide at (24, 24).
      const { data } = await sharp(jpeg).extract({ left: 60, top: 60, width: 1, height: 1 }).raw().toBuffer({
        resolveWithObject: true,
      });
      return [...data];
    };
    funderpro.set('LOGO10', 'valid');
    await deliver(t, channelPost('/flash-sale/LOGO10'));
    const [plain] = sent('sendPhoto');
    expect((await centre(plain!.upload!.bytes))[0]).toBeLessThan(200);
    await setBrandLogo(t.services.brand, { buffer: logo });
    try {
      await deliver(t, channelPost('/flash-sale/LOGO10'));
      await deliver(t, channelPost('/flash-sale/LOGO10'));
      const [, withLogo, repeat] = sent('sendPhoto');
      const [r, g, b] = await centre(withLogo!.upload!.bytes);
      expect(r).toBeGreaterThan(230);
      expect(Math.max(g!, b!)).toBeLessThan(30);
      expect(repeat!.upload).toBeNull();
      expect(repeat!.params.photo).toBe(withLogo!.fileId);
    } finally {
      await removeBrandLogo(t.services.brand);
    }
  });

  it('refuses a forged button naming an unknown template, rendering nothing', async () => {
    const forged = encodeCallback({
      kind: 'file',
      variant: 'square',
      code: 'SAVE20',
      ref: templateRef('no-such-template'),
    });
    await deliver(
      t,
      buttonTap({ userId: 506, data: forged }),
      buttonTap({ userId: 506, data: 'f:s:SAVE20:../../etc' }),
    );
    expect(sent('sendDocument')).toHaveLength(0);
    expect(sent('sendPhoto')).toHaveLength(0);
    expect(sent('answerCallbackQuery').map((call) => call.params.show_alert)).toEqual([true, true]);
    expect(funderpro.requests).toHaveLength(0);
  });

  it('marks a private user blocked on a 403 and on my_chat_member, and unblocked when they come back', async () => {
    await deliver(t, privateMessage(507, '/start'));
    telegram.failFor(507, { status: 403 });
    await deliver(t, privateMessage(507, '/flash-sale/SAVE20'));
    const blocked = () =>
      t.database.db.select({ blocked: botUsersTable.blocked }).from(botUsersTable).where(eq(botUsersTable.chatId, 507));
    expect(await blocked()).toEqual([{ blocked: true }]);
    expect((await usage()).at(-1)).toMatchObject({ errorType: 'send_failed', chatId: 507 });

    await deliver(t, memberStatus(507, 'member'));
    expect(await blocked()).toEqual([{ blocked: false }]);
    await deliver(t, memberStatus(507, 'kicked'));
    expect(await blocked()).toEqual([{ blocked: true }]);
  });

  it('logs a 500 from Telegram as a failed send and keeps serving', async () => {
    const chat = { id: -100888, type: 'channel', title: 'Broken' };
    telegram.failFor(chat.id, { status: 500, times: 5 });
    await deliver(t, channelPost('/flash-sale/SAVE20', chat));
    expect((await usage()).at(-1)).toMatchObject({ success: false, errorType: 'send_failed' });
    await deliver(t, channelPost('/flash-sale/SAVE20'));
    expect(sent('sendPhoto')).toHaveLength(1);
  });

  it('records groups and channels apart from private users', async () => {
    await deliver(t, channelPost('/flash-sale/SAVE20'), groupMessage(508, 'hello all'));
    expect(await t.database.db.select().from(botUsersTable)).toEqual([]);
    const chats = await t.database.db.select().from(botChatsTable);
    expect(chats.map((chat) => [chat.chatId, chat.type, chat.title]).sort()).toEqual([
      [CHANNEL.id, 'channel', CHANNEL.title],
      [GROUP.id, 'supergroup', GROUP.title],
    ]);
  });
});
