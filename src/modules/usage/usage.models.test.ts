import { describe, expect, it } from 'vitest';
import { buildUsageRow } from './usage.models.js';

describe('buildUsageRow', () => {
  it('derives the outcome from the error, so the two never disagree', () => {
    const row = (errorType: Parameters<typeof buildUsageRow>[0]['errorType']) =>
      buildUsageRow({ source: 'telegram', action: 'command', errorType }).outcome;
    expect(row(null)).toBe('success');
    expect(row('invalid_coupon')).toBe('invalid');
    expect(row('validation_unavailable')).toBe('unavailable');
    expect(['template_not_found', 'render_failed', 'send_failed'].map((e) => row(e as never))).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('keeps who asked where known, and stores an empty code as none', () => {
    expect(
      buildUsageRow({
        source: 'telegram',
        action: 'button',
        actor: { userId: 1, chatId: -2, chatType: 'group' },
        code: '',
      }),
    ).toMatchObject({ userId: 1, chatId: -2, chatType: 'group', code: null });
    expect(buildUsageRow({ source: 'web', action: 'share' })).toMatchObject({ userId: null, chatId: null });
  });

  it('refuses an action its source cannot perform', () => {
    expect(() => buildUsageRow({ source: 'web', action: 'render' })).toThrow('web has no action "render"');
    expect(() => buildUsageRow({ source: 'api', action: 'download' })).toThrow();
  });
});
