import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { queryRows } from '../../adapters/db/db.js';
import type { UsageSource } from '../usage/usage.models.js';
import { type AnalyticsRollup, createAnalyticsRollup, slotSpan } from './analytics-rollup.repository.js';

export interface AnalyticsFilter {
  start: Date;
  end: Date;
  source: UsageSource | null;
  template: string | null;
}

export interface UsageTotals {
  totalUses: number;
  successfulUses: number;
  invalidUses: number;
  unavailableUses: number;
  uniqueUsers: number;
}

export interface AnalyticsRepository {
  totals(filter: AnalyticsFilter): Promise<UsageTotals>;
  popularTemplates(filter: AnalyticsFilter): Promise<{ template: string; count: number }[]>;
  errors(filter: AnalyticsFilter): Promise<{ type: string; count: number }[]>;
  /** Counts per bucket key (see analytics.models.ts Bucket.key), bucketed in `timeZone`. */
  series(
    filter: AnalyticsFilter & { granularity: 'hourly' | 'daily'; timeZone: string },
  ): Promise<{ key: string; count: number }[]>;
}

/** The period's rows, by source and template when asked. Every value is a bound parameter; the zone is one too. */
export function analyticsWhere({ start, end, source, template }: AnalyticsFilter): SQL {
  const parts = [
    sql`created_at >= ${start.toISOString()}::timestamptz`,
    sql`created_at < ${end.toISOString()}::timestamptz`,
  ];
  if (source) parts.push(sql`source = ${source}`);
  if (template) parts.push(sql`template_slug = ${template}`);
  return sql.join(parts, sql` and `);
}

/** The rollup cell of a filter: its source and template, or all ('*'). */
export function cellWhere({ source, template }: Pick<AnalyticsFilter, 'source' | 'template'>): SQL {
  return sql`source = ${source ?? '*'} and template = ${template ?? '*'}`;
}

/**
 * The period's uses as (instant, count) rows: the 15-minute slots it covers whole, plus the rows of the partial
 * slots at its ends (each slot lies in one local hour of any real zone, so local buckets are exact sums).
 */
export function slotUses(filter: AnalyticsFilter): SQL {
  const { from, to } = slotSpan(filter);
  return sql`select slot as at, n from usage_slot_counts
      where ${cellWhere(filter)} and slot >= ${from.toISOString()}::timestamptz and slot < ${to.toISOString()}::timestamptz
    union all select created_at, 1 from usage_events where ${analyticsWhere({ ...filter, end: from })}
    union all select created_at, 1 from usage_events where ${analyticsWhere({ ...filter, start: to })}`;
}

type Num = string | number;

async function windowTotals(db: Db, win: number, filter: AnalyticsFilter): Promise<UsageTotals> {
  const [row] = await queryRows<Record<string, Num | null>>(
    db,
    sql`select sum(n) filter (where outcome <> 'invalid' and outcome <> 'unavailable') as total,
               sum(n) filter (where outcome = 'success') as success,
               sum(n) filter (where outcome = 'invalid') as invalid,
               sum(n) filter (where outcome = 'unavailable') as unavailable,
               (select count(*) from usage_window_users where win = ${win} and ${cellWhere(filter)}) as users
        from usage_window_counts where win = ${win} and ${cellWhere(filter)}`,
  );
  return totalsOf(row);
}

/** The totals query's row (rollup or rows: same columns) as numbers; no row is all zeros. */
function totalsOf(row: Record<string, Num | null> | undefined): UsageTotals {
  return {
    totalUses: Number(row?.total ?? 0),
    successfulUses: Number(row?.success ?? 0),
    invalidUses: Number(row?.invalid ?? 0),
    unavailableUses: Number(row?.unavailable ?? 0),
    uniqueUsers: Number(row?.users ?? 0),
  };
}

/**
 * `rollup`: what to read instead of the rows (the window of the period, the 15-minute slots); the rows themselves
 * when it has nothing for a period.
 */
export function createAnalyticsRepository({
  db,
  rollup = createAnalyticsRollup({ db }),
}: {
  db: Db;
  rollup?: AnalyticsRollup;
}): AnalyticsRepository {
  return {
    async totals(filter) {
      const win = await rollup.windowFor(filter);
      if (win !== null) return windowTotals(db, win, filter);
      const [row] = await queryRows<Record<string, string | number>>(
        db,
        sql`select count(*) filter (where outcome <> 'invalid' and outcome <> 'unavailable') as total,
                   count(*) filter (where outcome = 'success') as success,
                   count(*) filter (where outcome = 'invalid') as invalid,
                   count(*) filter (where outcome = 'unavailable') as unavailable,
                   (select count(*) from (select distinct user_id from usage_events
                      where ${analyticsWhere(filter)} and user_id is not null) u) as users
            from usage_events where ${analyticsWhere(filter)}`,
      );
      return totalsOf(row);
    },
    async popularTemplates(filter) {
      const win = await rollup.windowFor(filter);
      if (win !== null) {
        const rows = await queryRows<{ template: string; count: Num }>(
          db,
          sql`select template, sum(n) as count from usage_window_counts
              where win = ${win} and source = ${filter.source ?? '*'} and outcome = 'success'
                and ${filter.template ? sql`template = ${filter.template}` : sql`template <> '*' and template <> ''`}
              group by 1 order by 2 desc, 1 limit 10`,
        );
        return rows.map((r) => ({ template: r.template, count: Number(r.count) }));
      }
      const rows = await queryRows<{ template: string; count: string | number }>(
        db,
        sql`select template_slug as template, count(*) as count from usage_events
            where ${analyticsWhere(filter)} and template_slug is not null and outcome = 'success'
            group by 1 order by 2 desc, 1 limit 10`,
      );
      return rows.map((r) => ({ template: r.template, count: Number(r.count) }));
    },
    async errors(filter) {
      const win = await rollup.windowFor(filter);
      if (win !== null) {
        const rows = await queryRows<{ type: string; count: Num }>(
          db,
          sql`select error_type as type, sum(n) as count from usage_window_counts
              where win = ${win} and ${cellWhere(filter)} and error_type <> '' group by 1 order by 2 desc, 1`,
        );
        return rows.map((r) => ({ type: r.type, count: Number(r.count) }));
      }
      const rows = await queryRows<{ type: string; count: string | number }>(
        db,
        sql`select error_type as type, count(*) as count from usage_events
            where ${analyticsWhere(filter)} and error_type is not null group by 1 order by 2 desc, 1`,
      );
      return rows.map((r) => ({ type: r.type, count: Number(r.count) }));
    },
    async series({ granularity, timeZone, ...filter }) {
      // Hourly: the local hour of day, so a DST day still has 24 slots (see analytics.models.ts); daily: the local
      // date, grouped as a date (hashed) and only then written out.
      const at = rollup.slots ? sql`at` : sql`created_at`;
      const local = sql`(${at} at time zone ${timeZone}::text)`;
      const bucket = granularity === 'hourly' ? sql`extract(hour from ${local})::int` : sql`${local}::date`;
      const uses = rollup.slots
        ? sql`(${slotUses(filter)}) u`
        : sql`(select created_at, 1 as n from usage_events where ${analyticsWhere(filter)}) u`;
      const rows = await queryRows<{ key: string; count: string | number }>(
        db,
        sql`select ${granularity === 'hourly' ? sql`b::text` : sql`to_char(b, 'YYYY-MM-DD')`} as key, count from (
              select ${bucket} as b, sum(n) as count from ${uses} group by 1
            ) s order by 1`,
      );
      return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
    },
  };
}
