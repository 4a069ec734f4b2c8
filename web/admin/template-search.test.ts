import { describe, expect, it } from 'vitest';
import { matchesSearch, offersSearch } from './template-search.js';

describe('template search', () => {
  it('is offered for more than a dozen templates', () => {
    expect(offersSearch(12)).toBe(false);
    expect(offersSearch(13)).toBe(true);
  });

  it('finds every word of the query in the name or slug, ignoring case and accents', () => {
    const template = { name: 'Été Flash Sale 20%', slug: 'ete-flash-sale-20' };
    expect(matchesSearch(template, 'flash')).toBe(true);
    expect(matchesSearch(template, '  ETE   sale ')).toBe(true);
    expect(matchesSearch(template, 'flash-sale')).toBe(true);
    expect(matchesSearch(template, 'summer')).toBe(false);
    expect(matchesSearch(template, '')).toBe(true);
  });
});
