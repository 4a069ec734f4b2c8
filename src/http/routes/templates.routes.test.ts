import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsStorage } from '../../adapters/storage/fs-storage.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import { testPng } from '../../modules/templates/templates.test-utils.js';
import { createTemplate } from '../../modules/templates/templates.usecases.js';
import { createTestApp, type TestApp } from '../http.test-utils.js';

describe('catalogue API, files and health', () => {
  let t: TestApp;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ps-files-'));
    t = await createTestApp({ storage: createFsStorage({ root }), http: { filesRoot: root } });
    await createTemplate(t.services.templates, {
      name: 'Zeta',
      variants: { story: { image: await testPng({ width: 540, height: 960 }) } },
    });
    await createTemplate(t.services.templates, {
      name: 'alpha <b>',
      slug: 'alpha',
      variants: {
        square: { image: await testPng(), settings: { outline: { color: '#000000', widthPct: 5 }, showLogo: false } },
      },
    });
  });
  afterAll(() => t.close());

  it('lists templates sorted by name with everything the web needs to render', async () => {
    const res = await t.app.inject('/api/templates');
    expect(res.statusCode).toBe(200);
    const { templates } = res.json();
    expect(templates.map((x: { slug: string }) => x.slug)).toEqual(['alpha', 'zeta']);
    expect(templates[0]).toEqual({
      slug: 'alpha',
      name: 'alpha <b>',
      telegramEnabled: true,
      version: 1,
      square: {
        imageUrl: expect.stringMatching(/^\/files\/templates\/alpha\/square-[0-9a-f]{12}\.png$/),
        thumbUrl: expect.stringMatching(/-thumb\.webp$/),
        previews: [
          {
            width: 640,
            height: 640,
            url: expect.stringMatching(/^\/files\/templates\/alpha\/square-[0-9a-f]{12}-preview-640\.webp$/),
          },
          { width: 800, height: 800, url: expect.stringMatching(/-preview-800\.webp$/) },
        ],
        width: 800,
        height: 800,
        box: { leftPct: 5, topPct: 80, widthPct: 90, heightPct: 12 },
        hAlign: 'center',
        vAlign: 'bottom',
        maxFontPx: 120,
        fontColor: '#FFFFFF',
        outline: { color: '#000000', widthPct: 5 },
        showLogo: false,
        logoFit: 'cover',
      },
    });
    expect(templates[1].square).toBeUndefined();
  });

  it('returns one template, or 404', async () => {
    expect((await t.app.inject('/api/templates/zeta')).json().template).toMatchObject({
      slug: 'zeta',
      story: { width: 540 },
    });
    const missing = await t.app.inject('/api/templates/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'template.not_found', message: 'No template "nope"' } });
  });

  it('serves stored images from /files with immutable caching, and nothing outside storage', async () => {
    const { templates } = (await t.app.inject('/api/templates')).json();
    const image = await t.app.inject(templates[0].square.imageUrl);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of [templates[0].square.thumbUrl, templates[0].square.previews[0].url]) {
      const file = await t.app.inject(url);
      expect([file.statusCode, file.headers['content-type']]).toEqual([200, 'image/webp']);
      expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await t.app.inject('/files/templates/index.json')).headers['cache-control']).toBe('public, max-age=60');
    for (const path of [
      '/files/../package.json',
      '/files/%2e%2e/%2e%2e/package.json',
      '/files/templates/../../../etc/passwd',
    ]) {
      expect([403, 404]).toContain((await t.app.inject(path)).statusCode);
    }
  });

  it('reports health and readiness', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready', database: 'ok', storage: 'ok' });
  });

  it('sends security headers', async () => {
    const res = await t.app.inject('/api/templates');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('readiness when storage is unreachable', () => {
  it('answers 503 and says which part is down', async () => {
    const broken: ObjectStorage = {
      ...createFsStorage({ root: '/nonexistent' }),
      ping: () => Promise.reject(new Error('unreachable')),
    };
    const t = await createTestApp({ storage: broken });
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', database: 'ok', storage: 'down' });
    await t.close();
  });
});
