/**
 * The campaign calls of the pages (home page list, campaign page, admin section), on the one client of api.ts: the
 * same ApiError for every failure. Types are the server's HTTP schemas, imported as types only.
 */
import type {
  AdminCampaign,
  Campaign,
  CampaignBody,
  SubmissionList,
  SubmitBody,
  Submitted,
  UploadedOverlay,
} from '../../src/http/schemas/campaigns.schemas.js';
import { postJson, request } from './api.js';

export type { AdminCampaign, Campaign, CampaignBody, SubmissionList, Submitted, UploadedOverlay };
export type CampaignStatus = Campaign['status'];

const sendJson = <T>(method: 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  request<T>(url, {
    method,
    ...(payload === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
  });

export const campaignsApi = {
  /** WEB-5: ongoing and upcoming, soonest first. */
  list: async () => (await request<{ campaigns: Campaign[] }>('/api/campaigns')).campaigns,
  get: async (id: string | number) =>
    (await request<{ campaign: Campaign }>(`/api/campaigns/${encodeURIComponent(id)}`)).campaign,
  submit: (id: string | number, body: SubmitBody) =>
    postJson<Submitted>(`/api/campaigns/${encodeURIComponent(id)}/submit`, body),

  adminList: () => request<{ campaigns: AdminCampaign[]; timezone: string }>('/api/admin/campaigns'),
  create: async (body: CampaignBody) => (await postJson<{ campaign: Campaign }>('/api/campaigns', body)).campaign,
  update: async (id: number, body: CampaignBody) =>
    (await sendJson<{ campaign: Campaign }>('PUT', `/api/campaigns/${id}`, body)).campaign,
  remove: (id: number) => sendJson<{ ok: true }>('DELETE', `/api/campaigns/${id}`),
  uploadOverlay: (file: Blob) => {
    const form = new FormData();
    form.append('overlayImage', file);
    return request<UploadedOverlay>('/api/upload-overlay', { method: 'POST', body: form });
  },
  submissions: (id: number, { page, q }: { page: number; q: string }) =>
    request<SubmissionList>(`/api/campaigns/${id}/submissions?page=${page}${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  csvUrl: (id: number) => `/api/campaigns/${id}/submissions.csv`,
};
