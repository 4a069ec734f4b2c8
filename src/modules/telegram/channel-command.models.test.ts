import { describe, expect, it } from 'vitest';
import { isForAnotherBot, parseChannelCommand, parseLoneTemplate } from './channel-command.models.js';

const BOT = 'promostack_bot';

describe('parseChannelCommand', () => {
  it.each([
    ['/flash-sale/SAVE20', 'flash-sale', 'SAVE20', false],
    ['/flashsale/save20', 'flashsale', 'save20', false],
    ['/Flash_Sale SAVE20', 'Flash_Sale', 'SAVE20', false],
    ['/flash-sale/SAVE20/story', 'flash-sale', 'SAVE20', true],
    ['/flash-sale/SAVE20/Portrait', 'flash-sale', 'SAVE20', true],
    ['/flash-sale/SAVE20/square', 'flash-sale', 'SAVE20', false],
    ['/flash-sale@promostack_bot SAVE20', 'flash-sale', 'SAVE20', false],
    ['/flash-sale/SAVE20@promostack_bot', 'flash-sale', 'SAVE20', false],
    ['/flash-sale/SAVE20@PromoStack_Bot', 'flash-sale', 'SAVE20', false],
    ['/flash-sale/SAVE20/story@promostack_bot', 'flash-sale', 'SAVE20', true],
    ['  /flash-sale/SAVE20  ', 'flash-sale', 'SAVE20', false],
  ])('reads %j', (text, templateToken, rawCode, wantsStory) => {
    expect(parseChannelCommand(text, BOT)).toEqual({ templateToken, rawCode, wantsStory });
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
    '/flash-sale/SAVE20@otherbot',
    '/flash-sale/SAVE20/../../etc',
    '/flash-sale/SAVE20/extra',
    '/flash-sale@otherbot SAVE20',
    '/flash-sale@otherbot/SAVE20',
    '/flash-sale/SAVE20@promostack_bot@otherbot',
    '',
  ])('ignores %j', (text) => {
    expect(parseChannelCommand(text, BOT)).toBeNull();
  });
});

describe('isForAnotherBot', () => {
  it('tells commands for another bot from ours and from plain text', () => {
    expect(isForAnotherBot('/start@otherbot', BOT)).toBe(true);
    expect(isForAnotherBot('/flash-sale/SAVE20@otherbot', BOT)).toBe(true);
    expect(isForAnotherBot('/start@promostack_bot', BOT)).toBe(false);
    expect(isForAnotherBot('/flash-sale/SAVE20', BOT)).toBe(false);
    expect(isForAnotherBot('email me at a@b.c', BOT)).toBe(false);
  });
});

describe('parseLoneTemplate', () => {
  it.each([
    ['/flash-sale', 'flash-sale'],
    ['/unknowncmd', 'unknowncmd'],
    ['/flash-sale@promostack_bot', 'flash-sale'],
    ['  /Flash_Sale/ ', 'Flash_Sale'],
  ])('reads %j as the template %j', (text, token) => {
    expect(parseLoneTemplate(text, BOT)).toBe(token);
  });

  it.each(['/start', '/help@promostack_bot', '/flash-sale@otherbot', '/flash-sale/SAVE20', 'flash-sale', '/'])(
    'ignores %j',
    (text) => {
      expect(parseLoneTemplate(text, BOT)).toBeNull();
    },
  );
});
