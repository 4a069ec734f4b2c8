import { describe, expect, it } from 'vitest';
import { findTemplateByRef, matchTemplate, templateRef } from './template-lookup.models.js';

describe('matchTemplate', () => {
  const templates = [
    { slug: 'flash-sale', name: 'Flash Sale' },
    { slug: 'flash-deal', name: 'Flash Deal' },
    { slug: 'summer-deal', name: 'Summer Deal' },
    { slug: 'black-friday', name: 'Black Friday' },
  ];

  it('ignores case, dashes, underscores and spaces', () => {
    for (const token of ['flash-sale', 'flashsale', 'Flash_Sale', 'FLASH SALE']) {
      expect(matchTemplate(token, templates)).toEqual({ kind: 'found', template: templates[0] });
    }
  });

  it('accepts a unique prefix and refuses an ambiguous one with the candidates', () => {
    expect(matchTemplate('black', templates)).toEqual({ kind: 'found', template: templates[3] });
    const ambiguous = matchTemplate('flash', templates);
    expect(ambiguous.kind).toBe('unknown');
    expect(ambiguous.kind === 'unknown' && ambiguous.suggestions.map((t) => t.slug).sort()).toEqual([
      'flash-deal',
      'flash-sale',
    ]);
  });

  it('suggests the closest names for a typo', () => {
    const result = matchTemplate('sumer-del', templates);
    expect(result.kind === 'unknown' && result.suggestions[0]?.slug).toBe('summer-deal');
  });

  it('finds nothing in an empty catalogue', () => {
    expect(matchTemplate('flash', [])).toEqual({ kind: 'unknown', suggestions: [] });
  });

  it('suggests only names within a real similarity threshold', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ slug: `tpl-${i}`, name: `Template ${i}` }));
    expect(matchTemplate('nosuch', many)).toEqual({ kind: 'unknown', suggestions: [] });
    expect(matchTemplate('zzzzzz', templates)).toEqual({ kind: 'unknown', suggestions: [] });
    const typo = matchTemplate('flsh-sale', templates);
    expect(typo.kind === 'unknown' && typo.suggestions.map((t) => t.slug)).toEqual(['flash-sale']);
    const part = matchTemplate('friday', templates);
    expect(part.kind === 'unknown' && part.suggestions.map((t) => t.slug)).toEqual(['black-friday']);
  });
});

describe('template references', () => {
  const templates = Array.from({ length: 17 }, (_, i) => ({ slug: `template-${i + 1}` }));

  it('are short, stable and distinct', () => {
    expect(templateRef('a'.repeat(64)).length).toBeLessThanOrEqual(12);
    expect(templateRef('flash-sale')).toBe(templateRef('flash-sale'));
    expect(new Set(templates.map((t) => templateRef(t.slug))).size).toBe(templates.length);
  });

  it('find a template only among the given ones', () => {
    expect(findTemplateByRef(templates, templateRef('template-3'))?.slug).toBe('template-3');
    expect(findTemplateByRef(templates, templateRef('gone'))).toBeNull();
  });
});
