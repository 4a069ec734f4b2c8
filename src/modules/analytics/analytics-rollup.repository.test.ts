import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../../adapters/db/db.js';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import type { UsageOutcome, UsageSource } from '../usage/usage.models.js';
import { usageEventsTable } from '../usage/usage.table.js';
import { type PeriodDays, resolvePeriod } from './analytics.models.js';
import { type AnalyticsFilter, createAnalyticsRepository } from './analytics.repository.js';
import { createAnalyticsAudienceRepository } from './analytics-audience.repository.js';
import { createAnalyticsCodesRepository } from './analytics-codes.repository.js';
import { type AnalyticsRollup, createAnalyticsRollup, rawUsageRows } from './analytics-rollup.repository.js';
import { createRandom } from './usage-sample.models.js';

const HOUR = 60 * 60 * 1000;
const OUTCOMES: [UsageOutcome, string | null][] = [
  ['success', null],
  ['success', null],
  ['success', null],
  ['invalid', 'invalid_coupon'],
  ['unavailable', 'validation_unavailable'],
  ['failed', 'render_failed'],
];
const ACTION = { web: 'download', api: 'render', telegram: 'command' } as const;

/** `count` rows at random instants in the `hours` before `now`: every dimension sometimes empty. */
function randomRows(seed: number, count: number, now: Date, hours: number) {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const source = pick(['web', 'telegram', 'telegram', 'api'] as UsageSource[]);
    const [outcome, errorType] = pick(OUTCOMES);
    const userId = source === 'telegram' ? pick([1, 2, 3, 4, 5, 6, 7, 8, null]) : null;
    return {
      createdAt: new Date(now.getTime() - Math.floor(random() * hours * HOUR)),
      source,
      action: ACTION[source],
      outcome,
      errorType,
      templateSlug: pick(['summer', 'flash-sale', 'vip', null]),
      code: pick(['SAVE10', 'SAVE20', 'SUMMER', 'VIP', 'SAVE1O', null]),
      userId,
      chatId: userId,
    };
  });
}

/** Everything the dashboard reads for one period and filter, through the given rollup. */
async function dashboard(db: Db, rollup: AnalyticsRollup, filter: AnalyticsFilter, timeZone: string, today: string) {
  const core = createAnalyticsRepository({ db, rollup });
  const codes = createAnalyticsCodesRepository({ db, rollup });
  const audience = createAnalyticsAudienceRepository({ db, rollup });
  const granularity = filter.end.getTime() - filter.start.getTime() <= 25 * HOUR ? 'hourly' : 'daily';
  return {
    totals: await core.totals(filter),
    templates: await core.popularTemplates(filter),
    errors: await core.errors(filter),
    series: await core.series({ ...filter, granularity, timeZone }),
    codes: await codes.popularCodes({ filter, page: 1, pageSize: 3, search: null }),
    codes2: await codes.popularCodes({ filter, page: 2, pageSize: 3, search: null }),
    past: await codes.popularCodes({ filter, page: 9, pageSize: 3, search: null }),
    search: await codes.popularCodes({ filter, page: 1, pageSize: 50, search: 'ave' }),
    invalid: await codes.invalidCodes(filter),
    retention: await audience.retention({ start: filter.start, end: filter.end, timeZone, today }),
    heat: await audience.heatmap({ ...filter, timeZone }),
    users: await audience.activeUsers({ filter, page: 1, pageSize: 3 }),
    users2: await audience.activeUsers({ filter, page: 2, pageSize: 3 }),
  };
}

const PERIODS: PeriodDays[] = ['today', 'yesterday', '7', '30', '90'];
const FILTERS = [
  { source: null, template: null },
  { source: 'telegram', template: null },
  { source: 'web', template: 'summer' },
  { source: null, template: 'flash-sale' },
] as const;

/** Every period × filter read through the rollup equals the same read of the rows; the windows were really used. */
async function expectSameAsRows(db: Db, rollup: AnalyticsRollup, now: Date, timeZone: string) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  for (const days of PERIODS)
    for (const cell of FILTERS) {
      const range = resolvePeriod({ days, now, timeZone });
      const end = range.end.getTime() > now.getTime() ? new Date(now.getTime() + 1) : range.end;
      const filter: AnalyticsFilter = { start: range.start, end, ...cell };
      const expected = await dashboard(db, rawUsageRows, filter, timeZone, today);
      expect(await dashboard(db, rollup, filter, timeZone, today), `${days} ${JSON.stringify(cell)}`).toEqual(expected);
      if (days !== 'yesterday') expect(await rollup.windowFor(filter)).not.toBeNull();
    }
}

describeEachDatabase('analytics rollup', (kind) => {
  const database = useTestDatabase(kind);
  const now = new Date('2026-10-27T10:20:00Z'); // two days after London's clocks went back

  it('answers every period and filter as the rows do, as rows arrive, days pass, and rows go or change', async () => {
    const { db } = database();
    const rollup = createAnalyticsRollup({ db });
    await db.insert(usageEventsTable).values(randomRows(1, 600, now, 100 * 24));
    await expectSameAsRows(db, rollup, now, 'Europe/London');

    // With the windows built: single inserts (the app's) and a batch, old and new, go through the triggers.
    for (const row of randomRows(2, 15, now, 24)) await db.insert(usageEventsTable).values(row);
    await db.insert(usageEventsTable).values(randomRows(3, 100, now, 40 * 24));
    await expectSameAsRows(db, rollup, now, 'Europe/London');

    // A day later the windows slide (today's is rebuilt).
    const later = new Date(now.getTime() + 26 * HOUR);
    await db.insert(usageEventsTable).values(randomRows(4, 60, later, 26));
    await expectSameAsRows(db, rollup, later, 'Europe/London');

    await db.execute(sql`delete from usage_events where id % 7 = 0`);
    await db.execute(sql`update usage_events set source = 'web', user_id = null, chat_id = null, action = 'download'
      where id % 11 = 0 and source = 'telegram'`);
    await db.execute(sql`update usage_events set created_at = created_at - interval '3 days' where id % 13 = 0`);
    await expectSameAsRows(db, rollup, later, 'Europe/London');
  });

  it('buckets exactly in a zone 45 minutes off the hour, and follows a change of zone', async () => {
    const { db } = database();
    const rollup = createAnalyticsRollup({ db });
    await db.insert(usageEventsTable).values(randomRows(5, 400, now, 95 * 24));
    await expectSameAsRows(db, rollup, now, 'Asia/Kathmandu');
    await expectSameAsRows(db, rollup, now, 'America/New_York');
  });

  it('empties with the usage rows', async () => {
    const { db } = database();
    const rollup = createAnalyticsRollup({ db });
    await db.insert(usageEventsTable).values(randomRows(6, 50, now, 24));
    await expectSameAsRows(db, rollup, now, 'UTC');
    await db.execute(sql`truncate usage_events`);
    const week = resolvePeriod({ days: '7', now, timeZone: 'UTC' });
    const filter = { start: week.start, end: new Date(now.getTime() + 1), source: null, template: null };
    const core = createAnalyticsRepository({ db, rollup });
    expect((await core.totals(filter)).totalUses).toBe(0);
    const [left] = await db
      .execute(sql`select
        (select count(*) from usage_slot_counts) + (select count(*) from usage_window_users)
        + (select count(*) from usage_users) as n`)
      .then((r) => (r as unknown as { rows: { n: unknown }[] }).rows);
    expect(Number(left?.n)).toBe(0);
  });
});
