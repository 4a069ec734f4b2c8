import { expect, it } from 'vitest';
import type { DatabaseHandle } from '../../adapters/db/db.js';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import { botUsersTable } from '../bot-users/bot-users.table.js';
import type { UsageOutcome } from '../usage/usage.models.js';
import { usageEventsTable } from '../usage/usage.table.js';
import { resolvePeriod } from './analytics.models.js';
import { createAnalyticsAudienceRepository } from './analytics-audience.repository.js';
import { createAnalyticsCodesRepository } from './analytics-codes.repository.js';

const London = 'Europe/London';
const now = new Date('2026-07-10T12:00:00Z'); // Friday 10 July, 13:00 BST

function bot(at: string, userId: number, code: string, outcome: UsageOutcome = 'success') {
  return {
    createdAt: new Date(at),
    source: 'telegram',
    action: 'command',
    outcome,
    userId,
    chatId: userId,
    chatType: 'private',
    templateSlug: 'summer',
    code,
    errorType: outcome === 'invalid' ? 'invalid_coupon' : null,
  } as const;
}

function web(at: string, code: string, outcome: UsageOutcome = 'success') {
  return { ...bot(at, 0, code, outcome), source: 'web', action: 'download', userId: null, chatId: null } as const;
}

/** Local (BST) times in the comments. */
async function seed({ db }: DatabaseHandle) {
  await db.insert(botUsersTable).values([
    { chatId: 1, firstName: 'Ann', lastName: 'Lee' },
    { chatId: 2, username: 'bob' },
  ]);
  await db.insert(usageEventsTable).values([
    bot('2026-06-01T10:00:00Z', 3, 'OLD'), // user 3's first use, long before
    bot('2026-06-20T10:00:00Z', 5, 'JUNE'), // user 5: first use Sat 20 June
    bot('2026-06-27T10:00:00Z', 5, 'JUNE'), // … back on day 7
    bot('2026-07-04T09:00:00Z', 1, 'SAVE10'), // Sat 10:00, user 1's first
    bot('2026-07-04T23:30:00Z', 2, 'SAVE10'), // Sun 00:30 (UTC still Saturday), user 2's first
    bot('2026-07-05T10:00:00Z', 1, 'SAVE10'), // Sun 11:00: user 1 back on day 1
    web('2026-07-06T12:00:00Z', 'SAVE10'), // Mon 13:00
    bot('2026-07-06T22:50:00Z', 2, 'SUMMER'), // Mon 23:50: user 2 back on local day 1 (UTC day 2)
    web('2026-07-07T12:00:00Z', 'SAVE1O', 'invalid'), // Tue 13:00
    bot('2026-07-08T10:00:00Z', 3, 'SAVE10'), // Wed 11:00
    bot('2026-07-09T10:00:00Z', 4, 'SAVE1O', 'invalid'), // Thu 11:00, user 4's first, never back
  ]);
}

