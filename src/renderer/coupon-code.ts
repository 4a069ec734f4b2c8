export const MAX_COUPON_CODE_LENGTH = 40;

/**
 * RND-2: trim, upper-case, each whitespace run → "-", drop everything but A-Z 0-9 - _, at most 40 characters.
 * The result is what gets validated, rendered, logged and linked; '' means the input had no usable characters.
 */
export function normalizeCouponCode(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/\s+/g, '-')
    .replace(/[^A-Z0-9_-]/g, '')
    .slice(0, MAX_COUPON_CODE_LENGTH);
}
