import { createInvalidError } from '../../shared/app-error.js';
import { wallClockAt } from '../../shared/time-zone.js';
import {
  type AnalyticsQuery,
  displayName,
  heatmapGrid,
  parseAnalyticsQuery,
  percentage,
  resolvePeriod,
  zeroFill,
} from './analytics.models.js';
import type { AnalyticsFilter, AnalyticsRepository } from './analytics.repository.js';
import type { AnalyticsAudienceRepository } from './analytics-audience.repository.js';
import type { AnalyticsCodesRepository, CodeExportRow, UsageExportRow } from './analytics-codes.repository.js';

export const CODES_PAGE_SIZE = 50 as const;
export const USERS_PAGE_SIZE = 20;

export interface AnalyticsDeps {
  analyticsRepository: AnalyticsRepository;
  analyticsCodesRepository: AnalyticsCodesRepository;
  analyticsAudienceRepository: AnalyticsAudienceRepository;
  /** ANALYTICS_TZ. */
  timeZone: string;
  now: () => Date;
}

export interface StatsInput {
  days?: string;
  source?: string;
  template?: string;
  page?: number;
  q?: string;
  usersPage?: number;
}

/** The query, or a 400 naming the parameter at fault. */
function readQuery(input: StatsInput): AnalyticsQuery {
  const parsed = parseAnalyticsQuery(input);
  if (!parsed.ok) throw createInvalidError('analytics.invalid_query', parsed.message, { field: parsed.parameter });
  return parsed.query;
}

/** The period as rows to read: never past now, so the hours still to come are 0 whatever the clocks say. */
function periodOf(deps: AnalyticsDeps, query: AnalyticsQuery) {
  const now = deps.now();
  const range = resolvePeriod({ days: query.days, now, timeZone: deps.timeZone });
  const end = range.end.getTime() > now.getTime() ? new Date(now.getTime() + 1) : range.end;
  const filter: AnalyticsFilter = { start: range.start, end, source: query.source, template: query.template };
  return { now, range, filter };
}

const two = (n: number) => String(n).padStart(2, '0');

async function codesBlock(deps: AnalyticsDeps, filter: AnalyticsFilter, input: StatsInput) {
  const page = input.page ?? 1;
  const search = input.q?.trim() || null;
  const codes = await deps.analyticsCodesRepository.popularCodes({ filter, page, pageSize: CODES_PAGE_SIZE, search });
  return { items: codes.items, page, page_size: CODES_PAGE_SIZE, total: codes.total, q: search ?? '' };
}

async function usersBlock(deps: AnalyticsDeps, filter: AnalyticsFilter, page: number, uniqueUsers?: number) {
  const users = await deps.analyticsAudienceRepository.activeUsers({ filter, page, pageSize: USERS_PAGE_SIZE });
  // The window count rides on the page's rows; past the last page, the period's distinct bot users say it.
  const total =
    uniqueUsers ??
    (users.items.length > 0 || page === 1 ? users.total : (await deps.analyticsRepository.totals(filter)).uniqueUsers);
  return {
    items: users.items.map((u) => ({
      id: u.id,
      name: displayName(u),
      username: u.username,
      uses: u.uses,
      successes: u.successes,
      last_used_at: u.lastAt.toISOString(),
    })),
    page,
    page_size: USERS_PAGE_SIZE,
    total,
  };
}

/** One page of popular codes (paging and search without the rest of the dashboard). */
export async function getPopularCodes(deps: AnalyticsDeps, input: StatsInput) {
  return codesBlock(deps, periodOf(deps, readQuery(input)).filter, input);
}

/** One page of the most active bot users. */
export async function getActiveUsers(deps: AnalyticsDeps, input: StatsInput) {
  return usersBlock(deps, periodOf(deps, readQuery(input)).filter, input.usersPage ?? 1);
}

/** ANA-1…4: everything the Analytics section shows, in the pinned shape plus the later blocks under their own keys. */
export async function getBotStats(deps: AnalyticsDeps, input: StatsInput) {
  const query = readQuery(input);
  const { now, range, filter } = periodOf(deps, query);
  const { timeZone } = deps;
  const w = wallClockAt(now, timeZone);
  const today = `${w.year}-${two(w.month)}-${two(w.day)}`;
  const [totals, templates, errors, series, codes, invalid, retention, heat, users] = await Promise.all([
    deps.analyticsRepository.totals(filter),
    deps.analyticsRepository.popularTemplates(filter),
    deps.analyticsRepository.errors(filter),
    deps.analyticsRepository.series({ ...filter, granularity: range.granularity, timeZone }),
    codesBlock(deps, filter, input),
    deps.analyticsCodesRepository.invalidCodes(filter),
    deps.analyticsAudienceRepository.retention({ start: filter.start, end: filter.end, timeZone, today }),
    deps.analyticsAudienceRepository.heatmap({ ...filter, timeZone }),
    usersBlock(deps, filter, input.usersPage ?? 1, 0),
  ]);
  const usage = zeroFill(range.buckets, series);
  return {
    total_uses: totals.totalUses,
    successful_uses: totals.successfulUses,
    success_rate: percentage(totals.successfulUses, totals.totalUses),
    unique_users: totals.uniqueUsers,
    invalid_attempts: totals.invalidUses,
    unavailable_attempts: totals.unavailableUses,
    popular_templates: templates,
    popular_coupons: codes,
    errors,
    usage_data: usage,
    daily_usage: usage,
    granularity: range.granularity,
    timezone: timeZone,
    period: {
      days: query.days,
      source: query.source ?? 'all',
      template: query.template,
      start: range.start.toISOString(),
      end: range.end.toISOString(),
    },
    retention: {
      cohort: retention.cohort,
      days: retention.days.map((d) => ({ ...d, rate: percentage(d.returned, d.eligible) })),
    },
    heatmap: heatmapGrid(heat),
    // The period's distinct bot users, the same count as unique_users, also right past the last page.
    active_users: { ...users, total: totals.uniqueUsers },
    invalid_codes: invalid,
  };
}

export type BotStats = Awaited<ReturnType<typeof getBotStats>>;

/** ANA-3: every code of the period, for the CSV; the filename says which period. */
export function exportCodes(
  deps: AnalyticsDeps,
  input: StatsInput,
): { filename: string; rows: AsyncIterable<CodeExportRow> } {
  const query = readQuery(input);
  const { filter } = periodOf(deps, query);
  return { filename: exportName('codes', query), rows: deps.analyticsCodesRepository.eachCode(filter) };
}

/** The raw usage rows of the period, for the CSV. */
export function exportUsage(
  deps: AnalyticsDeps,
  input: StatsInput,
): { filename: string; rows: AsyncIterable<UsageExportRow> } {
  const query = readQuery(input);
  const { filter } = periodOf(deps, query);
  return { filename: exportName('usage', query), rows: deps.analyticsCodesRepository.eachUsageRow(filter) };
}

function exportName(what: string, query: AnalyticsQuery): string {
  const parts = [what, query.days === 'today' || query.days === 'yesterday' ? query.days : `${query.days}-days`];
  if (query.source) parts.push(query.source);
  if (query.template) parts.push(query.template);
  return `${parts.join('-')}.csv`;
}
