import { describe, expect, it } from 'vitest';
import type { BroadcastJob } from '../shared/api.js';
import {
  audienceLabel,
  averageRate,
  countsLine,
  excerpt,
  findActive,
  formatCount,
  formatEta,
  formatRate,
  formatWhen,
  isSafeHref,
  parseChatId,
  people,
  progressPercent,
  recipientsLine,
} from './broadcast-format.js';

const NBSP = '\u00a0';

function job(overrides: Partial<BroadcastJob> = {}): BroadcastJob {
  return {
    id: 1,
    status: 'running',
    message: 'Hi',
    days: 0,
    image: null,
    total: 60,
    sent: 0,
    blocked: 0,
    failed: 0,
    remaining: 60,
    rate_per_sec: 0,
    eta_seconds: 3,
    error: null,
    created_at: '2026-03-01T10:00:00.000Z',
    started_at: null,
    finished_at: null,
    ...overrides,
  };
}

describe('broadcast wording', () => {
  it('groups digits by a no-break space and says person or people', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe(`1${NBSP}234`);
    expect(formatCount(1234567)).toBe(`1${NBSP}234${NBSP}567`);
    expect(people(1)).toBe('1 person');
    expect(people(1234)).toBe(`1${NBSP}234 people`);
  });

  it('names the audiences and explains an empty one', () => {
    expect(audienceLabel(7)).toBe('Active in the last 7 days');
    expect(audienceLabel(0)).toBe('Everyone');
    expect(recipientsLine(30, 1234)).toBe(`1${NBSP}234 people will receive it.`);
    expect(recipientsLine(7, 0)).toContain('no one has used the bot in the last 7 days');
    expect(recipientsLine(0, 0)).toContain('no one has started the bot');
  });

  it('writes the rate and the time left for people', () => {
    expect(formatRate(0)).toBe('—');
    expect(formatRate(4.56)).toBe('4.6 msg/s');
    expect(formatRate(19.96)).toBe('20 msg/s');
    expect(formatEta(0)).toBe('—');
    expect(formatEta(0.2)).toBe('1 s');
    expect(formatEta(45)).toBe('45 s');
    expect(formatEta(120)).toBe('2 min');
    expect(formatEta(200)).toBe('3 min 20 s');
    expect(formatEta(3600)).toBe('1 h 00 min');
    expect(formatEta(7500)).toBe('2 h 05 min');
    expect(formatEta(7199)).toBe('2 h 00 min');
  });

  it('fills the progress bar with every settled recipient and shows 100 only when all are', () => {
    expect(progressPercent(job())).toBe(0);
    expect(progressPercent(job({ sent: 20, blocked: 5, failed: 5, remaining: 30 }))).toBe(50);
    expect(progressPercent(job({ total: 1000, sent: 999, remaining: 1 }))).toBe(99);
    expect(progressPercent(job({ sent: 58, blocked: 2, remaining: 0, status: 'completed' }))).toBe(100);
    expect(progressPercent(job({ total: 0, remaining: 0, status: 'completed' }))).toBe(100);
    expect(progressPercent(job({ total: 0, remaining: 0, status: 'queued' }))).toBe(0);
  });

  it('gives an ended broadcast its average rate over the whole run', () => {
    const ended = job({ status: 'completed', sent: 50, blocked: 10, remaining: 0 });
    expect(
      averageRate({ ...ended, started_at: '2026-03-01T10:00:00.000Z', finished_at: '2026-03-01T10:00:03.000Z' }),
    ).toBe(20);
    expect(averageRate({ ...ended, started_at: null, finished_at: '2026-03-01T10:00:03.000Z' })).toBe(0);
    expect(averageRate({ ...ended, started_at: ended.created_at, finished_at: ended.created_at })).toBe(0);
  });

  it('finds the newest broadcast still being sent', () => {
    expect(findActive([job({ id: 3, status: 'completed' }), job({ id: 2, status: 'running' })])?.id).toBe(2);
    expect(findActive([job({ id: 4, status: 'queued' }), job({ id: 2, status: 'running' })])?.id).toBe(4);
    expect(findActive([job({ status: 'cancelled' }), job({ status: 'failed' })])).toBeNull();
  });

  it('makes a one-line excerpt without Markdown marks, cut at a word', () => {
    expect(excerpt('**New** template:\n[see it](https://x.example) `NOW`')).toBe('New template: see it NOW');
    const long = 'word '.repeat(40);
    const cut = excerpt(long, 30);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(31);
    expect(cut).not.toContain('wo…');
  });

  it('sums a job up on one line, and dates it in the given zone', () => {
    expect(countsLine(job({ sent: 58, blocked: 2, total: 60 }))).toBe('58 sent · 2 blocked · 0 failed of 60');
    expect(formatWhen('2026-03-01T10:05:00.000Z', { locale: 'en-GB', timeZone: 'UTC' })).toBe('1 Mar 2026, 10:05');
    expect(formatWhen(null)).toBe('—');
  });

  it('takes a chat id as a whole number, negative for groups, and nothing else', () => {
    expect(parseChatId(' 123456789 ')).toBe(123456789);
    expect(parseChatId('-1001234567890')).toBe(-1001234567890);
    for (const bad of ['', '12.5', '1e5', 'abc', '0', '99999999999999999']) expect(parseChatId(bad)).toBeNull();
  });

  it('draws only http, https and tg links', () => {
    expect(isSafeHref('https://example.com')).toBe(true);
    expect(isSafeHref('tg://resolve?domain=x')).toBe(true);
    expect(isSafeHref('javascript:alert(1)')).toBe(false);
    expect(isSafeHref(undefined)).toBe(false);
  });
});
