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
