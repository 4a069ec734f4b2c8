import { PLATFORMS, type Platform } from '../../src/shared/campaign-platforms.js';
import { parseDateTimeIn, toLocalInputValue, wallClockAt } from '../../src/shared/time-zone.js';
import type { AdminCampaign, CampaignBody } from '../shared/campaigns-api.js';

/** The campaign form's state: dates as `datetime-local` text on the ANALYTICS_TZ wall clock. Pure. */
export interface CampaignDraft {
  title: string;
  description: string;
  start: string;
  end: string;
  prize: string;
  platforms: Platform[];
  overlayUrl: string | null;
  /** Only a changed overlay is sent: an edit that leaves it alone keeps the saved one. */
  overlayChanged: boolean;
}

export function draftOf(
  campaign: AdminCampaign | null,
  { timeZone, now }: { timeZone: string; now: Date },
): CampaignDraft {
  if (campaign)
    return {
      title: campaign.title,
      description: campaign.description,
      start: toLocalInputValue(new Date(campaign.start_date), timeZone),
      end: toLocalInputValue(new Date(campaign.end_date), timeZone),
      prize: campaign.prize,
      platforms: PLATFORMS.filter((p) => campaign.platforms.includes(p)),
      overlayUrl: campaign.overlay_url,
      overlayChanged: false,
    };
  // A new campaign starts at the zone's next full hour and runs two weeks: the admin adjusts rather than types from
  // nothing. (The next full hour on the zone's clock: in a +05:30 zone that is not a full UTC hour.)
  const w = wallClockAt(now, timeZone);
  const nextHour = new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour + 1)).toISOString().slice(0, 16);
  const start = parseDateTimeIn(nextHour, timeZone) ?? now;
  return {
    title: '',
    description: '',
    start: toLocalInputValue(start, timeZone),
    end: toLocalInputValue(new Date(start.getTime() + 14 * 86_400_000), timeZone),
    prize: '',
    platforms: ['instagram'],
    overlayUrl: null,
    overlayChanged: false,
  };
}

/** What is sent: the dates as typed (the server reads them in ANALYTICS_TZ), the overlay only when it changed. */
export const bodyOf = (draft: CampaignDraft): CampaignBody => ({
  title: draft.title,
  description: draft.description,
  start_date: draft.start,
  end_date: draft.end,
  prize: draft.prize,
  platforms: draft.platforms,
  ...(draft.overlayChanged ? { overlay_url: draft.overlayUrl } : {}),
});
