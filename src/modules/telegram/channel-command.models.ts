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

const isBotCommand = (token: string) => (BOT_COMMANDS as readonly string[]).includes(token.toLowerCase());

/**
 * The first word of a slash message with this bot's `@username` removed wherever Telegram clients put it
 * (`/flash-sale@ourbot SAVE20`, `/flash-sale/SAVE20@ourbot`). null for text that is not a slash command, and for a
 * command addressed to another bot (`/x@otherbot`, `/x/CODE@otherbot`) — in a group with two bots it is not ours to
 * answer.
 */
function readCommandText(text: string, botUsername: string | null): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/')) return null;
  const [word = '', ...rest] = trimmed.split(/(\s+)/);
  const mentions = [...word.matchAll(/@(\w+)/g)].map((m) => m[1]!.toLowerCase());
  const ours = botUsername?.toLowerCase();
  if (mentions.some((mention) => mention !== ours)) return null;
  return [word.replace(/@\w+/g, ''), ...rest].join('');
}

/** `/x@otherbot`, `/x/CODE@otherbot`: a command for another bot in the chat, not ours to answer. */
export function isForAnotherBot(text: string, botUsername: string | null): boolean {
  return text.trim().startsWith('/') && readCommandText(text, botUsername) === null;
}

/**
 * BOT-2: `/{template}/{CODE}`, `/{template} {CODE}`, `/{template}/{CODE}/story`, with this bot's `@username` anywhere
 * in the command word. Telegram does not mark this syntax as a command, so it is matched on the text. Returns null for
 * anything else (including the bot's own commands and commands for other bots).
 */
export function parseChannelCommand(text: string, botUsername: string | null): ChannelCommand | null {
  const command = readCommandText(text, botUsername);
  if (command === null) return null;
  const match = /^\/([A-Za-z0-9][\w-]{0,63})(?:\/|\s+)([^\s/]+)(?:\/(story|portrait|square))?\s*$/i.exec(command);
  if (!match) return null;
  const [, templateToken, rawCode, variant] = match as unknown as [string, string, string, string | undefined];
  if (isBotCommand(templateToken)) return null;
  return { templateToken, rawCode, wantsStory: variant !== undefined && variant.toLowerCase() !== 'square' };
}

/**
 * A slash word alone (`/flash-sale`, `/unknowncmd`) that is not one of the bot's commands: someone who meant a
 * template and forgot the code, or typed a name we don't know. null otherwise.
 */
export function parseLoneTemplate(text: string, botUsername: string | null): string | null {
  const command = readCommandText(text, botUsername);
  const token = command === null ? undefined : /^\/([A-Za-z0-9][\w-]{0,63})\/?$/.exec(command)?.[1];
  return token && !isBotCommand(token) ? token : null;
}
