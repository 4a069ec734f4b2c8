import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { queryRows } from '../../adapters/db/db.js';
import { type AnalyticsFilter, analyticsWhere, cellWhere, slotUses } from './analytics.repository.js';
import { type AnalyticsRollup, createAnalyticsRollup } from './analytics-rollup.repository.js';

export const RETENTION_DAYS = [1, 7, 30] as const;

export interface RetentionCounts {
  /** Bot users whose first use ever fell in the period. */
  cohort: number;
  /** Per day N: of the cohort, those for whom day N has begun (eligible), and those who used the bot that day. */
  days: { day: number; eligible: number; returned: number }[];
}

export interface ActiveUserRow {
  id: number;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  uses: number;
  successes: number;
  lastAt: Date;
}

type Num = string | number;

/** The local calendar day `first_day + n` of the zone, as the instants it starts and ends at (DST-proof). */
function dayRange(n: number, timeZone: string): { from: SQL; to: SQL } {
  return {
    from: sql`((c.first_day + ${n}::int)::timestamp at time zone ${timeZone}::text)`,
    to: sql`((c.first_day + ${n + 1}::int)::timestamp at time zone ${timeZone}::text)`,
  };
}

/** Retention from usage_users: each bot user's first use ever and the days they came back, kept by the triggers. */
async function rolledUpRetention(
  db: Db,
  { start, end, timeZone, today }: { start: Date; end: Date; timeZone: string; today: string },
): Promise<Record<string, Num>> {
  const columns = RETENTION_DAYS.map((n) => {
    const eligible = sql`first_day + ${n}::int <= ${today}::date`;
    return sql`count(*) filter (where ${eligible}) as ${sql.raw(`e${n}`)},
      count(*) filter (where ${eligible} and ${sql.raw(`day${n}`)}) as ${sql.raw(`r${n}`)}`;
  });
  const [row] = await queryRows<Record<string, Num>>(
    db,
    sql`select count(*) as cohort, ${sql.join(columns, sql`, `)} from (
          select (first_at at time zone ${timeZone}::text)::date as first_day, day1, day7, day30 from usage_users
          where first_at >= ${start.toISOString()}::timestamptz and first_at < ${end.toISOString()}::timestamptz
        ) c`,
  );
  return row ?? {};
}

/** Retention from the rows (the first query form: per-user probes on `(user_id, created_at)`). */
async function rawRetention(
  db: Db,
  { start, end, timeZone, today }: { start: Date; end: Date; timeZone: string; today: string },
): Promise<Record<string, Num>> {
  const columns = RETENTION_DAYS.map((n) => {
    const { from, to } = dayRange(n, timeZone);
    const eligible = sql`c.first_day + ${n}::int <= ${today}::date`;
    return sql`count(*) filter (where ${eligible}) as ${sql.raw(`e${n}`)},
    count(*) filter (where ${eligible} and exists (select 1 from usage_events u where u.user_id = c.user_id
      and u.created_at >= ${from} and u.created_at < ${to})) as ${sql.raw(`r${n}`)}`;
  });
  const [row] = await queryRows<Record<string, Num>>(
    db,
    sql`with in_period as (
        select user_id, min(created_at) as first_at from usage_events
        where created_at >= ${start.toISOString()}::timestamptz and created_at < ${end.toISOString()}::timestamptz
          and user_id is not null
        group by user_id
      ), cohort as (
        select p.user_id, (p.first_at at time zone ${timeZone}::text)::date as first_day from in_period p
        where not exists (select 1 from usage_events e where e.user_id = p.user_id and e.created_at < p.first_at)
      )
      select count(*) as cohort, ${sql.join(columns, sql`, `)} from cohort c`,
  );
  return row ?? {};
}

