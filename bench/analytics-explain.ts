import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../src/adapters/db/db.js';
import { type PeriodDays, resolvePeriod } from '../src/modules/analytics/analytics.models.js';
import { createAnalyticsRepository } from '../src/modules/analytics/analytics.repository.js';
import { createAnalyticsAudienceRepository } from '../src/modules/analytics/analytics-audience.repository.js';
import { createAnalyticsCodesRepository } from '../src/modules/analytics/analytics-codes.repository.js';

export interface ExplainedQuery {
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
}: {
  db: Db;
  timeZone: string;
  periods?: PeriodDays[];
}): Promise<ExplainedQuery[]> {
  const results: ExplainedQuery[] = [];
  let current: { period: PeriodDays; query: string } = { period: 'today', query: '' };
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
  const core = createAnalyticsRepository({ db: explaining });
  const codes = createAnalyticsCodesRepository({ db: explaining });
  const audience = createAnalyticsAudienceRepository({ db: explaining });
  const now = new Date();
  for (const period of periods) {
    const range = resolvePeriod({ days: period, now, timeZone });
    const filter = { start: range.start, end: range.end, source: null, template: null };
    const run = async (query: string, work: () => Promise<unknown>) => {
      current = { period, query };
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
