import { createHash } from 'node:crypto';
import type { ImageLimits, InspectedImage } from '../../adapters/images/image.types.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import { AppError, createInvalidError, createNotFoundError } from '../../shared/app-error.js';
import type { Logger } from '../../shared/logger.js';
import { toLocalInputValue } from '../../shared/time-zone.js';
import {
  type Campaign,
  type CampaignInput,
  type CampaignOverlay,
  type CampaignStatus,
  campaignStatus,
  isFieldErrors,
  LEGACY_URL_FIELDS,
  validateCampaign,
  validateEntry,
} from './campaigns.models.js';
import type { CampaignsRepository, Submission } from './campaigns.repository.js';

export interface CampaignsDeps {
  campaignsRepository: CampaignsRepository;
  storage: ObjectStorage;
  /** Checks an overlay upload by its content (PNG, the template image limits). */
  inspectOverlay(input: { buffer: Buffer; field: string }): Promise<InspectedImage>;
  /** ANALYTICS_TZ: the zone admins enter dates in. */
  timeZone: string;
  now: () => Date;
  logger: Logger;
}

const OVERLAY_KEY = /campaigns\/overlays\/[0-9a-f]{12}\.png$/;

/** CMP-1: overlays are validated like template images (TPL-1), as PNGs: transparency is what lets the photo show. */
export const OVERLAY_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 15 * 1024 * 1024,
  maxPixels: 40_000_000,
  minSide: 200,
  maxSide: 8000,
  formats: ['png'],
};

/** The public shape (SPEC §14): snake_case dates in UTC, the overlay as a URL, the status derived now. */
export function toCampaignView(campaign: Campaign, { now, urlFor }: { now: Date; urlFor: (key: string) => string }) {
  return {
    id: campaign.id,
    title: campaign.title,
    description: campaign.description,
    start_date: campaign.startAt.toISOString(),
    end_date: campaign.endAt.toISOString(),
    prize: campaign.prize,
    platforms: campaign.platforms,
    overlay_url: campaign.overlay ? urlFor(campaign.overlay.key) : null,
    overlay_width: campaign.overlay?.width ?? null,
    overlay_height: campaign.overlay?.height ?? null,
    status: campaignStatus(campaign, now),
  };
}

export type CampaignView = ReturnType<typeof toCampaignView>;

const view = (deps: CampaignsDeps, campaign: Campaign) =>
  toCampaignView(campaign, { now: deps.now(), urlFor: (key) => deps.storage.publicUrl(key) });

async function requireCampaign(deps: CampaignsDeps, id: number): Promise<Campaign> {
  const campaign = await deps.campaignsRepository.get(id);
  if (!campaign)
    throw createNotFoundError('campaign.not_found', 'There is no such campaign (it may have been removed)');
  return campaign;
}

/** WEB-5: ongoing and upcoming campaigns (or one status), soonest first. */
export async function listPublicCampaigns(deps: CampaignsDeps, { status }: { status?: CampaignStatus }) {
  const now = deps.now();
  const wanted = (s: CampaignStatus) => (status ? s === status : s !== 'ended');
  const campaigns = (await deps.campaignsRepository.listAll()).filter((c) => wanted(campaignStatus(c, now)));
  return campaigns.map((campaign) => view(deps, campaign));
}

export async function getPublicCampaign(deps: CampaignsDeps, id: number): Promise<CampaignView> {
  return view(deps, await requireCampaign(deps, id));
}

/** The admin's list: every campaign not deleted, with its entry count and the zone dates are entered in. */
export async function listAdminCampaigns(deps: CampaignsDeps) {
  const campaigns = await deps.campaignsRepository.listWithEntryCounts();
  return {
    campaigns: campaigns.map((campaign) => ({
      ...view(deps, campaign),
      entries: campaign.entries,
      created_at: campaign.createdAt.toISOString(),
      updated_at: campaign.updatedAt.toISOString(),
    })),
    timezone: deps.timeZone,
  };
}

/** CMP-1: an overlay is one we stored (`POST /api/upload-overlay` answered its URL); nothing else is taken. */
async function resolveOverlay(deps: CampaignsDeps, url: string | null | undefined): Promise<CampaignOverlay | null> {
  if (!url) return null;
  const key = OVERLAY_KEY.exec(url)?.[0];
  const object = key && deps.storage.publicUrl(key) === url ? await deps.storage.get(key) : null;
  if (!key || !object)
    throw createInvalidError('campaign.invalid', 'overlay_url: upload the overlay first (POST /api/upload-overlay)', {
      fields: { overlay_url: 'upload the overlay first' },
    });
  const { width, height } = await deps.inspectOverlay({ buffer: object.body, field: 'overlay_url' });
  return { key, width, height };
}

type CampaignBody = CampaignInput & { overlay_url?: string | null };

function validated(deps: CampaignsDeps, body: CampaignBody) {
  const result = validateCampaign(body, { timeZone: deps.timeZone });
  if (isFieldErrors(result)) {
    const message = Object.entries(result)
      .map(([field, problem]) => (problem.startsWith(field) ? problem : `${field}: ${problem}`))
      .join('; ');
    throw createInvalidError('campaign.invalid', message, { fields: result });
  }
  return result;
}

