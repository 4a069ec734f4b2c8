import { expect, it } from 'vitest';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import type { UsageOutcome, UsageSource } from '../usage/usage.models.js';
import { usageEventsTable } from '../usage/usage.table.js';
import { resolvePeriod, zeroFill } from './analytics.models.js';
import { createAnalyticsRepository } from './analytics.repository.js';

const London = 'Europe/London';

function row(at: string, source: UsageSource, outcome: UsageOutcome, userId: number | null = null) {
  const action = source === 'web' ? 'download' : source === 'api' ? 'render' : 'command';
  return {
    createdAt: new Date(at),
    source,
    action,
    outcome,
    userId,
    templateSlug: 'summer',
    errorType: outcome === 'invalid' ? 'invalid_coupon' : outcome === 'failed' ? 'render_failed' : null,
  } as const;
}

describeEachDatabase('analytics repository', (kind) => {
  const database = useTestDatabase(kind);

  it('buckets the autumn DST day into 24 local hour slots, the repeated 01:00 counting both of its hours', async () => {
    const { db } = database();
    await db.insert(usageEventsTable).values([
      row('2026-10-25T00:30:00Z', 'telegram', 'success', 1), // 01:30 BST
      row('2026-10-25T01:30:00Z', 'telegram', 'success', 1), // 01:30 GMT
      row('2026-10-25T01:40:00Z', 'web', 'invalid'),
      row('2026-10-25T23:59:00Z', 'api', 'failed'), // 23:59 GMT, still the 25th
      row('2026-10-26T00:01:00Z', 'telegram', 'success', 2), // the 26th
    ]);
    const range = resolvePeriod({ days: 'yesterday', now: new Date('2026-10-26T12:00:00Z'), timeZone: London });
    const repo = createAnalyticsRepository({ db });
    const filter = { start: range.start, end: range.end, source: null, template: null };
    const series = zeroFill(range.buckets, await repo.series({ ...filter, granularity: 'hourly', timeZone: London }));
    expect(series).toHaveLength(24);
    expect(series.filter((b) => b.count > 0)).toEqual([
      { label: '01:00', date: '2026-10-25T00:00:00.000Z', count: 3 },
      { label: '23:00', date: '2026-10-25T23:00:00.000Z', count: 1 },
    ]);
    expect(await repo.totals(filter)).toEqual({
      totalUses: 3,
      successfulUses: 2,
      invalidUses: 1,
      unavailableUses: 0,
      uniqueUsers: 1,
    });
    expect((await repo.totals({ ...filter, source: 'telegram' })).totalUses).toBe(2);
    expect(await repo.errors(filter)).toEqual([
      { type: 'invalid_coupon', count: 1 },
      { type: 'render_failed', count: 1 },
    ]);
    expect(await repo.popularTemplates(filter)).toEqual([{ template: 'summer', count: 2 }]);
  });

  it('keeps the skipped spring-forward hour as an empty 01:00 slot', async () => {
    const { db } = database();
    await db.insert(usageEventsTable).values([
      row('2026-03-29T00:30:00Z', 'telegram', 'success', 1), // 00:30 GMT
      row('2026-03-29T01:30:00Z', 'web', 'success'), // 02:30 BST: the clocks went from 01:00 to 02:00
      row('2026-03-29T22:59:00Z', 'api', 'success'), // 23:59 BST, still the 29th
    ]);
    const range = resolvePeriod({ days: 'yesterday', now: new Date('2026-03-30T12:00:00Z'), timeZone: London });
    const repo = createAnalyticsRepository({ db });
    const filter = { start: range.start, end: range.end, source: null, template: null };
    const series = zeroFill(range.buckets, await repo.series({ ...filter, granularity: 'hourly', timeZone: London }));
    expect(series.map((b) => b.label)).toHaveLength(24);
    expect(series.slice(0, 3).map((b) => b.count)).toEqual([1, 0, 1]);
    expect(series[23]).toEqual({ label: '23:00', date: '2026-03-29T22:00:00.000Z', count: 1 });
    expect((await repo.totals(filter)).totalUses).toBe(3);
  });

  it('counts daily buckets by local calendar day across midnight', async () => {
    const { db } = database();
    await db.insert(usageEventsTable).values([
      row('2026-07-08T22:59:00Z', 'web', 'success'), // 23:59 BST on the 8th
      row('2026-07-08T23:01:00Z', 'web', 'success'), // 00:01 BST on the 9th
    ]);
    const range = resolvePeriod({ days: '7', now: new Date('2026-07-10T12:00:00Z'), timeZone: London });
    const repo = createAnalyticsRepository({ db });
    const counts = await repo.series({
      start: range.start,
      end: range.end,
      source: null,
      template: null,
      granularity: 'daily',
      timeZone: London,
    });
    expect(zeroFill(range.buckets, counts).map((b) => b.count)).toEqual([0, 0, 0, 0, 1, 1, 0]);
  });
});
