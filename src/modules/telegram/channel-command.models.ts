/** Commands the bot owns; anything else after a slash may be a template name. */
export const BOT_COMMANDS = ['start', 'help', 'generate', 'cancel'] as const;

export interface ChannelCommand {
  /** The template as typed (`Flash_Sale`, `flashsale`, `flash-sale`). */
  templateToken: string;
  /** The code as typed; normalised later (RND-2). */
  rawCode: string;
  /** Asked for explicitly with a trailing `/story` (or `/portrait`). */
  wantsStory: boolean;
}

/**
 * BOT-2: `/{template}/{CODE}`, `/{template} {CODE}`, `/{template}/{CODE}/story`, with an optional `@botname` after the
 * template in groups. Telegram does not mark this syntax as a command, so it is matched on the text. Returns null for
 * anything else (including the bot's own commands).
 */
export function parseChannelCommand(text: string): ChannelCommand | null {
  const match = /^\/([A-Za-z0-9][\w-]{0,63})(?:@\w+)?(?:\/|\s+)(\S+?)(?:\/(story|portrait|square))?\s*$/i.exec(
    text.trim(),
  );
  if (!match) return null;
  const [, templateToken, rawCode, variant] = match as unknown as [string, string, string, string | undefined];
  if ((BOT_COMMANDS as readonly string[]).includes(templateToken.toLowerCase())) return null;
  return { templateToken, rawCode, wantsStory: variant !== undefined && variant.toLowerCase() !== 'square' };
}

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

export type TemplateMatch<T extends NamedTemplate> =
  | { kind: 'found'; template: T }
  | { kind: 'unknown'; suggestions: T[] };

/**
 * BOT-2 matching against the Telegram-enabled templates: an exact key (slug or name) wins, then a unique prefix;
 * otherwise up to three closest names are suggested.
 */
export function matchTemplate<T extends NamedTemplate>(token: string, templates: T[]): TemplateMatch<T> {
  const key = templateKey(token);
  const exact = templates.find((t) => templateKey(t.slug) === key || templateKey(t.name) === key);
  if (exact) return { kind: 'found', template: exact };
  const prefixed = templates.filter(
    (t) => key.length > 0 && (templateKey(t.slug).startsWith(key) || templateKey(t.name).startsWith(key)),
  );
  if (prefixed.length === 1) return { kind: 'found', template: prefixed[0]! };
  const ranked = (prefixed.length > 1 ? prefixed : templates)
    .map((t) => ({ t, d: Math.min(editDistance(key, templateKey(t.slug)), editDistance(key, templateKey(t.name))) }))
    .sort((a, b) => a.d - b.d || a.t.name.localeCompare(b.t.name));
  return { kind: 'unknown', suggestions: ranked.slice(0, 3).map((r) => r.t) };
}
