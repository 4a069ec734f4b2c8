import { type Static, Type } from '@sinclair/typebox';

const Percent = Type.Number({ minimum: 0, maximum: 100 });

export const PublicVariant = Type.Object({
  imageUrl: Type.String({ description: 'The template image (content-addressed, cacheable forever)' }),
  thumbUrl: Type.String(),
  previews: Type.Array(Type.Object({ width: Type.Integer(), height: Type.Integer(), url: Type.String() }), {
    description:
      'Display-size WebP copies of the image (longest side 640 and 1280 px, capped at the natural size), smallest ' +
      'first, content-addressed like the image. For drawing previews only: a download is drawn from `imageUrl`. ' +
      'Empty for a template stored before previews existed, until the server has made them (at its next start).',
  }),
  width: Type.Integer(),
  height: Type.Integer(),
  box: Type.Object(
    { leftPct: Percent, topPct: Percent, widthPct: Percent, heightPct: Percent },
    { description: 'The text box, as percentages of the image' },
  ),
  hAlign: Type.Union([Type.Literal('left'), Type.Literal('center'), Type.Literal('right')]),
  vAlign: Type.Union([Type.Literal('top'), Type.Literal('middle'), Type.Literal('bottom')]),
  maxFontPx: Type.Integer(),
  fontColor: Type.String({ description: '#RRGGBB' }),
  outline: Type.Union([Type.Null(), Type.Object({ color: Type.String(), widthPct: Type.Number() })]),
  showLogo: Type.Boolean(),
  logoFit: Type.Union([Type.Literal('cover'), Type.Literal('contain')], {
    description: "How the logo sits in its circle: 'cover' crops, 'contain' fits it whole on white",
  }),
});

export const PublicTemplate = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    telegramEnabled: Type.Boolean(),
    version: Type.Integer({ description: 'Bumped on every change (optimistic concurrency)' }),
    square: Type.Optional(PublicVariant),
    story: Type.Optional(PublicVariant),
  },
  { title: 'Template' },
);

/** The admin's default logo (RND-4): drawn where a variant shows a logo, unless a web user picks their own. */
export const PublicBrandLogo = Type.Object({
  url: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});
export const TemplateList = Type.Object({
  templates: Type.Array(PublicTemplate),
  brandLogo: Type.Union([PublicBrandLogo, Type.Null()]),
});
export const BrandLogoAnswer = Type.Object({ brandLogo: Type.Union([PublicBrandLogo, Type.Null()]) });
export const OneTemplate = Type.Object({ template: PublicTemplate });

export type PublicVariant = Static<typeof PublicVariant>;
export type PublicBrandLogo = Static<typeof PublicBrandLogo>;
export type PublicTemplate = Static<typeof PublicTemplate>;
