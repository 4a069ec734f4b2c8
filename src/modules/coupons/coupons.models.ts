import { normalizeCouponCode } from '../../renderer/coupon-code.js';

/** What a coupon check found. "unavailable" means nobody could tell: never shown or cached as "invalid". */
export type CouponStatus = 'valid' | 'invalid' | 'unavailable';

export interface CouponValidator {
  /** false when no FUNDERPRO_PRODUCT_ID is configured: every non-empty code is accepted. */
  readonly enabled: boolean;
  /** `code` is already normalised. */
  check(code: string): Promise<CouponStatus>;
}

export type CouponValidation =
  | { valid: true; code: string; message: string }
  | { valid: false; code: string; reason: 'invalid' | 'empty' | 'unavailable'; message: string };

export function describeCoupon(code: string, status: CouponStatus, enabled: boolean): CouponValidation {
  if (status === 'valid') {
    return {
      valid: true,
      code,
      message: enabled ? `${code} is an active coupon.` : 'Coupon checking is off; any code is accepted.',
    };
  }
  if (status === 'invalid') {
    return {
      valid: false,
      code,
      reason: 'invalid',
      message: `${code} is not an active coupon. Check the code and try again.`,
    };
  }
  return {
    valid: false,
    code,
    reason: 'unavailable',
    message: "We can't verify coupons right now. Please try again in a minute.",
  };
}

export function emptyCoupon(): CouponValidation {
  return { valid: false, code: '', reason: 'empty', message: 'Enter a coupon code (letters, digits, - or _).' };
}

export { normalizeCouponCode };
