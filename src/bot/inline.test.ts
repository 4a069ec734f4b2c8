import sharp from 'sharp';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/db/db.test-utils.js';
import type { FakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import type { TestApp } from '../http/http.test-utils.js';
import { INLINE_CACHE_SECONDS } from '../modules/telegram/inline.models.js';
import { templateRef } from '../modules/templates/template-lookup.models.js';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate, setTelegramEnabled } from '../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import {
  channelPost,
  chosenInlineResult,
  createBotTestApp,
  createTestValidator,
  deliver,
  inlineQuery,
  PUBLIC_URL,
  TEST_BOX,
  useBotSuite,
} from './bot.test-utils.js';

const LIMIT = 5;

describeEachDatabase('Telegram inline mode', (databaseKind) => {
  const suite = useBotSuite(databaseKind, { inlineQueriesPerMinute: LIMIT });
  let telegram: FakeTelegram;
  let t: TestApp;
  let nextUser = 5000;
  let user: number;
  beforeEach(() => {
    ({ telegram, t } = suite);
    user = nextUser++;
  });

  const answers = () => telegram.delivered('answerInlineQuery').map((call) => call.params);
  const lastAnswer = () => {
    const all = answers();
    expect(all.length).toBeGreaterThan(0);
    return all.at(-1) as {
      results: Record<string, unknown>[];
      next_offset?: string;
      cache_time: number;
      button?: { text: string; start_parameter: string };
    };
  };
  const usage = () => t.database.db.select().from(usageEventsTable);
  const flash = templateRef('flash-sale');
  const summer = templateRef('summer-deal');

  it('answers one photo per Telegram-enabled template and variant, square first, titled and captioned', async () => {
    await deliver(t, inlineQuery(user, 'save20'));
    const answer = lastAnswer();
    expect(answer.results.map((r) => [r.id, r.title, r.caption])).toEqual([
      [`s.${flash}`, 'Flash Sale', 'Flash Sale · SAVE20'],
      [`p.${flash}`, 'Flash Sale (portrait)', 'Flash Sale · SAVE20'],
      [`s.${summer}`, 'Summer Deal', 'Summer Deal · SAVE20'],
    ]);
    expect(answer.results[0]).toMatchObject({
      type: 'photo',
      photo_url: expect.stringMatching(
        /^https:\/\/promo\.example\.test\/api\/render\/flash-sale\/square\.jpg\?code=SAVE20&sig=[\w-]+$/,
      ),
      thumbnail_url: expect.stringMatching(
        /\/api\/render\/flash-sale\/square\.jpg\?code=SAVE20&sig=[\w-]+&size=thumb$/,
      ),
      photo_width: 800,
      photo_height: 600,
    });
    expect(answer.results[1]).toMatchObject({
      photo_url: expect.stringContaining('/api/render/flash-sale/story.jpg?'),
    });
    expect(answer.button).toBeUndefined();
    // A template switched off in the admin leaves everyone's cached answers within a minute.
    expect(answer.cache_time).toBe(INLINE_CACHE_SECONDS);
    expect(answer.cache_time).toBeLessThanOrEqual(60);
    // A valid query is not an image yet: nothing is recorded until a result is sent.
    expect(await usage()).toEqual([]);
  });

  it('narrows the results to the templates whose name matches the words after the code', async () => {
    await deliver(t, inlineQuery(user, 'SAVE20 summer'));
    expect(lastAnswer().results.map((r) => r.id)).toEqual([`s.${summer}`]);
  });

  it('sends a photo Telegram already has by its file_id, with no URL', async () => {
    await deliver(t, channelPost('/flash-sale/SAVE20'));
    const [photo] = telegram.delivered('sendPhoto');
    await deliver(t, inlineQuery(user, 'SAVE20'));
    const [cached, portrait] = lastAnswer().results;
    expect(cached).toEqual({
      type: 'photo',
      id: `s.${flash}`,
      title: 'Flash Sale',
      caption: 'Flash Sale · SAVE20',
      photo_file_id: photo!.fileId,
    });
    expect(portrait).toHaveProperty('photo_url');
  });

  it('serves the signed photo and a 320 px thumbnail to Telegram, as JPEG, without an API usage row', async () => {
    await deliver(t, inlineQuery(user, 'SAVE20'));
    const [square] = lastAnswer().results as { photo_url: string; thumbnail_url: string }[];
    const get = (url: string) => t.app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length) });
    const photo = await get(square!.photo_url);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(photo.rawPayload).metadata()).toMatchObject({ width: 800, height: 600, format: 'jpeg' });
    const thumb = await get(square!.thumbnail_url);
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ width: 320, height: 240, format: 'jpeg' });
    expect(thumb.headers.etag).not.toBe(photo.headers.etag);
    expect(await usage()).toEqual([]);
    // A link the bot did not sign, or one for another code, is refused.
    expect((await get(square!.photo_url.replace('SAVE20', 'WELCOME10'))).statusCode).toBe(403);
    expect((await get(square!.photo_url.replace(/sig=[\w-]+/, 'sig=forged'))).statusCode).toBe(403);
    expect((await get(`${PUBLIC_URL}/api/render/flash-sale/square.jpg?code=SAVE20&size=thumb`)).statusCode).toBe(403);
  });

  it('answers an invalid code with no results and a button that opens the private chat on that code', async () => {
    await deliver(t, inlineQuery(user, 'nope99'));
    const answer = lastAnswer();
    expect(answer.results).toEqual([]);
    expect(answer.button).toEqual({ text: 'NOPE99 is not active · tap to see why', start_parameter: 'NOPE99' });
    expect(await usage()).toMatchObject([
      {
        source: 'telegram',
        action: 'inline',
        code: 'NOPE99',
        outcome: 'invalid',
        userId: user,
        chatType: 'supergroup',
      },
    ]);
  });

  it('says it cannot check codes during an outage, without caching that answer', async () => {
    await deliver(t, inlineQuery(user, 'DOWN'));
    const answer = lastAnswer();
    expect(answer.results).toEqual([]);
    expect(answer.button).toMatchObject({ start_parameter: 'DOWN' });
    expect(answer.button!.text).toMatch(/can't check/i);
    expect(answer.cache_time).toBe(0);
    expect(await usage()).toMatchObject([{ action: 'inline', outcome: 'unavailable' }]);
  });

  it('shows a hint for an empty query, and asks FunderPro nothing', async () => {
    await deliver(t, inlineQuery(user, '   '));
    expect(lastAnswer()).toMatchObject({ results: [], button: { text: 'Type your coupon code, e.g. SAVE20' } });
    expect(suite.funderpro.requests).toEqual([]);
    expect(await usage()).toEqual([]);
  });

  it('leaves out a template switched off for Telegram', async () => {
    await setTelegramEnabled(t.services.templates, { slug: 'summer-deal', enabled: false });
    try {
      await deliver(t, inlineQuery(user, 'SAVE20'));
      expect(lastAnswer().results.map((r) => r.id)).toEqual([`s.${flash}`, `p.${flash}`]);
    } finally {
      await setTelegramEnabled(t.services.templates, { slug: 'summer-deal', enabled: true });
    }
  });

  it('records the result the user sent, with its template and variant', async () => {
    await deliver(t, chosenInlineResult(user, `p.${flash}`, 'save20 flash'));
    expect(await usage()).toMatchObject([
      {
        source: 'telegram',
        action: 'inline',
        templateSlug: 'flash-sale',
        variant: 'story',
        code: 'SAVE20',
        outcome: 'success',
        userId: user,
      },
    ]);
  });

  it('without a cache chat, uploads nothing for a chosen URL result, which stays a URL result', async () => {
    await deliver(t, chosenInlineResult(user, `s.${flash}`, 'SAVE20'));
    expect(await usage()).toMatchObject([{ action: 'inline', variant: 'square', outcome: 'success' }]);
    await deliver(t, inlineQuery(user, 'SAVE20'));
    expect(lastAnswer().results.every((result) => 'photo_url' in result)).toBe(true);
    expect(telegram.calls.map((call) => call.method)).toEqual(['answerInlineQuery']);
  });

  it('refuses a garbled inline update before the bot reads it', async () => {
    const update = inlineQuery(user, 'SAVE20');
    const [answer] = await deliver(t, { ...update, inline_query: { ...update.inline_query, query: 42 } });
    expect(answer!.statusCode).toBe(200);
    expect(answers()).toEqual([]);
  });

  it('limits inline queries per user across processes', async () => {
    const other = await createBotTestApp({
      telegram,
      databaseKind,
      database: t.database,
      couponValidator: createTestValidator(suite.funderpro),
      inlineQueriesPerMinute: LIMIT,
    });
    try {
      for (let i = 0; i < LIMIT; i++) await deliver(i % 2 ? other : t, inlineQuery(user, 'SAVE20'));
      expect(answers().every((a) => (a.results as unknown[]).length === 3)).toBe(true);
      await deliver(other, inlineQuery(user, 'SAVE20'));
      expect(lastAnswer()).toMatchObject({
        results: [],
        cache_time: 0,
        button: { text: expect.stringMatching(/too many/i) },
      });
      // Someone else is not slowed down.
      await deliver(t, inlineQuery(user + 100_000, 'SAVE20'));
      expect(lastAnswer().results).toHaveLength(3);
    } finally {
      await other.close();
    }
  });

  // Last: it adds templates to the suite's catalogue.
  it('pages more than 50 results with next_offset', async () => {
    for (let i = 0; i < 24; i++) {
      const box = TEST_BOX;
      await createTemplate(t.services.templates, {
        name: `Bulk ${String(i).padStart(2, '0')}`,
        variants: {
          square: { image: await testPng({ width: 200, height: 200 }), settings: { box } },
          story: { image: await testPng({ width: 200, height: 360 }), settings: { box } },
        },
      });
    }
    // 24 × 2 + Flash Sale's 2 + Summer Deal's 1 = 51 results.
    await deliver(t, inlineQuery(user, 'SAVE20'));
    const first = lastAnswer();
    expect(first.results).toHaveLength(50);
    expect(first.next_offset).toBe('50');
    await deliver(t, inlineQuery(user, 'SAVE20', { offset: '50' }));
    const second = lastAnswer();
    expect(second.results).toHaveLength(1);
    expect(second.next_offset).toBe('');
    const ids = [...first.results, ...second.results].map((r) => r.id);
    expect(new Set(ids).size).toBe(51);
  });
});
