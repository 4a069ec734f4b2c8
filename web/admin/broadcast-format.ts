import type { BroadcastJob } from '../shared/api.js';

/** The Broadcast section's wording and arithmetic: counts, audience, rate, ETA, progress, history lines. Pure. */

export const AUDIENCE_CHOICES = [
  { days: 7, label: 'Active in the last 7 days' },
  { days: 30, label: 'Active in the last 30 days' },
  { days: 90, label: 'Active in the last 90 days' },
  { days: 0, label: 'Everyone' },
] as const;
export type AudienceDays = (typeof AUDIENCE_CHOICES)[number]['days'];

/** Telegram's limits, said before the server is asked (its preview then gives the figure it will apply). */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** 1234 → "1 234": digits grouped by a no-break space, so a count never wraps across lines. */
export function formatCount(n: number): string {
  const digits = String(Math.abs(Math.trunc(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return n < 0 ? `−${grouped}` : grouped;
}

export const people = (n: number) => `${formatCount(n)} ${n === 1 ? 'person' : 'people'}`;

export function audienceLabel(days: number): string {
  return AUDIENCE_CHOICES.find((choice) => choice.days === days)?.label ?? `Active in the last ${days} days`;
}

/** "1 234 people will receive it", or why nobody would. */
export function recipientsLine(days: number, recipients: number): string {
  if (recipients > 0) return `${people(recipients)} will receive it.`;
  return days === 0
    ? 'Nobody would receive it: no one has started the bot yet (people who blocked it are never counted).'
    : `Nobody would receive it: no one has used the bot in the last ${days} days. Choose a longer period or Everyone.`;
}

/** Sends per second as measured: "12.5 msg/s"; "—" before any send is counted. */
export function formatRate(perSecond: number): string {
  if (!(perSecond > 0)) return '—';
  return `${perSecond >= 10 ? Math.round(perSecond) : Math.round(perSecond * 10) / 10} msg/s`;
}

/** Time left: "45 s", "3 min 20 s", "2 h 05 min"; "—" when nothing is left. */
export function formatEta(seconds: number): string {
  if (!(seconds > 0)) return '—';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const minutes = Math.round((s % 3600) / 60);
  const hours = Math.floor(s / 3600) + (minutes === 60 ? 1 : 0);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

type Counts = Pick<BroadcastJob, 'total' | 'sent' | 'blocked' | 'failed' | 'remaining' | 'status'>;

/** How many recipients are settled (sent, blocked or failed) — what the progress bar fills with. */
export const settled = (job: Counts) => job.sent + job.blocked + job.failed;

/** Whole percent settled: 100 only when every recipient is settled (99.6 % shows 99). */
export function progressPercent(job: Counts): number {
  if (job.total <= 0) return isActive(job.status) ? 0 : 100;
  return Math.min(100, Math.floor((settled(job) / job.total) * 100));
}

/** Sends per second over the whole run of an ended broadcast (0 when it never started or ended at once). */
export function averageRate(job: Counts & Pick<BroadcastJob, 'started_at' | 'finished_at'>): number {
  if (!job.started_at || !job.finished_at) return 0;
  const seconds = (Date.parse(job.finished_at) - Date.parse(job.started_at)) / 1000;
  return seconds > 0 ? settled(job) / seconds : 0;
}

export const isActive = (status: BroadcastJob['status']) => status === 'queued' || status === 'running';

export const STATUS_LABELS: Record<BroadcastJob['status'], string> = {
  queued: 'Queued',
  running: 'Sending',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** The broadcast still being sent, if any (the history is newest first; the newest active one wins). */
export function findActive(jobs: readonly BroadcastJob[]): BroadcastJob | null {
  return jobs.find((job) => isActive(job.status)) ?? null;
}

/** The message on one line, cut at a word near `max` characters, with the Markdown marks taken out. */
export function excerpt(message: string, max = 90): string {
  const plain = message
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** "58 sent · 2 blocked · 0 failed of 60". */
export function countsLine(job: Counts): string {
  return `${formatCount(job.sent)} sent · ${formatCount(job.blocked)} blocked · ${formatCount(job.failed)} failed of ${formatCount(job.total)}`;
}

/** A date and time as the admin's browser writes them (zone and locale injectable for tests). */
export function formatWhen(iso: string | null, { locale, timeZone }: { locale?: string; timeZone?: string } = {}) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A chat id as typed: a whole number within JavaScript's safe range (negative for groups and channels), or null. */
export function parseChatId(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d{1,16}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) && n !== 0 ? n : null;
}

/** Only links Telegram opens are drawn as links in the preview (the server already keeps to these). */
export const isSafeHref = (href: string | undefined): href is string => !!href && /^(https?|tg):/i.test(href);
