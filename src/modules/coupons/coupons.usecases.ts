import pLimit from 'p-limit';
import {
  type CouponValidation,
  type CouponValidator,
  describeCoupon,
  emptyCoupon,
  normalizeCouponCode,
} from './coupons.models.js';

/** VAL-1: normalise, then ask the validator. A business "no" is a value, never an exception. */
export async function validateCoupon(
  { couponValidator }: { couponValidator: CouponValidator },
  { rawCode }: { rawCode: string },
): Promise<CouponValidation> {
  const code = normalizeCouponCode(rawCode);
  if (code === '') return emptyCoupon();
  return describeCoupon(code, await couponValidator.check(code), couponValidator.enabled);
}

/** Used when FUNDERPRO_PRODUCT_ID is unset: validation is off (the admin and the logs say so). */
export function createAcceptAllValidator(): CouponValidator {
  return { enabled: false, check: async () => 'valid' };
}

/** Most codes one batch check takes (the web's "Many codes"). */
export const MAX_BATCH_CODES = 500;
/** FunderPro calls one batch may have in flight; the rest wait (the validator's cache and sharing still apply). */
export const BATCH_CONCURRENCY = 6;

/**
 * `POST /api/validate-coupons`: each distinct normalised code once, in the order it first appears; each checked like
 * VAL-1 (cached and shared by the validator), at most `BATCH_CONCURRENCY` at a time.
 */
export async function validateCoupons(
  deps: { couponValidator: CouponValidator },
  { rawCodes }: { rawCodes: readonly string[] },
): Promise<CouponValidation[]> {
  const codes = [...new Set(rawCodes.map(normalizeCouponCode))];
  const limit = pLimit(BATCH_CONCURRENCY);
  return Promise.all(codes.map((code) => limit(() => validateCoupon(deps, { rawCode: code }))));
}
