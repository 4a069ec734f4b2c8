import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { normalizeCouponCode } from '../../modules/coupons/coupons.models.js';
import { renderInlinePhoto } from '../../modules/renders/inline-photo.usecases.js';
import { renderPromo } from '../../modules/renders/renders.usecases.js';
import type { Variant } from '../../modules/templates/templates.models.js';
import { AppError, createNotFoundError } from '../../shared/app-error.js';
import type { HttpDeps } from '../http.deps.js';
import { ErrorBody } from '../schemas/common.schemas.js';
import { RenderParams, RenderQuery } from '../schemas/render.schemas.js';
import { sendRefusal } from './refusal.js';

const FILE_PATTERN = /^(square|story|portrait)\.(png|jpe?g)$/;

/** API-1: `GET /api/render/{slug}/{variant}.{png|jpg}?code=` → the image, after coupon validation. */
export function renderRoutes(
  deps: Pick<HttpDeps, 'renders' | 'inlinePhotoLinks'>,
  { perMinute }: { perMinute: number },
): FastifyPluginAsyncTypebox {
  /** The inline photo a request's signature covers (a JPEG of a normalised code), or null. */
  const signedTarget = (request: FastifyRequest) => {
    const { slug, file } = request.params as { slug?: unknown; file?: unknown };
    const { code, sig } = request.query as { code?: unknown; sig?: unknown };
    const match = typeof file === 'string' ? FILE_PATTERN.exec(file) : null;
    if (typeof slug !== 'string' || typeof code !== 'string' || typeof sig !== 'string' || !match || match[2] === 'png')
      return null;
    const target = {
      slug,
      variant: match[1] === 'square' ? ('square' as const) : ('story' as const),
      code: normalizeCouponCode(code),
    };
    return deps.inlinePhotoLinks.verify(target, sig) ? target : null;
  };
  return async (app) => {
    app.get(
      '/api/render/:slug/:file',
      {
        // The bot's signed links are fetched by Telegram's servers, many users behind few addresses.
        config: {
          rateLimit: { max: perMinute, timeWindow: '1 minute', allowList: (request) => signedTarget(request) !== null },
        },
        schema: {
          summary: 'A promo image with a coupon code',
          description:
            'The template variant at its natural size with the code fitted into its text box, after the code is ' +
            'validated with FunderPro. Cacheable for a day; the ETag changes when the template is edited.',
          tags: ['render'],
          params: RenderParams,
          querystring: RenderQuery,
          response: {
            200: {
              description: 'The image (PNG, or JPEG quality 90)',
              content: {
                'image/png': { schema: { type: 'string', format: 'binary' } },
                'image/jpeg': { schema: { type: 'string', format: 'binary' } },
              },
            },
            304: { description: 'Not modified (If-None-Match matched the ETag)', type: 'null' },
            '4xx': ErrorBody,
            '5xx': ErrorBody,
          },
        },
      },
      async (request, reply) => {
        const match = FILE_PATTERN.exec(request.params.file);
        if (!match)
          throw createNotFoundError('variant.not_found', 'Ask for square.png, square.jpg, story.png or story.jpg');
        const variant: Variant = match[1] === 'square' ? 'square' : 'story';
        const format = match[2] === 'png' ? 'png' : 'jpeg';
        const { slug } = request.params;
        const { code: rawCode, sig, size } = request.query;
        if ((sig || size) && !signedTarget(request))
          throw new AppError({
            kind: 'forbidden',
            code: 'render.bad_signature',
            message: 'size and sig are for the links the bot signs',
          });
        const outcome =
          sig && format === 'jpeg'
            ? await renderInlinePhoto(deps.renders, { slug, variant, rawCode, thumbnail: size === 'thumb' })
            : await renderPromo(deps.renders, { slug, variant, rawCode, format });
        if (!outcome.ok) return sendRefusal(reply, outcome.refusal);
        reply
          .header('cache-control', 'public, max-age=86400')
          .header('etag', outcome.etag)
          .header('content-disposition', `inline; filename="${outcome.filename}"`);
        if (request.headers['if-none-match'] === outcome.etag) return reply.status(304).send(null);
        // A Buffer is sent as it is (Fastify never runs a serializer on one); the schema above documents it as binary,
        // which the type provider reads as a string.
        return reply.type(format === 'png' ? 'image/png' : 'image/jpeg').send(outcome.body as unknown as string);
      },
    );
  };
}
