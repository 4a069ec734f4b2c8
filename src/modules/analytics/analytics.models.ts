/**
 * Analytics (SPEC §10): the period an admin asks for, its buckets in ANALYTICS_TZ, and zero-filling. Pure.
 *
 * Daylight saving: a single day always shows the 24 local hour slots `00:00`…`23:00` (ANA-2), each counting what
 * happened while the wall clock read that hour. On a spring-forward day the skipped slot (01:00 in Europe/London) is
 * there with 0; on an autumn day the repeated slot counts both of its hours. A slot's `date` is the instant its hour
 * first began (the skipped slot carries the instant of the change). Daily buckets are local calendar days, whatever
 * their length.
 */
import { parseDateTimeIn, wallClockAt } from '../../shared/time-zone.js';
import { USAGE_SOURCES, type UsageSource } from '../usage/usage.models.js';

export const PERIOD_DAYS = ['today', 'yesterday', '7', '30', '90'] as const;
export type PeriodDays = (typeof PERIOD_DAYS)[number];
export const SOURCE_FILTERS = ['all', ...USAGE_SOURCES] as const;
export type SourceFilter = (typeof SOURCE_FILTERS)[number];
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface AnalyticsQuery {
  days: PeriodDays;
  source: UsageSource | null;
  template: string | null;
}

export type ParsedQuery = { ok: true; query: AnalyticsQuery } | { ok: false; parameter: string; message: string };

/** Raw query-string values → a query, or the first bad parameter named (the route answers 400 with it). */
export function parseAnalyticsQuery(input: { days?: string; source?: string; template?: string }): ParsedQuery {
  const days = input.days ?? '7';
  if (!(PERIOD_DAYS as readonly string[]).includes(days))
    return { ok: false, parameter: 'days', message: `days must be one of ${PERIOD_DAYS.join(', ')}` };
  const source = input.source ?? 'all';
  if (!(SOURCE_FILTERS as readonly string[]).includes(source))
    return { ok: false, parameter: 'source', message: `source must be one of ${SOURCE_FILTERS.join(', ')}` };
  const template = input.template === undefined || input.template === '' ? null : input.template;
  if (template !== null && !SLUG.test(template))
    return { ok: false, parameter: 'template', message: 'template must be a template slug' };
  return {
    ok: true,
    query: { days: days as PeriodDays, source: source === 'all' ? null : (source as UsageSource), template },
  };
}

export interface Bucket {
  /** The key the SQL bucket produces: the local hour `0`…`23` (hourly) or the local date `YYYY-MM-DD` (daily). */
  key: string;
  label: string;
  date: string;
}

export interface PeriodRange {
  start: Date;
  end: Date;
  granularity: 'hourly' | 'daily';
  buckets: Bucket[];
}

const two = (n: number) => String(n).padStart(2, '0');
const dateText = (y: number, m: number, d: number) => `${y}-${two(m)}-${two(d)}`;

/** Local midnight `offsetDays` calendar days from the zone's date at `now`. */
function localMidnight(now: Date, timeZone: string, offsetDays: number): { instant: Date; date: string } {
  const w = wallClockAt(now, timeZone);
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day + offsetDays));
  const date = dateText(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
  const instant = parseDateTimeIn(`${date}T00:00`, timeZone);
  if (!instant) throw new Error(`no midnight for ${date} in ${timeZone}`);
  return { instant, date };
}

/** The half-open range [start, end) of a period and its buckets, oldest first, including today. */
export function resolvePeriod({ days, now, timeZone }: { days: PeriodDays; now: Date; timeZone: string }): PeriodRange {
  if (days === 'today' || days === 'yesterday') {
    const first = days === 'today' ? 0 : -1;
    const { instant: start, date } = localMidnight(now, timeZone, first);
    const end = localMidnight(now, timeZone, first + 1).instant;
    const buckets: Bucket[] = Array.from({ length: 24 }, (_, hour) => ({
      key: String(hour),
      label: `${two(hour)}:00`,
      date: (parseDateTimeIn(`${date}T${two(hour)}:00`, timeZone) ?? start).toISOString(),
    }));
    return { start, end, granularity: 'hourly', buckets };
  }
  const count = Number(days);
  const buckets: Bucket[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const { date } = localMidnight(now, timeZone, -i);
    buckets.push({ key: date, label: date, date });
  }
  return {
    start: localMidnight(now, timeZone, -(count - 1)).instant,
    end: localMidnight(now, timeZone, 1).instant,
    granularity: 'daily',
    buckets,
  };
}

/** Every bucket with its count, 0 where the SQL returned nothing. */
export function zeroFill(
  buckets: readonly Bucket[],
  counts: readonly { key: string; count: number }[],
): { label: string; date: string; count: number }[] {
  const byKey = new Map(counts.map((c) => [c.key, c.count]));
  return buckets.map((b) => ({ label: b.label, date: b.date, count: byKey.get(b.key) ?? 0 }));
}

/** Share of `part` in `whole` as a percentage with one decimal; 0 when there is nothing to divide. */
export function percentage(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The 7 × 24 grid (ISO weekdays Monday first, local hours), 0 where nothing happened, and its largest cell. */
export function heatmapGrid(cells: readonly { weekday: number; hour: number; count: number }[]): {
  max: number;
  rows: { weekday: number; label: string; counts: number[] }[];
} {
  const rows = WEEKDAYS.map((label, i) => ({ weekday: i + 1, label, counts: new Array<number>(24).fill(0) }));
  for (const c of cells) {
    const row = rows[c.weekday - 1];
    if (row && c.hour >= 0 && c.hour < 24) row.counts[c.hour] = c.count;
  }
  return { max: Math.max(0, ...cells.map((c) => c.count)), rows };
}

/** What the admin sees for a bot user: the name they gave Telegram, else @username, else the id. */
export function displayName(user: {
  id: number;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
}): string {
  const full = [user.firstName, user.lastName].filter(Boolean).join(' ').trim();
  if (full) return full;
  return user.username ? `@${user.username}` : String(user.id);
}
