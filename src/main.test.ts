import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './adapters/db/db.test-utils.js';
import { startFakeFunderPro } from './adapters/funderpro/funderpro.fake-server.js';
import { type FakeCall, startFakeTelegram } from './adapters/telegram/telegram.fake-server.js';
import { buttonTap, chosenInlineResult, inlineQuery, privateMessage } from './bot/bot.test-utils.js';
import { freePort, MAIN_ENTRY, startMain, waitForServing } from './main.test-utils.js';
import { templateRef } from './modules/templates/template-lookup.models.js';
import { findProjectRoot } from './shared/project-root.js';

const root = findProjectRoot();
/** TELEGRAM_CACHE_CHAT_ID of the bot process test. */
const CACHE_CHAT = -1002223334445;

describe('the PromoStack process', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 with one message listing every configuration problem', async () => {
    const run = startMain({
      PORT: 'abc',
      SPACES_BUCKET: 'promo-bucket',
      TELEGRAM_MODE: 'sometimes',
      SPACES_SECRET_KEY: 'super-secret-value',
    });
    expect(await run.exited).toBe(1);
    const output = run.output();
    expect(output).toContain('Invalid configuration:');
    expect(output).toContain('PORT must be an integer');
    expect(output).toContain('SPACES_ACCESS_KEY must be set too');
    expect(output).toContain('TELEGRAM_MODE must be webhook, polling or off');
    expect(output).not.toContain('super-secret-value');
  });

  it('starts on an empty data folder with no configuration, seeds samples and renders them, then stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ps-main-'));
    dirs.push(dataDir);
    const port = await freePort();
    const run = startMain({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}`;
    await waitForServing(run);
    expect(run.output()).toContain('coupon validation is OFF');
    const printed = /Admin password \(generated, shown once\): (\S+)/.exec(run.output())?.[1];
    expect(printed).toBeDefined();
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
      body: JSON.stringify({ password: printed }),
    });
    expect(login.status).toBe(200);

    const templates = (await (await fetch(`${base}/api/templates`)).json()) as { templates: { slug: string }[] };
    expect(templates.templates.map((t) => t.slug)).toEqual(['black-friday', 'flash-sale', 'summer-deal']);
    const res = await fetch(`${base}/api/render/flash-sale/square.png?code=SAVE20`);
    expect(res.status).toBe(200);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1080, 1080]);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 90_000);

  it('runs on S3-compatible storage and PostgreSQL, and templates:import rebuilds a lost database from the bucket', async () => {
    const s3Dir = mkdtempSync(join(tmpdir(), 'ps-main-s3-'));
    dirs.push(s3Dir);
    const s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: 'promo-templates', configs: [] }],
    });
    const { port: s3Port } = await s3.run();
    // Real PostgreSQL when the test server is configured, embedded PGlite otherwise: the same code path either way.
    const usePostgres = Boolean(process.env.TEST_DATABASE_URL);
    const databases = usePostgres ? [await createTestDatabase('postgres'), await createTestDatabase('postgres')] : [];
    const databaseEnv = (i: number): Record<string, string> => {
      if (!usePostgres) return { DATA_DIR: mkdtempSync(join(tmpdir(), `ps-main-db${i}-`)) };
      return { DATABASE_URL: databases[i]!.url! };
    };
    const storageEnv = {
      SPACES_BUCKET: 'promo-templates',
      SPACES_ACCESS_KEY: 'S3RVER',
      SPACES_SECRET_KEY: 'S3RVER',
      SPACES_REGION: 'us-east-1',
      SPACES_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      SPACES_FORCE_PATH_STYLE: 'true',
    };
    try {
      const port = await freePort();
      const run = startMain({ ...databaseEnv(0), ...storageEnv, PORT: String(port), HOST: '127.0.0.1' });
      await waitForServing(run);
      const { templates } = (await (await fetch(`http://127.0.0.1:${port}/api/templates`)).json()) as {
        templates: { square: { imageUrl: string } }[];
      };
      expect(templates[0]?.square.imageUrl).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:${s3Port}/promo-templates/templates/`),
      );
      const fromBucket = await fetch(templates[0]!.square.imageUrl);
      expect(fromBucket.status).toBe(200);
      const render = await fetch(`http://127.0.0.1:${port}/api/render/summer-deal/square.jpg?code=SUN`);
      expect((await sharp(Buffer.from(await render.arrayBuffer())).metadata()).format).toBe('jpeg');
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);

      const imported = await promisify(execFile)(process.execPath, [MAIN_ENTRY, 'templates:import'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...databaseEnv(1), ...storageEnv },
      });
      expect(imported.stdout).toContain('Imported 3 template(s)');
      expect(imported.stdout).toContain('black-friday, flash-sale, summer-deal');
    } finally {
      await Promise.all(databases.map((db) => db.close()));
      await s3.close();
    }
  }, 90_000);

  it('runs the bot in webhook mode: sets the webhook and menu at start, instances on one database act as one bot, and the worker fills the inline cache', async () => {
    const telegram = await startFakeTelegram();
    const funderpro = await startFakeFunderPro();
    funderpro.set('SAVE20', 'valid');
    const dataDir = mkdtempSync(join(tmpdir(), 'ps-main-bot-'));
    dirs.push(dataDir);
    // Two processes need a shared database server; on PGlite (one process per data folder) one process does both parts.
    const usePostgres = Boolean(process.env.TEST_DATABASE_URL);
    const database = usePostgres ? await createTestDatabase('postgres') : null;
    const [portA, portB] = [await freePort(), await freePort()];
    const env = (port: number) => ({
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url! } : {}),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${portA}`,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'process-test-secret-123456',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      FUNDERPRO_PRODUCT_ID: funderpro.productId,
      FUNDERPRO_API_BASE: funderpro.url,
      TELEGRAM_CACHE_CHAT_ID: String(CACHE_CHAT),
    });
    const runs = [startMain(env(portA))];
    try {
      await waitForServing(runs[0]!);
      if (usePostgres) {
        runs.push(startMain(env(portB)));
        await waitForServing(runs[1]!);
      }
      const [setWebhook] = telegram.delivered('setWebhook');
      expect(setWebhook?.params).toMatchObject({
        url: `http://127.0.0.1:${portA}/api/telegram-webhook`,
        secret_token: 'process-test-secret-123456',
        allowed_updates: [
          'message',
          'channel_post',
          'callback_query',
          'my_chat_member',
          'inline_query',
          'chosen_inline_result',
        ],
      });
      const [menu] = telegram.delivered('setMyCommands');
      expect((menu!.params.commands as { command: string }[]).map((c) => c.command)).toEqual([
        'start',
        'generate',
        'help',
        'cancel',
      ]);

      const post = (port: number, update: object, secret = 'process-test-secret-123456') =>
        fetch(`http://127.0.0.1:${port}/api/telegram-webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
          body: JSON.stringify(update),
        });
      expect((await post(portA, privateMessage(701, '/start'), 'wrong-secret-000000000')).status).toBe(401);
      expect((await post(portA, privateMessage(701, '/start'))).status).toBe(200);
      expect((await post(portA, privateMessage(701, 'save20'))).status).toBe(200);
      await telegram.waitFor((calls) => calls.some((c) => c.params.text === 'SAVE20 is active. Choose a template:'));
      const menuMessage = telegram.delivered('sendMessage').find((c) => c.params.reply_markup)!;
      const button = (menuMessage.params.reply_markup as { inline_keyboard: { callback_data: string }[][] })
        .inline_keyboard[0]![0]!;
      const other = usePostgres ? portB : portA;
      expect((await post(other, buttonTap({ userId: 701, data: button.callback_data }))).status).toBe(200);
      await telegram.waitFor((calls) => calls.some((c) => c.method === 'sendPhoto' && c.status === 200), 30_000);
      const [photo] = telegram.delivered('sendPhoto');
      expect(photo!.params.caption).toBe('Black Friday · SAVE20');
      expect((await sharp(photo!.upload!.bytes).metadata()).format).toBe('jpeg');

      // A chosen inline photo (sent by URL) is uploaded to the cache chat once by a worker, then deleted there.
      const flash = `s.${templateRef('flash-sale')}`;
      expect((await post(other, chosenInlineResult(701, flash, 'SAVE20'))).status).toBe(200);
      const cacheChat = (method: string) => (c: FakeCall) =>
        c.method === method && c.status === 200 && Number(c.params.chat_id) === CACHE_CHAT;
      await telegram.waitFor((calls) => calls.some(cacheChat('deleteMessage')), 30_000);
      const [upload] = telegram.calls.filter(cacheChat('sendPhoto'));
      expect((await post(portA, inlineQuery(701, 'SAVE20 flash'))).status).toBe(200);
      await telegram.waitFor((calls) => calls.some((c) => c.method === 'answerInlineQuery'));
      const [answer] = telegram.delivered('answerInlineQuery');
      expect((answer!.params.results as { photo_file_id?: string }[])[0]?.photo_file_id).toBe(upload!.fileId);
      expect(telegram.calls.filter(cacheChat('sendPhoto'))).toHaveLength(1);

      for (const run of runs) run.child.kill('SIGTERM');
      const codes = await Promise.all(runs.map((run) => run.exited));
      expect(codes, runs.map((run) => run.output().slice(-3000)).join('\n----\n')).toEqual(runs.map(() => 0));
    } finally {
      for (const run of runs) run.child.kill('SIGKILL');
      await database?.close();
      await telegram.close();
      await funderpro.close();
    }
  }, 90_000);
});
