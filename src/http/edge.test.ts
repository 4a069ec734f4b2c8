import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate } from '../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import { adminCookie, createTestApp, TEST_ADMIN, type TestApp } from './http.test-utils.js';

const ORIGIN = 'http://localhost:3000';

/** SPEC §13 at the edge: schemas, sizes, malformed input and Fastify's own errors, all in the one error shape. */
describe('the HTTP edge', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp();
    await createTemplate(t.services.templates, {
      name: 'Flash Sale',
      variants: { square: { image: await testPng({ width: 400, height: 400 }) } },
    });
    cookie = await adminCookie(t.app);
  });
  afterAll(() => t.close());

  const postJson = (url: string, payload: unknown, admin = false) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      payload: JSON.stringify(payload),
      cookies: admin ? { ps_admin: cookie } : {},
    });
  const expectError = (res: { statusCode: number; json(): unknown }, status: number, code?: string) => {
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({
      error: expect.objectContaining({ code: code ?? expect.any(String), message: expect.any(String) }),
    });
  };

  it('takes JSON types as they are: an array is not a string, a string not a boolean', async () => {
    expectError(await postJson('/api/login', { password: [TEST_ADMIN.adminPassword] }), 400, 'request.invalid');
    expectError(await postJson('/api/validate-coupon', { coupon_code: ['SAVE1'] }), 400, 'request.invalid');
    expectError(await postJson('/api/toggle-telegram-template', { slug: 'flash-sale', enabled: 'false' }, true), 400);
    expect((await t.app.inject('/api/templates/flash-sale')).json().template.telegramEnabled).toBe(true);
  });

  it('drops unknown fields instead of acting on them', async () => {
    const res = await postJson('/api/usage', {
      slug: 'flash-sale',
      variant: 'square',
      code: 'SAVE20',
      action: 'download',
      source: 'api',
      outcome: 'failed',
    });
    expect(res.statusCode).toBe(200);
    const [row] = await t.database.db.select().from(usageEventsTable);
    expect(row).toMatchObject({ source: 'web', action: 'download', outcome: 'success' });
  });

  it('refuses a NUL byte in a slug or a code with 400, wherever it arrives', async () => {
    expectError(await t.app.inject('/api/render/flash%00sale/square.png?code=SAVE20'), 400, 'request.invalid');
    expectError(await t.app.inject('/api/render/flash-sale/square.png?code=SAVE%0020'), 400, 'request.invalid');
    expectError(await t.app.inject('/api/templates/flash%00sale'), 400, 'request.invalid');
    const nul = 'flash\u0000sale';
    expectError(await postJson('/api/usage', { slug: nul, variant: 'square', code: 'A', action: 'download' }), 400);
    expectError(await postJson('/api/delete-template', { slug: nul }, true), 400);
    expectError(await postJson('/api/toggle-telegram-template', { slug: nul, enabled: false }, true), 400);
    expect((await t.app.inject('/api/templates')).json().templates).toHaveLength(1);
  });

  it('refuses a NUL byte in an uploaded template name naming the field, and stores nothing', async () => {
    const before = (await t.storage.list('')).length;
    const form = new FormData();
    form.append('name', 'Bad\u0000Name');
    form.append('squareImage', new Blob([new Uint8Array(await testPng())]), 'square.png');
    const res = await upload(form);
    expectError(res, 400, 'template.invalid');
    expect(res.json().error.fields).toHaveProperty('name');
    expect((await t.storage.list('')).length).toBe(before);
  });

  async function upload(form: FormData) {
    const encoded = new Response(form);
    return t.app.inject({
      method: 'POST',
      url: '/api/upload-template',
      payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin: ORIGIN },
      cookies: { ps_admin: cookie },
    });
  }

  it('answers a malformed multipart body (no boundary, cut off) with 400', async () => {
    const noBoundary = await t.app.inject({
      method: 'POST',
      url: '/api/upload-template',
      payload: 'name=x',
      headers: { 'content-type': 'multipart/form-data', origin: ORIGIN },
      cookies: { ps_admin: cookie },
    });
    expectError(noBoundary, 400);
    const form = new FormData();
    form.append('name', 'Cut Off');
    form.append('squareImage', new Blob([new Uint8Array(await testPng())]), 'square.png');
    const encoded = new Response(form);
    const whole = Buffer.from(await encoded.arrayBuffer());
    const cut = await t.app.inject({
      method: 'POST',
      url: '/api/upload-template',
      payload: whole.subarray(0, Math.floor(whole.length / 2)),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin: ORIGIN },
      cookies: { ps_admin: cookie },
    });
    expectError(cut, 400, 'request.malformed_multipart');
    expect((await t.app.inject('/api/templates/cut-off')).statusCode).toBe(404);
  });

  it('refuses a file over 15 MB with 413 naming the field', async () => {
    const form = new FormData();
    form.append('name', 'Huge');
    form.append('storyImage', new Blob([new Uint8Array(16 * 1024 * 1024)]), 'story.png');
    const res = await upload(form);
    expectError(res, 413, 'image.too_large');
    expect(res.json().error.field).toBe('storyImage');
  });

  it('answers a malformed URL in the error shape', async () => {
    expectError(await t.app.inject('/api/templates/%'), 400, 'request.bad_url');
  });

  it('describes every route in an OpenAPI document, with its answers, and serves a readable reference', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { responses: object }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const render = doc.paths['/api/render/{slug}/{file}']?.get;
    expect(render).toMatchObject({ parameters: expect.arrayContaining([expect.objectContaining({ name: 'code' })]) });
    for (const [path, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations))
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining([expect.stringMatching(/^2/)]),
        );
    for (const path of ['/api/templates', '/api/validate-coupon', '/api/usage', '/api/login', '/api/upload-template'])
      expect(doc.paths, path).toHaveProperty([path]);
    const page = await t.app.inject('/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
  });
});

describe('the HTTP edge on a real socket', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({
      http: { timeouts: { headersMs: 300, idleMs: 300, requestMs: 5000, keepAliveMs: 400, checkMs: 100 } },
    });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(address).port);
  });
  afterAll(() => t.close());

  /** Sends raw bytes and resolves with everything the server wrote before it closed the connection. */
  const exchange = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(request));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });

  it('answers headers over the limit with 431 in the error shape', async () => {
    const answer = await exchange(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'request.headers_too_large', message: expect.any(String) },
    });
  });

  it('answers 408 and closes the connection when a body stalls after its headers', async () => {
    const answer = await exchange(
      'POST /api/validate-coupon HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"co',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"request.timeout"');
  });

  it('answers 408 and closes the connection when the headers stop arriving', async () => {
    const answer = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"request.timeout"');
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const answer = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
