/** BRD-1…4: what a broadcast is, how its recipients' outcomes are decided, and how it is shown. Pure. */

export const BROADCAST_STATUSES = ['queued', 'running', 'completed', 'cancelled', 'failed'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'blocked' | 'failed';

/** Audience choices: private users active in the last N days; 0 = all of them. Blocked users never. */
export const AUDIENCE_DAYS = [7, 30, 90, 0] as const;
export type AudienceDays = (typeof AUDIENCE_DAYS)[number];

/** Telegram's limits on what users see (after the HTML is parsed): a text message, and a photo's caption. */
export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/** A send that fails for a reason other than a rate limit is tried this many times in all, then given up. */
export const MAX_ATTEMPTS = 3;
const RETRY_BACKOFF_MS = [1000, 3000];

/** The photo sent with the message: a template's artwork (at the time of sending) or an uploaded image. */
export interface BroadcastImage {
  key: string;
  source: 'template' | 'upload';
  /** For a template's artwork: which one (for the history). */
  slug?: string;
}

export interface DeliveryCounts {
  pending: number;
  sending: number;
  sent: number;
  blocked: number;
  failed: number;
  /** Sent in the last RATE_WINDOW_SECONDS. */
  recentlySent: number;
}

export const RATE_WINDOW_SECONDS = 10;

export interface BroadcastRecord {
  id: number;
  message: string;
  days: number;
  image: BroadcastImage | null;
  status: BroadcastStatus;
  total: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** BRD-4 / SPEC §14: the pinned job shape (snake_case, counts, rate and ETA). */
export function toJobView(broadcast: BroadcastRecord, counts: DeliveryCounts, { rate }: { rate: number }) {
  const remaining = counts.pending + counts.sending;
  const running = broadcast.status === 'running';
  const measured = running ? counts.recentlySent / RATE_WINDOW_SECONDS : 0;
  // Before the first sends are in (or between bursts) the configured pace is the best guess of how long is left.
  const pace = measured > 0 ? Math.min(measured, rate) : rate;
  const active = broadcast.status === 'running' || broadcast.status === 'queued';
  return {
    id: broadcast.id,
    status: broadcast.status,
    message: broadcast.message,
    days: broadcast.days,
    image: broadcast.image ? { source: broadcast.image.source, slug: broadcast.image.slug ?? null } : null,
    total: broadcast.total,
    sent: counts.sent,
    blocked: counts.blocked,
    failed: counts.failed,
    remaining,
    rate_per_sec: Math.round(measured * 10) / 10,
    eta_seconds: active ? Math.ceil(remaining / pace) : 0,
    error: broadcast.error,
    created_at: broadcast.createdAt.toISOString(),
    started_at: broadcast.startedAt?.toISOString() ?? null,
    finished_at: broadcast.finishedAt?.toISOString() ?? null,
  };
}

export type JobView = ReturnType<typeof toJobView>;

/** A failed send as the sender sees it: Telegram refused (code, description, retry_after) or the network failed. */
export interface SendFailure {
  kind: 'refused' | 'network';
  errorCode: number | null;
  description: string;
  retryAfterSeconds: number | null;
}

export type SendDecision =
  | { outcome: 'wait'; afterMs: number }
  | { outcome: 'blocked' }
  | { outcome: 'retry'; afterMs: number }
  | { outcome: 'failed' };

/** Telegram's words for a private chat that is gone for good: blocked, deleted account, or never reachable. */
const GONE = /blocked by the user|user is deactivated|chat not found|bot can't initiate conversation|PEER_ID_INVALID/i;

/**
 * BRD-3: what happens after a failed send. A 429 waits `retry_after` and does not count as a try; a chat that is gone
 * is marked blocked and never retried; anything else is tried `MAX_ATTEMPTS` times in all (`attempts` counts this one).
 */
export function decideAfterFailure(failure: SendFailure, attempts: number): SendDecision {
  if (failure.kind === 'refused' && failure.errorCode === 429)
    return { outcome: 'wait', afterMs: Math.max(1, failure.retryAfterSeconds ?? 1) * 1000 };
  if (failure.kind === 'refused' && (failure.errorCode === 403 || GONE.test(failure.description)))
    return { outcome: 'blocked' };
  if (attempts >= MAX_ATTEMPTS) return { outcome: 'failed' };
  return { outcome: 'retry', afterMs: RETRY_BACKOFF_MS[attempts - 1] ?? RETRY_BACKOFF_MS.at(-1)! };
}

export function isAudienceDays(value: number): value is AudienceDays {
  return (AUDIENCE_DAYS as readonly number[]).includes(value);
}
