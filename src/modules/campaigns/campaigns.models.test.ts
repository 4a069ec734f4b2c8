import { describe, expect, it } from 'vitest';
import {
  campaignStatus,
  checkEntryUrl,
  isFieldErrors,
  normalizeEmail,
  validateCampaign,
  validateEntry,
} from './campaigns.models.js';

describe('a campaign', () => {
  const campaign = { startAt: new Date('2026-12-01T00:00:00Z'), endAt: new Date('2026-12-31T00:00:00Z') };

  it('is scheduled, ongoing or ended by the clock alone', () => {
    expect(campaignStatus(campaign, new Date('2026-11-30T23:59:59Z'))).toBe('scheduled');
    expect(campaignStatus(campaign, new Date('2026-12-01T00:00:00Z'))).toBe('ongoing');
    expect(campaignStatus(campaign, new Date('2026-12-31T00:00:00Z'))).toBe('ended');
  });

  it('is checked field by field, dates in the admin zone, the end after the start', () => {
    const ok = validateCampaign(
      {
        title: ' Winter ',
        start_date: '2026-12-01T09:00',
        end_date: '2026-12-02T09:00',
        platforms: ['x', 'instagram'],
      },
      { timeZone: 'Europe/Paris' },
    );
    expect(isFieldErrors(ok)).toBe(false);
    expect(ok).toMatchObject({ title: 'Winter', platforms: ['instagram', 'x'], description: '', prize: '' });
    expect(!isFieldErrors(ok) && ok.startAt.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    const bad = validateCampaign(
      {
        title: '',
        start_date: '2026-12-02T09:00',
        end_date: '2026-12-01T09:00',
        platforms: ['myspace'],
        prize: 'x'.repeat(201),
      },
      { timeZone: 'UTC' },
    );
    expect(Object.keys(bad).sort()).toEqual(['end_date', 'platforms', 'prize', 'title']);
  });
});

describe('an entry', () => {
  it('takes https links on the platform’s own domains, and subdomains of them', () => {
    expect(checkEntryUrl('instagram', 'https://www.instagram.com/p/abc/#x')).toEqual({
      ok: true,
      url: 'https://www.instagram.com/p/abc/',
    });
    expect(checkEntryUrl('x', 'https://twitter.com/user/status/1').ok).toBe(true);
    expect(checkEntryUrl('tiktok', 'https://vm.tiktok.com/ZM123/').ok).toBe(true);
  });

  it('refuses look-alikes, other schemes, logins and no link at all', () => {
    for (const url of [
      'javascript:alert(1)',
      'http://instagram.com/p/1',
      'http://evil.example/instagram.com',
      'https://instagram.com.evil.example/x',
      'https://evilinstagram.com/p/1',
      'https://user:pass@instagram.com/p/1',
      'instagram.com/p/1',
      '',
    ])
      expect(checkEntryUrl('instagram', url).ok, url).toBe(false);
  });

  it('normalises the email, and refuses one that cannot be written to', () => {
    expect(normalizeEmail('  Ana@Example.COM ')).toBe('ana@example.com');
    for (const bad of ['ana', 'ana@', 'ana@example', 'a na@example.com', '@example.com', 42])
      expect(normalizeEmail(bad)).toBeNull();
  });

  it('needs at least one link, for a platform the campaign takes', () => {
    expect(validateEntry({ email: 'a@b.co', urls: {} }, ['instagram'])).toMatchObject({
      errors: { urls: expect.any(String) },
    });
    expect(validateEntry({ email: 'a@b.co', urls: { x: 'https://x.com/a/status/1' } }, ['instagram'])).toMatchObject({
      errors: { 'urls.x': 'This campaign does not take x posts' },
    });
    expect(
      validateEntry({ email: 'A@B.co', urls: { instagram: 'https://instagram.com/p/1', x: '' } }, ['instagram', 'x']),
    ).toEqual({ email: 'a@b.co', urls: { instagram: 'https://instagram.com/p/1' } });
  });
});
