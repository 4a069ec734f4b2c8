import type { ErrorKind } from '../../shared/app-error.js';
import type { Refusal } from '../admission/admission.models.js';
import type { NamedTemplate } from '../templates/template-lookup.models.js';

/**
 * Everything the bot says (BOT-6), in one place. Plain text (no parse mode), so template names and codes can never
 * inject markup.
 */
export const botMessages = {
  /** Inline mode's button labels (short: Telegram shows one line above the results). */
  inline: {
    hint: () => 'Type your coupon code, e.g. SAVE20',
    emptyCode: () => 'That is not a coupon code · tap for help',
    invalid: (code: string) => `${code} is not active · tap to see why`,
    unavailable: () => "Can't check codes right now · tap for details",
    noMatch: () => 'No template matches · tap for help',
    slowDown: () => 'Too many searches · wait a moment',
  },
  greeting: (firstName: string | null) =>
    `Hi${firstName ? ` ${firstName}` : ''}! I make promo images with your coupon code.\n\nSend me your coupon code.`,
  askCode: () => 'Send me your coupon code.',
  help: (botUsername: string | null) =>
    [
      'I turn a coupon code into a branded promo image.',
      '',
      'In this chat:',
      '• /start, then send your coupon code and pick a template.',
      '• /generate makes another image with your last code.',
      '• /cancel stops the current step.',
      '',
      'In a channel or group:',
      '• Post /template-name/CODE, for example /flash-sale/SAVE20, and I post the image there as a reply.',
      '• Add /story at the end for the portrait version: /flash-sale/SAVE20/story.',
      `• In a channel I must be an administrator${botUsername ? ` (add @${botUsername})` : ''} with permission to post, or I can't see the command.`,
    ].join('\n'),
  codeAccepted: (code: string) => `${code} is active. Choose a template:`,
  noTemplates: () => 'No templates are available right now. Please try again later.',
  emptyCode: () => 'That has no usable code characters. Use letters, digits, - and _, for example SAVE20.',
  missingCode: (templateToken: string) => `Add your code after the template: /${templateToken}/YOURCODE`,
  unreadableCommand: () =>
    "I couldn't read that. Send /template-name/CODE (for example /flash-sale/SAVE20), or just your code.",
  unknownTemplate: ({
    token,
    suggestions,
    code,
    inPrivate,
  }: {
    token: string;
    suggestions: NamedTemplate[];
    code: string | null;
    inPrivate: boolean;
  }) =>
    suggestions.length > 0
      ? `I don't know the template "${token}". Did you mean:\n${suggestions
          .map((t) => `/${t.slug}/${code || 'YOURCODE'}  (${t.name})`)
          .join('\n')}`
      : inPrivate
        ? `I don't know the template "${token}". Send me your coupon code and I'll show you the templates to choose from.`
        : `I don't know the template "${token}". Send /help to me in a private chat to see how it works.`,
  hiddenTemplate: (name: string) => `"${name}" is not available in Telegram.`,
  noPortrait: (name: string) => `"${name}" has no portrait version. Leave out /story for the square one.`,
  templateGone: () => 'That template is no longer available. Send /generate to pick another.',
  flowExpired: () => 'This menu has expired. Send your coupon code again, or /generate.',
  renderFailed: () => "Sorry, I couldn't make that image. The problem has been logged; please try again later.",
  cancelled: () => 'Cancelled. Send /start when you want a new image.',
  nothingToCancel: () => 'Nothing to cancel. Send /start to make an image.',
  chatterHint: () => "Send me a coupon code (like SAVE20) and I'll make an image with it, or /help.",
  privateOnly: (botUsername: string | null) =>
    botUsername
      ? `The step-by-step flow works in a private chat: https://t.me/${botUsername}?start=go`
      : 'The step-by-step flow works in a private chat with me.',
  lastCodeGone: (code: string, reason: string) => `${reason}\n\nYour last code ${code} can't be used. Send a new one.`,
  caption: (templateName: string, code: string) => `${templateName} · ${code}`,
  /** After a private render: the referral link, and the web generator opened on this template and code when known. */
  referral: (link: string, webLink: string | null = null) =>
    webLink
      ? `Use your code here: ${link}\nOn the web, with this template and your code: ${webLink}`
      : `Use your code here: ${link}`,
  rendering: () => 'Making your image…',
  fileSentPrivately: () => 'Sent the PNG to your private chat with me.',
  fileNotSent: () => "Sorry, I couldn't send the file. Please try again later.",

  /** A refused command (`/template/CODE`), in the chat where it was posted. */
  commandRefused: (refusal: Refusal, { code, inPrivate }: { code: string | null; inPrivate: boolean }) => {
    switch (refusal.kind) {
      case 'template_unknown':
        return botMessages.unknownTemplate({ token: refusal.token, suggestions: refusal.suggestions, code, inPrivate });
      case 'template_off':
        return botMessages.hiddenTemplate(refusal.template.name);
      case 'variant_missing':
        return botMessages.noPortrait(refusal.template.name);
      case 'empty':
        return botMessages.emptyCode();
      case 'invalid':
      case 'unavailable':
        return refusal.message;
    }
  },

  /** A refused button tap: the template behind an old keyboard may be gone; the code may have expired since. */
  buttonRefused: (refusal: Refusal) =>
    refusal.kind === 'invalid' || refusal.kind === 'unavailable' ? refusal.message : botMessages.templateGone(),

  /**
   * The error boundary's answer for a failure nobody planned for, by kind (the bot's one mapping, as HTTP has
   * statuses). Messages of `invalid` / `not_found` / `conflict` errors are written for users and shown as they are.
   */
  failure: (kind: ErrorKind, message: string) => {
    switch (kind) {
      case 'invalid':
      case 'not_found':
      case 'conflict':
        return message;
      case 'limit':
        return "You're going a bit fast. Please wait a moment and try again.";
      case 'too_large':
        return 'That is too large for me to handle.';
      case 'upstream':
        return "I can't reach a service I need right now. Please try again in a minute.";
      case 'unauthenticated':
      case 'forbidden':
        return "Sorry, I'm not allowed to do that.";
      case 'internal':
        return 'Sorry, something went wrong on my side. It has been logged; please try again in a minute.';
    }
  },
};
