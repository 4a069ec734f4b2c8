import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { queryRows } from '../../adapters/db/db.js';

/**
 * What the analytics queries read instead of usage_events (tables in analytics-rollup.table.ts, kept by the triggers
 * of migration 0011). Windows are built here, when a period first asks for one, and slid as its start moves on.
 */
export interface AnalyticsRollup {
  /** The window answering [start, end) exactly (built or slid first), or null: read the usage rows instead. */
  windowFor(range: { start: Date; end: Date }): Promise<number | null>;
  /** Whether series and heat map read the 15-minute slots (plus the rows of the partial slots at either end). */
  readonly slots: boolean;
  /** Makes usage_users count local days in `timeZone`; false: read the usage rows instead. */
  useZone(timeZone: string): Promise<boolean>;
}

/** No pre-aggregation at all: the first queries, on the raw rows (the reference the rollup is tested against). */
export const rawUsageRows: AnalyticsRollup = {
  windowFor: async () => null,
  slots: false,
  useZone: async () => false,
};

const SLOT_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * [start, end) as whole slots [from, to) and the partial slots at its ends, whose rows are read as they are. A range
 * inside one slot has no whole slot: from = to = end, so the rows [start, end) are read once.
 */
export function slotSpan({ start, end }: { start: Date; end: Date }): { from: Date; to: Date } {
  const from = Math.ceil(start.getTime() / SLOT_MS) * SLOT_MS;
  const to = Math.floor(end.getTime() / SLOT_MS) * SLOT_MS;
  return to > from ? { from: new Date(from), to: new Date(to) } : { from: end, to: end };
}

/** One window per kind of period (today, a week, a month, a quarter), so each slides on its own. */
function windowKey({ start, end }: { start: Date; end: Date }): number {
  const days = (end.getTime() - start.getTime()) / DAY_MS;
  return days <= 1.5 ? 1 : days <= 10 ? 7 : days <= 40 ? 30 : 90;
}

/** Each usage row counts in four cells: its source or all ('*') × its template ('' none) or all. */
const CUBE = sql.raw(`cross join lateral (values (r.source, coalesce(r.template_slug, '')), (r.source, '*'),
  ('*', coalesce(r.template_slug, '')), ('*', '*')) as c(source, template)`);

/** The window tables' aggregates of the usage rows matching `where`, keyed as the tables are (without `win`). */
function aggregates(where: SQL) {
  return {
    counts: sql`select c.source, c.template, r.outcome, coalesce(r.error_type, '') as error_type, count(*) as n
      from usage_events r ${CUBE} where ${where} group by 1, 2, 3, 4`,
    users: sql`select c.source, c.template, r.user_id, count(*) as n,
        count(*) filter (where r.outcome = 'success') as successes, max(r.created_at) as last_at
      from usage_events r ${CUBE} where ${where} and r.user_id is not null group by 1, 2, 3`,
    codes: sql`select c.source, c.template, r.outcome, r.code, count(*) as n, count(distinct r.user_id) as users,
        max(r.created_at) as last_at
      from usage_events r ${CUBE}
      where ${where} and r.code is not null and r.outcome in ('success', 'invalid') group by 1, 2, 3, 4`,
    pairs: sql`select c.source, c.template, r.outcome, r.code, r.user_id, count(*) as n
      from usage_events r ${CUBE}
      where ${where} and r.code is not null and r.user_id is not null and r.outcome in ('success', 'invalid')
      group by 1, 2, 3, 4, 5`,
  };
}

const WINDOW_TABLES = ['usage_window_counts', 'usage_window_users', 'usage_window_codes', 'usage_window_code_users'];

const since = (at: Date) => sql`r.created_at >= ${at.toISOString()}::timestamptz`;
const between = (from: Date, to: Date) =>
  sql`r.created_at >= ${from.toISOString()}::timestamptz and r.created_at < ${to.toISOString()}::timestamptz`;

/** Window `win` from scratch: every usage row at or after `start`. */
async function rebuild(tx: Db, win: number, start: Date): Promise<void> {
  for (const table of WINDOW_TABLES) await tx.execute(sql`delete from ${sql.identifier(table)} where win = ${win}`);
  await tx.execute(sql`insert into usage_windows (win, start_at) values (${win}, ${start.toISOString()}::timestamptz)
    on conflict (win) do update set start_at = excluded.start_at`);
  const a = aggregates(since(start));
  await tx.execute(sql`insert into usage_window_counts (win, source, template, outcome, error_type, n)
    select ${win}, a.* from (${a.counts}) a`);
  await tx.execute(sql`insert into usage_window_users (win, source, template, user_id, n, successes, last_at)
    select ${win}, a.* from (${a.users}) a`);
  await tx.execute(sql`insert into usage_window_codes (win, source, template, outcome, code, n, users, last_at)
    select ${win}, a.* from (${a.codes}) a`);
  await tx.execute(sql`insert into usage_window_code_users (win, source, template, outcome, code, user_id, n)
    select ${win}, a.* from (${a.pairs}) a`);
}

/**
 * Window `win` moved from `from` to the later `start`: the rows in between are taken out. A latest use (`last_at`)
 * stays right: the rows left are all later than the ones taken out. The day's aggregates and the cells they empty go
 * through temporary tables the planner has statistics for: joined straight to a freshly updated window, it took the
 * emptied cells for a handful and spent minutes on a nested loop.
 */
