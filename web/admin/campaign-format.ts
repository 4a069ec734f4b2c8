import { ApiError } from '../shared/api.js';
import type { CampaignStatus } from '../shared/campaigns-api.js';

/** The admin's words for campaigns: status, dates in ANALYTICS_TZ, and save errors beside their fields. Pure. */
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  scheduled: 'Scheduled',
  ongoing: 'Ongoing',
  ended: 'Ended',
};

/** "24 Dec 2026, 18:00" on the zone's wall clock. */
export function formatInZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** The form's field for each key the server names (the overlay's upload field and its URL are one field). */
export const CAMPAIGN_FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  start_date: 'Start',
  end_date: 'End',
  prize: 'Prize',
  platforms: 'Platforms',
  overlay_url: 'Overlay',
  overlayImage: 'Overlay',
};
export const fieldOfKey = (key: string) => (key === 'overlayImage' ? 'overlay_url' : key);

/** One server problem in the form's words: "end_date must be after start_date" → "End must be after the start". */
export function describeCampaignError(key: string, problem: string): string {
  const label = CAMPAIGN_FIELD_LABELS[key] ?? key;
  let rest = problem.trim();
  if (rest.startsWith(`${key}: `)) rest = rest.slice(key.length + 2);
  else if (rest.startsWith(`${key} `)) rest = rest.slice(key.length + 1);
  rest = rest
    .replace(/, e\.g\. \S+$/, '')
    .replace(/\bstart_date\b/g, 'the start')
    .replace(/\bend_date\b/g, 'the end')
    .replace(/^choose at least one of .*$/, 'choose at least one');
  return /^(must|is|has|cannot|should) /.test(rest) ? `${label} ${rest}` : `${label}: ${rest}`;
}

export interface CampaignSaveErrors {
  /** Form field → the sentence shown beside it. */
  fields: Record<string, string>;
  /** Shown at the Save button. */
  form: string;
}

/** What a failed save (or overlay upload) shows, and where. */
export function campaignErrorsOf(error: unknown): CampaignSaveErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: 'Not saved: check your connection and try again.' };
  if (error.status === 0) return { fields: {}, form: `Not saved: ${error.message}` };
  const problems: Record<string, string> = { ...error.fields };
  if (error.field && !problems[error.field]) problems[error.field] = error.message;
  const fields: Record<string, string> = {};
  for (const [key, problem] of Object.entries(problems))
    if (CAMPAIGN_FIELD_LABELS[key]) fields[fieldOfKey(key)] = describeCampaignError(key, problem);
  const count = Object.keys(fields).length;
  if (count === 0)
    return { fields, form: `Not saved: ${/[.!?]$/.test(error.message) ? error.message : `${error.message}.`}` };
  return { fields, form: `Not saved. Check ${count === 1 ? 'the field' : `the ${count} fields`} marked in red.` };
}
