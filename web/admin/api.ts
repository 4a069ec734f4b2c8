import type { PublicTemplate } from '../shared/api.js';

export type { PublicTemplate };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', ...init });
  const body = (await res.json().catch(() => ({}))) as {
    error?: { code: string; message: string; fields?: Record<string, string> };
  };
  if (!res.ok)
    throw new ApiError(
      res.status,
      body.error?.code ?? 'error',
      body.error?.message ?? `HTTP ${res.status}`,
      body.error?.fields,
    );
  return body as T;
}
const postJson = <T>(url: string, payload: unknown) =>
  call<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });

export interface Settings {
  database: { kind: string; description: string };
  storage: { kind: string; description: string };
  bot: { mode: string; username: string | null; webhookUrl: string | null };
  validation: { enabled: boolean };
  publicUrl: string;
}

export const api = {
  checkAuth: async () => (await fetch('/api/check-auth', { credentials: 'same-origin' })).ok,
  login: (password: string) => postJson<{ authenticated: true }>('/api/login', { password }),
  logout: () => postJson('/api/logout', {}),
  logoutEverywhere: () => postJson('/api/logout-everywhere', {}),
  templates: async () => (await call<{ templates: PublicTemplate[] }>('/api/templates')).templates,
  settings: () => call<Settings>('/api/admin/settings'),
  toggleTelegram: (slug: string, enabled: boolean) =>
    postJson<{ template: PublicTemplate }>('/api/toggle-telegram-template', { slug, enabled }),
  deleteTemplates: (slugs: string[]) => postJson<{ deleted: string[] }>('/api/delete-template', { slugs }),
  saveTemplate: (form: FormData) =>
    call<{ template: PublicTemplate }>('/api/upload-template', { method: 'POST', body: form }),
};
