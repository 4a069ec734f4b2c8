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
import { createTestApp, type TestApp } from '../http/http.test-utils.js';
import type { CouponValidator } from '../modules/coupons/coupons.models.js';
import { botChatsTable, botUsersTable, telegramFilesTable } from '../modules/telegram/telegram.table.js';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate } from '../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import { silentLogger } from '../shared/logger.js';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const REFERRAL_TEMPLATE = 'https://example.test/buy?promo={code}';

/** The real app with the bot on, its grammY client pointed at the stand-in. */
export async function createBotTestApp({
  telegram,
  databaseKind,
  couponValidator,
  database,
  storage,
}: {
  telegram: FakeTelegram;
  databaseKind: TestDatabaseKind;
  couponValidator: CouponValidator;
  database?: DatabaseHandle;
  storage?: ObjectStorage;
}): Promise<TestApp> {
  const api = createTelegramApi({ token: telegram.token, apiRoot: telegram.apiRoot });
  return createTestApp({
    databaseKind,
    couponValidator,
    database,
    storage,
    telegram: {
      gateway: createTelegramGateway({ api }),
      token: telegram.token,
      botInfo: await api.getMe(),
      webhookSecret: WEBHOOK_SECRET,
      referralUrlTemplate: REFERRAL_TEMPLATE,
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

export function channelPost(text: string, chat: { id: number; type: string; title: string } = CHANNEL) {
  const messageId = nextMessageId++;
  return {
    update_id: nextUpdateId++,
    channel_post: { message_id: messageId, date: date(), chat, sender_chat: chat, text },
  };
}

export function groupMessage(userId: number, text: string, chat = GROUP) {
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: date(), chat, from: person(userId), text },
  };
}

export function privateMessage(userId: number, text: string) {
  const from = person(userId);
  const entities = text.startsWith('/')
    ? [{ type: 'bot_command', offset: 0, length: text.split(/[\s/]/, 2).join('/').length }]
    : undefined;
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: date(),
      chat: { id: userId, type: 'private', first_name: from.first_name, username: from.username },
      from,
      text,
      entities,
    },
  };
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
  await t.deps.telegram!.receiver.drain();
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
  await createTemplate(t.deps.templates, {
    name: 'Flash Sale',
    variants: {
      square: { image: await testPng({ width: 800, height: 600 }), settings: { box } },
      story: { image: await testPng({ width: 540, height: 960, color: '#993366' }), settings: { box } },
    },
  });
  await createTemplate(t.deps.templates, {
    name: 'Summer Deal',
    variants: { square: { image: await testPng({ width: 600, height: 600 }), settings: { box } } },
  });
  await createTemplate(t.deps.templates, {
    name: 'Hidden Gem',
    telegramEnabled: false,
    variants: { square: { image: await testPng({ width: 500, height: 500 }), settings: { box } } },
  });
}

/**
 * One bot app per suite (PGlite takes seconds to boot) with the stand-ins and the test templates; before each test the
 * stand-ins' logs and the bot's tables are emptied. Read the fields inside tests.
 */
export function useBotSuite(databaseKind: TestDatabaseKind) {
  const suite = {} as { telegram: FakeTelegram; funderpro: FakeFunderPro; t: TestApp };
  beforeAll(async () => {
    suite.telegram = await startFakeTelegram();
    suite.funderpro = await startFakeFunderPro();
    suite.t = await createBotTestApp({
      telegram: suite.telegram,
      databaseKind,
      couponValidator: createTestValidator(suite.funderpro),
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
    const { db } = suite.t.deps.database;
    for (const table of [usageEventsTable, botUsersTable, botChatsTable, telegramFilesTable]) await db.delete(table);
  });
  return suite;
}
