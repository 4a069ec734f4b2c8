import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.js';
import { renderPromo } from '../../modules/renders/renders.usecases.js';
import type { Variant } from '../../modules/templates/templates.models.js';
import { createNotFoundError } from '../../shared/app-error.js';
import { sendCouponRefusal } from './coupon-refusal.js';

const FILE_PATTERN = /^(square|story|portrait)\.(png|jpe?g)$/;

/** API-1: `GET /api/render/{slug}/{variant}.{png|jpg}?code=` → the image, after coupon validation. */
export function renderRoutes(
  deps: Pick<AppDeps, 'renders'>,
  { perMinute }: { perMinute: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/render/:slug/:file',
      {
        config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
        schema: {
          params: Type.Object({ slug: Type.String({ maxLength: 200 }), file: Type.String({ maxLength: 40 }) }),
          querystring: Type.Object({ code: Type.String({ maxLength: 200 }) }),
        },
      },
      async (request, reply) => {
        const match = FILE_PATTERN.exec(request.params.file);
        if (!match)
          throw createNotFoundError('variant.not_found', 'Ask for square.png, square.jpg, story.png or story.jpg');
        const variant: Variant = match[1] === 'square' ? 'square' : 'story';
        const format = match[2] === 'png' ? 'png' : 'jpeg';
        const outcome = await renderPromo(deps.renders, {
          slug: request.params.slug,
          variant,
          rawCode: request.query.code,
          format,
          source: 'api',
        });
        if (!outcome.ok) return sendCouponRefusal(reply, outcome);
        reply
          .header('cache-control', 'public, max-age=86400')
          .header('etag', outcome.etag)
          .header('content-disposition', `inline; filename="${outcome.filename}"`);
        if (request.headers['if-none-match'] === outcome.etag) return reply.status(304).send();
        return reply.type(format === 'png' ? 'image/png' : 'image/jpeg').send(outcome.body);
      },
    );
  };
}