async function slide(tx: Db, win: number, from: Date, start: Date): Promise<void> {
  const a = aggregates(between(from, start));
  await tx.execute(sql`update usage_windows set start_at = ${start.toISOString()}::timestamptz where win = ${win}`);
  const parts = [
    { table: 'usage_window_counts', agg: a.counts, keys: ['source', 'template', 'outcome', 'error_type'], less: ['n'] },
    { table: 'usage_window_users', agg: a.users, keys: ['source', 'template', 'user_id'], less: ['n', 'successes'] },
    {
      table: 'usage_window_code_users',
      agg: a.pairs,
      keys: ['source', 'template', 'outcome', 'code', 'user_id'],
      less: ['n'],
    },
    { table: 'usage_window_codes', agg: a.codes, keys: ['source', 'template', 'outcome', 'code'], less: ['n'] },
  ];
  for (const [i, { table, agg, keys, less }] of parts.entries()) {
    const day = sql.raw(`slide_day_${i}`);
    const gone = sql.raw(`slide_gone_${i}`);
    const t = sql.identifier(table);
    const on = sql.raw(keys.map((k) => `t.${k} = d.${k}`).join(' and '));
    const keyList = sql.raw(keys.join(', '));
    await tx.execute(sql`create temporary table ${day} on commit drop as ${agg}`);
    await tx.execute(sql`analyze ${day}`);
    await tx.execute(sql`create temporary table ${gone} on commit drop as select ${keyList} from ${day} limit 0`);
    await tx.execute(sql`with changed as (
        update ${t} t set ${sql.raw(less.map((c) => `${c} = t.${c} - d.${c}`).join(', '))} from ${day} d
        where t.win = ${win} and ${on}
        returning ${sql.raw(keys.map((k) => `t.${k}`).join(', '))}, t.n
      )
      insert into ${gone} select ${keyList} from changed where n <= 0`);
    await tx.execute(sql`analyze ${gone}`);
    await tx.execute(sql`delete from ${t} t using ${gone} d where t.win = ${win} and ${on}`);
    // A (code, user) pair gone from the window takes one from its code's distinct users.
    if (table === 'usage_window_code_users')
      await tx.execute(sql`update usage_window_codes t set users = t.users - d.k
        from (select source, template, outcome, code, count(*) as k from ${gone} group by 1, 2, 3, 4) d
        where t.win = ${win} and t.source = d.source and t.template = d.template and t.outcome = d.outcome
          and t.code = d.code`);
  }
}

type Stamp = string | Date;

export function createAnalyticsRollup({ db }: { db: Db }): AnalyticsRollup {
  // The dashboard asks for the same window from nine queries at once: one resolution serves them all.
  const pending = new Map<string, Promise<number | null>>();

  async function resolve(range: { start: Date; end: Date }): Promise<number | null> {
    // A window counts everything from its start on: a row past the period's end (a clock ahead of ours, or a past
    // period) would be counted, so such periods read the rows.
    const [later] = await queryRows<{ later: boolean }>(
      db,
      sql`select exists (select 1 from usage_events where created_at >= ${range.end.toISOString()}::timestamptz)
            as later`,
    );
    if (later?.later) return null;
    const win = windowKey(range);
    const at = range.start.getTime();
    const [current] = await queryRows<{ start_at: Stamp }>(
      db,
      sql`select start_at from usage_windows where win = ${win}`,
    );
    if (current && new Date(current.start_at).getTime() === at) return win;
    let rebuilt = false;
    await db.transaction(async (tx) => {
      // Inserts wait while the window moves (their trigger writes these tables), so none is counted twice or lost.
      await tx.execute(sql`lock table usage_window_counts, usage_window_users, usage_window_codes,
        usage_window_code_users in share row exclusive mode`);
      const [locked] = await queryRows<{ start_at: Stamp }>(
        tx,
        sql`select start_at from usage_windows where win = ${win} for update`,
      );
      const from = locked ? new Date(locked.start_at).getTime() : null;
      if (from === at) return;
      // Sliding costs the rows left behind, rebuilding the rows kept: slide only when fewer are left behind.
      if (from !== null && from < at && at - from < range.end.getTime() - at)
        await slide(tx, win, new Date(from), range.start);
      else {
        await rebuild(tx, win, range.start);
        rebuilt = true;
      }
    });
    // After a rebuild, statistics and the visibility map at once (the counts are index-only scans); a day's slide
    // changes little, and autovacuum follows it.
    if (rebuilt) for (const table of WINDOW_TABLES) await db.execute(sql`vacuum analyze ${sql.identifier(table)}`);
    return win;
  }

  const zones = new Map<string, Promise<boolean>>();
  async function switchZone(timeZone: string): Promise<boolean> {
    const [state] = await queryRows<{ zone: string }>(db, sql`select zone from usage_rollup_state where id = 1`);
    if (state?.zone === timeZone) return true;
    await db.transaction(async (tx) => {
      // The insert trigger recomputes users in the zone it reads: none may run while the zone changes.
      await tx.execute(sql`lock table usage_users in exclusive mode`);
      const [locked] = await queryRows<{ zone: string }>(
        tx,
        sql`select zone from usage_rollup_state where id = 1 for update`,
      );
      if (locked?.zone === timeZone) return;
      await tx.execute(sql`insert into usage_rollup_state (id, zone) values (1, ${timeZone})
        on conflict (id) do update set zone = excluded.zone`);
      await tx.execute(sql`select usage_users_refresh(array(select user_id from usage_users))`);
    });
    return true;
  }

  return {
    slots: true,
    windowFor(range) {
      const key = `${range.start.getTime()}|${range.end.getTime()}`;
      let found = pending.get(key);
      if (!found) {
        found = resolve(range).finally(() => pending.delete(key));
        pending.set(key, found);
      }
      return found;
    },
    useZone(timeZone) {
      let done = zones.get(timeZone);
      if (!done) {
        done = switchZone(timeZone).finally(() => zones.delete(timeZone));
        zones.set(timeZone, done);
      }
      return done;
    },
  };
}
