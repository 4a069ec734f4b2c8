import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.js';
import { validateCoupon } from '../../modules/coupons/coupons.usecases.js';

const CodeField = Type.String({ maxLength: 200 });

/** VAL-1: `{coupon_code}` or `{code}` → 200 valid / invalid / empty, 503 when nobody can tell. Rate-limited per IP. */
export function couponsRoutes(
  deps: Pick<AppDeps, 'couponValidator'>,
  { perMinute }: { perMinute: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/validate-coupon',
      {
        config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
        schema: { body: Type.Object({ coupon_code: Type.Optional(CodeField), code: Type.Optional(CodeField) }) },
      },
      async (request, reply) => {
        const result = await validateCoupon(deps, { rawCode: request.body.coupon_code ?? request.body.code ?? '' });
        const unavailable = !result.valid && result.reason === 'unavailable';
        if (unavailable) reply.header('retry-after', '30');
        return reply.status(unavailable ? 503 : 200).send(result);
      },
    );
  };
}
