import { describe, expect, it } from 'vitest';
import { imageChoiceOf, sendBlocker, wantsImage } from './broadcast-draft.js';

const UPLOADED = { key: 'broadcasts/images/0123456789ab.png', url: '/files/x.png', width: 640, height: 480 };
const FITS = { length: 5, limit: 4096, fits: true };

describe('broadcast draft', () => {
  it('sends the image that was picked, and nothing for one not picked yet', () => {
    expect(imageChoiceOf({ kind: 'none' })).toBeNull();
    expect(imageChoiceOf({ kind: 'template', slug: 'flash-sale' })).toEqual({ template: 'flash-sale' });
    expect(imageChoiceOf({ kind: 'template', slug: null })).toBeNull();
    expect(imageChoiceOf({ kind: 'upload', image: UPLOADED })).toEqual({ upload: UPLOADED.key });
    expect(imageChoiceOf({ kind: 'upload', image: null })).toBeNull();
    expect(wantsImage({ kind: 'upload', image: null })).toBe(true);
    expect(wantsImage({ kind: 'none' })).toBe(false);
  });

  it('says why a message cannot be sent, the bot first', () => {
    const ok = { botOff: false, message: 'Hello', preview: FITS, image: { kind: 'none' } as const, recipients: 3 };
    expect(sendBlocker(ok)).toBeNull();
    expect(sendBlocker({ ...ok, botOff: true, message: '' })).toContain('bot is off');
    expect(sendBlocker({ ...ok, message: '  ' })).toBe('Write a message first.');
    expect(sendBlocker({ ...ok, preview: { length: 1100, limit: 1024, fits: false } })).toBe(
      'The message is too long: 1\u00a0100 of 1\u00a0024 characters.',
    );
    expect(sendBlocker({ ...ok, image: { kind: 'template', slug: null } })).toContain('Choose the template');
    expect(sendBlocker({ ...ok, image: { kind: 'upload', image: null } })).toContain('Upload the image');
    expect(sendBlocker({ ...ok, recipients: 0 })).toContain('Nobody would receive it');
  });

  it('lets a test go while the count is unknown or zero, and waits for nothing while the preview is made', () => {
    const base = { botOff: false, message: 'Hello', image: { kind: 'none' } as const };
    expect(sendBlocker({ ...base, preview: null })).toBeNull();
    expect(sendBlocker({ ...base, preview: FITS, recipients: null })).toBeNull();
    expect(sendBlocker({ ...base, preview: FITS })).toBeNull();
  });
});
