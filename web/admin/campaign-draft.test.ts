import { describe, expect, it } from 'vitest';
import type { AdminCampaign } from '../shared/campaigns-api.js';
import { bodyOf, draftOf } from './campaign-draft.js';

const saved: AdminCampaign = {
  id: 7,
  title: 'Winter',
  description: '',
  start_date: '2026-12-24T17:00:00.000Z',
  end_date: '2027-01-06T23:00:00.000Z',
  prize: '',
  platforms: ['x', 'instagram'],
  overlay_url: 'https://cdn.example/campaigns/overlays/abcdef012345.png',
  overlay_width: 800,
  overlay_height: 800,
  status: 'scheduled',
  entries: 0,
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
};

describe('the campaign form’s draft', () => {
  it('shows saved dates on the wall clock of ANALYTICS_TZ', () => {
    const draft = draftOf(saved, { timeZone: 'Europe/Berlin', now: new Date() });
    expect([draft.start, draft.end]).toEqual(['2026-12-24T18:00', '2027-01-07T00:00']);
    expect(draft.platforms).toEqual(['instagram', 'x']);
  });

  it('starts a new campaign at the next full hour in the zone, for two weeks', () => {
    const draft = draftOf(null, { timeZone: 'America/New_York', now: new Date('2026-07-01T12:10:00Z') });
    expect([draft.start, draft.end]).toEqual(['2026-07-01T09:00', '2026-07-15T09:00']);
    const india = draftOf(null, { timeZone: 'Asia/Kolkata', now: new Date('2026-07-01T12:10:00Z') });
    expect(india.start).toBe('2026-07-01T18:00');
  });

  it('sends the overlay only when it was changed, and null when it was removed', () => {
    const draft = draftOf(saved, { timeZone: 'UTC', now: new Date() });
    expect(bodyOf(draft)).not.toHaveProperty('overlay_url');
    expect(bodyOf({ ...draft, overlayUrl: null, overlayChanged: true }).overlay_url).toBeNull();
    expect(bodyOf(draft)).toMatchObject({ start_date: '2026-12-24T17:00', platforms: ['instagram', 'x'] });
  });
});
