import { describe, expect, it } from 'vitest';
import { parseHexColour } from './colour.js';

describe('hex colours', () => {
  it('accepts #RRGGBB in any case, with or without the #, and spells it as the server stores it', () => {
    expect(parseHexColour('#ffaa00')).toBe('#FFAA00');
    expect(parseHexColour(' FFAA00 ')).toBe('#FFAA00');
  });

  it.each(['', '#', '#FFF', '#FFAA0', '#FFAA000', '#GGAA00', 'red', 'rgb(0,0,0)'])('refuses %j', (text) => {
    expect(parseHexColour(text)).toBeNull();
  });
});
