import { describe, expect, it } from 'vitest';
import {
  INLINE_PAGE_SIZE,
  inlineCodeOf,
  inlinePhotoUrls,
  inlineResultId,
  pageOf,
  parseInlineQuery,
  parseInlineResultId,
} from './inline.models.js';

describe('inline mode, pure parts', () => {
  it('reads the code first and the rest as a filter on template names', () => {
    expect(parseInlineQuery('  save20   flash sale ')).toEqual({ rawCode: 'save20', filter: 'flash sale' });
    expect(parseInlineQuery('')).toEqual({ rawCode: '', filter: '' });
    expect(inlineCodeOf('summer-sale flash')).toBe('SUMMER-SALE');
  });

  it('pages by 50 with the offset Telegram echoes back, and starts over on a garbled one', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    expect(pageOf(items, '')).toMatchObject({ nextOffset: '50' });
    expect(pageOf(items, '100')).toEqual({ page: items.slice(100), nextOffset: '' });
    expect(pageOf(items, 'x')).toMatchObject({ page: items.slice(0, INLINE_PAGE_SIZE) });
  });

  it('makes result ids that fit Telegram and read back as variant and template', () => {
    const id = inlineResultId({ template: { slug: 'a'.repeat(64) } as never, variant: 'story' });
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
    expect(parseInlineResultId(id)).toEqual({ variant: 'story', ref: id.slice(2) });
    expect(parseInlineResultId('x.abc')).toBeNull();
  });

  it('points photos and thumbnails at the render API under PUBLIC_URL, signed', () => {
    expect(
      inlinePhotoUrls({
        publicUrl: 'https://p.example/',
        slug: 'flash-sale',
        variant: 'square',
        code: 'A-1',
        sig: 'S',
      }),
    ).toEqual({
      photoUrl: 'https://p.example/api/render/flash-sale/square.jpg?code=A-1&sig=S',
      thumbnailUrl: 'https://p.example/api/render/flash-sale/square.jpg?code=A-1&sig=S&size=thumb',
    });
  });
});
