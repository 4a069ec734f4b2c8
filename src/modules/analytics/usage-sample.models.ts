/**
 * Realistic usage rows for analytics at scale (`npm run seed:usage`, the analytics bench): `days` days up to now with a
 * growing trend, a weekly rhythm (quiet weekends), a daily one (night lull, lunch and evening peaks) in the zone, a
 * few campaign spikes; Zipf-distributed templates, codes and users; typo'd codes among the refusals. Deterministic
 * for a seed.
 */

import { parseDateTimeIn, wallClockAt } from '../../shared/time-zone.js';
import type { UsageAction, UsageOutcome, UsageSource } from '../usage/usage.models.js';

export interface SampleUsageRow {
  createdAt: Date;
  source: UsageSource;
  action: UsageAction;
  chatType: string | null;
  chatId: number | null;
  userId: number | null;
  templateSlug: string;
  variant: string | null;
  code: string | null;
  outcome: UsageOutcome;
  errorType: string | null;
}

export interface SampleBotUser {
  chatId: number;
  username: string | null;
  firstName: string;
  lastName: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

const TEMPLATES = [
  'black-friday',
  'flash-sale',
  'summer-deal',
  'new-year',
  'cyber-monday',
  'spring-sale',
  'weekend-boost',
  'vip-offer',
  'starter-pack',
  'mega-promo',
  'holiday-gift',
  'back-to-school',
];
const WORDS = [
  'SAVE',
  'FUND',
  'PROP',
  'TRADE',
  'ALPHA',
  'BULL',
  'PIPS',
  'FOREX',
  'GOLD',
  'EDGE',
  'WIN',
  'LUCKY',
  'MAX',
  'PRO',
  'ELITE',
  'BOOST',
  'RISE',
  'APEX',
  'NOVA',
  'TITAN',
];
const FIRST = ['Ali', 'Maria', 'John', 'Chen', 'Fatima', 'Ivan', 'Sara', 'Omar', 'Lena', 'Raj', 'Ana', 'Tom', 'Yuki'];
const LAST = ['Khan', 'Silva', 'Smith', 'Wang', 'Petrov', 'Garcia', 'Müller', 'Nguyen', 'Kowalski', 'Okafor'];
const HOUR_WEIGHT = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1.1, 1.2, 1.3, 1.4, 1.3, 1.2, 1.1, 1.1, 1.2, 1.4, 1.6, 1.7, 1.5, 1,
  0.6,
];
/** ISO weekday 1 (Monday) … 7. */
const WEEKDAY_WEIGHT = [0, 1, 1.05, 1.05, 1, 1.1, 0.75, 0.7];

/** mulberry32: small, fast, good enough for sample data. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks index i with probability ∝ 1/(i+1)^s, by binary search on the cumulative weights. */
function zipf(n: number, s: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1) ** s;
    cumulative.push(sum);
  }
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

function typo(code: string, random: () => number): string {
  const i = Math.floor(random() * code.length);
  const swaps: Record<string, string> = { O: '0', '0': 'O', I: '1', '1': 'I', S: '5', '5': 'S' };
  const c = code[i]!;
  return swaps[c] ? code.slice(0, i) + swaps[c] + code.slice(i + 1) : code.slice(0, i) + code.slice(i + 1);
}

/** The bot users behind the sample: ids 1…count, joined at spread-out times before and during the window. */
export function sampleBotUsers({ count, now, days, seed }: { count: number; now: Date; days: number; seed: number }) {
  const random = createRandom(seed ^ 0x5eed);
  const users: SampleBotUser[] = [];
  for (let id = 1; id <= count; id++) {
    const first = pick(FIRST, random);
    const joined = new Date(now.getTime() - random() * (days + 30) * 86_400_000);
    users.push({
      chatId: id,
      username: random() < 0.7 ? `${first.toLowerCase()}_${id}` : null,
      firstName: first,
      lastName: random() < 0.6 ? pick(LAST, random) : null,
      firstSeenAt: joined,
      lastSeenAt: now,
    });
  }
  return users;
}

