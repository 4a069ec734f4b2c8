import { describe, expect, it } from 'vitest';
import { normalizeCouponCode } from './coupon-code.js';

describe('normalizeCouponCode', () => {
  it('trims, upper-cases and turns each whitespace run into one dash', () => {
    expect(normalizeCouponCode('  summer sale 20 ')).toBe('SUMMER-SALE-20');
    expect(normalizeCouponCode('a \t\n b')).toBe('A-B');
  });

  it('keeps dashes and underscores and drops every other character', () => {
    expect(normalizeCouponCode('save_20-now!')).toBe('SAVE_20-NOW');
    expect(normalizeCouponCode("x'; DROP TABLE templates;--")).toBe('X-DROP-TABLE-TEMPLATES--');
    expect(normalizeCouponCode('😀 deal 😀')).toBe('-DEAL-');
  });

  it('is empty when nothing usable is left', () => {
    expect(normalizeCouponCode('   ')).toBe('');
    expect(normalizeCouponCode('😀😀')).toBe('');
    expect(normalizeCouponCode('€%$')).toBe('');
  });

  it('caps the result at 40 characters', () => {
    expect(normalizeCouponCode('A'.repeat(500))).toHaveLength(40);
  });

  it('is idempotent', () => {
    for (const raw of ['  summer sale 20 ', 'x y', 'ÄBC def', 'save_20-now!']) {
      const once = normalizeCouponCode(raw);
      expect(normalizeCouponCode(once)).toBe(once);
    }
  });
});
