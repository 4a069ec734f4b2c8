import { normalizeCouponCode } from '../../src/renderer/coupon-code.js';

/** Most codes one "Many codes" run takes (the server checks at most 500 at once). */
export const MAX_CODES = 500;
/** Most images one ZIP holds (500 codes × square and portrait of one template). */
export const MAX_IMAGES = 1000;

const HEADER = /^(?:coupon[ _-]?)?codes?$|^coupons?$|^promo[ _-]?codes?$/i;

/** The first field of a CSV line: quoted (with "" for a quote) or up to the first comma or semicolon. */
function firstField(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('"')) {
    const match = /^"((?:[^"]|"")*)"/.exec(trimmed);
    return match ? match[1]!.replace(/""/g, '"') : trimmed.slice(1);
  }
  return trimmed.split(/[,;\t]/)[0] ?? '';
}

/**
 * The codes in pasted text or a CSV/TXT file: one per line (the first column of a CSV; a header such as "code" is
 * skipped), normalised as everywhere (RND-2), empty lines and repeats dropped, in the order they first appear.
 */
export function parseCodeList(text: string): { codes: string[]; repeats: number; unusable: number } {
  const seen = new Set<string>();
  let repeats = 0;
  let unusable = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const field = firstField(line);
    if (index === 0 && HEADER.test(field.trim())) continue;
    const code = normalizeCouponCode(field);
    if (!code) unusable++;
    else if (seen.has(code)) repeats++;
    else seen.add(code);
  }
  return { codes: [...seen], repeats, unusable };
}

/** A ZIP entry's name: `{CODE}-{slug}-{variant}.png` (codes and slugs are already file-name safe). */
export const zipEntryName = ({ code, slug, variant }: { code: string; slug: string; variant: string }) =>
  `${code}-${slug}-${variant}.png`;
