/**
 * Wall-clock times in an IANA zone (ANALYTICS_TZ) ↔ UTC instants, with Intl only. Pure: the pages may use it too.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's wall clock at `instant`, as fields. */
export function wallClockAt(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Milliseconds the zone is ahead of UTC at `instant` (e.g. +3 600 000 for Europe/London in summer). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClockAt(new Date(instant), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * An ISO 8601 date-time to a UTC instant: with an offset or `Z` it is taken as written; without one (what a
 * `datetime-local` field sends) it is a wall-clock time in `timeZone`. A time skipped by a daylight-saving change
 * (02:30 on the spring-forward night) moves forward by the change; a repeated one (autumn) is its first occurrence.
 * null when the text is not a valid date-time.
 */
export function parseDateTimeIn(text: string, timeZone: string): Date | null {
  const local = LOCAL.exec(text.trim());
  if (!local) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.test(text.trim())) return null;
    const instant = new Date(text.trim());
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const [, y, mo, d, h, mi, s = 0] = local.map((part) => Number(part ?? 0));
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || s > 59) return null;
  // The offset before and after the instant we are looking for; the first occurrence wins when both fit.
  const early = wall - offsetAt(wall - 86_400_000, timeZone);
  const late = wall - offsetAt(wall + 86_400_000, timeZone);
  for (const candidate of [Math.min(early, late), Math.max(early, late)])
    if (candidate + offsetAt(candidate, timeZone) === wall) return new Date(candidate);
  // In a gap: the wall time never happened; take it at the offset in force before the change, i.e. moved forward.
  return new Date(wall - offsetAt(wall - 86_400_000, timeZone));
}

/** `YYYY-MM-DDTHH:mm` in the zone, for a `datetime-local` field. */
export function toLocalInputValue(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}
