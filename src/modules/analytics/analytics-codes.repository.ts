import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/db.js';
import { queryRows } from '../../adapters/db/db.js';
import { displayName } from './analytics.models.js';
import { type AnalyticsFilter, analyticsWhere, cellWhere } from './analytics.repository.js';
import { type AnalyticsRollup, createAnalyticsRollup } from './analytics-rollup.repository.js';

export interface CodeTopUser {
  id: number;
  /** As the admin sees bot users everywhere (analytics.models.ts displayName). */
  name: string;
  count: number;
}

export interface PopularCode {
  coupon: string;
  count: number;
  unique_users: number;
  /** The bot user who generated this code most in the period (null: only web/API uses, no accounts). */
  top_user: CodeTopUser | null;
}

export interface InvalidCode {
  coupon: string;
  count: number;
  unique_users: number;
  last_tried_at: string;
}

export type CodeExportRow = {
  code: string;
  generations: number;
  unique_users: number;
  first_used_at: string;
  last_used_at: string;
};

export type UsageExportRow = {
  id: number;
  created_at: string;
  source: string;
  action: string;
  outcome: string;
  error_type: string | null;
  template: string | null;
  variant: string | null;
  code: string | null;
  user_id: number | null;
  chat_id: number | null;
  chat_type: string | null;
};

type Num = string | number;
const iso = (value: string | Date) => new Date(value).toISOString();

/** `q` as a literal substring for ILIKE: its own `%`, `_` and `\` match themselves. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The successful generations with a code, optionally those whose code contains `search`. */
function codeWhere(filter: AnalyticsFilter, search: string | null): SQL {
  const base = sql`${analyticsWhere(filter)} and code is not null and outcome = 'success'`;
  return search ? sql`${base} and code ilike ${containsPattern(search)}` : base;
}

/** A window's codes of one outcome in the filter's cell, optionally those containing `search`. */
function windowCodeWhere(win: number, filter: AnalyticsFilter, outcome: string, search: string | null): SQL {
  const base = sql`win = ${win} and ${cellWhere(filter)} and outcome = ${outcome}`;
  return search ? sql`${base} and code ilike ${containsPattern(search)}` : base;
}

/**
 * Codes and the raw rows behind analytics: paged lists (from the period's window when there is one, see
 * analytics-rollup.repository.ts), and exports a batch at a time (keyset, constant memory).
 */
