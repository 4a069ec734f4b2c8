import { sql, TransactionRollbackError } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../../adapters/db/db.js';
import { queryRows } from '../../adapters/db/db.js';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import { silentLogger } from '../../shared/logger.js';
import type { UsageOutcome, UsageSource } from '../usage/usage.models.js';
import { usageEventsTable } from '../usage/usage.table.js';
import { type PeriodDays, resolvePeriod } from './analytics.models.js';
import { type AnalyticsFilter, createAnalyticsRepository } from './analytics.repository.js';
import { createAnalyticsAudienceRepository } from './analytics-audience.repository.js';
import { createAnalyticsCodesRepository } from './analytics-codes.repository.js';
import {
  type AnalyticsRollup,
  type AnalyticsWindowBuilder,
  createAnalyticsRollup,
  rawUsageRows,
} from './analytics-rollup.repository.js';
import { bringAnalyticsWindowsUpToDate } from './analytics-windows.usecases.js';
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

type Rollup = AnalyticsRollup & AnalyticsWindowBuilder;

/** The filter of a period as a request at `now` reads it. */
function periodFilter(days: PeriodDays, now: Date, timeZone: string, cell: (typeof FILTERS)[number]): AnalyticsFilter {
  const range = resolvePeriod({ days, now, timeZone });
  const end = range.end.getTime() > now.getTime() ? new Date(now.getTime() + 1) : range.end;
  return { start: range.start, end, ...cell };
}

/** The worker's job, run here at `now`. */
function runWindowsJob(rollup: Rollup, now: Date, timeZone: string) {
  return bringAnalyticsWindowsUpToDate({ analyticsWindows: rollup, timeZone, now: () => now, logger: silentLogger });
}

/**
 * Every period × filter read through the rollup equals the same read of the rows: first as the windows are (behind,
 * dropped or missing: the rows are read), then after the worker's job, when the windows were really used.
 */
async function expectSameAsRows(db: Db, rollup: Rollup, now: Date, timeZone: string) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  for (const built of [false, true]) {
    if (built) await runWindowsJob(rollup, now, timeZone);
    // Before the job, two filters (all, and one source): the rows are read, as for every filter.
    for (const days of PERIODS)
      for (const cell of built ? FILTERS : FILTERS.slice(0, 2)) {
        const filter = periodFilter(days, now, timeZone, cell);
        const expected = await dashboard(db, rawUsageRows, filter, timeZone, today);
        const label = `${days} ${JSON.stringify(cell)}${built ? '' : ' before the job'}`;
        expect(await dashboard(db, rollup, filter, timeZone, today), label).toEqual(expected);
        if (built && days !== 'yesterday') expect(await rollup.windowFor(filter)).not.toBeNull();
      }
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
    // Four rounds of every period and filter, twice each: 15 s alone on PGlite, more beside other test files.
  }, 90_000);

  it('answers a request whose window is behind from the rows, asks for the build, and reads the window after it', async () => {
    const { db } = database();
    let asked = 0;
    const rollup = createAnalyticsRollup({ db, requestBuild: async () => void asked++ });
    await db.insert(usageEventsTable).values(randomRows(7, 300, now, 30 * 24));
    const today = '2026-10-27';
    const week = periodFilter('7', now, 'Europe/London', FILTERS[0]);
    const expected = await dashboard(db, rawUsageRows, week, 'Europe/London', today);

    // No window yet: the rows answer, and the request asks (it never builds: the window is still missing after).
    expect(await dashboard(db, rollup, week, 'Europe/London', today)).toEqual(expected);
    expect(asked).toBeGreaterThan(0);
    expect(await queryRows(db, sql`select win from usage_windows`)).toEqual([]);

    await runWindowsJob(rollup, now, 'Europe/London');
    asked = 0;
    expect(await rollup.windowFor(week)).toBe(7);
    expect(await dashboard(db, rollup, week, 'Europe/London', today)).toEqual(expected);
    expect(asked).toBe(0);

    // A day on, the windows are behind until the job slides them: the rows answer the new day meanwhile.
    const later = new Date(now.getTime() + 24 * HOUR);
    const nextWeek = periodFilter('7', later, 'Europe/London', FILTERS[0]);
    expect(await rollup.windowFor(nextWeek)).toBeNull();
    expect(asked).toBe(1);
    const report = await runWindowsJob(rollup, later, 'Europe/London');
    expect(report.windows.map((w) => w.outcome)).toEqual(['rebuilt', 'slid', 'slid', 'slid']);
    expect(await rollup.windowFor(nextWeek)).toBe(7);

    // A past period (yesterday, today's window already past it) reads the rows and asks for nothing.
    asked = 0;
    const yesterday = periodFilter('yesterday', later, 'Europe/London', FILTERS[1]);
    expect(await rollup.windowFor(yesterday)).toBeNull();
    expect(asked).toBe(0);
    const rows = await dashboard(db, rawUsageRows, yesterday, 'Europe/London', today);
    expect(await dashboard(db, rollup, yesterday, 'Europe/London', today)).toEqual(rows);
  });

  // PGlite has one connection: there every query waits for a build's transaction by design (README: Analytics).
  it.skipIf(kind === 'pglite')(
    'answers at once from what was committed while a build holds the window tables',
    async () => {
      const { db } = database();
      const rollup = createAnalyticsRollup({ db });
      await db.insert(usageEventsTable).values(randomRows(8, 300, now, 30 * 24));
      await runWindowsJob(rollup, now, 'Europe/London');
      const week = periodFilter('7', now, 'Europe/London', FILTERS[1]);
      const day = periodFilter('today', now, 'Europe/London', FILTERS[0]);
      const expected = await dashboard(db, rawUsageRows, week, 'Europe/London', '2026-10-27');

      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding = () => {};
      const locked = new Promise<void>((resolve) => {
        holding = resolve;
      });
      // What a build does first, on another connection of the pool, left open: the locks, a moved and an emptied window.
      const building = db
        .transaction(async (tx) => {
          await tx.execute(sql`lock table usage_window_counts, usage_window_users, usage_window_codes,
          usage_window_code_users in share row exclusive mode`);
          await tx.execute(sql`select start_at from usage_windows for update`);
          await tx.execute(sql`update usage_windows set start_at = start_at - interval '1 day' where win = 1`);
          for (const table of ['usage_window_counts', 'usage_window_users', 'usage_window_codes'])
            await tx.execute(sql`delete from ${sql.identifier(table)} where win = 7`);
          holding();
          await held;
          tx.rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof TransactionRollbackError)) throw error;
        });
      await locked;
      try {
        expect(await rollup.windowFor(day)).toBe(1);
        expect(await rollup.windowFor(week)).toBe(7);
        expect(await dashboard(db, rollup, week, 'Europe/London', '2026-10-27')).toEqual(expected);
      } finally {
        release();
        await building;
      }
    },
  );

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
