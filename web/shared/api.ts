import type { PublicTemplate } from '../../src/modules/templates/templates.models.js';

export type { PublicTemplate };

export type CouponCheck =
  | { state: 'valid'; code: string; message: string }
  | { state: 'invalid' | 'empty' | 'unavailable'; code: string; message: string };

const UNAVAILABLE = "We can't verify coupons right now. Please try again in a minute.";

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function fetchTemplates(): Promise<PublicTemplate[]> {
  const res = await fetch('/api/templates');
  if (!res.ok) throw new Error(`catalogue: HTTP ${res.status}`);
  return ((await res.json()) as { templates: PublicTemplate[] }).templates;
}

/** VAL-1 as the page shows it; a network failure is "can't check now", never "invalid". */
export async function checkCoupon(code: string): Promise<CouponCheck> {
  try {
    const res = await postJson('/api/validate-coupon', { coupon_code: code });
    const body = (await res.json()) as { valid: boolean; code: string; reason?: string; message: string };
    if (body.valid) return { state: 'valid', code: body.code, message: body.message };
    const state = body.reason === 'invalid' || body.reason === 'empty' ? body.reason : 'unavailable';
    return { state, code: body.code, message: state === 'unavailable' ? UNAVAILABLE : body.message };
  } catch {
    return { state: 'unavailable', code, message: UNAVAILABLE };
  }
}

/** WEB-4: the server re-checks the code and records the export before the page hands out the file. */
export async function admitExport(input: {
  slug: string;
  variant: 'square' | 'story';
  code: string;
  action: 'download' | 'share';
}): Promise<
  { ok: true; filename: string } | { ok: false; state: 'invalid' | 'unavailable' | 'error'; message: string }
> {
  try {
    const res = await postJson('/api/usage', input);
    if (res.ok) return { ok: true, filename: ((await res.json()) as { filename: string }).filename };
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    if (res.status === 422) return { ok: false, state: 'invalid', message: error.message };
    if (res.status === 503 || res.status === 429) return { ok: false, state: 'unavailable', message: UNAVAILABLE };
    return { ok: false, state: 'error', message: error.message };
  } catch {
    return { ok: false, state: 'unavailable', message: UNAVAILABLE };
  }
}
