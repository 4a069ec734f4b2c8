import { normalizeCouponCode } from '../../renderer/coupon-code.js';
import type { Template, Variant } from '../templates/templates.models.js';
import { BOT_COMMANDS, type NamedTemplate } from './channel-command.models.js';

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

/** The one template a callback's reference names, among those the bot may use; null when none or ambiguous. */
export function findTemplateByRef<T extends { slug: string }>(templates: T[], ref: string): T | null {
  const found = templates.filter((t) => templateRef(t.slug) === ref);
  return found.length === 1 ? found[0]! : null;
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

/** Callback data comes from the client and is parsed strictly; anything else is null (refused). */
export function decodeCallback(data: string): CallbackAction | null {
  if (data === 'n') return { kind: 'noop' };
  const page = /^p:(\d{1,4})$/.exec(data);
  if (page) return { kind: 'page', page: Number(page[1]) };
  const template = /^t:([0-9a-z]{1,12})$/.exec(data);
  if (template) return { kind: 'template', ref: template[1]! };
  const file = /^f:([sp]):([A-Z0-9_-]{1,40}):([0-9a-z]{1,12})$/.exec(data);
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

/**
 * BOT-3: in a private chat with no flow waiting, text "looks like a code" when it is one word of code characters,
 * 3–40 long, with a digit or in capitals (`SAVE20`, `SUMMER`); "hi", "thanks" or a sentence get a hint instead of a
 * FunderPro call.
 */
export function looksLikeCode(text: string): boolean {
  const word = text.trim();
  if (!/^[A-Za-z0-9_-]{3,40}$/.test(word)) return false;
  return /\d/.test(word) || word === word.toUpperCase();
}

/** BOT-2: square, unless the template only has a portrait or the portrait was asked for. null: asked for a missing one. */
export function chooseVariant(template: Pick<Template, 'square' | 'story'>, wantsStory: boolean): Variant | null {
  if (wantsStory) return template.story ? 'story' : null;
  return template.square ? 'square' : template.story ? 'story' : null;
}

/** Telegram refuses a photo whose width + height exceeds 10 000 px or whose sides differ more than 20 times. */
export function fitsTelegramPhoto({ width, height }: { width: number; height: number }): boolean {
  return width + height <= 10_000 && Math.max(width, height) <= 20 * Math.min(width, height);
}

export function referralLink(urlTemplate: string, code: string): string {
  return urlTemplate.replaceAll('{code}', encodeURIComponent(code));
}

export type BotCommand = (typeof BOT_COMMANDS)[number];

/** `/start`, `/help@this_bot payload`…; null for other text, and for commands addressed to another bot. */
export function parseBotCommand(
  text: string,
  botUsername: string | null,
): { command: BotCommand; payload: string } | null {
  const match = /^\/([A-Za-z]+)(?:@(\w+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  const [, name, mention, payload] = match;
  if (mention && botUsername && mention.toLowerCase() !== botUsername.toLowerCase()) return null;
  const command = name!.toLowerCase();
  if (!(BOT_COMMANDS as readonly string[]).includes(command)) return null;
  return { command: command as BotCommand, payload: (payload ?? '').trim() };
}
