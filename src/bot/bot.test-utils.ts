import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DatabaseHandle } from '../adapters/db/db.js';
import type { TestDatabaseKind } from '../adapters/db/db.test-utils.js';
import { createFunderProValidator } from '../adapters/funderpro/funderpro.client.js';
import { type FakeFunderPro, startFakeFunderPro } from '../adapters/funderpro/funderpro.fake-server.js';
import type { ObjectStorage } from '../adapters/storage/storage.types.js';
import type { FakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import { startFakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import { createTelegramApi, createTelegramGateway } from '../adapters/telegram/telegram.gateway.js';
import { createTestApp, type TestApp, type TestTelegram } from '../http/http.test-utils.js';
import { botChatsTable, botUsersTable } from '../modules/bot-users/bot-users.table.js';
import type { CouponValidator } from '../modules/coupons/coupons.models.js';
import { rateLimitsTable } from '../modules/rate-limits/rate-limits.table.js';
import { telegramFilesTable } from '../modules/telegram/telegram.table.js';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate } from '../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import { type Logger, silentLogger } from '../shared/logger.js';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const REFERRAL_TEMPLATE = 'https://example.test/buy?promo={code}';
/** The bot suites' PUBLIC_URL: a public address, so the bot links the web generator. */
export const PUBLIC_URL = 'https://promo.example.test';

/** The real app with the bot on, its grammY client pointed at the stand-in. */
export async function createBotTestApp({
  telegram,
  databaseKind,
  couponValidator,
  database,
  storage,
  logger,
  inlineQueriesPerMinute,
  requestInlinePhotoCache,
}: {
  inlineQueriesPerMinute?: number;
  requestInlinePhotoCache?: TestTelegram['requestInlinePhotoCache'];
  telegram: FakeTelegram;
  databaseKind: TestDatabaseKind;
  couponValidator: CouponValidator;
  database?: DatabaseHandle;
  storage?: ObjectStorage;
  logger?: Logger;
}): Promise<TestApp> {
  const api = createTelegramApi({ token: telegram.token, apiRoot: telegram.apiRoot });
  return createTestApp({
    databaseKind,
    couponValidator,
    database,
    storage,
    logger,
    telegram: {
      gateway: createTelegramGateway({ api }),
      token: telegram.token,
      botInfo: await api.getMe(),
      webhookSecret: WEBHOOK_SECRET,
      referralUrlTemplate: REFERRAL_TEMPLATE,
      publicUrl: PUBLIC_URL,
      inlineQueriesPerMinute,
      requestInlinePhotoCache,
    },
  });
}

let nextUpdateId = 1;
let nextMessageId = 1;
const date = () => Math.floor(Date.now() / 1000);

export const CHANNEL = { id: -1001234567890, type: 'channel', title: 'Deals <b>daily</b>' } as const;
export const GROUP = { id: -4001, type: 'supergroup', title: 'Affiliates' } as const;

export function person(id: number) {
  return { id, is_bot: false, first_name: `User${id}`, username: `user${id}`, language_code: 'en' };
}

/**
 * The entities Telegram puts on a text: a `bot_command` for a leading `/word` (letters, digits and `_` only, plus an
 * optional `@username`), so `/flash-sale/SAVE20` carries the command `/flash` exactly as real clients send it.
 */
function entitiesOf(text: string) {
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/.exec(text);
  return command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {};
}

export function channelPost(text: string, chat: { id: number; type: string; title: string } = CHANNEL) {
  const messageId = nextMessageId++;
  return {
    update_id: nextUpdateId++,
    channel_post: { message_id: messageId, date: date(), chat, sender_chat: chat, text, ...entitiesOf(text) },
  };
}

export function groupMessage(userId: number, text: string, chat = GROUP) {
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: date(), chat, from: person(userId), text, ...entitiesOf(text) },
  };
}

const privateChat = (userId: number) => {
  const from = person(userId);
  return { id: userId, type: 'private', first_name: from.first_name, username: from.username };
};

/** A message from a person in their private chat with the bot, with whatever it carries (text, a sticker…). */
function privateUpdate(userId: number, content: Record<string, unknown>) {
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: date(), chat: privateChat(userId), from: person(userId), ...content },
  };
}

export function privateMessage(userId: number, text: string) {
  return privateUpdate(userId, { text, ...entitiesOf(text) }) as ReturnType<typeof privateUpdate> & {
    message: { text: string };
  };
}

/** A sticker (or any message without text) in a private chat. */
export function privateSticker(userId: number) {
  const sticker = { file_id: 'sticker-1', file_unique_id: 's1', type: 'regular', width: 512, height: 512 };
  return privateUpdate(userId, { sticker: { ...sticker, is_animated: false, is_video: false } });
}

