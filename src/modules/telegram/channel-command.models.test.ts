import { describe, expect, it } from 'vitest';
import { matchTemplate, parseChannelCommand } from './channel-command.models.js';

describe('parseChannelCommand', () => {
  it.each([
    ['/flash-sale/SAVE20', 'flash-sale', 'SAVE20', false],
    ['/flashsale/save20', 'flashsale', 'save20', false],
    ['/Flash_Sale SAVE20', 'Flash_Sale', 'SAVE20', false],
    ['/flash-sale/SAVE20/story', 'flash-sale', 'SAVE20', true],
    ['/flash-sale/SAVE20/Portrait', 'flash-sale', 'SAVE20', true],
    ['/flash-sale/SAVE20/square', 'flash-sale', 'SAVE20', false],
    ['/flash-sale@promostack_bot SAVE20', 'flash-sale', 'SAVE20', false],
    ['  /flash-sale/SAVE20  ', 'flash-sale', 'SAVE20', false],
  ])('reads %j', (text, templateToken, rawCode, wantsStory) => {
    expect(parseChannelCommand(text)).toEqual({ templateToken, rawCode, wantsStory });
  });

  it.each([
    '/start',
    '/help',
    '/start SAVE20',
    '/generate/SAVE20',
    '/flash-sale',
    'flash-sale/SAVE20',
    'hello there',
    '/flash-sale/SAVE20 and more words',
    '',
  ])('ignores %j', (text) => {
    expect(parseChannelCommand(text)).toBeNull();
  });
});

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
});
