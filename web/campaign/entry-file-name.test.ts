import { describe, expect, it } from 'vitest';
import { entryFileName } from './entry-file-name.js';

describe('the name of a downloaded campaign entry', () => {
  it('is the title with _entry.png', () => {
    expect(entryFileName('Summer Contest')).toBe('Summer Contest_entry.png');
  });
  it('leaves out what file systems refuse, and keeps the rest of the title', () => {
    expect(entryFileName('Winter <b>giveaway</b>')).toBe('Winter b giveaway b_entry.png');
    expect(entryFileName('A/B: "test"?')).toBe('A B test_entry.png');
  });
  it('is never empty or overlong', () => {
    expect(entryFileName(' /// ')).toBe('campaign_entry.png');
    expect(entryFileName('x'.repeat(120))).toBe(`${'x'.repeat(80)}_entry.png`);
  });
});
