import { type Static, Type } from '@sinclair/typebox';
import { RequestObject } from './common.schemas.js';

const Status = Type.Union([Type.Literal('scheduled'), Type.Literal('ongoing'), Type.Literal('ended')]);
const DateTime = Type.String({
  maxLength: 40,
  description: 'ISO 8601; without an offset it is a wall-clock time in ANALYTICS_TZ (e.g. 2026-12-24T18:00)',
});

export const Campaign = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    description: Type.String(),
    start_date: Type.String({ format: 'date-time', description: 'UTC' }),
    end_date: Type.String({ format: 'date-time', description: 'UTC' }),
    prize: Type.String(),
    platforms: Type.Array(Type.String()),
    overlay_url: Type.Union([Type.String(), Type.Null()]),
    overlay_width: Type.Union([Type.Integer(), Type.Null()]),
    overlay_height: Type.Union([Type.Integer(), Type.Null()]),
    status: Status,
  },
  { title: 'Campaign' },
);
export const AdminCampaign = Type.Intersect([
  Campaign,
  Type.Object({ entries: Type.Integer(), created_at: Type.String(), updated_at: Type.String() }),
]);

export const OneCampaign = Type.Object({ campaign: Campaign });
export const CampaignList = Type.Object({ campaigns: Type.Array(Campaign) });
export const AdminCampaignList = Type.Object({
  campaigns: Type.Array(AdminCampaign),
  timezone: Type.String({ description: 'The zone dates are entered in (ANALYTICS_TZ)' }),
});
export const CampaignListQuery = Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false });
export const CampaignParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });

/** Loosely typed on purpose: the use case checks every field and names each problem in the admin's words. */
export const CampaignBody = RequestObject({
  title: Type.String({ maxLength: 1000 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  start_date: DateTime,
  end_date: DateTime,
  prize: Type.Optional(Type.String({ maxLength: 1000 })),
  platforms: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }),
  overlay_url: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
});

const Url = Type.String({ maxLength: 4000 });
export const SubmitBody = RequestObject({
  email: Type.String({ maxLength: 1000 }),
  urls: Type.Optional(
    Type.Object(
      {
        instagram: Type.Optional(Url),
        x: Type.Optional(Url),
        facebook: Type.Optional(Url),
        tiktok: Type.Optional(Url),
        linkedin: Type.Optional(Url),
      },
      { additionalProperties: false, description: 'platform → the https link of the post' },
    ),
  ),
  // The original's flat shape, still accepted.
  instagram_url: Type.Optional(Url),
  twitter_url: Type.Optional(Url),
  x_url: Type.Optional(Url),
  facebook_url: Type.Optional(Url),
  tiktok_url: Type.Optional(Url),
  linkedin_url: Type.Optional(Url),
});
export const Submission = Type.Object({
  email: Type.String(),
  urls: Type.Record(Type.String(), Type.String()),
  submitted_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export const Submitted = Type.Object({
  status: Type.Union([Type.Literal('accepted'), Type.Literal('updated')]),
  message: Type.String(),
  submission: Submission,
});
export const SubmissionsQuery = Type.Object(
  {
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
    q: Type.Optional(Type.String({ maxLength: 254, pattern: '^[^\\u0000-\\u001F\\u007F]*$' })),
  },
  { additionalProperties: false },
);
export const SubmissionList = Type.Object({
  submissions: Type.Array(Submission),
  page: Type.Integer(),
  page_size: Type.Integer(),
  total: Type.Integer(),
});
export const UploadedOverlay = Type.Object({
  overlay_url: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});

export type Campaign = Static<typeof Campaign>;
export type AdminCampaign = Static<typeof AdminCampaign>;
export type CampaignBody = Static<typeof CampaignBody>;
export type SubmitBody = Static<typeof SubmitBody>;
export type Submitted = Static<typeof Submitted>;
export type SubmissionList = Static<typeof SubmissionList>;
export type UploadedOverlay = Static<typeof UploadedOverlay>;
