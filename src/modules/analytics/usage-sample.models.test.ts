import { describe, expect, it } from 'vitest';
import { parseSeedUsageArgs } from '../../scripts/seed-usage.js';
import { sampleUsageRows } from './usage-sample.models.js';

const now = new Date('2026-07-10T12:34:00Z');
const all = (seed: number) =>
  [
    ...sampleUsageRows({ rows: 20_000, days: 120, now, timeZone: 'Europe/London', users: 800, seed, batchSize: 3000 }),
  ].flat();

describe('sample usage rows', () => {
  it('makes exactly the rows asked for, oldest first, inside the window and never after now', () => {
    const rows = all(1);
    expect(rows).toHaveLength(20_000);
    const times = rows.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2026-03-12T00:00:00Z'));
  });

  it('has a daily rhythm, mostly successes, and bot users only on telegram rows; the same for a seed', () => {
    const rows = all(7);
    const hour = (h: number) => rows.filter((r) => r.createdAt.getUTCHours() === h).length;
    expect(hour(19)).toBeGreaterThan(hour(2) * 4); // 20:00 BST evening peak vs 03:00 BST lull
    expect(rows.filter((r) => r.outcome === 'success').length / rows.length).toBeGreaterThan(0.85);
    expect(rows.every((r) => (r.userId === null) === (r.source !== 'telegram' || r.chatType === 'channel'))).toBe(true);
    expect(all(7).slice(0, 50)).toEqual(rows.slice(0, 50));
  });
});

describe('parseSeedUsageArgs', () => {
  it('reads the flags and names a bad one', () => {
    expect(parseSeedUsageArgs(['--rows', '1000000', '--replace'])).toMatchObject({
      rows: 1_000_000,
      days: 120,
      replace: true,
    });
    expect(() => parseSeedUsageArgs(['--rows', 'many'])).toThrow(/--rows/);
    expect(() => parseSeedUsageArgs(['--color', '1'])).toThrow(/--color/);
  });
});
