/**
 * The one API client of the pages (generator and admin). Types come from the server's HTTP schemas — the contract —
 * as type-only imports, so no server code reaches the bundle. Every failure is an ApiError: the server's
 * `{error: {code, message}}` with its status, or status 0 / code `network` when the server could not be reached.
 */
import type { AdminSettings, DeletedTemplates } from '../../src/http/schemas/admin.schemas.js';
import type {
  BroadcastJob,
  CreateBroadcastBody,
  JobList,
  MessageSegment,
  Preview,
  Problems,
  UploadedImage,
} from '../../src/http/schemas/broadcasts.schemas.js';
import type { CouponValidation, CouponValidations } from '../../src/http/schemas/coupons.schemas.js';
import type { PublicBrandLogo, PublicTemplate, PublicVariant } from '../../src/http/schemas/templates.schemas.js';
import type { BatchUsageAnswer, BatchUsageBody, UsageAnswer, UsageBody } from '../../src/http/schemas/usage.schemas.js';

export type {
  AdminSettings,
  BatchUsageAnswer,
  BroadcastJob,
  CouponValidation,
  JobList,
  MessageSegment,
  Preview,
  Problems,
  PublicBrandLogo,
  PublicTemplate,
  PublicVariant,
  UploadedImage,
  UsageAnswer,
  UsageBody,
};
/** The image a broadcast goes with: a template's current artwork or an upload's key; null for text only. */
export type BroadcastImageChoice = NonNullable<CreateBroadcastBody['image']>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field → problem, for form errors (`squareFontColor: …`). */
    readonly fields: Record<string, string> = {},
    /** The body of a refusal that carries a result (validate-coupon answers 503 with its verdict). */
    readonly body: unknown = null,
    /** The one field a refusal is about (`chat_id`, `message`), to show the message beside it. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

type ErrorBody = { error?: { code?: string; message?: string; fields?: Record<string, string>; field?: string } };

export async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => ({}))) as unknown;
  if (res.ok) return body as T;
  const error = (body as ErrorBody).error;
  throw new ApiError(
    res.status,
    error?.code ?? 'error',
    error?.message ?? `HTTP ${res.status}`,
    error?.fields,
    body,
    typeof error?.field === 'string' ? error.field : null,
  );
}

export const postJson = <T>(url: string, payload: unknown) =>
  request<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });

export const api = {
  templates: async () => (await api.catalogue()).templates,
  /** The templates and the admin's default logo (RND-4), if any. */
  catalogue: () => request<{ templates: PublicTemplate[]; brandLogo: PublicBrandLogo | null }>('/api/templates'),
  /** VAL-1; an outage is a 503 whose body is still a verdict (`reason: 'unavailable'`). */
  validateCoupon: (code: string) => postJson<CouponValidation>('/api/validate-coupon', { coupon_code: code }),
  /** WEB-4: the server re-checks the code and records the download or share before the page hands out files. */
  admitExport: (body: UsageBody) => postJson<UsageAnswer>('/api/usage', body),
  /** Up to 500 codes at once: each distinct normalised code answered once, in input order. */
  validateCoupons: (codes: string[]) => postJson<CouponValidations>('/api/validate-coupons', { codes }),
  /** "Many codes": the server admits and records each image (≤ 100 per request) before it goes in the ZIP. */
  admitBatch: (body: BatchUsageBody) => postJson<BatchUsageAnswer>('/api/usage/batch', body),

  checkAuth: () =>
    request<{ authenticated: boolean }>('/api/check-auth').then(
      () => true,
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return false;
        throw error;
      },
    ),
  login: (password: string) => postJson<{ authenticated: true }>('/api/login', { password }),
  logout: () => postJson('/api/logout', {}),
  logoutEverywhere: () => postJson('/api/logout-everywhere', {}),
  settings: () => request<AdminSettings>('/api/admin/settings'),
  setBrandLogo: (file: Blob) => {
    const form = new FormData();
    form.append('logo', file);
    return request<{ brandLogo: PublicBrandLogo }>('/api/brand-logo', { method: 'POST', body: form });
  },
  removeBrandLogo: () => request<{ brandLogo: null }>('/api/brand-logo', { method: 'DELETE' }),
  toggleTelegram: (slug: string, enabled: boolean) =>
    postJson<{ template: PublicTemplate }>('/api/toggle-telegram-template', { slug, enabled }),
  deleteTemplates: (slugs: string[]) => postJson<DeletedTemplates>('/api/delete-template', { slugs }),
  saveTemplate: (form: FormData) =>
    request<{ template: PublicTemplate }>('/api/upload-template', { method: 'POST', body: form }),

  /** BRD-1: the message as Telegram will show it; `image` says it goes as a photo caption (a shorter limit). */
  previewBroadcast: (message: string, image: boolean) =>
    postJson<Preview>('/api/broadcast/preview', { message, image }),
  broadcastAudience: (days: number) =>
    request<{ days: number; recipients: number }>(`/api/broadcast-audience?days=${days}`),
  uploadBroadcastImage: (file: Blob) => {
    const form = new FormData();
    form.append('image', file);
    return request<UploadedImage>('/api/broadcast/image', { method: 'POST', body: form });
  },
  sendTestBroadcast: (body: { message: string; chat_id: number; image: BroadcastImageChoice | null }) =>
    postJson<{ ok: true }>('/api/broadcast/test', body),
  createBroadcast: (body: { message: string; days: number; image: BroadcastImageChoice | null }) =>
    postJson<{ job_id: number; total_users: number }>('/api/broadcast', body),
  cancelBroadcast: (id: number) => postJson<{ job: BroadcastJob }>(`/api/broadcast/${id}/cancel`, {}),
  broadcastStatus: (id: number) => request<{ job: BroadcastJob }>(`/api/broadcast-status/${id}`),
  broadcastProblems: (id: number, page: number) =>
    request<Problems>(`/api/broadcast-status/${id}/problems?page=${page}`),
  broadcastJobs: (page: number) => request<JobList>(`/api/broadcast-jobs?page=${page}`),
};
