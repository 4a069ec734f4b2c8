import { normalizeCouponCode } from '../../src/renderer/coupon-code.js';

/** `/?t={slug}&code={CODE}` (SPEC §14): the page with a template picked and a code filled in. */
export function shareLinkPath({ slug, code }: { slug: string | null; code: string }): string {
  const params = new URLSearchParams();
  if (slug) params.set('t', slug);
  if (code) params.set('code', code);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/** What a share link asks for; the code normalised (RND-2) like anything typed. */
export function readShareLink(search: string): { slug: string | null; code: string } {
  const params = new URLSearchParams(search);
  return { slug: params.get('t'), code: normalizeCouponCode(params.get('code') ?? '') };
}

/**
 * Puts `link` on the clipboard; where the clipboard API is missing or refused (plain http, old browsers, a denied
 * permission), shows it in `field` (inside `row`), selected, for the user to copy. Says which happened.
 */
export async function copyLink({
  link,
  row,
  field,
}: {
  link: string;
  row: HTMLElement;
  field: HTMLInputElement;
}): Promise<'copied' | 'selected'> {
  try {
    await navigator.clipboard.writeText(link);
    row.hidden = true;
    return 'copied';
  } catch {
    row.hidden = false;
    field.value = link;
    field.focus();
    field.select();
    return 'selected';
  }
}