describeEachDatabase('analytics codes and audience', (kind) => {
  const database = useTestDatabase(kind);
  const week = resolvePeriod({ days: '7', now, timeZone: London });
  const filter = { start: week.start, end: week.end, source: null, template: null };

  it('ranks popular codes with unique users and the user who generated each most, paged and searchable', async () => {
    await seed(database());
    const codes = createAnalyticsCodesRepository({ db: database().db });
    const page = (n: number, search: string | null = null) =>
      codes.popularCodes({ filter, page: n, pageSize: 1, search });
    expect(await page(1)).toEqual({
      items: [{ coupon: 'SAVE10', count: 5, unique_users: 3, top_user: { id: 1, name: 'Ann Lee', count: 2 } }],
      total: 2,
    });
    expect(await page(2)).toEqual({
      items: [{ coupon: 'SUMMER', count: 1, unique_users: 1, top_user: { id: 2, name: '@bob', count: 1 } }],
      total: 2,
    });
    expect(await page(3)).toEqual({ items: [], total: 2 });
    expect((await page(1, 'ave')).items.map((c) => c.coupon)).toEqual(['SAVE10']);
    expect(await page(1, 'mm')).toMatchObject({ items: [{ coupon: 'SUMMER' }], total: 1 });
    expect(await page(1, '%')).toEqual({ items: [], total: 0 });
    const webOnly = await codes.popularCodes({
      filter: { ...filter, source: 'web' },
      page: 1,
      pageSize: 50,
      search: null,
    });
    expect(webOnly.items).toEqual([{ coupon: 'SAVE10', count: 1, unique_users: 0, top_user: null }]);
  });

  it('lists the refused codes tried most', async () => {
    await seed(database());
    const codes = createAnalyticsCodesRepository({ db: database().db });
    expect(await codes.invalidCodes(filter)).toEqual([
      { coupon: 'SAVE1O', count: 2, unique_users: 1, last_tried_at: '2026-07-09T10:00:00.000Z' },
    ]);
  });

  it('exports every code and every row of the period a batch at a time', async () => {
    await seed(database());
    const codes = createAnalyticsCodesRepository({ db: database().db });
    const all = [];
    for await (const row of codes.eachCode(filter, 1)) all.push(row);
    expect(all).toEqual([
      {
        code: 'SAVE10',
        generations: 5,
        unique_users: 3,
        first_used_at: '2026-07-04T09:00:00.000Z',
        last_used_at: '2026-07-08T10:00:00.000Z',
      },
      {
        code: 'SUMMER',
        generations: 1,
        unique_users: 1,
        first_used_at: '2026-07-06T22:50:00.000Z',
        last_used_at: '2026-07-06T22:50:00.000Z',
      },
    ]);
    const rows = [];
    for await (const row of codes.eachUsageRow(filter, 3)) rows.push(row);
    expect(rows.map((r) => r.created_at)).toEqual([
      '2026-07-04T09:00:00.000Z',
      '2026-07-04T23:30:00.000Z',
      '2026-07-05T10:00:00.000Z',
      '2026-07-06T12:00:00.000Z',
      '2026-07-06T22:50:00.000Z',
      '2026-07-07T12:00:00.000Z',
      '2026-07-08T10:00:00.000Z',
      '2026-07-09T10:00:00.000Z',
    ]);
    expect(rows[7]).toMatchObject({ source: 'telegram', outcome: 'invalid', code: 'SAVE1O', user_id: 4 });
    expect(rows[3]).toMatchObject({ source: 'web', user_id: null, chat_id: null, error_type: null });
  });

  it('measures retention on local calendar days after the first use, counting only days that have begun', async () => {
    await seed(database());
    const audience = createAnalyticsAudienceRepository({ db: database().db });
    const month = resolvePeriod({ days: '30', now, timeZone: London });
    const retention = (range: typeof week) =>
      audience.retention({ start: range.start, end: range.end, timeZone: London, today: '2026-07-10' });
    // Users 1, 2, 4 first used the bot this week (user 3 earlier); 1 and 2 came back the next local day.
    expect(await retention(week)).toEqual({
      cohort: 3,
      days: [
        { day: 1, eligible: 3, returned: 2 },
        { day: 7, eligible: 0, returned: 0 },
        { day: 30, eligible: 0, returned: 0 },
      ],
    });
    // User 5 (20 June) joins the cohort and came back on day 7.
    expect(await retention(month)).toEqual({
      cohort: 4,
      days: [
        { day: 1, eligible: 4, returned: 2 },
        { day: 7, eligible: 1, returned: 1 },
        { day: 30, eligible: 0, returned: 0 },
      ],
    });
  });

  it('counts uses by local weekday and hour', async () => {
    await seed(database());
    const audience = createAnalyticsAudienceRepository({ db: database().db });
    expect(await audience.heatmap({ ...filter, timeZone: London })).toEqual([
      { weekday: 1, hour: 13, count: 1 },
      { weekday: 1, hour: 23, count: 1 },
      { weekday: 2, hour: 13, count: 1 },
      { weekday: 3, hour: 11, count: 1 },
      { weekday: 4, hour: 11, count: 1 },
      { weekday: 6, hour: 10, count: 1 },
      { weekday: 7, hour: 0, count: 1 },
      { weekday: 7, hour: 11, count: 1 },
    ]);
  });

  it('pages the most active bot users with the names the bot knows', async () => {
    await seed(database());
    const audience = createAnalyticsAudienceRepository({ db: database().db });
    const first = await audience.activeUsers({ filter, page: 1, pageSize: 2 });
    expect(first.total).toBe(4);
    expect(first.items.map((u) => [u.id, u.uses, u.firstName, u.username])).toEqual([
      [1, 2, 'Ann', null],
      [2, 2, null, 'bob'],
    ]);
    const second = await audience.activeUsers({ filter, page: 2, pageSize: 2 });
    expect(second.items.map((u) => [u.id, u.uses, u.successes])).toEqual([
      [3, 1, 1],
      [4, 1, 0],
    ]);
    expect(second.items[1]?.lastAt.toISOString()).toBe('2026-07-09T10:00:00.000Z');
  });
});
