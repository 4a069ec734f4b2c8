import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_KINDS } from '../../adapters/db/db.test-utils.js';
import { type FakeTelegram, startFakeTelegram } from '../../adapters/telegram/telegram.fake-server.js';
import { addBotUsers, broadcastGatewayFor } from '../../modules/broadcasts/broadcasts.test-utils.js';
import { testPng } from '../../modules/templates/templates.test-utils.js';
import { createTemplate } from '../../modules/templates/templates.usecases.js';
import { adminCookie, createTestApp, TEST_ADMIN, type TestApp } from '../http.test-utils.js';

const ORIGIN = 'http://localhost:3000';

describe.each(TEST_DATABASE_KINDS)('broadcast API [%s]', (databaseKind) => {
  let t: TestApp;
  let off: TestApp;
  let telegram: FakeTelegram;
  let cookie = '';
  let wakes = 0;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    t = await createTestApp({
      databaseKind,
      broadcasts: { gateway: broadcastGatewayFor(telegram), wake: async () => void wakes++ },
    });
    off = await createTestApp({ databaseKind: 'pglite' });
    await addBotUsers(t.database, [101, 102, 103]);
    cookie = await adminCookie(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await off?.close();
    await telegram?.close();
  });
  beforeEach(() => {
    telegram.calls.length = 0;
  });

  const post = (url: string, payload: object, app = t) =>
    app.app.inject({ method: 'POST', url, payload, headers: { origin: ORIGIN }, cookies: { ps_admin: cookie } });
  const get = (url: string) => t.app.inject({ method: 'GET', url, cookies: { ps_admin: cookie } });
  async function uploadImage(body: Buffer, field = 'image') {
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(body)]), 'photo.png');
    const encoded = new Response(form);
    return t.app.inject({
      method: 'POST',
      url: '/api/broadcast/image',
      payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin: ORIGIN },
      cookies: { ps_admin: cookie },
    });
  }

  it('is for admins only, and refuses a cross-site send', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/broadcast-jobs' });
    expect(anonymous.statusCode).toBe(401);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/broadcast',
      payload: { message: 'Hi', days: 0 },
      headers: { origin: 'https://evil.example' },
      cookies: { ps_admin: cookie },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(telegram.calls).toHaveLength(0);
  });

  it('previews the message as Telegram will show it, with the limit for a caption', async () => {
    const res = await post('/api/broadcast/preview', { message: '**Hi** <b>', image: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      segments: [{ text: 'Hi', bold: true }, { text: ' <b>' }],
      html: '<b>Hi</b> &lt;b&gt;',
      length: 6,
      limit: 1024,
      fits: true,
    });
  });

  it('counts the recipients of each audience, and names a bad choice', async () => {
    expect((await get('/api/broadcast-audience?days=30')).json()).toEqual({ days: 30, recipients: 3 });
    const bad = await get('/api/broadcast-audience?days=5');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('days');
  });

  it('creates a broadcast with a delivery per recipient, wakes the worker, and reports the pinned job shape', async () => {
    const before = wakes;
    const res = await post('/api/broadcast', { message: 'Hello', days: 0 });
    expect(res.statusCode).toBe(200);
    const { job_id, total_users } = res.json();
    expect(total_users).toBe(3);
    expect(wakes).toBe(before + 1);
    const status = await get(`/api/broadcast-status/${job_id}`);
    expect(Object.keys(status.json().job).sort()).toEqual(
      [
        'id',
        'status',
        'message',
        'days',
        'image',
        'total',
        'sent',
        'blocked',
        'failed',
        'remaining',
        'rate_per_sec',
        'eta_seconds',
        'error',
        'created_at',
        'started_at',
        'finished_at',
      ].sort(),
    );
    expect(status.json().job).toMatchObject({ id: job_id, status: 'queued', total: 3, remaining: 3, sent: 0 });
    const list = (await get('/api/broadcast-jobs')).json();
    expect(list).toMatchObject({ active_users: 3, page: 1, total: expect.any(Number) });
    expect(list.jobs[0].id).toBe(job_id);

    const cancelled = await post(`/api/broadcast/${job_id}/cancel`, {});
    expect(cancelled.json().job.status).toBe('cancelled');
    const again = await post(`/api/broadcast/${job_id}/cancel`, {});
    expect(again.statusCode).toBe(409);
    expect((await get('/api/broadcast-status/999999')).statusCode).toBe(404);
  });

  it('takes days as a number only, and refuses an empty or over-long message naming it', async () => {
    expect((await post('/api/broadcast', { message: 'Hi', days: '30' })).statusCode).toBe(400);
    const empty = await post('/api/broadcast', { message: '   ', days: 0 });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'broadcast.invalid', field: 'message' });
    const long = await post('/api/broadcast', { message: 'x'.repeat(4097), days: 0 });
    expect(long.json().error).toMatchObject({ code: 'broadcast.too_long', field: 'message' });
  });

  it('sends a test to one chat at once, and reports what Telegram said when it refuses', async () => {
    const ok = await post('/api/broadcast/test', { message: '*Test*', chat_id: 555 });
    expect(ok.json()).toEqual({ ok: true });
    expect(telegram.delivered('sendMessage')[0]!.params).toMatchObject({ chat_id: 555, text: '<i>Test</i>' });
    telegram.failFor(666, { status: 403 });
    const refused = await post('/api/broadcast/test', { message: 'Hi', chat_id: 666 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('bot was blocked by the user');
  });

  it("sends a template's artwork or an uploaded image as a photo", async () => {
    await createTemplate(t.services.templates, {
      name: 'Flash Sale',
      slug: 'flash-sale',
      variants: { square: { image: await testPng() } },
    });
    const withArtwork = await post('/api/broadcast/test', {
      message: 'New template',
      chat_id: 555,
      image: { template: 'flash-sale' },
    });
    expect(withArtwork.statusCode).toBe(200);
    const uploaded = await uploadImage(await testPng({ width: 640, height: 480 }));
    expect(uploaded.statusCode).toBe(200);
    const { key, width } = uploaded.json().image;
    expect(width).toBe(640);
    const withUpload = await post('/api/broadcast', { message: 'Look', days: 0, image: { upload: key } });
    expect(withUpload.statusCode).toBe(200);
    const photos = telegram.delivered('sendPhoto');
    expect(photos[0]!.params).toMatchObject({ caption: 'New template', parse_mode: 'HTML' });
    expect(photos[0]!.upload).not.toBeNull();
  });

  it('refuses an upload that is not an image, and an image key it did not issue', async () => {
    const notImage = await uploadImage(Buffer.from('GIF89a not really'));
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().error).toMatchObject({ code: 'image.unsupported_type', field: 'image' });
    const wrongField = await uploadImage(await testPng(), 'other');
    expect(wrongField.statusCode).toBe(400);
    const forged = await post('/api/broadcast', { message: 'x', days: 0, image: { upload: '../../etc/passwd' } });
    expect(forged.json().error).toMatchObject({ code: 'broadcast.image_missing', field: 'image' });
  });

  it('says the bot is off when no token is configured', async () => {
    const login = await off.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { password: TEST_ADMIN.adminPassword },
      headers: { origin: ORIGIN },
    });
    const offCookie = login.cookies.find((c) => c.name === 'ps_admin')!.value;
    const res = await off.app.inject({
      method: 'POST',
      url: '/api/broadcast',
      payload: { message: 'Hi', days: 0 },
      headers: { origin: ORIGIN },
      cookies: { ps_admin: offCookie },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('broadcast.bot_off');
  });
});
