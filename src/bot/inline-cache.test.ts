import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createDatabase, queryRows } from '../adapters/db/db.js';
import { createTestDatabase, describeEachDatabase, migrationsFolder } from '../adapters/db/db.test-utils.js';
import { type FakeFunderPro, startFakeFunderPro } from '../adapters/funderpro/funderpro.fake-server.js';
import { createJobEngine, JOB_ENGINE_SCHEMA } from '../adapters/jobs/job-engine.js';
import { type FakeTelegram, startFakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import { createTelegramApi, createTelegramGateway } from '../adapters/telegram/telegram.gateway.js';
import type { TestApp } from '../http/http.test-utils.js';
import { botChatsTable, botUsersTable } from '../modules/bot-users/bot-users.table.js';
import {
  broadcastGatewayFor,
  type RunningWorker,
  startTestWorker,
} from '../modules/broadcasts/broadcasts.test-utils.js';
import { rateLimitsTable } from '../modules/rate-limits/rate-limits.table.js';
import { renderTemplateImage } from '../modules/renders/renders.usecases.js';
import {
  CACHE_CHAT_PAUSE_MS,
  createInlinePhotoCache,
  type InlinePhotoCacheJob,
} from '../modules/telegram/inline-photo-cache.usecases.js';
import { telegramFilesTable } from '../modules/telegram/telegram.table.js';
import { templateRef } from '../modules/templates/template-lookup.models.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import { type Logger, silentLogger } from '../shared/logger.js';
import { QUEUES, sendInlinePhotoCacheJob } from '../worker/worker.js';
import {
  chosenInlineResult,
  createBotTestApp,
  createBotTestTemplates,
  createTestValidator,
  deliver,
  inlineQuery,
} from './bot.test-utils.js';

/** TELEGRAM_CACHE_CHAT_ID of these tests: a private channel. */
const CACHE_CHAT = -1009876543210;

interface LogLine {
  level: string;
  obj: unknown;
  msg: string | undefined;
}

function recordingLogger(lines: LogLine[]): Logger {
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void =>
      void lines.push(typeof obj === 'string' ? { level, obj: null, msg: obj } : { level, obj, msg });
  return { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

describeEachDatabase('inline photos get a file_id through the cache chat', (databaseKind) => {
  const logs: LogLine[] = [];
  let telegram: FakeTelegram;
  let funderpro: FakeFunderPro;
  let t: TestApp;
  /** A second web process on the same database. */
  let other: TestApp;
  let worker: RunningWorker | undefined;
  /** The worker's clock, moved by hand past the pause that follows a refusal. */
  let clockOffsetMs = 0;
  let nextUser = 7000;
  let user: number;
  const flash = templateRef('flash-sale');
  const summer = templateRef('summer-deal');

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    funderpro = await startFakeFunderPro();
    funderpro.set('SAVE20', 'valid');
    const database = await createTestDatabase(databaseKind);
    // The bots queue on the worker's engine, which starts once the app it renders with exists.
    const request = async (job: InlinePhotoCacheJob) => void (await sendInlinePhotoCacheJob(worker!.engine, job));
    const appOptions = {
      telegram,
      databaseKind,
      database,
      couponValidator: createTestValidator(funderpro),
      logger: recordingLogger(logs),
      requestInlinePhotoCache: request,
    };
    t = await createBotTestApp(appOptions);
    other = await createBotTestApp(appOptions);
    await createBotTestTemplates(t);
    const api = createTelegramApi({ token: telegram.token, apiRoot: telegram.apiRoot });
    worker = await startTestWorker({
      database,
      gateway: broadcastGatewayFor(telegram),
      rate: 20,
      inlinePhotoCache: createInlinePhotoCache({
        templatesRepository: t.services.templates.templatesRepository,
        telegramRepository: t.services.telegramRepository,
        gateway: createTelegramGateway({ api }),
        renderImage: (input) => renderTemplateImage(t.services.renders, input),
        brandLogo: t.services.renders.brandLogo,
        cacheChatId: CACHE_CHAT,
        logger: t.services.logger,
        now: () => new Date(Date.now() + clockOffsetMs),
      }),
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await other?.close();
    // The database is shared by both apps; the last one to close takes it down.
    const database = t?.database;
    await t?.close();
    await database?.close();
    await telegram?.close();
    await funderpro?.close();
  });
  beforeEach(async () => {
    user = nextUser++;
    telegram.heal(CACHE_CHAT);
    const { db } = t.database;
    for (const table of [usageEventsTable, botUsersTable, botChatsTable, telegramFilesTable, rateLimitsTable])
      await db.delete(table);
    // Every test starts with no upload slot taken (one job per key per slot).
    await db.execute(sql.raw(`delete from ${JOB_ENGINE_SCHEMA}.job where name = '${QUEUES.inlinePhotoCache}'`));
    telegram.calls.length = 0;
    logs.length = 0;
  });

  const cacheChatCalls = (method: string) =>
    telegram.calls.filter((call) => call.method === method && Number(call.params.chat_id) === CACHE_CHAT);
  const lastAnswer = () => telegram.delivered('answerInlineQuery').at(-1)!.params.results as Record<string, unknown>[];
  const jobs = () =>
    queryRows<{ state: string; retry_count: number }>(
      t.database.db,
      sql.raw(`select state, retry_count from ${JOB_ENGINE_SCHEMA}.job where name = '${QUEUES.inlinePhotoCache}'`),
    );
  /** Until every upload job queued so far has finished (completed, or failed for good). */
  const settled = () =>
    expect
      .poll(async () => (await jobs()).every((job) => job.state === 'completed' || job.state === 'failed'), {
        timeout: 20_000,
      })
      .toBe(true);

  it('uploads a chosen URL photo once to the cache chat, deletes it, and answers it by file_id next time', async () => {
    await deliver(t, inlineQuery(user, 'SAVE20'));
    expect(lastAnswer()[0]).toHaveProperty('photo_url');

    await deliver(t, chosenInlineResult(user, `s.${flash}`, 'save20'));
    await expect.poll(() => telegram.delivered('deleteMessage').length, { timeout: 20_000 }).toBe(1);
    await settled();
    const uploads = cacheChatCalls('sendPhoto');
    expect(uploads).toHaveLength(1);
    const [upload] = uploads;
    expect(upload!.status).toBe(200);
    // The bot's own photo render: the full-size JPEG of the template, as a channel command sends it.
    expect(await sharp(upload!.upload!.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 800, height: 600 });
    // The stand-in only answers 200 for a message it delivered and nobody deleted yet.
    expect(cacheChatCalls('deleteMessage').map((call) => call.status)).toEqual([200]);

    await deliver(t, inlineQuery(user, 'SAVE20'));
    const [square, portrait] = lastAnswer();
    expect(square).toEqual({
      type: 'photo',
      id: `s.${flash}`,
      title: 'Flash Sale',
      caption: 'Flash Sale · SAVE20',
      photo_file_id: upload!.fileId,
    });
    expect(portrait).toHaveProperty('photo_url');
    // The choice is recorded once, as before; the upload records nothing.
    expect(await t.database.db.select().from(usageEventsTable)).toMatchObject([
      { action: 'inline', templateSlug: 'flash-sale', variant: 'square', code: 'SAVE20', outcome: 'success' },
    ]);

    // Sending the cached result again queues nothing.
    await deliver(t, chosenInlineResult(user, `s.${flash}`, 'SAVE20'));
    expect(await jobs()).toHaveLength(1);
  });

  it('uploads once when a choice is redelivered to two processes and another user picks the same photo', async () => {
    const choice = chosenInlineResult(user, `p.${flash}`, 'SAVE20');
    await deliver(t, choice);
    await deliver(other, choice);
    await deliver(other, chosenInlineResult(user + 1, `p.${flash}`, 'save20 flash'));
    await settled();
    await expect.poll(async () => (await t.database.db.select().from(telegramFilesTable)).length).toBe(1);
    await settled();
    expect(cacheChatCalls('sendPhoto')).toHaveLength(1);
    expect(await jobs()).toHaveLength(1);
    // One row per user who sent it; the redelivered update is handled once.
    expect(await t.database.db.select().from(usageEventsTable)).toHaveLength(2);
  });

  it('queues one upload job per photo in a slot, from any process, even after the first one has run', async () => {
    // A template that is gone: the worker takes the job and does nothing; the slot stays taken all the same.
    const job = { key: 'gone:1:square:SAVE20:photo', slug: 'gone', variant: 'square' as const, code: 'SAVE20' };
    expect(await sendInlinePhotoCacheJob(worker!.engine, job)).toEqual(expect.any(String));
    await settled();
    expect(await sendInlinePhotoCacheJob(worker!.engine, job)).toBeNull();
    // Another process: its own engine on its own connection pool (PostgreSQL; PGlite belongs to one process).
    const url = (t.database as { url?: string }).url;
    if (url) {
      const database = await createDatabase({
        options: { kind: 'postgres', connectionString: url, ssl: false },
        migrationsFolder,
      });
      const engine = createJobEngine({ database, logger: silentLogger });
      try {
        await engine.start();
        expect(await sendInlinePhotoCacheJob(engine, job)).toBeNull();
        expect(await sendInlinePhotoCacheJob(engine, { ...job, key: `${job.key}:other` })).toEqual(expect.any(String));
      } finally {
        await engine.stop(1000);
        await database.close();
      }
    }
    expect(await jobs()).toHaveLength(databaseKind === 'postgres' ? 2 : 1);
    await settled();
  });

  it('keeps URL results when the cache chat refuses, logs it once, and does not retry', async () => {
    const description = 'Forbidden: bot is not a member of the channel chat';
    telegram.failFor(CACHE_CHAT, { status: 403, description });
    await deliver(t, chosenInlineResult(user, `s.${flash}`, 'SAVE20'));
    await expect.poll(() => cacheChatCalls('sendPhoto').length, { timeout: 20_000 }).toBe(1);
    await settled();
    expect(await jobs()).toEqual([{ state: 'completed', retry_count: 0 }]);
    // Another photo chosen meanwhile is not even tried (nor logged again) while the pause lasts.
    await deliver(t, chosenInlineResult(user, `p.${flash}`, 'SAVE20'));
    await expect.poll(async () => (await jobs()).length).toBe(2);
    await settled();
    expect(cacheChatCalls('sendPhoto')).toHaveLength(1);
    const errors = logs.filter((line) => line.level === 'error');
    expect(errors).toEqual([
      {
        level: 'error',
        obj: { chatId: CACHE_CHAT, errorCode: 403, description },
        msg: expect.stringMatching(/TELEGRAM_CACHE_CHAT_ID refused/),
      },
    ]);
    await deliver(t, inlineQuery(user, 'SAVE20'));
    expect(lastAnswer().every((result) => 'photo_url' in result)).toBe(true);
    expect(await t.database.db.select().from(usageEventsTable)).toHaveLength(2);

    // Once the chat is fixed and the pause is over, the next choice is uploaded.
    telegram.heal(CACHE_CHAT);
    clockOffsetMs += CACHE_CHAT_PAUSE_MS;
    await deliver(t, chosenInlineResult(user, `s.${summer}`, 'SAVE20'));
    await expect.poll(() => telegram.delivered('deleteMessage').length, { timeout: 20_000 }).toBe(1);
    await settled();
    expect(cacheChatCalls('sendPhoto').map((call) => call.status)).toEqual([403, 200]);
  });

  it('keeps the file_id when the upload cannot be deleted, and logs that once', async () => {
    telegram.failFor(CACHE_CHAT, {
      status: 400,
      method: 'deleteMessage',
      description: "Bad Request: message can't be deleted",
    });
    await deliver(t, chosenInlineResult(user, `s.${flash}`, 'SAVE20'));
    await expect.poll(() => cacheChatCalls('deleteMessage').length, { timeout: 20_000 }).toBe(1);
    await settled();
    expect(await jobs()).toEqual([{ state: 'completed', retry_count: 0 }]);
    expect(cacheChatCalls('deleteMessage')).toHaveLength(1);
    expect(logs.filter((line) => line.level === 'warn')).toEqual([
      expect.objectContaining({ obj: { chatId: CACHE_CHAT, description: "Bad Request: message can't be deleted" } }),
    ]);
    await deliver(t, inlineQuery(user, 'SAVE20'));
    expect(lastAnswer()[0]).toMatchObject({ photo_file_id: cacheChatCalls('sendPhoto')[0]!.fileId });
  });
});
