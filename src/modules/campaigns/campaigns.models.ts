import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../shared/campaign-platforms.js';
import { parseDateTimeIn } from '../../shared/time-zone.js';

/** CMP-1…4: what a campaign and an entry are, and how their input is checked. Pure. */

/** Where each platform's posts live: the host must be one of these or a subdomain of one, after parsing. */
const PLATFORM_DOMAINS: Record<Platform, string[]> = {
  instagram: ['instagram.com', 'instagr.am'],
  x: ['x.com', 'twitter.com'],
  facebook: ['facebook.com', 'fb.com', 'fb.watch'],
  tiktok: ['tiktok.com'],
  linkedin: ['linkedin.com', 'lnkd.in'],
};

/** The original's flat submit fields, still accepted so old links and scripts keep working. */
export const LEGACY_URL_FIELDS: Record<string, Platform> = {
  instagram_url: 'instagram',
  twitter_url: 'x',
  x_url: 'x',
  facebook_url: 'facebook',
  tiktok_url: 'tiktok',
  linkedin_url: 'linkedin',
};

export type CampaignStatus = 'scheduled' | 'ongoing' | 'ended';

export interface CampaignOverlay {
  key: string;
  width: number;
  height: number;
}

export interface Campaign {
  id: number;
  title: string;
  description: string;
  startAt: Date;
  endAt: Date;
  prize: string;
  platforms: Platform[];
  overlay: CampaignOverlay | null;
  createdAt: Date;
  updatedAt: Date;
}

export const LIMITS = { title: 120, description: 2000, prize: 200, email: 254, url: 2000 } as const;

/** CMP-2: derived from time, never stored. */
export function campaignStatus(campaign: Pick<Campaign, 'startAt' | 'endAt'>, now: Date): CampaignStatus {
  if (now < campaign.startAt) return 'scheduled';
  return now < campaign.endAt ? 'ongoing' : 'ended';
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: single-line fields refuse line breaks too.
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F]/;

export type FieldErrors = Record<string, string>;

export interface CampaignInput {
  title: unknown;
  description?: unknown;
  start_date: unknown;
  end_date: unknown;
  prize?: unknown;
  platforms?: unknown;
}

export interface ValidCampaign {
  title: string;
  description: string;
  startAt: Date;
  endAt: Date;
  prize: string;
  platforms: Platform[];
}

function text(
  value: unknown,
  {
    field,
    max,
    required,
    multiline,
    errors,
  }: {
    field: string;
    max: number;
    required: boolean;
    multiline: boolean;
    errors: FieldErrors;
  },
): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (value !== undefined && value !== null && typeof value !== 'string') errors[field] = `${field} must be text`;
  else if (required && !trimmed) errors[field] = `${field} is required`;
  else if (trimmed.length > max) errors[field] = `${field} must be at most ${max} characters`;
  else if ((multiline ? CONTROL : CONTROL_OR_BREAK).test(trimmed))
    errors[field] = `${field} has characters it cannot contain`;
  // Line endings as one: what the admin typed, however their system ends lines.
  return multiline ? trimmed.replace(/\r\n?/g, '\n') : trimmed;
}

/** CMP-1: every field checked at once; errors are keyed by the API's field names. Dates without an offset are in `timeZone`. */
export function validateCampaign(
  input: CampaignInput,
  { timeZone }: { timeZone: string },
): ValidCampaign | FieldErrors {
  const errors: FieldErrors = {};
  const title = text(input.title, { field: 'title', max: LIMITS.title, required: true, multiline: false, errors });
  const description = text(input.description, {
    field: 'description',
    max: LIMITS.description,
    required: false,
    multiline: true,
    errors,
  });
  const prize = text(input.prize, { field: 'prize', max: LIMITS.prize, required: false, multiline: false, errors });
  const date = (value: unknown, field: string) => {
    const parsed = typeof value === 'string' ? parseDateTimeIn(value, timeZone) : null;
    if (!parsed) errors[field] = `${field} must be a date and time, e.g. 2026-12-24T18:00`;
    return parsed;
  };
  const startAt = date(input.start_date, 'start_date');
  const endAt = date(input.end_date, 'end_date');
  if (startAt && endAt && endAt <= startAt) errors.end_date = 'end_date must be after start_date';
  let platforms: Platform[] = [];
  if (!Array.isArray(input.platforms) || input.platforms.length === 0)
    errors.platforms = `platforms: choose at least one of ${PLATFORMS.join(', ')}`;
  else {
    const unknown = input.platforms.filter((p) => !(PLATFORMS as readonly unknown[]).includes(p));
    if (unknown.length > 0) errors.platforms = `platforms: ${PLATFORMS.join(', ')} only`;
    else platforms = PLATFORMS.filter((p) => (input.platforms as unknown[]).includes(p));
  }
  if (Object.keys(errors).length > 0) return errors;
  return { title, description, prize, platforms, startAt: startAt!, endAt: endAt! };
}

export function isFieldErrors(value: ValidCampaign | FieldErrors): value is FieldErrors {
  return !('startAt' in value);
}

/** Lower-cased and trimmed; one @, a dotted domain, no spaces — what a person means by "a valid email". */
export function normalizeEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  if (email.length > LIMITS.email || !/^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email)) return null;
  return email;
}

/** Whether `host` is `domain` or one of its subdomains (`m.instagram.com`), never a look-alike (`instagram.com.evil`). */
function isOnDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** CMP-4: an https address on the platform's own domains, judged after parsing (never by substring). */
export function checkEntryUrl(platform: Platform, raw: unknown): UrlCheck {
  const name = PLATFORM_NAMES[platform];
  if (typeof raw !== 'string' || !raw.trim()) return { ok: false, reason: `Paste the link to your ${name} post` };
  const text = raw.trim();
  if (text.length > LIMITS.url) return { ok: false, reason: `That ${name} link is too long` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `That is not a link; copy the address of your ${name} post` };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: `The ${name} link must start with https://` };
  if (url.username || url.password)
    return { ok: false, reason: `That ${name} link carries a login; paste the post's address` };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!PLATFORM_DOMAINS[platform].some((domain) => isOnDomain(host, domain)))
    return { ok: false, reason: `That link is not on ${name} (${PLATFORM_DOMAINS[platform].join(' or ')})` };
  url.hash = '';
  return { ok: true, url: url.toString() };
}

export interface EntryInput {
  email: unknown;
  urls: Partial<Record<string, unknown>>;
}

/** An entry's email and URLs for the campaign's platforms, or why not (field → reason, in the page's words). */
export function validateEntry(
  input: EntryInput,
  platforms: readonly Platform[],
): { email: string; urls: Partial<Record<Platform, string>> } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const email = normalizeEmail(input.email);
  if (!email) errors.email = 'Enter the email address you want us to reach you at, e.g. name@example.com';
  const urls: Partial<Record<Platform, string>> = {};
  for (const [platform, raw] of Object.entries(input.urls)) {
    if (raw === undefined || raw === null || raw === '') continue;
    if (!(platforms as readonly string[]).includes(platform)) {
      errors[`urls.${platform}`] = `This campaign does not take ${platform} posts`;
      continue;
    }
    const check = checkEntryUrl(platform as Platform, raw);
    if (check.ok) urls[platform as Platform] = check.url;
    else errors[`urls.${platform}`] = check.reason;
  }
  if (Object.keys(urls).length === 0 && !Object.keys(errors).some((key) => key.startsWith('urls.')))
    errors.urls = `Add the link to at least one post (${platforms.map((p) => PLATFORM_NAMES[p]).join(', ')})`;
  return Object.keys(errors).length > 0 ? { errors } : { email: email!, urls };
}
