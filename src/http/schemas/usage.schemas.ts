import { type Static, Type } from '@sinclair/typebox';
import { RequestObject, Slug, safeText } from './common.schemas.js';

const Variant = Type.Union([Type.Literal('square'), Type.Literal('story')]);

export const UsageBody = RequestObject(
  {
    slug: Slug,
    variant: Type.Optional(Variant),
    variants: Type.Optional(
      Type.Array(Variant, {
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
        description: 'Several variants handed out by one action (a share of square and portrait)',
      }),
    ),
    code: safeText({ maxLength: 200 }),
    action: Type.Union([Type.Literal('download'), Type.Literal('share')]),
  },
  'One download or share: `variant`, or `variants` for several at once',
);

export const UsageAnswer = Type.Object({
  ok: Type.Literal(true),
  code: Type.String({ description: 'The normalised code' }),
  filename: Type.String({ description: 'The file name of the first variant' }),
  filenames: Type.Object({ square: Type.Optional(Type.String()), story: Type.Optional(Type.String()) }),
});

export type UsageBody = Static<typeof UsageBody>;
export type UsageAnswer = Static<typeof UsageAnswer>;

export const BatchUsageBody = RequestObject(
  {
    images: Type.Array(RequestObject({ slug: Slug, variant: Variant, code: safeText({ maxLength: 200 }) }), {
      minItems: 1,
      maxItems: 100,
      description: 'The images about to be put in the ZIP (at most 100 per request)',
    }),
  },
  'A part of a "Many codes" export: each image is admitted and recorded on its own',
);

export const BatchUsageAnswer = Type.Object({
  results: Type.Array(
    Type.Object({
      ok: Type.Boolean(),
      slug: Type.String(),
      variant: Variant,
      code: Type.String({ description: 'The normalised code when admitted, else as sent' }),
      filename: Type.Optional(Type.String({ description: '{CODE}-{slug}-{variant}.png' })),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
});

export type BatchUsageBody = Static<typeof BatchUsageBody>;
export type BatchUsageAnswer = Static<typeof BatchUsageAnswer>;
