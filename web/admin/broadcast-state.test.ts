import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api.js';
import { botRefused, draft, fieldErrors, placeError, resetDraft, setFieldError } from './broadcast-state.js';

describe('broadcast refusals', () => {
  beforeEach(() => {
    fieldErrors.value = {};
    botRefused.value = false;
  });

  it('puts a refusal beside the field it names, and leaves the rest to the control used', () => {
    const chat = new ApiError(
      400,
      'broadcast.test_failed',
      'Telegram did not deliver the test: Forbidden',
      {},
      {},
      'chat_id',
    );
    expect(placeError(chat)).toBe(true);
    expect(fieldErrors.value).toEqual({ chat_id: 'Telegram did not deliver the test: Forbidden' });
    expect(placeError(new ApiError(500, 'internal', 'Something went wrong'))).toBe(false);
    expect(placeError(new ApiError(400, 'request.invalid', 'x', {}, {}, 'squareImage'))).toBe(false);
    expect(placeError(new Error('network'))).toBe(false);
    setFieldError('chat_id', null);
    expect(fieldErrors.value).toEqual({});
  });

  it('turns sending off when the API says the bot is off', () => {
    expect(placeError(new ApiError(409, 'broadcast.bot_off', 'The Telegram bot is off'))).toBe(false);
    expect(botRefused.value).toBe(true);
  });

  it('starts a fresh message after a send, keeping the audience and the test chat', () => {
    draft.message.value = 'Sent already';
    draft.image.value = { kind: 'template', slug: 'flash-sale' };
    draft.days.value = 7;
    draft.chatId.value = '555';
    setFieldError('message', 'Too long');
    resetDraft();
    expect([draft.message.value, draft.image.value, draft.days.value, draft.chatId.value]).toEqual([
      '',
      { kind: 'none' },
      7,
      '555',
    ]);
    expect(fieldErrors.value).toEqual({});
  });
});
