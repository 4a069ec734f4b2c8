import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { admitWebExport } from '../../modules/renders/renders.usecases.js';
import { admitWebBatch } from '../../modules/renders/web-batch.usecases.js';
import { createInvalidError } from '../../shared/app-error.js';
import type { HttpDeps } from '../http.deps.js';
import { answers } from '../schemas/common.schemas.js';
import { BatchUsageAnswer, BatchUsageBody, UsageAnswer, UsageBody } from '../schemas/usage.schemas.js';
import { refusalError, sendRefusal } from './refusal.js';

/**
 * WEB-4: the page asks here before a download or share; the code is validated (VAL-4) and the action recorded once,
 * whether it hands out one variant or both.
 */
export function usageRoutes(
  deps: Pick<HttpDeps, 'admission'>,
  { perMinute }: { perMinute: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/usage',
      {
        config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
        schema: {
          summary: 'Admit a web download or share',
          tags: ['web'],
          body: UsageBody,
          response: answers({ 200: UsageAnswer }),
        },
      },
      async (request, reply) => {
        const { slug, variant, variants, code, action } = request.body;
        const wanted = variants ?? (variant ? [variant] : []);
        if ((variant && variants) || !wanted[0])
          throw createInvalidError('request.invalid', 'Send either variant or variants (not both)');
        const outcome = await admitWebExport(deps.admission, {
          slug,
          variants: [wanted[0], ...wanted.slice(1)],
          rawCode: code,
          action,
        });
        if (!outcome.ok) return sendRefusal(reply, outcome.refusal);
        const filename = outcome.filenames[wanted[0]]!;
        return { ok: true as const, code: outcome.code, filename, filenames: outcome.filenames };
      },
    );

    app.post(
      '/api/usage/batch',
      {
        config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
        schema: {
          summary: 'Admit the images of a "Many codes" export',
          description: 'Each image is validated like a download and recorded once (source web, action batch).',
          tags: ['web'],
          body: BatchUsageBody,
          response: answers({ 200: BatchUsageAnswer }),
        },
      },
      async (request) => {
        const images = request.body.images.map(({ slug, variant, code }) => ({ slug, variant, rawCode: code }));
        const outcomes = await admitWebBatch(deps.admission, { images });
        return {
          results: outcomes.map((o) =>
            o.ok
              ? { ok: true, slug: o.slug, variant: o.variant, code: o.code, filename: o.filename }
              : { ok: false, slug: o.slug, variant: o.variant, code: o.code, error: refusalError(o.refusal) },
          ),
        };
      },
    );
  };
}
