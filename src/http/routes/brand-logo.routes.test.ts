import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_KINDS } from '../../adapters/db/db.test-utils.js';
import { testPng } from '../../modules/templates/templates.test-utils.js';
import { createTemplate } from '../../modules/templates/templates.usecases.js';
import { adminCookie, createTestApp, type TestApp } from '../http.test-utils.js';

const ORIGIN = 'http://localhost:3000';

/** The pixel at (x, y) of a rendered PNG. */
async function pixel(png: Buffer, x: number, y: number) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 3;
  return [data[at], data[at + 1], data[at + 2]];
}

describe.each(TEST_DATABASE_KINDS)('the default brand logo [%s]', (databaseKind) => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp({ databaseKind, http: { rateLimits: { validatePerMinute: 1000, renderPerMinute: 1000 } } });
    cookie = await adminCookie(t.app, ORIGIN);
    // 800×600: the logo circle is 72 px wide at (24, 24), so its centre is (60, 60).
    await createTemplate(t.services.templates, {
      name: 'With Logo',
      variants: { square: { image: await testPng({ width: 800, height: 600, color: '#336699' }) } },
    });
    await createTemplate(t.services.templates, {
      name: 'No Logo',
      variants: {
        square: { image: await testPng({ width: 800, height: 600, color: '#336699' }), settings: { showLogo: false } },
      },
    });
  });
  afterAll(() => t.close());

  async function upload(body: Buffer, { field = 'logo', origin = ORIGIN, signedIn = true } = {}) {
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(body)]), 'logo.png');
    const encoded = new Response(form);
    return t.app.inject({
      method: 'POST',
      url: '/api/brand-logo',
      payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin },
      cookies: signedIn ? { ps_admin: cookie } : {},
    });
  }
  const remove = () =>
    t.app.inject({
      method: 'DELETE',
      url: '/api/brand-logo',
      headers: { origin: ORIGIN },
      cookies: { ps_admin: cookie },
    });
  const catalogue = async () => (await t.app.inject('/api/templates')).json();
  const render = (slug: string) => t.app.inject(`/api/render/${slug}/square.png?code=SAVE20`);

  it('is for admins only, from the admin’s own origin', async () => {
    const logo = await testPng({ width: 200, height: 200, color: '#ff0000' });
    expect((await upload(logo, { signedIn: false })).statusCode).toBe(401);
    expect((await upload(logo, { origin: 'https://evil.example' })).statusCode).toBe(403);
    const anonymousDelete = await t.app.inject({
      method: 'DELETE',
      url: '/api/brand-logo',
      headers: { origin: ORIGIN },
    });
    expect(anonymousDelete.statusCode).toBe(401);
    expect((await catalogue()).brandLogo).toBeNull();
  });

  it('refuses what is not a logo image, naming the field', async () => {
    const text = await upload(Buffer.from('hello, not an image'));
    expect(text.statusCode).toBe(400);
    expect(text.json().error.message).toMatch(/^logo: not a PNG or JPEG or WebP image/);
    const wrongField = await upload(await testPng({ width: 100, height: 100 }), { field: 'image' });
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.message).toContain('logo');
    const huge = await upload(Buffer.alloc(6 * 1024 * 1024, 1));
    expect(huge.statusCode).toBe(413);
    expect((await catalogue()).brandLogo).toBeNull();
  });

  it('once set, is in the catalogue and drawn by the render API where the variant shows a logo; removed, it is gone', async () => {
    const before = await render('with-logo');
    expect(await pixel(before.rawPayload, 60, 60)).toEqual([0x33, 0x66, 0x99]);

    const set = await upload(await testPng({ width: 300, height: 200, color: '#ff0000' }));
    expect(set.statusCode).toBe(200);
    const { brandLogo } = set.json();
    expect(brandLogo).toMatchObject({ width: 300, height: 200 });
    expect(brandLogo.url).toMatch(/\/brand\/logo-[0-9a-f]{16}\.png$/);
    expect((await catalogue()).brandLogo).toEqual(brandLogo);
    const stored = (url: string) => t.storage.get(t.storage.keyForUrl(url)!);
    expect((await stored(brandLogo.url))?.contentType).toBe('image/png');

    const withLogo = await render('with-logo');
    expect(withLogo.statusCode).toBe(200);
    expect(await pixel(withLogo.rawPayload, 60, 60)).toEqual([255, 0, 0]);
    // Outside the circle the template shows, and a new logo is a new image for caches.
    expect(await pixel(withLogo.rawPayload, 200, 60)).toEqual([0x33, 0x66, 0x99]);
    expect(withLogo.headers.etag).not.toBe(before.headers.etag);
    // A variant that shows no logo never gets one.
    expect(await pixel((await render('no-logo')).rawPayload, 60, 60)).toEqual([0x33, 0x66, 0x99]);

    // Replaced: the new one is drawn and the old file is deleted.
    const replaced = await upload(await testPng({ width: 200, height: 200, color: '#00ff00' }));
    expect(replaced.statusCode).toBe(200);
    expect(await pixel((await render('with-logo')).rawPayload, 60, 60)).toEqual([0, 255, 0]);
    expect(await stored(brandLogo.url)).toBeNull();

    const removed = await remove();
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ brandLogo: null });
    expect((await catalogue()).brandLogo).toBeNull();
    const after = await render('with-logo');
    expect(await pixel(after.rawPayload, 60, 60)).toEqual([0x33, 0x66, 0x99]);
    expect(after.headers.etag).toBe(before.headers.etag);
  });
});
