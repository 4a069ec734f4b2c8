import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api.js';
import { campaignErrorsOf, describeCampaignError, formatInZone } from './campaign-format.js';

describe('campaign wording in the admin', () => {
  it('says the server’s field problems with the form’s labels', () => {
    expect(describeCampaignError('end_date', 'end_date must be after start_date')).toBe('End must be after the start');
    expect(describeCampaignError('start_date', 'start_date must be a date and time, e.g. 2026-12-24T18:00')).toBe(
      'Start must be a date and time',
    );
    expect(describeCampaignError('title', 'title is required')).toBe('Title is required');
    expect(describeCampaignError('platforms', 'platforms: choose at least one of instagram, x')).toBe(
      'Platforms: choose at least one',
    );
    expect(describeCampaignError('overlay_url', 'upload the overlay first')).toBe('Overlay: upload the overlay first');
  });

  it('puts each problem beside its field, and the overlay upload’s beside the overlay', () => {
    const saved = campaignErrorsOf(
      new ApiError(400, 'campaign.invalid', 'x', {
        title: 'title is required',
        end_date: 'end_date must be after start_date',
      }),
    );
    expect(saved.fields).toEqual({ title: 'Title is required', end_date: 'End must be after the start' });
    expect(saved.form).toBe('Not saved. Check the 2 fields marked in red.');
    const upload = campaignErrorsOf(
      new ApiError(400, 'image.invalid', 'The overlay must be a PNG', {}, null, 'overlayImage'),
    );
    expect(upload.fields).toEqual({ overlay_url: 'Overlay: The overlay must be a PNG' });
  });

  it('says so when the server could not be reached, or refused without naming a field', () => {
    expect(campaignErrorsOf(new TypeError('fetch')).form).toMatch(/connection/);
    expect(campaignErrorsOf(new ApiError(404, 'campaign.not_found', 'There is no such campaign')).form).toBe(
      'Not saved: There is no such campaign.',
    );
  });

  it('shows dates on the wall clock of the zone they were entered in', () => {
    expect(formatInZone('2026-12-24T17:00:00.000Z', 'Europe/Berlin')).toBe('24 Dec 2026, 18:00');
    expect(formatInZone('2026-07-01T00:30:00.000Z', 'America/New_York')).toBe('30 Jun 2026, 20:30');
  });
});
