import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate } from '../modules/templates/templates.usecases.js';
import { buildHttpApp } from './app.js';
import { adminCookie, createTestApp, TEST_ADMIN, type TestApp } from './http.test-utils.js';

const ORIGIN = 'http://localhost:3000';

/** Every JSON front door, public and admin (login, logout and the webhook are fuzzed apart: they change sessions). */
const JSON_POSTS = [
  '/api/validate-coupon',
  '/api/validate-coupons',
  '/api/usage',
  '/api/usage/batch',
  '/api/delete-template',
  '/api/toggle-telegram-template',
  '/api/broadcast',
  '/api/broadcast/preview',
  '/api/broadcast/test',
  '/api/broadcast/1/cancel',
  '/api/campaigns',
  '/api/campaigns/1/submit',
];
const GETS = [
  '/api/templates',
  '/api/templates/flash-sale',
  '/api/render/flash-sale/square.jpg',
  '/api/campaigns',
  '/api/campaigns/1',
  '/api/admin/campaigns',
  '/api/admin/settings',
  '/api/broadcast-audience',
  '/api/broadcast-jobs',
  '/api/broadcast-status/1',
  '/api/broadcast-status/1/problems',
  '/api/campaigns/1/submissions',
  '/api/campaigns/1/submissions.csv',
  '/api/check-auth',
  '/api/bot-stats',
  '/api/bot-stats/coupons',
  '/api/bot-stats/active-users',
  '/api/bot-stats/coupons.csv',
  '/api/bot-stats/usage.csv',
  '/healthz',
  '/readyz',
];
const MULTIPART_POSTS = ['/api/upload-template', '/api/upload-overlay', '/api/broadcast/image'];

/** What an answer must never show: a stack, a file path, an internal error name or SQL. */
const LEAK =
  /\bat \S+ \(|\/work\/|node_modules|\.ts:\d|TypeError|ReferenceError|RangeError|SyntaxError|\bSELECT\b|\bINSERT\b|relation "|drizzle|node:internal/i;

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', '../../etc/passwd', "'; DROP TABLE templates; --", '%00', '{{7*7}}', 'A'.repeat(5000)),
);
const fieldNames = fc.constantFrom(
  'coupon_code',
  'code',
  'slug',
  'slugs',
  'enabled',
  'variant',
  'variants',
  'action',
  'message',
  'days',
  'chat_id',
  'image',
  'title',
  'description',
  'start_date',
  'end_date',
  'prize',
  'platforms',
  'overlay_url',
  'email',
  'urls',
  '__proto__',
  'constructor',
);
const body = fc.oneof(fc.dictionary(fieldNames, fc.oneof(jsonValue, hostileString), { maxKeys: 6 }), jsonValue);

