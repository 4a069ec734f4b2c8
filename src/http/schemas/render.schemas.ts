import { Type } from '@sinclair/typebox';
import { RequestObject, Slug, safeText } from './common.schemas.js';

export const RenderParams = RequestObject({
  slug: Slug,
  file: Type.String({ maxLength: 40, description: 'square.png, square.jpg, story.png or story.jpg' }),
});

export const RenderQuery = RequestObject({
  code: safeText({ maxLength: 200, description: 'The coupon code' }),
  sig: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]{1,64}$',
      description: "The bot's signature on an inline result's link (Telegram fetches those; they are not API uses)",
    }),
  ),
  size: Type.Optional(Type.Literal('thumb', { description: 'A 320 px wide JPEG (inline result thumbnails)' })),
});
