import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_KINDS } from '../../adapters/db/db.test-utils.js';
import { testPng } from '../../modules/templates/templates.test-utils.js';
import { adminCookie, createTestApp, type TestApp } from '../http.test-utils.js';

const ORIGIN = 'http://localhost:3000';

describe.each(TEST_DATABASE_KINDS)('campaign API [%s]', (databaseKind) => {
  let t: TestApp;
  let cookie = '';
  let clock = new Date('2026-12-10T12:00:00Z');
  let ip = 0;
  const webRoot = mkdtempSync(join(tmpdir(), 'ps-campaign-page-'));

  beforeAll(async () => {
    mkdirSync(join(webRoot, 'campaign'));
    writeFileSync(join(webRoot, 'campaign/index.html'), '<!doctype html><title>Campaign page</title>');
    t = await createTestApp({
      databaseKind,
      now: () => clock,
      timeZone: 'Europe/London',
      http: { webRoot, rateLimits: { validatePerMinute: 1000, renderPerMinute: 1000, submitPerMinute: 3 } },
    });
    cookie = await adminCookie(t.app);
  });
  afterAll(() => t?.close());

  const admin = (method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { origin: ORIGIN }, cookies: { ps_admin: cookie } });
  const submit = (id: number, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/campaigns/${id}/submit`, payload, remoteAddress: `10.9.0.${++ip}` });
  const winter = {
    title: 'Winter <b>giveaway</b>',
    description: 'Post your photo,\nwin a prize.',
    start_date: '2026-12-01T09:00',
    end_date: '2026-12-24T18:00',
    prize: 'A funded account',
    platforms: ['instagram', 'x'],
  };
  async function createCampaign(body: object = winter) {
    const res = await admin('POST', '/api/campaigns', body);
    expect(res.statusCode).toBe(201);
    return res.json().campaign as { id: number; status: string; start_date: string };
  }
  async function uploadOverlay(body: Buffer) {
    const form = new FormData();
    form.append('overlayImage', new Blob([new Uint8Array(body)]), 'overlay.png');
    const encoded = new Response(form);
    return t.app.inject({
      method: 'POST',
      url: '/api/upload-overlay',
      payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin: ORIGIN },
      cookies: { ps_admin: cookie },
    });
  }

  it('lets only admins create, edit and delete, and derives the status from the clock', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/campaigns', payload: winter })).statusCode).toBe(401);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      payload: winter,
      headers: { origin: 'https://evil.example' },
      cookies: { ps_admin: cookie },
    });
    expect(crossSite.statusCode).toBe(403);

    const campaign = await createCampaign();
    // Entered in Europe/London (GMT in December), stored in UTC.
    expect(campaign).toMatchObject({ status: 'ongoing', start_date: '2026-12-01T09:00:00.000Z' });
    clock = new Date('2026-11-20T00:00:00Z');
    expect((await t.app.inject({ url: `/api/campaigns/${campaign.id}` })).json().campaign.status).toBe('scheduled');
    clock = new Date('2026-12-25T00:00:00Z');
    expect((await t.app.inject({ url: `/api/campaigns/${campaign.id}` })).json().campaign.status).toBe('ended');
    clock = new Date('2026-12-10T12:00:00Z');

    const edited = await admin('PUT', `/api/campaigns/${campaign.id}`, { ...winter, end_date: '2026-12-05T00:00' });
    expect(edited.json().campaign.status).toBe('ended');
    const list = (await admin('GET', '/api/admin/campaigns')).json();
    expect(list.timezone).toBe('Europe/London');
    expect(list.campaigns.find((c: { id: number }) => c.id === campaign.id)).toMatchObject({
      entries: 0,
      status: 'ended',
    });

    expect((await admin('DELETE', `/api/campaigns/${campaign.id}`)).json()).toEqual({ ok: true });
    expect((await t.app.inject({ url: `/api/campaigns/${campaign.id}` })).statusCode).toBe(404);
    expect((await admin('DELETE', `/api/campaigns/${campaign.id}`)).statusCode).toBe(404);
  });

  it('names every bad field at once', async () => {
    const res = await admin('POST', '/api/campaigns', {
      title: '',
      start_date: 'soon',
      end_date: '2026-12-01T00:00',
      platforms: ['myspace'],
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['platforms', 'start_date', 'title']);
    expect((await admin('POST', '/api/campaigns', { ...winter, platforms: 'x' })).statusCode).toBe(400);
  });

  it('lists ongoing and upcoming campaigns to everyone, soonest first', async () => {
    const later = await createCampaign({
      ...winter,
      title: 'Spring',
      start_date: '2027-03-01T00:00',
      end_date: '2027-04-01T00:00',
    });
    const now = await createCampaign({ ...winter, title: 'Now' });
    await createCampaign({ ...winter, title: 'Past', start_date: '2026-01-01T00:00', end_date: '2026-02-01T00:00' });
    const { campaigns } = (await t.app.inject({ url: '/api/campaigns' })).json();
    const ids = campaigns.map((c: { id: number }) => c.id);
    expect(ids.indexOf(now.id)).toBeLessThan(ids.indexOf(later.id));
    expect(campaigns.map((c: { status: string }) => c.status)).not.toContain('ended');
    const ended = (await t.app.inject({ url: '/api/campaigns?status=ended' })).json().campaigns;
    expect(ended.map((c: { title: string }) => c.title)).toContain('Past');
    expect((await t.app.inject({ url: '/api/campaigns?status=soon' })).statusCode).toBe(400);
  });

  it('takes an entry while the campaign runs, and updates it when the same email comes back', async () => {
    const campaign = await createCampaign();
    const first = await submit(campaign.id, {
      email: ' Ana@Example.com ',
      urls: { instagram: 'https://www.instagram.com/p/abc/' },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'accepted', submission: { email: 'ana@example.com' } });
    // The original's flat fields still work.
    const again = await submit(campaign.id, { email: 'ana@example.com', twitter_url: 'https://x.com/ana/status/1' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      status: 'updated',
      submission: { urls: { x: 'https://x.com/ana/status/1' } },
    });
    const entries = (await admin('GET', `/api/campaigns/${campaign.id}/submissions`)).json();
    expect(entries).toMatchObject({ total: 1, page: 1, page_size: 50 });
    expect(
      (await admin('GET', '/api/admin/campaigns')).json().campaigns.find((c: { id: number }) => c.id === campaign.id)
        .entries,
    ).toBe(1);
  });

  it('refuses entries outside the dates, bad links and bad emails, saying why', async () => {
    const upcoming = await createCampaign({ ...winter, start_date: '2027-01-01T10:00', end_date: '2027-02-01T00:00' });
    const scheduled = await submit(upcoming.id, { email: 'a@b.co', urls: { instagram: 'https://instagram.com/p/1' } });
    expect(scheduled.statusCode).toBe(409);
    expect(scheduled.json().error).toMatchObject({ code: 'campaign.not_ongoing', status: 'scheduled' });
    expect(scheduled.json().error.message).toContain('2027-01-01 10:00 (Europe/London)');
    const past = await createCampaign({ ...winter, start_date: '2026-01-01T00:00', end_date: '2026-02-01T00:00' });
    expect(
      (await submit(past.id, { email: 'a@b.co', urls: { instagram: 'https://instagram.com/p/1' } })).json().error
        .message,
    ).toContain('ended');

    const campaign = await createCampaign();
    for (const url of [
      'javascript:alert(1)',
      'http://evil.example/instagram.com',
      'https://instagram.com.evil.example/x',
    ]) {
      const res = await submit(campaign.id, { email: 'a@b.co', urls: { instagram: url } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.fields).toHaveProperty(['urls.instagram']);
    }
    expect((await submit(campaign.id, { email: 'a@b.co', urls: {} })).json().error.fields).toHaveProperty('urls');
    expect(
      (await submit(campaign.id, { email: 'not-an-email', urls: { instagram: 'https://instagram.com/p/1' } })).json()
        .error.fields,
    ).toHaveProperty('email');
    expect(
      (await submit(999_999, { email: 'a@b.co', urls: { instagram: 'https://instagram.com/p/1' } })).statusCode,
    ).toBe(404);
  });

  it('limits entries per client address', async () => {
    const campaign = await createCampaign();
    const from = (n: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/campaigns/${campaign.id}/submit`,
        payload: { email: `p${n}@b.co`, urls: { instagram: 'https://instagram.com/p/1' } },
        remoteAddress: '10.99.0.1',
      });
    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await from(n)).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('exports entries as CSV that a spreadsheet cannot be tricked by', async () => {
    const campaign = await createCampaign();
    await submit(campaign.id, { email: 'quote"comma,@example.com', urls: { instagram: 'https://instagram.com/p/1' } });
    await submit(campaign.id, { email: '=cmd@example.com', urls: { x: 'https://x.com/a/status/2' } });
    const res = await admin('GET', `/api/campaigns/${campaign.id}/submissions.csv`);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain(`campaign-${campaign.id}-entries.csv`);
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.email)).toEqual(['quote"comma,@example.com', "'=cmd@example.com"]);
    expect(rows[0]).toMatchObject({ instagram: 'https://instagram.com/p/1', x: '' });
    const search = (await admin('GET', `/api/campaigns/${campaign.id}/submissions?q=QUOTE`)).json();
    expect(search.submissions.map((s: { email: string }) => s.email)).toEqual(['quote"comma,@example.com']);
    expect((await admin('GET', `/api/campaigns/${campaign.id}/submissions?q=%25`)).json().total).toBe(0);
  });

  it('takes a PNG overlay by its content, and only overlays it stored itself', async () => {
    const overlay = await sharp({ create: { width: 1080, height: 1080, channels: 4, background: '#ff000000' } })
      .png()
      .toBuffer();
    const uploaded = await uploadOverlay(overlay);
    expect(uploaded.statusCode).toBe(200);
    const { overlay_url, width } = uploaded.json();
    expect(width).toBe(1080);
    const campaign = await createCampaign({ ...winter, overlay_url });
    expect(campaign).toMatchObject({ overlay_url, overlay_width: 1080, overlay_height: 1080 });
    const jpeg = await sharp(await testPng())
      .jpeg()
      .toBuffer();
    expect((await uploadOverlay(jpeg)).json().error).toMatchObject({
      code: 'image.unsupported_type',
      field: 'overlayImage',
    });
    const forged = await admin('POST', '/api/campaigns', { ...winter, overlay_url: 'https://evil.example/x.png' });
    expect(forged.json().error.fields).toHaveProperty('overlay_url');
  });

  it('serves the campaign page for a campaign that exists, and a 404 page otherwise', async () => {
    const campaign = await createCampaign();
    const page = await t.app.inject({ url: `/campaign/${campaign.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Campaign page');
    for (const url of ['/campaign/999999', '/campaign/abc', '/campaign/<script>']) {
      const missing = await t.app.inject({ url });
      expect(missing.statusCode, url).toBe(404);
      expect(missing.headers['content-type']).toContain('text/html');
      expect(missing.body).toContain('Campaign not found');
      expect(missing.body).not.toContain('<script>');
    }
  });
});
