import { normalizeCouponCode } from '../../renderer/coupon-code.js';
import { templateKey, templateRef } from '../templates/template-lookup.models.js';
import type { Template, Variant } from '../templates/templates.models.js';
import { fitsTelegramPhoto } from './bot.models.js';

/** Telegram takes at most 50 results per answer; more come with `next_offset`. */
export const INLINE_PAGE_SIZE = 50;
/**
 * How long Telegram may reuse an answer for the same query: short, so a template switched off in the admin is gone
 * from everyone's results within a minute (Telegram's own default is 300 s).
 */
export const INLINE_CACHE_SECONDS = 30;
/** Inline queries per user per minute (Telegram sends one as the user types, debounced). */
export const INLINE_QUERIES_PER_MINUTE = 60;
/** The /start payload of the hint buttons: not code-shaped (lower case, no digit), so /start greets and asks. */
export const INLINE_HELP_PAYLOAD = 'inline';

/** `SAVE20 flash` → the code, and what is left as a filter on template names. */
export function parseInlineQuery(query: string): { rawCode: string; filter: string } {
  const [rawCode = '', ...rest] = query.trim().split(/\s+/);
  return { rawCode, filter: rest.join(' ') };
}

/** One result per (template, variant): square first, then the portrait where the template has one. */
export interface InlineEntry {
  template: Template;
  variant: Variant;
}

/** The Telegram-enabled templates (as given, in catalogue order) whose name or slug contains the filter. */
export function inlineEntries(templates: Template[], filter: string): InlineEntry[] {
  const key = templateKey(filter);
  return templates
    .filter(
      (t) => t.telegramEnabled && (!key || templateKey(t.name).includes(key) || templateKey(t.slug).includes(key)),
    )
    .flatMap((template) =>
      (['square', 'story'] as const)
        .filter((variant) => {
          const spec = template[variant];
          return spec != null && fitsTelegramPhoto(spec);
        })
        .map((variant) => ({ template, variant })),
    );
}

/** A page of entries from an offset Telegram echoes back (anything unreadable is the first page). */
export function pageOf<T>(entries: T[], offset: string): { page: T[]; nextOffset: string } {
  const start = /^\d{1,6}$/.test(offset) ? Number(offset) : 0;
  const end = start + INLINE_PAGE_SIZE;
  return { page: entries.slice(start, end), nextOffset: end < entries.length ? String(end) : '' };
}

/**
 * A result id (≤ 64 bytes): the variant and a short reference to the template. The code is not in it: Telegram sends
 * the query back with the chosen result.
 */
export function inlineResultId({ template, variant }: InlineEntry): string {
  return `${variant === 'story' ? 'p' : 's'}.${templateRef(template.slug)}`;
}

export function parseInlineResultId(id: string): { variant: Variant; ref: string } | null {
  const match = /^([sp])\.([0-9a-z]{1,16})$/.exec(id);
  return match ? { variant: match[1] === 'p' ? 'story' : 'square', ref: match[2]! } : null;
}

/**
 * A result's photo and thumbnail: the render API under PUBLIC_URL as JPEG (what Telegram takes for inline photos), with
 * the bot's signature (`sig`), and `size=thumb` for the small one.
 */
export function inlinePhotoUrls({
  publicUrl,
  slug,
  variant,
  code,
  sig,
}: {
  publicUrl: string;
  slug: string;
  variant: Variant;
  code: string;
  sig: string;
}) {
  const base = `${publicUrl.replace(/\/+$/, '')}/api/render/${encodeURIComponent(slug)}/${variant}.jpg`;
  return {
    photoUrl: `${base}?${new URLSearchParams({ code, sig })}`,
    thumbnailUrl: `${base}?${new URLSearchParams({ code, sig, size: 'thumb' })}`,
  };
}

/** The code a result is for: the query's first word, normalised (RND-2). */
export const inlineCodeOf = (query: string) => normalizeCouponCode(parseInlineQuery(query).rawCode);