describe('hostile input at every endpoint (SPEC §13)', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp({
      http: { rateLimits: { validatePerMinute: 1e6, renderPerMinute: 1e6, submitPerMinute: 1e6, batchPerMinute: 1e6 } },
    });
    await createTemplate(t.services.templates, {
      name: 'Flash Sale',
      variants: { square: { image: await testPng({ width: 200, height: 200 }) } },
    });
    cookie = await adminCookie(t.app);
  });
  afterAll(() => t.close());

  /** The state a refusal must leave untouched: catalogue, campaigns and broadcasts as the admin sees them. */
  const snapshot = async () => {
    const get = (url: string) => t.app.inject({ url, cookies: { ps_admin: cookie } }).then((r) => r.body);
    return [await get('/api/templates'), await get('/api/admin/campaigns'), await get('/api/broadcast-jobs')];
  };
  const expectSafe = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(res.body).not.toMatch(LEAK);
  };

  it('answers random JSON bodies without a 5xx or a leak, and changes nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JSON_POSTS), body, fc.boolean(), async (url, payload, admin) => {
        const before = await snapshot();
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          payload: JSON.stringify(payload),
          cookies: admin ? { ps_admin: cookie } : {},
        });
        expectSafe(res);
        if (res.statusCode >= 400) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('answers malformed and huge raw bodies and odd content types with a 4xx', async () => {
    const raw = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.constant('{"a":'.repeat(2000)),
      fc.constant(`{"code":"${'x'.repeat(200_000)}"}`),
    );
    const type = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
      'image/png',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...JSON_POSTS, ...MULTIPART_POSTS),
        raw,
        type,
        async (url, payload, contentType) => {
          const before = await snapshot();
          const res = await t.app.inject({
            method: 'POST',
            url,
            headers: { 'content-type': contentType, origin: ORIGIN },
            payload,
            cookies: { ps_admin: cookie },
          });
          expectSafe(res);
          if (res.statusCode >= 400) expect(await snapshot()).toEqual(before);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('answers random queries, path segments and headers on every GET without a 5xx or a leak', async () => {
    const query = fc.dictionary(
      fc.constantFrom('code', 'days', 'page', 'status', 'source', 'template', 'x'),
      hostileString,
      { maxKeys: 4 },
    );
    const headers = fc.dictionary(
      fc.constantFrom(
        'accept',
        'accept-encoding',
        'if-none-match',
        'x-forwarded-for',
        'range',
        'authorization',
        'cookie',
      ),
      fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      { maxKeys: 3 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GETS), query, headers, fc.boolean(), async (path, q, h, admin) => {
        const url = `${path}?${new URLSearchParams(q).toString()}`;
        const res = await t.app.inject({ url, headers: h, cookies: admin ? { ps_admin: cookie } : {} });
        expectSafe(res);
      }),
      { numRuns: 120 },
    );
  });

  it('refuses truncated, corrupt, pixel-bomb and polyglot uploads with a 4xx and stores nothing', async () => {
    const png = await testPng({ width: 64, height: 64 });
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(100_000, 16); // IHDR width
    bomb.writeUInt32BE(100_000, 20); // IHDR height
    const polyglot = Buffer.concat([Buffer.from('GIF89a<script>alert(1)</script>'), png]);
    const header = png.subarray(0, 40);
    const mustRefuse = new Set<Buffer>([bomb, polyglot, header]);
    const images = fc.oneof(
      fc.constantFrom(bomb, polyglot, header),
      fc.integer({ min: 0, max: png.length - 1 }).map((n) => png.subarray(0, n)),
      fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.concat([png.subarray(0, 33), Buffer.from(b)])),
      fc.constantFrom(bomb, polyglot, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    );
    const fields = fc.dictionary(
      fc.constantFrom(
        'name',
        'slug',
        'isEditing',
        'squareLeftPct',
        'squareMaxFontPx',
        'squareFontColor',
        'expectedVersion',
      ),
      hostileString,
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MULTIPART_POSTS), images, fields, async (url, image, extra) => {
        const beforeKeys = (await t.storage.list('')).length;
        const before = await snapshot();
        const form = new FormData();
        form.append('name', 'Fuzzed');
        for (const [k, v] of Object.entries(extra)) form.append(k, v);
        const file =
          url === '/api/upload-template' ? 'squareImage' : url === '/api/upload-overlay' ? 'overlayImage' : 'image';
        form.append(file, new Blob([new Uint8Array(image)]), 'x.png');
        const encoded = new Response(form);
        const res = await t.app.inject({
          method: 'POST',
          url,
          payload: Buffer.from(await encoded.arrayBuffer()),
          headers: { 'content-type': encoded.headers.get('content-type')!, origin: ORIGIN },
          cookies: { ps_admin: cookie },
        });
        expectSafe(res);
        // A PNG cut only after its last pixel row still decodes whole (sharp reads it); anything else is refused.
        if (mustRefuse.has(image)) expect(res.statusCode).toBeGreaterThanOrEqual(400);
        if (res.statusCode >= 400) {
          expect((await t.storage.list('')).length).toBe(beforeKeys);
          expect(await snapshot()).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('security headers and the admin cookie', () => {
  it('marks the admin cookie Secure, HttpOnly and SameSite=Strict when PUBLIC_URL is https, and sends the security headers on refusals too', async () => {
    const t = await createTestApp();
    const app = await buildHttpApp({ ...t.deps, publicUrl: 'https://promo.example.test' });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { password: TEST_ADMIN.adminPassword },
        headers: { origin: 'https://promo.example.test' },
      });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.find((c) => c.name === 'ps_admin');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
      for (const res of [login, await app.inject('/api/templates/nope'), await app.inject('/api/admin/settings')]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['strict-transport-security']).toBeDefined();
      }
    } finally {
      await app.close();
      await t.close();
    }
  });
});