/** `rows` usage rows over the `days` local days up to `now`, oldest first, yielded in batches. */
export function* sampleUsageRows({
  rows,
  days,
  now,
  timeZone,
  users,
  seed,
  batchSize = 5000,
}: {
  rows: number;
  days: number;
  now: Date;
  timeZone: string;
  users: number;
  seed: number;
  batchSize?: number;
}): Generator<SampleUsageRow[]> {
  const random = createRandom(seed);
  const cells = hourCells({ days, now, timeZone, random });
  const total = cells.reduce((s, c) => s + c.weight, 0);
  const codes = Array.from({ length: 2500 }, (_, i) => `${WORDS[i % WORDS.length]}${10 + Math.floor(i / 2)}`);
  const pickCode = zipf(codes.length, 1.1, random);
  const pickTemplate = zipf(TEMPLATES.length, 1.1, random);
  const pickUser = zipf(users, 0.9, random);
  let batch: SampleUsageRow[] = [];
  let made = 0;
  for (const [i, cell] of cells.entries()) {
    const n = i === cells.length - 1 ? rows - made : Math.round((rows * cell.weight) / total);
    const span = Math.min(3_600_000, now.getTime() - cell.start);
    const instants = Array.from({ length: Math.max(0, Math.min(n, rows - made)) }, () =>
      Math.floor(cell.start + random() * span),
    ).sort((a, b) => a - b);
    for (const at of instants) {
      batch.push(
        sampleRow({ at, random, code: codes[pickCode()]!, template: TEMPLATES[pickTemplate()]!, user: pickUser() + 1 }),
      );
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
    made += instants.length;
  }
  if (batch.length > 0) yield batch;
}

/** Every local hour of the window that has begun, with its share of the traffic. */
function hourCells({
  days,
  now,
  timeZone,
  random,
}: {
  days: number;
  now: Date;
  timeZone: string;
  random: () => number;
}) {
  const w = wallClockAt(now, timeZone);
  const spikes = new Set(Array.from({ length: 3 }, () => Math.floor(random() * days)));
  const cells: { start: number; weight: number }[] = [];
  for (let d = days - 1; d >= 0; d--) {
    const day = new Date(Date.UTC(w.year, w.month - 1, w.day - d));
    const weekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
    const dayWeight =
      (0.7 + (0.6 * (days - d)) / days) * WEEKDAY_WEIGHT[weekday]! * (0.9 + 0.2 * random()) * (spikes.has(d) ? 2.2 : 1);
    const date = day.toISOString().slice(0, 10);
    for (let h = 0; h < 24; h++) {
      const start = parseDateTimeIn(`${date}T${String(h).padStart(2, '0')}:00`, timeZone)!.getTime();
      if (start >= now.getTime()) break;
      // The hour skipped in spring resolves to the next one's start: one cell for that hour, not two overlapping.
      if (start <= (cells.at(-1)?.start ?? Number.NEGATIVE_INFINITY)) continue;
      cells.push({ start, weight: dayWeight * HOUR_WEIGHT[h]! });
    }
  }
  return cells;
}

function sampleRow({
  at,
  random,
  code,
  template,
  user,
}: {
  at: number;
  random: () => number;
  code: string;
  template: string;
  user: number;
}): SampleUsageRow {
  const r = random();
  const source: UsageSource = r < 0.6 ? 'telegram' : r < 0.9 ? 'web' : 'api';
  const o = random();
  const outcome: UsageOutcome = o < 0.9 ? 'success' : o < 0.97 ? 'invalid' : o < 0.985 ? 'unavailable' : 'failed';
  const errorType = {
    success: null,
    invalid: 'invalid_coupon',
    unavailable: 'validation_unavailable',
    failed: random() < 0.5 ? 'render_failed' : 'template_not_found',
  }[outcome];
  const action: UsageAction =
    source === 'api'
      ? 'render'
      : source === 'web'
        ? random() < 0.8
          ? 'download'
          : 'share'
        : random() < 0.4
          ? 'command'
          : 'button';
  const chat = source !== 'telegram' ? null : random() < 0.85 ? 'private' : random() < 0.67 ? 'channel' : 'group';
  return {
    createdAt: new Date(at),
    source,
    action,
    chatType: chat,
    chatId: chat === 'private' ? user : chat ? -1_000_000_000_000 - (user % 500) : null,
    userId: chat === 'private' || chat === 'group' ? user : null,
    templateSlug: template,
    variant: action === 'share' ? null : random() < 0.6 ? 'square' : 'story',
    code:
      outcome === 'invalid'
        ? random() < 0.7
          ? typo(code, random)
          : `${pick(WORDS, random)}${Math.floor(random() * 9999)}X`
        : code,
    outcome,
    errorType,
  };
}
