import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate } from '../modules/templates/templates.usecases.js';
import { createTestApp, type TestApp } from './http.test-utils.js';

const TOKEN = 'metrics-token-for-the-tests-0123';

describe('compression', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 12; i++)
      await createTemplate(t.services.templates, {
        name: `Template ${i}`,
        variants: { square: { image: await testPng({ width: 300, height: 300 }) } },
      });
  });
  afterAll(() => t.close());

  it('sends the catalogue brotli- or gzip-compressed, as the client accepts, and says it varies', async () => {
    const plain = await t.app.inject({ url: '/api/templates' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await t.app.inject({ url: '/api/templates', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const gzip = await t.app.inject({ url: '/api/templates', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual(plain.json());
  });

  it('leaves images alone: they are compressed already', async () => {
    const png = await t.app.inject({
      url: '/api/render/template-0/square.png?code=A',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-encoding']).toBeUndefined();
  });
});

describe('/metrics', () => {
  let withToken: TestApp;
  let without: TestApp;
  beforeAll(async () => {
    withToken = await createTestApp({ metricsToken: TOKEN });
    without = await createTestApp();
    await createTemplate(withToken.services.templates, {
      name: 'Measured',
      variants: { square: { image: await testPng({ width: 300, height: 300 }) } },
    });
  });
  afterAll(async () => {
    await withToken.close();
    await without.close();
  });

  it('is not there without METRICS_TOKEN, and wants the token when it is', async () => {
    const absent = await without.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(absent.statusCode).toBe(404);
    expect((await withToken.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const wrong = await withToken.app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('counts renders by format and coupon checks by outcome, with the process metrics', async () => {
    expect((await withToken.app.inject({ url: '/api/render/measured/square.jpg?code=M1' })).statusCode).toBe(200);
    await withToken.app.inject({ method: 'POST', url: '/api/validate-coupon', payload: { coupon_code: 'M2' } });
    const scrape = await withToken.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toContain('text/plain');
    expect(scrape.body).toMatch(/promostack_render_duration_seconds_count\{format="jpeg",outcome="ok"\} 1/);
    expect(scrape.body).toMatch(/promostack_coupon_validations_total\{outcome="valid"\} [12]/);
    expect(scrape.body).toContain('promostack_process_resident_memory_bytes');
    expect(scrape.body).toContain('promostack_job_queue_depth{queue="broadcasts"} 0');
  });
});