/** Who uses the bot: retention, when they use it (weekday × hour), and the most active users. */
export function createAnalyticsAudienceRepository({
  db,
  rollup = createAnalyticsRollup({ db }),
}: {
  db: Db;
  rollup?: AnalyticsRollup;
}) {
  return {
    /**
     * Cohort = bot users whose first use ever lies in [start, end); returned on day N = any use on the local calendar
     * day N days after the first. Source and template filters do not apply: a user's coming back is any use.
     */
    async retention({
      start,
      end,
      timeZone,
      today,
    }: {
      start: Date;
      end: Date;
      timeZone: string;
      /** The zone's date now, `YYYY-MM-DD`: day N counts only once it has begun. */
      today: string;
    }): Promise<RetentionCounts> {
      const row = (await rollup.useZone(timeZone))
        ? await rolledUpRetention(db, { start, end, timeZone, today })
        : await rawRetention(db, { start, end, timeZone, today });
      return {
        cohort: Number(row?.cohort ?? 0),
        days: RETENTION_DAYS.map((n) => ({
          day: n,
          eligible: Number(row?.[`e${n}`] ?? 0),
          returned: Number(row?.[`r${n}`] ?? 0),
        })),
      };
    },

    /** Uses per ISO weekday (1 = Monday) and local hour, in the zone; only the cells that have any. */
    async heatmap(
      filter: AnalyticsFilter & { timeZone: string },
    ): Promise<{ weekday: number; hour: number; count: number }[]> {
      // Per local date and hour first (a hashed group of ≤ 90 × 24), then folded onto the weekdays.
      const local = sql`(at at time zone ${filter.timeZone}::text)`;
      const uses = rollup.slots
        ? slotUses(filter)
        : sql`select created_at as at, 1 as n from usage_events where ${analyticsWhere(filter)}`;
      const rows = await queryRows<{ weekday: Num; hour: Num; count: Num }>(
        db,
        sql`select extract(isodow from d)::int as weekday, h as hour, sum(n) as count from (
              select ${local}::date as d, extract(hour from ${local})::int as h, sum(n) as n
              from (${uses}) u group by 1, 2
            ) s group by 1, 2 order by 1, 2`,
      );
      return rows.map((r) => ({ weekday: Number(r.weekday), hour: Number(r.hour), count: Number(r.count) }));
    },

    /** Bot users by number of uses in the period, most first, with their names where the bot knows them. */
    async activeUsers({
      filter,
      page,
      pageSize,
    }: {
      filter: AnalyticsFilter;
      page: number;
      pageSize: number;
    }): Promise<{ items: ActiveUserRow[]; total: number }> {
      const win = await rollup.windowFor(filter);
      const offset = (page - 1) * pageSize;
      const ranked =
        win === null
          ? sql`select user_id, count(*) as uses, count(*) filter (where outcome = 'success') as successes,
                     max(created_at) as last_at, count(*) over () as total
              from usage_events where ${analyticsWhere(filter)} and user_id is not null
              group by user_id order by count(*) desc, user_id limit ${pageSize} offset ${offset}`
          : // The page from the rank index, the count apart (a window count would read every user of the cell).
            sql`select user_id, n as uses, successes, last_at,
                (select count(*) from usage_window_users where win = ${win} and ${cellWhere(filter)}) as total
              from usage_window_users where win = ${win} and ${cellWhere(filter)}
              order by n desc nulls last, user_id limit ${pageSize} offset ${offset}`; // nulls last: as the index is
      const rows = await queryRows<Record<string, Num | Date | null>>(
        db,
        sql`select a.*, b.username, b.first_name, b.last_name from (${ranked}) a
            left join bot_users b on b.chat_id = a.user_id
            order by a.uses desc, a.user_id`,
      );
      const text = (v: unknown) => (typeof v === 'string' ? v : null);
      return {
        items: rows.map((r) => ({
          id: Number(r.user_id),
          username: text(r.username),
          firstName: text(r.first_name),
          lastName: text(r.last_name),
          uses: Number(r.uses),
          successes: Number(r.successes),
          lastAt: new Date(r.last_at as string | Date),
        })),
        total: rows[0] ? Number(rows[0].total) : 0,
      };
    },
  };
}

export type AnalyticsAudienceRepository = ReturnType<typeof createAnalyticsAudienceRepository>;
