import { normalizeCouponCode } from '../../renderer/coupon-code.js';
import type { NamedTemplate } from '../templates/template-lookup.models.js';
import { templateRef } from '../templates/template-lookup.models.js';
import type { Variant } from '../templates/templates.models.js';

/** BOT-4: how long a guided flow waits for the user's next step. */
export const CONVERSATION_TTL_MS = 30 * 60 * 1000;
export const TEMPLATES_PER_PAGE = 8;

export type FlowState = { step: 'awaiting_code' } | { step: 'choosing'; code: string };

/** State read back from the database is checked, never trusted. */
export function parseFlowState(raw: unknown): FlowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const state = raw as Record<string, unknown>;
  if (state.step === 'awaiting_code') return { step: 'awaiting_code' };
  if (state.step === 'choosing' && typeof state.code === 'string' && normalizeCouponCode(state.code) === state.code)
    return { step: 'choosing', code: state.code };
  return null;
}

export type CallbackAction =
  | { kind: 'page'; page: number }
  | { kind: 'template'; ref: string }
  | { kind: 'file'; variant: Variant; code: string; ref: string }
  | { kind: 'noop' };

export function encodeCallback(action: CallbackAction): string {
  switch (action.kind) {
    case 'page':
      return `p:${action.page}`;
    case 'template':
      return `t:${action.ref}`;
    case 'file':
      return `f:${action.variant === 'story' ? 'p' : 's'}:${action.code}:${action.ref}`;
    case 'noop':
      return 'n';
  }
}

/** The shape of each button's callback data; the bot routes taps with these (grammY `callbackQuery`). */
export const CALLBACK_PATTERNS = {
  page: /^p:(\d{1,4})$/,
  template: /^t:([0-9a-z]{1,12})$/,
  file: /^f:([sp]):([A-Z0-9_-]{1,40}):([0-9a-z]{1,12})$/,
  noop: /^n$/,
} as const;

/** Callback data comes from the client and is parsed strictly; anything else is null (refused). */
export function decodeCallback(data: string): CallbackAction | null {
  if (CALLBACK_PATTERNS.noop.test(data)) return { kind: 'noop' };
  const page = CALLBACK_PATTERNS.page.exec(data);
  if (page) return { kind: 'page', page: Number(page[1]) };
  const template = CALLBACK_PATTERNS.template.exec(data);
  if (template) return { kind: 'template', ref: template[1]! };
  const file = CALLBACK_PATTERNS.file.exec(data);
  if (file && normalizeCouponCode(file[2]!) === file[2])
    return { kind: 'file', variant: file[1] === 'p' ? 'story' : 'square', code: file[2]!, ref: file[3]! };
  return null;
}

export interface KeyboardButton {
  text: string;
  data: string;
}
export type Keyboard = KeyboardButton[][];

/** BOT-3: one message with the templates as buttons, 8 per page, with previous/next when there is more than one page. */
export function buildTemplateKeyboard(templates: NamedTemplate[], requestedPage: number): Keyboard {
  const pages = Math.max(1, Math.ceil(templates.length / TEMPLATES_PER_PAGE));
  const page = Math.min(Math.max(0, requestedPage), pages - 1);
  const rows: Keyboard = templates
    .slice(page * TEMPLATES_PER_PAGE, (page + 1) * TEMPLATES_PER_PAGE)
    .map((t) => [{ text: t.name, data: encodeCallback({ kind: 'template', ref: templateRef(t.slug) }) }]);
  if (pages > 1) {
    rows.push(
      [
        page > 0 ? { text: '◀ Previous', data: encodeCallback({ kind: 'page', page: page - 1 }) } : null,
        { text: `${page + 1} / ${pages}`, data: encodeCallback({ kind: 'noop' }) },
        page < pages - 1 ? { text: 'Next ▶', data: encodeCallback({ kind: 'page', page: page + 1 }) } : null,
      ].filter((button): button is KeyboardButton => button !== null),
    );
  }
  return rows;
}

export function fileButton({ variant, code, slug }: { variant: Variant; code: string; slug: string }): Keyboard {
  return [[{ text: 'Send as file', data: encodeCallback({ kind: 'file', variant, code, ref: templateRef(slug) }) }]];
}

/** One word of code characters, 3–40 long: the shape of every coupon code. */
export function isCodeShaped(text: string): boolean {
  return /^[A-Za-z0-9_-]{3,40}$/.test(text.trim());
}

/**
 * BOT-3: what a private message is while no code is awaited. With no flow, text "looks like a code" when it is
 * code-shaped with a digit or in capitals (`SAVE20`, `SUMMER`), so "hi" or "thanks" get a hint instead of a FunderPro
 * call. While the template keyboard is open, any code-shaped word (`summer` too) is a new code: the user is clearly
 * in the middle of making an image.
 */
export function looksLikeCode(text: string, flow: FlowState | null = null): boolean {
  if (!isCodeShaped(text)) return false;
  if (flow?.step === 'choosing') return true;
  const word = text.trim();
  return /\d/.test(word) || word === word.toUpperCase();
}

/** Telegram refuses a photo whose width + height exceeds 10 000 px or whose sides differ more than 20 times. */
export function fitsTelegramPhoto({ width, height }: { width: number; height: number }): boolean {
  return width + height <= 10_000 && Math.max(width, height) <= 20 * Math.min(width, height);
}

export function referralLink(urlTemplate: string, code: string): string {
  return urlTemplate.replaceAll('{code}', encodeURIComponent(code));
}

/** Hosts nobody in Telegram can open: PUBLIC_URL unset (http://localhost:PORT) or pointing at this machine. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

/**
 * The web generator's share link (`{PUBLIC_URL}/?t={slug}&code={CODE}`) for the template and code just rendered, or
 * null when the app has no public address to point at.
 */
export function generatorLink({ publicUrl, slug, code }: { publicUrl: string; slug: string; code: string }) {
  let base: URL;
  try {
    base = new URL(publicUrl);
  } catch {
    return null;
  }
  if (LOOPBACK_HOST.test(base.hostname)) return null;
  const query = new URLSearchParams({ t: slug, code });
  return `${publicUrl.replace(/\/+$/, '')}/?${query}`;
}
