import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../src/adapters/db/db.js';
import { type PeriodDays, resolvePeriod } from '../src/modules/analytics/analytics.models.js';
import { createAnalyticsRepository } from '../src/modules/analytics/analytics.repository.js';
import { createAnalyticsAudienceRepository } from '../src/modules/analytics/analytics-audience.repository.js';
import { createAnalyticsCodesRepository } from '../src/modules/analytics/analytics-codes.repository.js';
import { createAnalyticsRollup, rawUsageRows } from '../src/modules/analytics/analytics-rollup.repository.js';

export interface ExplainedQuery {
  /** `rows`: the queries on usage_events (before the rollup); `rollup`: what the dashboard runs now. */
  reads: 'rows' | 'rollup';
  period: PeriodDays;
  query: string;
  execution_ms: number;
  /** The plan's top nodes, indented as PostgreSQL prints them. */
  plan: string[];
}

/**
 * EXPLAIN ANALYZE of every query the dashboard and the exports run: the repositories are handed a Db whose `execute`
 * asks for the plan instead (their answers are then nonsense, which is fine here).
 */
export async function explainAnalytics({
  db,
  timeZone,
  periods = ['today', '90'],
  reads = ['rows', 'rollup'],
}: {
  db: Db;
  timeZone: string;
  periods?: PeriodDays[];
  reads?: ('rows' | 'rollup')[];
}): Promise<ExplainedQuery[]> {
  const results: ExplainedQuery[] = [];
  let current: { reads: 'rows' | 'rollup'; period: PeriodDays; query: string } = {
    reads: 'rows',
    period: 'today',
    query: '',
  };
  const explaining = new Proxy(db, {
    get(target, property) {
      if (property !== 'execute') return Reflect.get(target, property);
      return async (query: SQL) => {
        const answer = (await target.execute(sql`explain (analyze, buffers) ${query}`)) as unknown as {
          rows: Record<string, string>[];
        };
        const lines = answer.rows.map((r) => r['QUERY PLAN'] ?? Object.values(r)[0] ?? '');
        const time = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? Number.NaN);
        results.push({
          ...current,
          execution_ms: time,
          plan: lines.filter((l) => /^\s*(->|\w)/.test(l) && !/Buffers|Planning|Execution/.test(l)).slice(0, 8),
        });
        return { rows: [] };
      };
    },
  });
  // The rollup finds (and builds) its windows on the real database; only the queries reading them are explained.
  const windows = createAnalyticsRollup({ db });
  const now = new Date();
  for (const [read, period] of reads.flatMap((r) => periods.map((p) => [r, p] as const))) {
    const rollup = read === 'rows' ? rawUsageRows : windows;
    const core = createAnalyticsRepository({ db: explaining, rollup });
    const codes = createAnalyticsCodesRepository({ db: explaining, rollup });
    const audience = createAnalyticsAudienceRepository({ db: explaining, rollup });
    const range = resolvePeriod({ days: period, now, timeZone });
    // As the dashboard asks: never past now.
    const end = range.end.getTime() > now.getTime() ? new Date(now.getTime() + 1) : range.end;
    const filter = { start: range.start, end, source: null, template: null };
    const run = async (query: string, work: () => Promise<unknown>) => {
      current = { reads: read, period, query };
      await work();
    };
    await run('totals', () => core.totals(filter));
    await run('series', () => core.series({ ...filter, granularity: range.granularity, timeZone }));
    await run('top templates', () => core.popularTemplates(filter));
    await run('errors', () => core.errors(filter));
    await run('popular codes', () => codes.popularCodes({ filter, page: 1, pageSize: 50, search: null }));
    await run('codes search "ave"', () => codes.popularCodes({ filter, page: 1, pageSize: 50, search: 'ave' }));
    await run('invalid codes', () => codes.invalidCodes(filter));
    await run('retention', () =>
      audience.retention({ start: filter.start, end: filter.end, timeZone, today: now.toISOString().slice(0, 10) }),
    );
    await run('heat map', () => audience.heatmap({ ...filter, timeZone }));
    await run('active users', () => audience.activeUsers({ filter, page: 1, pageSize: 20 }));
    await run('telegram totals', () => core.totals({ ...filter, source: 'telegram' }));
    await run('template totals', () => core.totals({ ...filter, template: 'flash-sale' }));
    await run('codes CSV batch', () => codes.eachCode(filter).next());
    await run('usage CSV batch', () => codes.eachUsageRow(filter).next());
  }
  return results;
}
