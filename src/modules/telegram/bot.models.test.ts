import { describe, expect, it } from 'vitest';
import { templateRef } from '../templates/template-lookup.models.js';
import {
  buildTemplateKeyboard,
  decodeCallback,
  encodeCallback,
  fitsTelegramPhoto,
  generatorLink,
  looksLikeCode,
  parseFlowState,
  referralLink,
} from './bot.models.js';

const templates = Array.from({ length: 17 }, (_, i) => ({ slug: `template-${i + 1}`, name: `Template ${i + 1}` }));

describe('callback data', () => {
  it('round-trips every action within Telegram’s 64-byte limit, even for the longest slug and code', () => {
    const ref = templateRef('a'.repeat(64));
    const actions = [
      { kind: 'page', page: 12 },
      { kind: 'template', ref },
      { kind: 'file', variant: 'story', code: 'X'.repeat(40), ref },
      { kind: 'noop' },
    ] as const;
    for (const action of actions) {
      const data = encodeCallback(action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeCallback(data)).toEqual(action);
    }
  });

  it.each(['', 'x', 't:', 't:ABC', 'f:s:save20:abc', 'f:q:SAVE20:abc', 'p:-1', 'f:s:SAVE20:../../x', 't:abc;drop'])(
    'refuses %j',
    (data) => {
      expect(decodeCallback(data)).toBeNull();
    },
  );
});

describe('buildTemplateKeyboard', () => {
  const names = (page: number) => buildTemplateKeyboard(templates, page).map((row) => row.map((b) => b.text));

  it('shows 8 templates per page with previous/next and the page number', () => {
    expect(names(0)).toHaveLength(9);
    expect(names(0).at(-1)).toEqual(['1 / 3', 'Next ▶']);
    expect(names(1).at(-1)).toEqual(['◀ Previous', '2 / 3', 'Next ▶']);
    expect(names(2)).toEqual([['Template 17'], ['◀ Previous', '3 / 3']]);
  });

  it('clamps a page past the end and has no navigation row for one page', () => {
    expect(names(99)[0]).toEqual(['Template 17']);
    expect(buildTemplateKeyboard(templates.slice(0, 3), 0)).toHaveLength(3);
  });
});

describe('looksLikeCode', () => {
  it.each(['SAVE20', 'save20', 'SUMMER', 'BF-2026', 'x_1_y'])('takes %j as a code', (text) => {
    expect(looksLikeCode(text)).toBe(true);
  });
  it.each(['hi', 'thanks', 'hello there', 'Summer', 'what is this?', 'A'.repeat(41)])('takes %j as chatter', (text) => {
    expect(looksLikeCode(text)).toBe(false);
  });
  it('takes any code-shaped word as a new code while the template keyboard is open, but not a sentence', () => {
    const choosing = { step: 'choosing', code: 'SAVE20' } as const;
    expect(looksLikeCode('summer', choosing)).toBe(true);
    expect(looksLikeCode('Summer', choosing)).toBe(true);
    expect(looksLikeCode('summer', { step: 'awaiting_code' })).toBe(false);
    expect(looksLikeCode('hi', choosing)).toBe(false);
    expect(looksLikeCode('thanks a lot', choosing)).toBe(false);
  });
});

describe('the rest of the bot model', () => {
  it('reads back only well-formed flow state', () => {
    expect(parseFlowState({ step: 'choosing', code: 'SAVE20' })).toEqual({ step: 'choosing', code: 'SAVE20' });
    expect(parseFlowState({ step: 'choosing', code: 'save 20' })).toBeNull();
    expect(parseFlowState({ step: 'other' })).toBeNull();
    expect(parseFlowState(null)).toBeNull();
  });

  it('knows which sizes Telegram accepts as a photo', () => {
    expect(fitsTelegramPhoto({ width: 1080, height: 1920 })).toBe(true);
    expect(fitsTelegramPhoto({ width: 5000, height: 5000 })).toBe(true);
    expect(fitsTelegramPhoto({ width: 6000, height: 5000 })).toBe(false);
    expect(fitsTelegramPhoto({ width: 4100, height: 200 })).toBe(false);
  });

  it('puts the code into the referral link URL-encoded', () => {
    expect(referralLink('https://x.test/buy/?promo={code}', 'A-B_1')).toBe('https://x.test/buy/?promo=A-B_1');
  });

  it('links the web generator with the template and code, unless the app has no public address', () => {
    const link = (publicUrl: string) => generatorLink({ publicUrl, slug: 'flash-sale', code: 'SAVE-20' });
    expect(link('https://promo.example.com')).toBe('https://promo.example.com/?t=flash-sale&code=SAVE-20');
    expect(link('https://example.com/promo/')).toBe('https://example.com/promo/?t=flash-sale&code=SAVE-20');
    expect(link('http://192.168.1.20:3000')).toBe('http://192.168.1.20:3000/?t=flash-sale&code=SAVE-20');
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'not a url'])
      expect(link(local)).toBeNull();
  });
});
