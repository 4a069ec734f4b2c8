import { type Static, Type } from '@sinclair/typebox';
import { RequestObject, Slug } from './common.schemas.js';

/** Markdown subset: **bold**, *italic*, `code`, [link](https://…); ≤ 4096 characters (1024 under a photo). */
const Message = Type.String({ maxLength: 20_000, description: 'The message, in the Markdown subset' });
const Days = Type.Union([Type.Literal(7), Type.Literal(30), Type.Literal(90), Type.Literal(0)], {
  description: 'Private users active in the last N days; 0 = everyone. Blocked users never.',
});
const ImageChoice = Type.Union(
  [
    RequestObject({ template: Slug }, "A template's current artwork"),
    RequestObject(
      { upload: Type.String({ maxLength: 100, description: 'The key POST /api/broadcast/image answered' }) },
      'An uploaded image',
    ),
    Type.Null(),
  ],
  { description: 'Sent as a photo with the message as its caption' },
);

export const PreviewBody = RequestObject({ message: Message, image: Type.Optional(Type.Boolean()) });
export const MessageSegment = Type.Object({
  text: Type.String(),
  bold: Type.Optional(Type.Boolean()),
  italic: Type.Optional(Type.Boolean()),
  code: Type.Optional(Type.Boolean()),
  href: Type.Optional(Type.String()),
});
export const Preview = Type.Object({
  segments: Type.Array(MessageSegment, { description: 'The message as formatted runs, as Telegram will show it' }),
  html: Type.String({ description: 'What Telegram is sent (parse_mode HTML)' }),
  length: Type.Integer({ description: 'Characters users see' }),
  limit: Type.Integer(),
  fits: Type.Boolean(),
});

export const AudienceQuery = Type.Object(
  { days: Type.String({ pattern: '^(7|30|90|0)$' }) },
  { additionalProperties: false },
);
export const Audience = Type.Object({ days: Type.Integer(), recipients: Type.Integer() });

export const UploadedImage = Type.Object({
  image: Type.Object({ key: Type.String(), url: Type.String(), width: Type.Integer(), height: Type.Integer() }),
});

export const CreateBroadcastBody = RequestObject({ message: Message, days: Days, image: Type.Optional(ImageChoice) });
export const CreatedBroadcast = Type.Object({ job_id: Type.Integer(), total_users: Type.Integer() });

export const TestBroadcastBody = RequestObject({
  message: Message,
  chat_id: Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
  image: Type.Optional(ImageChoice),
});

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
export const BroadcastJob = Type.Object(
  {
    id: Type.Integer(),
    status: Type.Union([
      Type.Literal('queued'),
      Type.Literal('running'),
      Type.Literal('completed'),
      Type.Literal('cancelled'),
      Type.Literal('failed'),
    ]),
    message: Type.String(),
    days: Type.Integer(),
    image: Type.Union([
      Type.Object({ source: Type.String(), slug: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    total: Type.Integer(),
    sent: Type.Integer(),
    blocked: Type.Integer(),
    failed: Type.Integer(),
    remaining: Type.Integer(),
    rate_per_sec: Type.Number({ description: 'Sends per second over the last 10 s' }),
    eta_seconds: Type.Integer(),
    error: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
    started_at: Timestamp,
    finished_at: Timestamp,
  },
  { title: 'BroadcastJob' },
);
export const OneJob = Type.Object({ job: BroadcastJob });
export const JobParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });
export const PageQuery = Type.Object(
  { page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })) },
  { additionalProperties: false },
);
export const JobList = Type.Object({
  jobs: Type.Array(BroadcastJob),
  active_users: Type.Integer({ description: 'Private users a broadcast to everyone reaches' }),
  page: Type.Integer(),
  page_size: Type.Integer(),
  total: Type.Integer(),
});
export const Problems = Type.Object({
  problems: Type.Array(
    Type.Object({
      chat_id: Type.Integer(),
      name: Type.Union([Type.String(), Type.Null()]),
      status: Type.Union([Type.Literal('failed'), Type.Literal('blocked')]),
      attempts: Type.Integer(),
      error: Type.Union([Type.String(), Type.Null()]),
      at: Timestamp,
    }),
  ),
  page: Type.Integer(),
  page_size: Type.Integer(),
  total: Type.Integer(),
});

export type Preview = Static<typeof Preview>;
export type MessageSegment = Static<typeof MessageSegment>;
export type BroadcastJob = Static<typeof BroadcastJob>;
export type JobList = Static<typeof JobList>;
export type Problems = Static<typeof Problems>;
export type CreateBroadcastBody = Static<typeof CreateBroadcastBody>;
export type UploadedImage = Static<typeof UploadedImage>;