export function createAnalyticsCodesRepository({
  db,
  rollup = createAnalyticsRollup({ db }),
}: {
  db: Db;
  rollup?: AnalyticsRollup;
}) {
  async function topUsers(
    filter: AnalyticsFilter,
    win: number | null,
    codes: string[],
  ): Promise<Map<string, CodeTopUser>> {
    if (codes.length === 0) return new Map();
    const list = sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    );
    const values = sql.join(
      codes.map((c) => sql`(${c})`),
      sql`, `,
    );
    // In a window: each code's first entry of the (code, uses desc, user) index.
    const tops =
      win === null
        ? sql`select distinct on (code) code, user_id, count(*) as n from usage_events
              where ${codeWhere(filter, null)} and code in (${list}) and user_id is not null
              group by code, user_id order by code, count(*) desc, user_id`
        : sql`select c.code, p.user_id, p.n from (values ${values}) as c(code)
              cross join lateral (select user_id, n from usage_window_code_users u
                where u.win = ${win} and ${cellWhere(filter)} and u.outcome = 'success' and u.code = c.code
                order by u.n desc nulls last, u.user_id limit 1) p`; // nulls last: as the index is
    const rows = await queryRows<{
      code: string;
      user_id: Num;
      n: Num;
      first_name: string | null;
      last_name: string | null;
      username: string | null;
    }>(
      db,
      sql`select t.code, t.user_id, t.n, b.first_name, b.last_name, b.username
          from (${tops}) t left join bot_users b on b.chat_id = t.user_id`,
    );
    return new Map(
      rows.map((r) => {
        const id = Number(r.user_id);
        const name = displayName({ id, firstName: r.first_name, lastName: r.last_name, username: r.username });
        return [r.code, { id, name, count: Number(r.n) }];
      }),
    );
  }

  async function countCodes(filter: AnalyticsFilter, win: number | null, search: string | null): Promise<number> {
    const [row] = await queryRows<{ n: Num }>(
      db,
      win === null
        ? sql`select count(distinct code) as n from usage_events where ${codeWhere(filter, search)}`
        : sql`select count(*) as n from usage_window_codes where ${windowCodeWhere(win, filter, 'success', search)}`,
    );
    return Number(row?.n ?? 0);
  }

  return {
    /** ANA-3: codes by successful generations, most first, `pageSize` a page, with unique users and the top user. */
    async popularCodes({
      filter,
      page,
      pageSize,
      search,
    }: {
      filter: AnalyticsFilter;
      page: number;
      pageSize: number;
      search: string | null;
    }): Promise<{ items: PopularCode[]; total: number }> {
      const win = await rollup.windowFor(filter);
      const offset = (page - 1) * pageSize;
      const rows = await queryRows<{ code: string; count: Num; users: Num; total: Num }>(
        db,
        win === null
          ? // Per (code, user) first, hashed, so unique users need no sort of the period's rows.
            sql`select code, sum(n) as count, count(user_id) as users, count(*) over () as total from (
              select code, user_id, count(*) as n from usage_events where ${codeWhere(filter, search)} group by 1, 2
            ) s group by code order by sum(n) desc, code limit ${pageSize} offset ${offset}`
          : sql`select code, n as count, users, count(*) over () as total from usage_window_codes
              where ${windowCodeWhere(win, filter, 'success', search)}
              order by n desc, code limit ${pageSize} offset ${offset}`,
      );
      const tops = await topUsers(
        filter,
        win,
        rows.map((r) => r.code),
      );
      // Past the last page the window count has no row to ride on.
      const total = rows[0] ? Number(rows[0].total) : page > 1 ? await countCodes(filter, win, search) : 0;
      return {
        items: rows.map((r) => ({
          coupon: r.code,
          count: Number(r.count),
          unique_users: Number(r.users),
          top_user: tops.get(r.code) ?? null,
        })),
        total,
      };
    },

    /** The refused codes people tried most: a typo in a campaign shows up here. */
    async invalidCodes(filter: AnalyticsFilter, limit = 10): Promise<InvalidCode[]> {
      const win = await rollup.windowFor(filter);
      const rows = await queryRows<{ code: string; count: Num; users: Num; last_at: string | Date }>(
        db,
        win === null
          ? sql`select code, count(*) as count, count(distinct user_id) as users, max(created_at) as last_at
            from usage_events where ${analyticsWhere(filter)} and outcome = 'invalid' and code is not null
            group by code order by count(*) desc, code limit ${limit}`
          : sql`select code, n as count, users, last_at from usage_window_codes
            where ${windowCodeWhere(win, filter, 'invalid', null)} order by n desc, code limit ${limit}`,
      );
      return rows.map((r) => ({
        coupon: r.code,
        count: Number(r.count),
        unique_users: Number(r.users),
        last_tried_at: iso(r.last_at),
      }));
    },

    /** Every code of the period (the CSV), alphabetical, `batchSize` codes a query. */
    async *eachCode(filter: AnalyticsFilter, batchSize = 2000): AsyncGenerator<CodeExportRow> {
      let after: string | null = null;
      for (;;) {
        const keyset: SQL = after === null ? sql`` : sql` and code > ${after}`;
        const rows: { code: string; count: Num; users: Num; first_at: string | Date; last_at: string | Date }[] =
          await queryRows(
            db,
            sql`select code, count(*) as count, count(distinct user_id) as users,
                       min(created_at) as first_at, max(created_at) as last_at
                from usage_events where ${codeWhere(filter, null)}${keyset}
                group by code order by code limit ${batchSize}`,
          );
        for (const r of rows)
          yield {
            code: r.code,
            generations: Number(r.count),
            unique_users: Number(r.users),
            first_used_at: iso(r.first_at),
            last_used_at: iso(r.last_at),
          };
        if (rows.length < batchSize) return;
        after = rows.at(-1)!.code;
      }
    },

    /** Every usage row of the period (the CSV), oldest first by id, `batchSize` rows a query. */
    async *eachUsageRow(filter: AnalyticsFilter, batchSize = 5000): AsyncGenerator<UsageExportRow> {
      let after = 0;
      for (;;) {
        const rows = await queryRows<Record<string, string | number | Date | null>>(
          db,
          sql`select id, created_at, source, action, outcome, error_type, template_slug, variant, code,
                     user_id, chat_id, chat_type
              from usage_events where ${analyticsWhere(filter)} and id > ${after}
              order by id limit ${batchSize}`,
        );
        for (const r of rows) yield toUsageExportRow(r);
        if (rows.length < batchSize) return;
        after = Number(rows.at(-1)!.id);
      }
    },
  };
}

function toUsageExportRow(r: Record<string, string | number | Date | null>): UsageExportRow {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id),
    created_at: iso(r.created_at as string | Date),
    source: String(r.source),
    action: String(r.action),
    outcome: String(r.outcome),
    error_type: text(r.error_type),
    template: text(r.template_slug),
    variant: text(r.variant),
    code: text(r.code),
    user_id: num(r.user_id),
    chat_id: num(r.chat_id),
    chat_type: text(r.chat_type),
  };
}

export type AnalyticsCodesRepository = ReturnType<typeof createAnalyticsCodesRepository>;
