import { describe, expect, it } from 'vitest';
import { parseDateTimeIn, toLocalInputValue } from './time-zone.js';

describe('date-times entered in a zone', () => {
  it('reads a wall-clock time in the zone, and one with an offset as written', () => {
    expect(parseDateTimeIn('2026-12-24T18:00', 'Europe/London')?.toISOString()).toBe('2026-12-24T18:00:00.000Z');
    expect(parseDateTimeIn('2026-07-01T18:00', 'Europe/London')?.toISOString()).toBe('2026-07-01T17:00:00.000Z');
    expect(parseDateTimeIn('2026-07-01T18:00', 'America/New_York')?.toISOString()).toBe('2026-07-01T22:00:00.000Z');
    expect(parseDateTimeIn('2026-07-01T18:00:00Z', 'Europe/London')?.toISOString()).toBe('2026-07-01T18:00:00.000Z');
    expect(parseDateTimeIn('2026-07-01T18:00:00+02:00', 'UTC')?.toISOString()).toBe('2026-07-01T16:00:00.000Z');
  });

  it('moves a time skipped by the spring change forward, and takes the first of a repeated autumn hour', () => {
    // Europe/London: 2026-03-29 01:00 → 02:00; 2026-10-25 02:00 → 01:00.
    expect(parseDateTimeIn('2026-03-29T01:30', 'Europe/London')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(parseDateTimeIn('2026-10-25T01:30', 'Europe/London')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses what is not a date-time', () => {
    for (const text of ['', 'tomorrow', '2026-02-30T10:00', '2026-12-24T25:00', '2026-12-24', '1e9'])
      expect(parseDateTimeIn(text, 'UTC')).toBeNull();
  });

  it('writes an instant back as the zone shows it', () => {
    expect(toLocalInputValue(new Date('2026-07-01T17:00:00Z'), 'Europe/London')).toBe('2026-07-01T18:00');
  });
});
