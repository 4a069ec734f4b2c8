import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_KINDS } from '../../adapters/db/db.test-utils.js';
import { INDEX_KEY } from '../../modules/templates/templates.models.js';
import { testPng } from '../../modules/templates/templates.test-utils.js';
import { createTestApp, TEST_ADMIN, type TestApp } from '../http.test-utils.js';

const ORIGIN = 'http://localhost:3000';

describe.each(TEST_DATABASE_KINDS)('admin API [%s]', (databaseKind) => {
  let t: TestApp;
  let clock = new Date('2026-11-25T12:00:00Z');
  let ip = 0;
  beforeAll(async () => {
    t = await createTestApp({ databaseKind, now: () => clock });
  });
  afterAll(() => t.close());

  const nextIp = () => `10.7.0.${++ip}`;
  const login = (password: string, remoteAddress = nextIp(), origin = ORIGIN) =>
    t.app.inject({ method: 'POST', url: '/api/login', payload: { password }, headers: { origin }, remoteAddress });
  async function session(): Promise<string> {
    const res = await login(TEST_ADMIN.adminPassword);
    expect(res.statusCode).toBe(200);
    return res.cookies.find((c) => c.name === 'ps_admin')!.value;
  }
  const checkAuth = (cookie?: string) =>
    t.app.inject({ method: 'GET', url: '/api/check-auth', cookies: cookie ? { ps_admin: cookie } : {} });
  async function upload(
    cookie: string,
    fields: Record<string, string>,
    files: Record<string, Buffer> = {},
    origin = ORIGIN,
  ) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const [name, body] of Object.entries(files))
      form.append(name, new Blob([new Uint8Array(body)]), `${name}.png`);
    const encoded = new Response(form);
    return t.app.inject({
      method: 'POST',
      url: '/api/upload-template',
      payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin },
      cookies: { ps_admin: cookie },
    });
  }
  const postJson = (url: string, payload: object, cookie: string, origin = ORIGIN) =>
    t.app.inject({ method: 'POST', url, payload, headers: { origin }, cookies: { ps_admin: cookie } });

  describe('login and sessions', () => {
    it('logs in with the password and sets a 12 h HttpOnly, SameSite=Strict cookie', async () => {
      const res = await login(TEST_ADMIN.adminPassword);
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'ps_admin')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', maxAge: 43_200, path: '/' });
      expect(cookie.secure).toBeFalsy();
      expect(cookie.value).not.toContain(TEST_ADMIN.adminPassword);
      expect((await checkAuth(cookie.value)).statusCode).toBe(200);
    });

    it('refuses a wrong password with 401', async () => {
      const res = await login('wrong');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.wrong_password');
    });

    it('refuses no cookie, a forged cookie, an expired cookie and one signed with the password', async () => {
      expect((await checkAuth()).statusCode).toBe(401);
      const good = await session();
      const [payload, signature] = good.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, expiresAt: claims.expiresAt + 1e9 })).toString(
        'base64url',
      );
      expect((await checkAuth(`${forgedPayload}.${signature}`)).statusCode).toBe(401);
      const signedWithPassword = `${payload}.${createHmac('sha256', TEST_ADMIN.adminPassword).update(payload).digest('base64url')}`;
      expect((await checkAuth(signedWithPassword)).statusCode).toBe(401);
      expect((await checkAuth('garbage')).statusCode).toBe(401);
      clock = new Date(clock.getTime() + 12 * 3600_000 + 1000);
      expect((await checkAuth(good)).statusCode).toBe(401);
    });

    it('answers 429 from the 6th failure per IP for 15 minutes, even to the right password', async () => {
      const address = '10.99.0.1';
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await login('nope', address)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      expect((await login('nope', address)).statusCode).toBe(429);
      const limited = await login(TEST_ADMIN.adminPassword, address);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('900');
      expect((await login(TEST_ADMIN.adminPassword, '10.99.0.2')).statusCode).toBe(200);
      clock = new Date(clock.getTime() + 15 * 60_000 + 1000);
      expect((await login(TEST_ADMIN.adminPassword, address)).statusCode).toBe(200);
    });

    it('logs out: the same cookie stops working on the server too, other sessions go on', async () => {
      const mine = await session();
      const other = await session();
      const res = await postJson('/api/logout', {}, mine);
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'ps_admin')?.value).toBe('');
      // A copy of the cookie kept by someone (or another tab) is refused by every process: it is revoked in the DB.
      expect((await checkAuth(mine)).statusCode).toBe(401);
      expect((await checkAuth(other)).statusCode).toBe(200);
    });

    it('logs out everywhere: existing cookies stop working', async () => {
      const first = await session();
      const second = await session();
      expect((await postJson('/api/logout-everywhere', {}, first)).statusCode).toBe(200);
      expect((await checkAuth(first)).statusCode).toBe(401);
      expect((await checkAuth(second)).statusCode).toBe(401);
      expect((await checkAuth(await session())).statusCode).toBe(200);
    });

    it('refuses a cross-origin or origin-less state change even with a valid cookie', async () => {
      const cookie = await session();
      expect(
        (await postJson('/api/toggle-telegram-template', { slug: 'x', enabled: false }, cookie, 'https://evil.example'))
          .statusCode,
      ).toBe(403);
      const noOrigin = await t.app.inject({
        method: 'POST',
        url: '/api/delete-template',
        payload: { slug: 'x' },
        cookies: { ps_admin: cookie },
      });
      expect(noOrigin.statusCode).toBe(403);
      expect((await login(TEST_ADMIN.adminPassword, nextIp(), 'https://evil.example')).statusCode).toBe(403);
    });

    it('refuses every admin route without a session', async () => {
      for (const [method, url] of [
        ['POST', '/api/upload-template'],
        ['POST', '/api/delete-template'],
        ['POST', '/api/toggle-telegram-template'],
        ['GET', '/api/admin/settings'],
        ['POST', '/api/logout-everywhere'],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: { origin: ORIGIN } });
        expect(res.statusCode, url).toBe(401);
        expect(res.json().error.code).toBe('auth.required');
      }
    });
  });

  describe('templates', () => {
    let cookie = '';
    beforeAll(async () => {
      cookie = await session();
    });

    const squareFields = {
      squareLeftPct: '10',
      squareTopPct: '70',
      squareWidthPct: '80',
      squareHeightPct: '15',
      squareHAlign: 'center',
      squareVAlign: 'middle',
      squareMaxFontPx: '90',
      squareFontColor: '#ffcc00',
      squareShowLogo: 'false',
    };

    it('creates a template from the original form fields', async () => {
      const res = await upload(
        cookie,
        {
          name: 'Admin Made',
          isEditing: 'false',
          ...squareFields,
          squareOutline: 'on',
          squareOutlineColor: '#000000',
          squareOutlineWidthPct: '6',
        },
        { squareImage: await testPng() },
      );
      expect(res.statusCode).toBe(201);
      expect(res.json().template).toMatchObject({
        slug: 'admin-made',
        square: {
          box: { leftPct: 10, topPct: 70, widthPct: 80, heightPct: 15 },
          vAlign: 'middle',
          maxFontPx: 90,
          fontColor: '#FFCC00',
          showLogo: false,
          outline: { color: '#000000', widthPct: 6 },
        },
      });
      expect((await t.app.inject('/api/render/admin-made/square.png?code=HELLO')).statusCode).toBe(200);
    });

    it('answers 409 to an existing slug and to a stale edit; one of two simultaneous edits wins', async () => {
      await upload(cookie, { name: 'Twice' }, { squareImage: await testPng() });
      expect((await upload(cookie, { name: 'Twice' }, { squareImage: await testPng() })).statusCode).toBe(409);
      const stale = await upload(cookie, { name: 'Twice 2', slug: 'twice', isEditing: 'true', expectedVersion: '7' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.currentVersion).toBe(1);
      const edits = await Promise.all(
        ['A', 'B'].map((n) =>
          upload(cookie, { name: `Twice ${n}`, slug: 'twice', isEditing: 'true', expectedVersion: '1' }),
        ),
      );
      expect(edits.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    });

    it.each([
      ['../x', 'slug'],
      ['A B', 'slug'],
      ['a'.repeat(200), 'slug'],
    ])('answers 400 naming the field for slug %j', async (slug, field) => {
      const res = await upload(cookie, { name: 'Bad', slug }, { squareImage: await testPng() });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty(field);
    });

    it('answers 400 naming the field for a box outside the image, a zero width and a non-image file', async () => {
      const outside = await upload(
        cookie,
        { name: 'Outside', ...squareFields, squareLeftPct: '50', squareWidthPct: '60' },
        { squareImage: await testPng() },
      );
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.fields).toHaveProperty('squareWidthPct');
      const zero = await upload(
        cookie,
        { name: 'Zero', ...squareFields, squareWidthPct: '0' },
        { squareImage: await testPng() },
      );
      expect(zero.json().error.fields).toHaveProperty('squareWidthPct');
      const text = await upload(cookie, { name: 'Text' }, { squareImage: Buffer.from('not an image at all') });
      expect(text.statusCode).toBe(400);
      expect(text.json().error.message).toMatch(/^squareImage:/);
    });

    it('toggles Telegram visibility in the database and the published catalogue', async () => {
      await upload(cookie, { name: 'Toggle Me' }, { squareImage: await testPng() });
      const res = await postJson('/api/toggle-telegram-template', { slug: 'toggle-me', enabled: false }, cookie);
      expect(res.statusCode).toBe(200);
      expect((await t.app.inject('/api/templates/toggle-me')).json().template.telegramEnabled).toBe(false);
      const index = JSON.parse((await t.storage.get(INDEX_KEY))!.body.toString());
      expect(index.templates.find((x: { slug: string }) => x.slug === 'toggle-me').telegramEnabled).toBe(false);
    });

    it('deletes two templates in one request', async () => {
      await upload(cookie, { name: 'Del One' }, { squareImage: await testPng() });
      await upload(cookie, { name: 'Del Two' }, { storyImage: await testPng({ width: 540, height: 960 }) });
      const res = await postJson('/api/delete-template', { slugs: ['del-one', 'del-two'] }, cookie);
      expect(res.statusCode).toBe(200);
      expect(res.json().deleted.sort()).toEqual(['del-one', 'del-two']);
      expect((await t.app.inject('/api/templates/del-one')).statusCode).toBe(404);
      expect((await postJson('/api/delete-template', { slug: 'del-one' }, cookie)).statusCode).toBe(404);
    });

    it('shows the settings without any secret', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/admin/settings', cookies: { ps_admin: cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        database: { kind: databaseKind === 'pglite' ? 'pglite' : 'postgres' },
        storage: { kind: 'memory' },
        bot: { mode: 'off' },
        validation: { enabled: false },
      });
      expect(res.body).not.toContain(TEST_ADMIN.adminPassword);
      expect(res.body).not.toContain(TEST_ADMIN.sessionSecret);
    });
  });
});
