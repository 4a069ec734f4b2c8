/**
 * Finding a template from what a person typed or tapped (bot commands and buttons): flexible names, short stable
 * references, and suggestions that are really close. Pure.
 */
export interface NamedTemplate {
  slug: string;
  name: string;
}

/** Case, `-`, `_` and spaces ignored: `Flash_Sale`, `flashsale` and `flash-sale` are one key. */
export const templateKey = (text: string) => text.toLowerCase().replace(/[-_\s]+/g, '');

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * How far a typed key is from a template's key, or null when they are not alike: one typo per three characters
 * (at least one), or the typed key appearing inside the name (`sale` → `flash-sale`).
 */
function similarity(key: string, candidate: string): number | null {
  if (key.length >= 3 && candidate.includes(key)) return candidate.length - key.length;
  const distance = editDistance(key, candidate);
  return distance <= Math.max(1, Math.floor(Math.min(key.length, candidate.length) / 3)) ? distance : null;
}

export type TemplateMatch<T extends NamedTemplate> =
  | { kind: 'found'; template: T }
  | { kind: 'unknown'; suggestions: T[] };

/**
 * BOT-2: an exact key (slug or name) wins, then a unique prefix. Otherwise up to three suggestions: the templates the
 * ambiguous prefix named, or the names within the similarity threshold — none when nothing is close.
 */
export function matchTemplate<T extends NamedTemplate>(token: string, templates: T[]): TemplateMatch<T> {
  const key = templateKey(token);
  const exact = templates.find((t) => templateKey(t.slug) === key || templateKey(t.name) === key);
  if (exact) return { kind: 'found', template: exact };
  const prefixed = templates.filter(
    (t) => key.length > 0 && (templateKey(t.slug).startsWith(key) || templateKey(t.name).startsWith(key)),
  );
  if (prefixed.length === 1) return { kind: 'found', template: prefixed[0]! };
  const distanceOf = (t: T) => {
    const scores = [similarity(key, templateKey(t.slug)), similarity(key, templateKey(t.name))];
    const close = scores.filter((s): s is number => s !== null);
    return close.length > 0 ? Math.min(...close) : prefixed.length > 1 ? Number.MAX_SAFE_INTEGER : null;
  };
  const ranked = (prefixed.length > 1 ? prefixed : templates)
    .map((t) => ({ t, d: distanceOf(t) }))
    .filter((r): r is { t: T; d: number } => r.d !== null)
    .sort((a, b) => a.d - b.d || a.t.name.localeCompare(b.t.name));
  return { kind: 'unknown', suggestions: ranked.slice(0, 3).map((r) => r.t) };
}

/**
 * A short, stable reference to a template for callback data (Telegram allows 64 bytes; a slug alone may take 64).
 * cyrb53: 53 bits, so a clash among a catalogue's templates is not a practical concern, and a clash is refused anyway.
 */
export function templateRef(slug: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < slug.length; i++) {
    const ch = slug.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The one template a reference names; null when none or ambiguous. */
export function findTemplateByRef<T extends { slug: string }>(templates: T[], ref: string): T | null {
  const found = templates.filter((t) => templateRef(t.slug) === ref);
  return found.length === 1 ? found[0]! : null;
}
