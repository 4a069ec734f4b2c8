import { describe, expect, it } from 'vitest';
import {
  displayName,
  heatmapGrid,
  parseAnalyticsQuery,
  percentage,
  resolvePeriod,
  zeroFill,
} from './analytics.models.js';

const London = 'Europe/London';

describe('parseAnalyticsQuery', () => {
  it('names the bad parameter', () => {
    for (const days of ['abc', '-1', '100000', ''])
      expect(parseAnalyticsQuery({ days })).toMatchObject({ ok: false, parameter: 'days' });
    expect(parseAnalyticsQuery({ source: 'x' })).toMatchObject({ ok: false, parameter: 'source' });
    expect(parseAnalyticsQuery({ template: "a'; drop" })).toMatchObject({ ok: false, parameter: 'template' });
  });

  it('defaults to 7 days of every source, and reads "all" as no source filter', () => {
    expect(parseAnalyticsQuery({})).toEqual({ ok: true, query: { days: '7', source: null, template: null } });
    expect(parseAnalyticsQuery({ days: 'today', source: 'telegram', template: 'summer-sale' })).toEqual({
      ok: true,
      query: { days: 'today', source: 'telegram', template: 'summer-sale' },
    });
  });
});

describe('resolvePeriod', () => {
  it('shows today as 24 local hours from local midnight', () => {
    const range = resolvePeriod({ days: 'today', now: new Date('2026-07-10T10:30:00Z'), timeZone: London });
    expect(range.granularity).toBe('hourly');
    expect(range.start.toISOString()).toBe('2026-07-09T23:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-07-10T23:00:00.000Z');
    expect(range.buckets.map((b) => b.label)).toEqual(
      Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`),
    );
  });

  it('shows a DST day as the same 24 local hour slots, each dated by when its hour first began', () => {
    const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
    // 29 March 2026: London skips 01:00–02:00; the empty slot stays, dated at the change.
    const spring = resolvePeriod({ days: 'yesterday', now: new Date('2026-03-30T12:00:00Z'), timeZone: London });
    expect(spring.buckets.map((b) => b.label)).toEqual(hours);
    expect(spring.buckets.slice(0, 3).map((b) => b.date)).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
    ]);
    // 25 October 2026: 01:00 happens twice; its one slot starts at the first (BST) occurrence.
    const autumn = resolvePeriod({ days: 'yesterday', now: new Date('2026-10-26T12:00:00Z'), timeZone: London });
    expect(autumn.buckets.map((b) => b.label)).toEqual(hours);
    expect(autumn.buckets.slice(1, 3)).toEqual([
      { key: '1', label: '01:00', date: '2026-10-25T00:00:00.000Z' },
      { key: '2', label: '02:00', date: '2026-10-25T02:00:00.000Z' },
    ]);
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it('shows 7 local calendar days oldest first, including today, across midnight UTC', () => {
    // 23:30 UTC on 10 July is already 11 July in London.
    const range = resolvePeriod({ days: '7', now: new Date('2026-07-10T23:30:00Z'), timeZone: London });
    expect(range.granularity).toBe('daily');
    expect(range.buckets.map((b) => b.date)).toEqual([
      '2026-07-05',
      '2026-07-06',
      '2026-07-07',
      '2026-07-08',
      '2026-07-09',
      '2026-07-10',
      '2026-07-11',
    ]);
    expect(range.start.toISOString()).toBe('2026-07-04T23:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-07-11T23:00:00.000Z');
    expect(resolvePeriod({ days: '90', now: new Date(), timeZone: London }).buckets).toHaveLength(90);
  });
});

describe('zeroFill and percentage', () => {
  it('gives every bucket a count, 0 where nothing happened', () => {
    const range = resolvePeriod({ days: '7', now: new Date('2026-07-10T12:00:00Z'), timeZone: London });
    const series = zeroFill(range.buckets, [{ key: '2026-07-08', count: 5 }]);
    expect(series.map((s) => s.count)).toEqual([0, 0, 0, 0, 5, 0, 0]);
  });

  it('rounds to one decimal and never divides by zero', () => {
    expect(percentage(2, 3)).toBe(66.7);
    expect(percentage(0, 0)).toBe(0);
  });
});

describe('heatmapGrid and displayName', () => {
  it('fills the week × 24 hours grid Monday first and finds its largest cell', () => {
    const grid = heatmapGrid([
      { weekday: 1, hour: 0, count: 2 },
      { weekday: 7, hour: 23, count: 5 },
    ]);
    expect(grid.max).toBe(5);
    expect(grid.rows.map((r) => r.label)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(grid.rows[0]?.counts[0]).toBe(2);
    expect(grid.rows[6]?.counts[23]).toBe(5);
    expect(grid.rows.flatMap((r) => r.counts).reduce((a, b) => a + b)).toBe(7);
    expect(heatmapGrid([]).max).toBe(0);
  });

  it('names a bot user by full name, then @username, then id', () => {
    expect(displayName({ id: 7, firstName: 'Ann', lastName: 'Lee', username: 'ann' })).toBe('Ann Lee');
    expect(displayName({ id: 7, firstName: null, lastName: null, username: 'ann' })).toBe('@ann');
    expect(displayName({ id: 7, firstName: null, lastName: null, username: null })).toBe('7');
  });
});
