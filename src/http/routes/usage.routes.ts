import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.js';
import { admitWebExport } from '../../modules/renders/renders.usecases.js';
import { sendCouponRefusal } from './coupon-refusal.js';

const UsageBody = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  variant: Type.Union([Type.Literal('square'), Type.Literal('story')]),
  code: Type.String({ maxLength: 200 }),
  action: Type.Union([Type.Literal('download'), Type.Literal('share')]),
});

/** WEB-4: the page asks here before a download or share; the code is validated (VAL-4) and the export recorded. */
export function usageRoutes(
  deps: Pick<AppDeps, 'renders'>,
  { perMinute }: { perMinute: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/usage',
      { config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } }, schema: { body: UsageBody } },
      async (request, reply) => {
        const { slug, variant, code } = request.body;
        const outcome = await admitWebExport(deps.renders, { slug, variant, rawCode: code });
        if (!outcome.ok) return sendCouponRefusal(reply, outcome);
        return { ok: true, code: outcome.code, filename: outcome.filename };
      },
    );
  };
}