export async function createCampaign(deps: CampaignsDeps, body: CampaignBody): Promise<CampaignView> {
  const valid = validated(deps, body);
  const overlay = await resolveOverlay(deps, body.overlay_url);
  return view(deps, await deps.campaignsRepository.create({ ...valid, overlay }));
}

/** Every field is replaced; an absent `overlay_url` keeps the overlay, `null` removes it. */
export async function updateCampaign(deps: CampaignsDeps, id: number, body: CampaignBody): Promise<CampaignView> {
  const current = await requireCampaign(deps, id);
  const valid = validated(deps, body);
  const overlay = body.overlay_url === undefined ? current.overlay : await resolveOverlay(deps, body.overlay_url);
  const updated = await deps.campaignsRepository.update(id, { ...valid, overlay });
  if (!updated) throw createNotFoundError('campaign.not_found', 'There is no such campaign (it may have been removed)');
  return view(deps, updated);
}

export async function deleteCampaign(deps: CampaignsDeps, id: number): Promise<void> {
  if (!(await deps.campaignsRepository.remove(id)))
    throw createNotFoundError('campaign.not_found', 'There is no such campaign (it may have been removed)');
}

/** CMP-1: checked by content, stored under its hash (`campaigns/overlays/{sha256[0:12]}.png`, immutable). */
export async function uploadOverlay(deps: CampaignsDeps, { buffer }: { buffer: Buffer }) {
  const { body, width, height } = await deps.inspectOverlay({ buffer, field: 'overlayImage' });
  const key = `campaigns/overlays/${createHash('sha256').update(body).digest('hex').slice(0, 12)}.png`;
  await deps.storage.put({ key, body, contentType: 'image/png', cacheControl: 'public, max-age=31536000, immutable' });
  return { overlay_url: deps.storage.publicUrl(key), width, height };
}

const toSubmissionView = (submission: Submission) => ({
  email: submission.email,
  urls: submission.urls,
  submitted_at: submission.createdAt.toISOString(),
  updated_at: submission.updatedAt.toISOString(),
});

/**
 * CMP-4: only while the campaign runs; a valid email and at least one https link on the platform's domains. The same
 * email again updates its entry. `urls` may come as `{platform: url}` or the original's flat `{instagram_url, …}`.
 */
export async function submitEntry(
  deps: CampaignsDeps,
  { id, body }: { id: number; body: { email?: unknown; urls?: Record<string, unknown> } & Record<string, unknown> },
) {
  const campaign = await requireCampaign(deps, id);
  const status = campaignStatus(campaign, deps.now());
  if (status !== 'ongoing')
    throw new AppError({
      kind: 'conflict',
      code: 'campaign.not_ongoing',
      message:
        status === 'scheduled'
          ? `This campaign opens for entries on ${toLocalInputValue(campaign.startAt, deps.timeZone).replace('T', ' ')} (${deps.timeZone})`
          : 'This campaign has ended; entries are closed',
      details: { status },
    });
  const urls: Record<string, unknown> = { ...(body.urls ?? {}) };
  for (const [field, platform] of Object.entries(LEGACY_URL_FIELDS))
    if (body[field] !== undefined && urls[platform] === undefined) urls[platform] = body[field];
  const entry = validateEntry({ email: body.email, urls }, campaign.platforms);
  if ('errors' in entry) {
    const first = Object.values(entry.errors)[0]!;
    throw createInvalidError('submission.invalid', first, { fields: entry.errors });
  }
  const { submission, created } = await deps.campaignsRepository.upsertSubmission({ campaignId: id, ...entry });
  return {
    status: created ? ('accepted' as const) : ('updated' as const),
    message: created ? 'Thanks! Your entry is in.' : 'Your entry was already in; we have updated it with these links.',
    submission: toSubmissionView(submission),
  };
}

export async function listSubmissions(
  deps: CampaignsDeps,
  { id, page, pageSize, search }: { id: number; page: number; pageSize: number; search?: string },
) {
  await requireCampaign(deps, id);
  const { rows, total } = await deps.campaignsRepository.submissions({ campaignId: id, page, pageSize, search });
  return { submissions: rows.map(toSubmissionView), page, page_size: pageSize, total };
}

/** Every entry, oldest first, for the CSV export; the campaign's platforms are the URL columns. */
export async function exportSubmissions(deps: CampaignsDeps, id: number) {
  const campaign = await requireCampaign(deps, id);
  return {
    campaign,
    rows: (async function* () {
      for await (const submission of deps.campaignsRepository.eachSubmission(id))
        yield {
          email: submission.email,
          submitted_at: submission.createdAt.toISOString(),
          updated_at: submission.updatedAt.toISOString(),
          ...Object.fromEntries(campaign.platforms.map((p) => [p, submission.urls[p] ?? ''])),
        };
    })(),
  };
}
