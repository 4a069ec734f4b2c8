import type { Logger } from '../../shared/logger.js';
import { type PeriodDays, resolvePeriod } from './analytics.models.js';
import type { AnalyticsWindowBuilder } from './analytics-rollup.repository.js';

/** The periods that have a window of their own (yesterday reads the rows: the day's window has moved past it). */
export const WINDOW_PERIODS = ['today', '7', '30', '90'] as const satisfies readonly PeriodDays[];

export interface AnalyticsWindowsDeps {
  analyticsWindows: AnalyticsWindowBuilder;
  /** ANALYTICS_TZ: the zone the periods, and usage_users' local days, are counted in. */
  timeZone: string;
  now: () => Date;
  logger: Logger;
}

export interface AnalyticsWindowsReport {
  zone: 'current' | 'switched';
  windows: { period: (typeof WINDOW_PERIODS)[number]; outcome: 'current' | 'slid' | 'rebuilt'; ms: number }[];
}

/**
 * The worker's job: every period's window moved to the period's start as a request now resolves it (the same
 * [start, end) as `periodOf` in analytics.usecases.ts), and usage_users in the zone. Usage inserts wait while each
 * window moves: a slide takes seconds, a build from scratch (first run, or after usage rows were deleted) minutes.
 */
export async function bringAnalyticsWindowsUpToDate(deps: AnalyticsWindowsDeps): Promise<AnalyticsWindowsReport> {
  const zone = await deps.analyticsWindows.switchZone(deps.timeZone);
  const windows: AnalyticsWindowsReport['windows'] = [];
  for (const period of WINDOW_PERIODS) {
    const now = deps.now();
    const range = resolvePeriod({ days: period, now, timeZone: deps.timeZone });
    const end = range.end.getTime() > now.getTime() ? new Date(now.getTime() + 1) : range.end;
    const started = performance.now();
    const outcome = await deps.analyticsWindows.buildWindow({ start: range.start, end });
    windows.push({ period, outcome, ms: Math.round(performance.now() - started) });
  }
  if (zone !== 'current' || windows.some((w) => w.outcome !== 'current'))
    deps.logger.info({ zone, windows }, 'analytics windows brought up to date');
  return { zone, windows };
}
