import { ApiError, api, type CouponValidation } from '../shared/api.js';

/** A coupon check as the generator shows it: a network failure or an outage is "can't check now", never "invalid". */
export type CouponCheck =
  | { state: 'valid'; code: string; message: string }
  | { state: 'invalid' | 'empty' | 'unavailable'; code: string; message: string };

export const UNAVAILABLE = "We can't verify coupons right now. Please try again in a minute.";

export async function checkCoupon(code: string): Promise<CouponCheck> {
  let verdict: CouponValidation;
  try {
    verdict = await api.validateCoupon(code);
  } catch (error) {
    const body = error instanceof ApiError ? (error.body as Partial<CouponValidation> | null) : null;
    return { state: 'unavailable', code: body?.code ?? code, message: UNAVAILABLE };
  }
  // The page's own words: with validation off the server says so ("checking is off"), which is for operators (the
  // admin shows it); users only need to know the code works here.
  if (verdict.valid) return { state: 'valid', code: verdict.code, message: `${verdict.code} is ready to use.` };
  const state = verdict.reason === 'invalid' || verdict.reason === 'empty' ? verdict.reason : 'unavailable';
  return { state, code: verdict.code, message: state === 'unavailable' ? UNAVAILABLE : verdict.message };
}

/** The server's "yes" to a download or share, or why not, in the page's words. */
export async function admitExport(
  body: Parameters<typeof api.admitExport>[0],
): Promise<
  | { ok: true; filenames: Partial<Record<'square' | 'story', string>> }
  | { ok: false; state: 'invalid' | 'unavailable' | 'error'; message: string }
> {
  try {
    const { filenames } = await api.admitExport(body);
    return { ok: true, filenames };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0 || error.status === 503 || error.status === 429)
      return { ok: false, state: 'unavailable', message: UNAVAILABLE };
    if (error.status === 422) return { ok: false, state: 'invalid', message: error.message };
    return { ok: false, state: 'error', message: error.message };
  }
}
