import { admitImageRequest } from '../admission/admission.usecases.js';
import type { ChatRef } from '../bot-users/bot-users.models.js';
import type { Variant } from '../templates/templates.models.js';
import { buildTemplateKeyboard } from './bot.models.js';
import { botMessages } from './bot-messages.models.js';
import { cosmetic } from './bot-replies.usecases.js';
import { codeOfFlow, readFlow } from './guided-flow.usecases.js';
import { deliverImage } from './image-delivery.usecases.js';
import { type BotContext, botImageRequest, type PrivateContext, type TelegramDeps } from './telegram.types.js';

/**
 * Inline-button taps. Callback data is client input: the bot routes only well-formed data here, and the template it
 * names must exist and be Telegram-enabled (the admission path checks) before anything is rendered.
 */
type Tap = { callbackId: string; messageId: number };

const answer = (
  deps: TelegramDeps,
  { callbackId }: Tap,
  reply: { text?: string; alert?: boolean; url?: string } = {},
) => cosmetic(deps, deps.gateway.answerCallback({ callbackId, ...reply }));

/** A tap on data we never send (forged, or from a version of the bot long gone). */
export async function refuseUnknownButton(deps: TelegramDeps, tap: Tap) {
  await answer(deps, tap, { text: botMessages.templateGone(), alert: true });
}

export async function acknowledgeButton(deps: TelegramDeps, tap: Tap) {
  await answer(deps, tap);
}

/** ◀ / ▶ under the template keyboard: only while the flow is still choosing. */
export async function turnPage(deps: TelegramDeps, context: PrivateContext, tap: Tap & { page: number }) {
  if ((await readFlow(deps, context))?.step !== 'choosing')
    return answer(deps, tap, { text: botMessages.flowExpired(), alert: true });
  await answer(deps, tap);
  const enabled = (await deps.templatesRepository.findAll()).filter((t) => t.telegramEnabled);
  const keyboard = buildTemplateKeyboard(enabled, tap.page);
  await cosmetic(deps, deps.gateway.editKeyboard({ chatId: context.chat.id, messageId: tap.messageId, keyboard }));
}

/** A template picked from the keyboard: the flow's code, admitted again, and the photo. */
export async function chooseTemplate(deps: TelegramDeps, context: PrivateContext, tap: Tap & { ref: string }) {
  const code = codeOfFlow(await readFlow(deps, context));
  if (!code) return answer(deps, tap, { text: botMessages.flowExpired(), alert: true });
  const result = await admitImageRequest(
    deps,
    botImageRequest({ context, action: 'button', template: { by: 'ref', ref: tap.ref, variant: null }, rawCode: code }),
    async ({ template, variants: [variant] }) => {
      await answer(deps, tap, { text: botMessages.rendering() });
      return deliverImage(deps, context, { template, variant, code, kind: 'photo' });
    },
  );
  if (!result.admitted) await answer(deps, tap, { text: botMessages.buttonRefused(result.refusal), alert: true });
}

/**
 * "Send as file" under a photo: the pixel-exact PNG. Under a channel or group post it goes to the private chat of
 * whoever tapped, so the channel is not filled with one document per subscriber; someone who has never started the
 * bot is sent to it (t.me link with the code as start payload), then can tap again.
 */
export async function sendAsFile(
  deps: TelegramDeps,
  context: BotContext & { user: NonNullable<BotContext['user']> },
  tap: Tap & { ref: string; variant: Variant; code: string },
) {
  const privately = context.chat.type !== 'private';
  const target: BotContext = privately
    ? { chat: { id: context.user.id, type: 'private' } satisfies ChatRef, user: context.user }
    : context;
  const result = await admitImageRequest(
    deps,
    botImageRequest({
      context: target,
      action: 'button',
      template: { by: 'ref', ref: tap.ref, variant: tap.variant },
      rawCode: tap.code,
    }),
    async ({ template, variants: [variant], code }) => {
      if (!privately) await answer(deps, tap, { text: botMessages.rendering() });
      return deliverImage(deps, target, {
        template,
        variant,
        code,
        kind: 'document',
        replyTo: privately ? undefined : tap.messageId,
      });
    },
  );
  if (!result.admitted) return answer(deps, tap, { text: botMessages.buttonRefused(result.refusal), alert: true });
  if (!privately) return;
  const reply =
    result.value === 'sent'
      ? { text: botMessages.fileSentPrivately() }
      : result.value === 'blocked' && deps.botUsername
        ? { url: `https://t.me/${deps.botUsername}?start=${result.code}` }
        : { text: botMessages.fileNotSent(), alert: true };
  await answer(deps, tap, reply);
}
