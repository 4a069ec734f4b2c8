import MarkdownIt from 'markdown-it';

/**
 * BRD-1: the Markdown subset an admin writes — **bold**, *italic* (or _italic_), `code`, [links](https://…) and line
 * breaks — converted to the HTML Telegram accepts, with every other character escaped. markdown-it does the parsing
 * (inline rules only, raw HTML off), so `<b>` typed literally arrives as the text "<b>", and no input can produce
 * markup Telegram would refuse: a failed send can never come from the formatting. Pure.
 */
const markdown = new MarkdownIt('zero', { html: false, linkify: false }).enable([
  'emphasis',
  'backticks',
  'link',
  'newline',
  'escape',
]);

/** A run of text with its formatting; what the admin's preview draws and what the HTML is made of. */
export interface MessageSegment {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  href?: string;
}

const LINK_SCHEMES = new Set(['http:', 'https:', 'tg:']);

function safeHref(href: string | null): string | undefined {
  if (!href) return undefined;
  try {
    return LINK_SCHEMES.has(new URL(href).protocol) ? href : undefined;
  } catch {
    return undefined;
  }
}

/** The message as formatted runs (adjacent runs with the same formatting are merged). */
export function parseMessage(source: string): MessageSegment[] {
  const segments: MessageSegment[] = [];
  const state = { bold: 0, italic: 0, links: [] as (string | undefined)[] };
  const push = (text: string, code = false) => {
    if (!text) return;
    const href = state.links.at(-1);
    const segment: MessageSegment = { text };
    if (state.bold > 0) segment.bold = true;
    if (state.italic > 0) segment.italic = true;
    if (code) segment.code = true;
    if (href) segment.href = href;
    const last = segments.at(-1);
    if (last && sameFormat(last, segment)) last.text += text;
    else segments.push(segment);
  };
  for (const block of markdown.parseInline(source.trim(), {})) {
    for (const token of block.children ?? []) {
      switch (token.type) {
        case 'strong_open':
          state.bold++;
          break;
        case 'strong_close':
          state.bold--;
          break;
        case 'em_open':
          state.italic++;
          break;
        case 'em_close':
          state.italic--;
          break;
        case 'link_open':
          state.links.push(safeHref(String(token.attrGet('href') ?? '')));
          break;
        case 'link_close':
          state.links.pop();
          break;
        case 'code_inline':
          push(token.content, true);
          break;
        case 'softbreak':
        case 'hardbreak':
          push('\n');
          break;
        default:
          push(token.content);
      }
    }
  }
  return segments;
}

function sameFormat(a: MessageSegment, b: MessageSegment): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.code === b.code && a.href === b.href;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeHtml(text).replace(/"/g, '&quot;');

/** Telegram HTML (parse_mode HTML). Code runs carry no other formatting: Telegram allows none inside code. */
export function toTelegramHtml(segments: MessageSegment[]): string {
  return segments
    .map((segment) => {
      let html = escapeHtml(segment.text);
      if (segment.code) html = `<code>${html}</code>`;
      else {
        if (segment.italic) html = `<i>${html}</i>`;
        if (segment.bold) html = `<b>${html}</b>`;
      }
      if (segment.href) html = `<a href="${escapeAttribute(segment.href)}">${html}</a>`;
      return html;
    })
    .join('');
}

/** What Telegram counts against its limits: the characters users see (UTF-16 units, as Telegram counts them). */
export function visibleLength(segments: MessageSegment[]): number {
  return segments.reduce((sum, segment) => sum + segment.text.length, 0);
}
