import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_KINDS } from '../../adapters/db/db.test-utils.js';
import { botUsersTable } from '../../modules/bot-users/bot-users.table.js';
import type { UsageOutcome, UsageSource } from '../../modules/usage/usage.models.js';
import { usageEventsTable } from '../../modules/usage/usage.table.js';
import { adminCookie, createTestApp, type TestApp } from '../http.test-utils.js';

const ACTION = { web: 'download', api: 'render', telegram: 'command' } as const;
const ERROR = {
  success: null,
  invalid: 'invalid_coupon',
  unavailable: 'validation_unavailable',
  failed: 'render_failed',
};

function use(at: string, source: UsageSource, outcome: UsageOutcome, extra: { user?: number; code?: string } = {}) {
  return {
    createdAt: new Date(at),
    source,
    action: ACTION[source],
    outcome,
    errorType: ERROR[outcome],
    templateSlug: source === 'api' ? 'flash-sale' : 'summer',
    code: extra.code ?? 'SAVE10',
    userId: extra.user ?? null,
    chatId: extra.user ?? null,
  } as const;
}

describe.each(TEST_DATABASE_KINDS)('analytics API [%s]', (databaseKind) => {
  let t: TestApp;
  let cookie = '';
  // Monday 26 October 2026, 09:30 GMT: the day after London's clocks went back.
  let clock = new Date('2026-10-26T09:30:00Z');

  beforeAll(async () => {
    t = await createTestApp({ databaseKind, now: () => clock, timeZone: 'Europe/London' });
    cookie = await adminCookie(t.app);
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    clock = new Date('2026-10-26T09:30:00Z');
    await t.database.db.execute(sql`truncate usage_events, bot_users`);
    await t.database.db.insert(botUsersTable).values({ chatId: 1, firstName: 'Ann' });
    await t.database.db.insert(usageEventsTable).values([
      use('2026-10-24T22:59:00Z', 'telegram', 'success', { user: 1 }), // 23:59 BST on the 24th
      use('2026-10-24T23:30:00Z', 'telegram', 'success', { user: 1 }), // 00:30 BST on the 25th
      use('2026-10-25T00:30:00Z', 'telegram', 'success', { user: 2 }), // 01:30 BST
      use('2026-10-25T01:30:00Z', 'web', 'success'), // 01:30 GMT, the repeated hour
      use('2026-10-25T12:00:00Z', 'web', 'invalid', { code: '=SAVE1O' }),
      use('2026-10-25T13:00:00Z', 'api', 'unavailable'),
      use('2026-10-25T14:00:00Z', 'api', 'failed'),
      use('2026-10-26T00:10:00Z', 'telegram', 'success', { user: 2, code: 'SUMMER' }), // today 00:10
      use('2026-10-26T09:05:00Z', 'web', 'success', { code: '@HOME' }), // today 09:05
      use('2026-10-26T15:00:00Z', 'web', 'success'), // a skewed clock's row from "the future"
    ]);
  });

  const get = (url: string, withCookie = true) =>
    t.app.inject({ method: 'GET', url, cookies: withCookie ? { ps_admin: cookie } : {} });

  it('answers the pinned shape for yesterday: 24 local hours on the DST day, across sources', async () => {
    const res = await get('/api/bot-stats?days=yesterday');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      total_uses: 4, // the 3 successes and the failed render; invalid and unavailable are apart
      successful_uses: 3,
      success_rate: 75,
      unique_users: 2,
      invalid_attempts: 1,
      unavailable_attempts: 1,
      granularity: 'hourly',
      timezone: 'Europe/London',
      popular_templates: [{ template: 'summer', count: 3 }],
      popular_coupons: { page: 1, page_size: 50, total: 1 },
      errors: [
        { type: 'invalid_coupon', count: 1 },
        { type: 'render_failed', count: 1 },
        { type: 'validation_unavailable', count: 1 },
      ],
    });
    expect(body.popular_coupons.items).toEqual([
      { coupon: 'SAVE10', count: 3, unique_users: 2, top_user: { id: 1, name: 'Ann', count: 1 } },
    ]);
    expect(body.usage_data).toHaveLength(24);
    expect(body.daily_usage).toEqual(body.usage_data);
    expect(body.usage_data.slice(0, 3)).toEqual([
      { label: '00:00', date: '2026-10-24T23:00:00.000Z', count: 1 },
      { label: '01:00', date: '2026-10-25T00:00:00.000Z', count: 2 },
      { label: '02:00', date: '2026-10-25T02:00:00.000Z', count: 0 },
    ]);
    expect(body.invalid_codes).toMatchObject([{ coupon: '=SAVE1O', count: 1 }]);
    const telegram = (await get('/api/bot-stats?days=yesterday&source=telegram')).json();
    expect([telegram.total_uses, telegram.unique_users]).toEqual([2, 2]);
    expect((await get('/api/bot-stats?days=yesterday&template=flash-sale')).json().total_uses).toBe(1);
  });

  it('shows today up to now: the hours after the current one are zero', async () => {
    const body = (await get('/api/bot-stats?days=today')).json();
    expect(body.usage_data.map((b: { count: number }) => b.count)).toEqual([
      1,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      ...new Array(14).fill(0),
    ]);
    expect(body.total_uses).toBe(2);
  });

  it('counts 7 local calendar days oldest first, with retention, heat map and active users', async () => {
    const body = (await get('/api/bot-stats?days=7')).json();
    expect(body.granularity).toBe('daily');
    expect(body.usage_data.map((b: { label: string; count: number }) => [b.label, b.count])).toEqual([
      ['2026-10-20', 0],
      ['2026-10-21', 0],
      ['2026-10-22', 0],
      ['2026-10-23', 0],
      ['2026-10-24', 1],
      ['2026-10-25', 6],
      ['2026-10-26', 2],
    ]);
    // User 1 first came on the 24th and was back on the 25th; user 2 first came on the 25th and back on the 26th.
    expect(body.retention.days[0]).toEqual({ day: 1, eligible: 2, returned: 2, rate: 100 });
    expect(body.retention.cohort).toBe(2);
    expect(body.heatmap.rows[6]).toMatchObject({ label: 'Sun', weekday: 7 });
    expect(body.heatmap.rows[6].counts[1]).toBe(2);
    expect(body.active_users).toMatchObject({ page: 1, page_size: 20, total: 2 });
    expect(body.active_users.items.map((u: { name: string }) => u.name)).toEqual(['Ann', '2']);
  });

  it('pages and searches the codes', async () => {
    const search = (await get('/api/bot-stats?days=7&q=mm')).json().popular_coupons;
    expect(search).toMatchObject({ total: 1, q: 'mm', items: [{ coupon: 'SUMMER' }] });
    const past = (await get('/api/bot-stats?days=7&page=9')).json().popular_coupons;
    expect(past).toMatchObject({ page: 9, items: [], total: 3 });
  });

  it('answers one page of codes or of active users on its own, for paging without the whole dashboard', async () => {
    const codes = await get('/api/bot-stats/coupons?days=7&q=sav');
    expect(codes.statusCode).toBe(200);
    expect(codes.json()).toMatchObject({ page: 1, page_size: 50, total: 1, q: 'sav', items: [{ coupon: 'SAVE10' }] });
    const users = (await get('/api/bot-stats/active-users?days=7&page=2')).json();
    expect(users).toEqual({ items: [], page: 2, page_size: 20, total: 2 });
    expect((await get('/api/bot-stats/active-users?days=7')).json().items).toHaveLength(2);
    expect((await get('/api/bot-stats/coupons?days=abc')).json().error.field).toBe('days');
    expect((await get('/api/bot-stats/active-users', false)).statusCode).toBe(401);
  });

  it('refuses a bad period, source, template or page with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['days=abc', 'days'],
      ['days=-1', 'days'],
      ['days=100000', 'days'],
      ['source=x', 'source'],
      ['template=Bad%20Slug', 'template'],
    ]) {
      const res = await get(`/api/bot-stats?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'analytics.invalid_query', field });
      expect((await get(`/api/bot-stats/usage.csv?${query}`)).statusCode).toBe(400);
    }
    for (const query of ['page=0', 'page=abc', 'users_page=-1']) {
      const res = await get(`/api/bot-stats?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain(query.split('=')[0]);
    }
  });

  it('refuses every analytics route without the admin cookie', async () => {
    for (const url of ['/api/bot-stats', '/api/bot-stats/coupons.csv', '/api/bot-stats/usage.csv']) {
      const res = await get(url, false);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.required');
    }
  });

  it('exports the codes and the usage rows as CSV that parses back, formulas neutralised', async () => {
    const codes = await get('/api/bot-stats/coupons.csv?days=7');
    expect(codes.headers['content-type']).toContain('text/csv');
    expect(codes.headers['content-disposition']).toContain('codes-7-days.csv');
    expect(parse(codes.body, { columns: true })).toEqual([
      {
        code: "'@HOME",
        generations: '1',
        unique_users: '0',
        first_used_at: '2026-10-26T09:05:00.000Z',
        last_used_at: '2026-10-26T09:05:00.000Z',
      },
      expect.objectContaining({ code: 'SAVE10', generations: '4', unique_users: '2' }),
      expect.objectContaining({ code: 'SUMMER', generations: '1' }),
    ]);
    const usage = await get('/api/bot-stats/usage.csv?days=yesterday&source=web');
    expect(usage.headers['content-disposition']).toContain('usage-yesterday-web.csv');
    const rows = parse(usage.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.created_at, r.outcome, r.code, r.user_id])).toEqual([
      ['2026-10-25T01:30:00.000Z', 'success', 'SAVE10', ''],
      ['2026-10-25T12:00:00.000Z', 'invalid', "'=SAVE1O", ''],
    ]);
  });
});
