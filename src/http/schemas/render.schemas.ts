import { Type } from '@sinclair/typebox';
import { RequestObject, Slug, safeText } from './common.schemas.js';

export const RenderParams = RequestObject({
  slug: Slug,
  file: Type.String({ maxLength: 40, description: 'square.png, square.jpg, story.png or story.jpg' }),
});

export const RenderQuery = RequestObject({ code: safeText({ maxLength: 200, description: 'The coupon code' }) });