export function buttonTap({
  userId,
  data,
  chat,
  messageId = 1,
}: {
  userId: number;
  data: string;
  chat?: { id: number; type: string };
  messageId?: number;
}) {
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: `cb-${nextUpdateId}`,
      from: person(userId),
      chat_instance: 'ci-1',
      data,
      message: { message_id: messageId, date: date(), chat: chat ?? { id: userId, type: 'private', first_name: 'U' } },
    },
  };
}

/** `@bot {query}` typed by a person in some chat. */
export function inlineQuery(userId: number, query: string, { offset = '', chatType = 'supergroup' } = {}) {
  return {
    update_id: nextUpdateId++,
    inline_query: { id: `iq-${nextUpdateId}`, from: person(userId), query, offset, chat_type: chatType },
  };
}

/** Inline feedback: the person sent result `resultId` of their query. */
export function chosenInlineResult(userId: number, resultId: string, query: string) {
  return { update_id: nextUpdateId++, chosen_inline_result: { result_id: resultId, from: person(userId), query } };
}

export function memberStatus(userId: number, status: 'kicked' | 'member') {
  const bot = { id: 123456, is_bot: true, first_name: 'PromoStack', username: 'promostack_test_bot' };
  return {
    update_id: nextUpdateId++,
    my_chat_member: {
      chat: { id: userId, type: 'private', first_name: 'U' },
      from: person(userId),
      date: date(),
      old_chat_member: { user: bot, status: status === 'kicked' ? 'member' : 'kicked' },
      new_chat_member: { user: bot, status },
    },
  };
}

export function postUpdate(app: FastifyInstance, update: object, secret: string | null = WEBHOOK_SECRET) {
  return app.inject({
    method: 'POST',
    url: '/api/telegram-webhook',
    headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
    payload: update,
  });
}

/** Posts updates through the webhook and waits until the bot has handled all of them. */
export async function deliver(t: TestApp, ...updates: object[]) {
  const answers = [];
  for (const update of updates) answers.push(await postUpdate(t.app, update));
  await t.bot!.receiver.drain();
  return answers;
}

export const TEST_BOX = { leftPct: 10, topPct: 60, widthPct: 80, heightPct: 25 };

export function createTestValidator(funderpro: FakeFunderPro) {
  return createFunderProValidator({
    apiBase: funderpro.url,
    productId: funderpro.productId,
    logger: silentLogger,
    retryDelaysMs: [10, 20],
    // Every check reaches the stand-in, so a code switched off upstream is seen at once.
    validTtlMs: 0,
    invalidTtlMs: 0,
  });
}

/** Flash Sale (square 800×600 + portrait 540×960), Summer Deal (square 600×600), Hidden Gem (not in Telegram). */
export async function createBotTestTemplates(t: TestApp) {
  const box = TEST_BOX;
  await createTemplate(t.services.templates, {
    name: 'Flash Sale',
    variants: {
      square: { image: await testPng({ width: 800, height: 600 }), settings: { box } },
      story: { image: await testPng({ width: 540, height: 960, color: '#993366' }), settings: { box } },
    },
  });
  await createTemplate(t.services.templates, {
    name: 'Summer Deal',
    variants: { square: { image: await testPng({ width: 600, height: 600 }), settings: { box } } },
  });
  await createTemplate(t.services.templates, {
    name: 'Hidden Gem',
    telegramEnabled: false,
    variants: { square: { image: await testPng({ width: 500, height: 500 }), settings: { box } } },
  });
}

/**
 * One bot app per suite (PGlite takes seconds to boot) with the stand-ins and the test templates; before each test the
 * stand-ins' logs and the bot's tables are emptied. Read the fields inside tests.
 */
export function useBotSuite(
  databaseKind: TestDatabaseKind,
  { inlineQueriesPerMinute }: { inlineQueriesPerMinute?: number } = {},
) {
  const suite = {} as { telegram: FakeTelegram; funderpro: FakeFunderPro; t: TestApp };
  beforeAll(async () => {
    suite.telegram = await startFakeTelegram();
    suite.funderpro = await startFakeFunderPro();
    suite.t = await createBotTestApp({
      telegram: suite.telegram,
      databaseKind,
      couponValidator: createTestValidator(suite.funderpro),
      inlineQueriesPerMinute,
    });
    await createBotTestTemplates(suite.t);
    for (const code of ['SAVE20', 'WELCOME10']) suite.funderpro.set(code, 'valid');
    suite.funderpro.set('DOWN', 503);
  });
  afterAll(async () => {
    await suite.t?.close();
    await suite.telegram?.close();
    await suite.funderpro?.close();
  });
  beforeEach(async () => {
    suite.telegram.calls.length = 0;
    suite.funderpro.requests.length = 0;
    const { db } = suite.t.database;
    for (const table of [usageEventsTable, botUsersTable, botChatsTable, telegramFilesTable, rateLimitsTable])
      await db.delete(table);
  });
  return suite;
}
