import { describe, expect, it } from 'vitest';
import { parseCodeList, zipEntryName } from './many-codes-list.js';

describe('parseCodeList', () => {
  it('reads one code per line, normalised, without blanks and repeats, in first-seen order', () => {
    expect(parseCodeList('save20\n\n  summer sale \nSAVE20\r\nwelcome10\n😀\n')).toEqual({
      codes: ['SAVE20', 'SUMMER-SALE', 'WELCOME10'],
      repeats: 1,
      unusable: 1,
    });
  });

  it('takes the first column of a CSV and skips its header', () => {
    const csv = '\uFEFFcode,owner\n"SAVE20","Ann, B"\nwelcome10;x\n"quo""te",1\n';
    expect(parseCodeList(csv).codes).toEqual(['SAVE20', 'WELCOME10', 'QUOTE']);
  });

  it('keeps a first line that is a real code', () => {
    expect(parseCodeList('CODE20\nX').codes).toEqual(['CODE20', 'X']);
  });
});

describe('zipEntryName', () => {
  it('names an image {CODE}-{slug}-{variant}.png', () => {
    expect(zipEntryName({ code: 'SAVE20', slug: 'flash-sale', variant: 'story' })).toBe('SAVE20-flash-sale-story.png');
  });
});
