import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { validateCoupon, validateCoupons } from '../../modules/coupons/coupons.usecases.js';
import type { HttpDeps } from '../http.deps.js';
import { answers } from '../schemas/common.schemas.js';
import {
  CouponValidation,
  CouponValidations,
  ValidateCouponBody,
  ValidateCouponsBody,
} from '../schemas/coupons.schemas.js';

/** VAL-1: `{coupon_code}` or `{code}` → 200 valid / invalid / empty, 503 when nobody can tell. Rate-limited per IP. */
export function couponsRoutes(
  deps: Pick<HttpDeps, 'coupons'>,
  { perMinute, batchesPerMinute }: { perMinute: number; batchesPerMinute: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/validate-coupon',
      {
        config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
        schema: {
          summary: 'Check a coupon code with FunderPro',
          tags: ['coupons'],
          body: ValidateCouponBody,
          response: answers({ 200: CouponValidation, 503: CouponValidation }),
        },
      },
      async (request, reply) => {
        const { coupon_code, code } = request.body;
        const result = await validateCoupon(deps.coupons, { rawCode: coupon_code ?? code ?? '' });
        const unavailable = !result.valid && result.reason === 'unavailable';
        if (unavailable) reply.header('retry-after', '30');
        return reply.status(unavailable ? 503 : 200).send(result);
      },
    );

    // A batch is one request against its own, smaller per-IP limit: 500 codes cost what 500 single checks would.
    app.post(
      '/api/validate-coupons',
      {
        config: { rateLimit: { max: batchesPerMinute, timeWindow: '1 minute' } },
        schema: {
          summary: 'Check up to 500 coupon codes at once',
          description:
            'Each distinct normalised code is answered once, in the order it first appears. A code FunderPro could ' +
            'not answer for is `reason: unavailable` in its entry; the request itself still succeeds.',
          tags: ['coupons'],
          body: ValidateCouponsBody,
          response: answers({ 200: CouponValidations }),
        },
      },
      async (request) => ({ results: await validateCoupons(deps.coupons, { rawCodes: request.body.codes }) }),
    );
  };
}
