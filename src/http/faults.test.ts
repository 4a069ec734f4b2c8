import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../adapters/db/db.test-utils.js';
import { createS3Storage } from '../adapters/storage/s3-storage.js';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate } from '../modules/templates/templates.usecases.js';
import { adminCookie, createTestApp, type TestApp } from './http.test-utils.js';

const ORIGIN = 'http://localhost:3000';

/** Runs one statement on the test server's own database (not the app's), as an operator would. */
async function asOperator(statement: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL going away under the app', () => {
  let t: TestApp;
  let name = '';
  beforeAll(async () => {
    const database = await createTestDatabase('postgres');
    name = new URL(database.url!).pathname.slice(1);
    t = await createTestApp({ database });
    await createTemplate(t.services.templates, {
      name: 'Flash Sale',
      variants: { square: { image: await testPng() } },
    });
    // The suite closes the app; the scratch database goes with the handle.
    afterAll(async () => {
      await asOperator(`alter database ${name} allow_connections true`);
      await t.close();
      await database.close();
    });
  });

  it('answers 503 with the reason while the database is down, and recovers by itself when it is back', async () => {
    expect((await t.app.inject('/api/templates')).statusCode).toBe(200);
    // Down: no new connections, and every open one cut (as a restart does).
    await asOperator(`alter database ${name} allow_connections false`);
    await asOperator(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);

    const started = performance.now();
    const down = await t.app.inject('/api/templates');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.json()).toEqual({
      error: {
        code: 'service.database_unavailable',
        message: 'The database is unavailable right now; try again in a moment',
      },
    });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ database: 'down' });
    const render = await t.app.inject('/api/render/flash-sale/square.png?code=SAVE20');
    expect(render.statusCode).toBe(503);
    expect(render.body).not.toMatch(/at .*\.js|ECONN|pg_|stack/i);

    await asOperator(`alter database ${name} allow_connections true`);
    const back = await t.app.inject('/api/templates');
    expect(back.statusCode).toBe(200);
    expect(back.json().templates).toHaveLength(1);
    expect((await t.app.inject('/api/render/flash-sale/square.png?code=SAVE20')).statusCode).toBe(200);
  });
});

describe('object storage going away under the app', () => {
  const directory = mkdtempSync(join(tmpdir(), 'ps-faults-s3-'));
  let s3rver: S3rver;
  let port = 0;
  let t: TestApp;
  let cookie = '';

  beforeAll(async () => {
    s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
    ({ port } = await s3rver.run());
    const endpoint = `http://127.0.0.1:${port}`;
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const admin = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await admin.send(new CreateBucketCommand({ Bucket: 'faults' }));
    admin.destroy();
    const storage = createS3Storage({
      bucket: 'faults',
      region: 'us-east-1',
      ...credentials,
      endpoint,
      forcePathStyle: true,
      publicBaseUrl: `${endpoint}/faults`,
    });
    t = await createTestApp({ storage });
    cookie = await adminCookie(t.app, ORIGIN);
  });
  afterAll(async () => {
    await t.close();
    await s3rver.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function upload(name: string) {
    const form = new FormData();
    form.append('name', name);
    form.append('squareImage', new Blob([new Uint8Array(await testPng())]), 'square.png');
    const encoded = new Response(form);
    return t.app.inject({
      method: 'POST',
      url: '/api/upload-template',
      payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin: ORIGIN },
      cookies: { ps_admin: cookie },
    });
  }

  it('answers 503 with the reason while storage is down, keeps serving what needs none, and recovers', async () => {
    expect((await upload('Before')).statusCode).toBe(201);
    await s3rver.close();

    const started = performance.now();
    const refused = await upload('During');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toEqual({
      error: {
        code: 'storage.unavailable',
        message: 'The file storage is unavailable right now; try again in a moment',
      },
    });
    // The catalogue lives in the database: still served, and the refused upload left nothing half-made.
    const catalogue = await t.app.inject('/api/templates');
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.json().templates.map((template: { name: string }) => template.name)).toEqual(['Before']);
    // A render needs the template's image from storage: refused plainly, not a hang or a 500.
    const render = await t.app.inject('/api/render/before/square.png?code=SAVE20');
    expect(render.statusCode).toBe(503);
    expect(render.json().error.code).toBe('storage.unavailable');
    expect((await t.app.inject('/readyz')).json()).toMatchObject({ storage: 'down' });

    s3rver = new S3rver({ port, address: '127.0.0.1', silent: true, directory });
    await s3rver.run();
    expect((await upload('After')).statusCode).toBe(201);
    expect((await t.app.inject('/api/render/before/square.png?code=SAVE20')).statusCode).toBe(200);
  });
});
