/**
 * The Analytics section's requests (ANA-1…4). Types are the server's schema, imported as types only; failures are the
 * shared client's ApiError.
 */
import type { BotStatsBody } from '../../src/http/schemas/analytics.schemas.js';
import { ApiError } from '../shared/api.js';

export type BotStats = BotStatsBody;

export const PERIODS = [
  { days: 'today', label: 'Today' },
  { days: 'yesterday', label: 'Yesterday' },
  { days: '7', label: '7 days' },
  { days: '30', label: '30 days' },
  { days: '90', label: '90 days' },
] as const;
export type Period = (typeof PERIODS)[number]['days'];
export const SOURCES = [
  { value: 'all', label: 'All sources' },
  { value: 'telegram', label: 'Telegram' },
  { value: 'web', label: 'Web' },
  { value: 'api', label: 'API' },
] as const;
export type Source = (typeof SOURCES)[number]['value'];

export interface StatsFilter {
  days: Period;
  source: Source;
  /** '' for every template. */
  template: string;
}

function filterParams({ days, source, template }: StatsFilter): URLSearchParams {
  const params = new URLSearchParams({ days, source });
  if (template) params.set('template', template);
  return params;
}

async function getJson<T>(path: string, params: URLSearchParams): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${path}?${params}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!res.ok) throw new ApiError(res.status, body.error?.code ?? 'error', body.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

/** The whole dashboard of a filter, with the first page of codes (optionally searched) and of users. */
export function fetchStats(filter: StatsFilter, q: string): Promise<BotStats> {
  const params = filterParams(filter);
  if (q) params.set('q', q);
  return getJson('/api/bot-stats', params);
}

/** Another page of codes, or another search, without the rest of the dashboard. */
export function fetchCodes(
  filter: StatsFilter,
  { page, q }: { page: number; q: string },
): Promise<BotStats['popular_coupons']> {
  const params = filterParams(filter);
  params.set('page', String(page));
  if (q) params.set('q', q);
  return getJson('/api/bot-stats/coupons', params);
}

export function fetchActiveUsers(filter: StatsFilter, page: number): Promise<BotStats['active_users']> {
  const params = filterParams(filter);
  params.set('page', String(page));
  return getJson('/api/bot-stats/active-users', params);
}

/** Where a CSV of the filtered period downloads from (a plain link: the browser streams it to disk). */
export function csvUrl(file: 'coupons.csv' | 'usage.csv', filter: StatsFilter): string {
  return `/api/bot-stats/${file}?${filterParams(filter)}`;
}
