import { normalizeCouponCode } from '../coupons/coupons.models.js';
import type { Template, Variant } from '../templates/templates.models.js';
import {
  buildTemplateKeyboard,
  CONVERSATION_TTL_MS,
  chooseVariant,
  decodeCallback,
  type FlowState,
  findTemplateByRef,
  looksLikeCode,
  parseFlowState,
} from './bot.models.js';
import type { ChatRef, UserRef } from './bot.types.js';
import {
  type BotContext,
  type BotDeps,
  checkCoupon,
  deliverImage,
  loadBotTemplates,
  recordOutcome,
  say,
  usageErrorOf,
  withoutFailing,
} from './bot-delivery.usecases.js';
import { botMessages } from './bot-messages.models.js';

/** BOT-3/BOT-4: the guided flow in private chats. Its state lives in the database, keyed by (chat, user), with a TTL. */
type PrivateContext = { chat: ChatRef; user: UserRef };

const flowKey = ({ chat, user }: PrivateContext) => ({ chatId: chat.id, userId: user.id });

async function readFlow(deps: BotDeps, context: PrivateContext): Promise<FlowState | null> {
  const raw = await deps.telegramRepository.getConversation<unknown>({ ...flowKey(context), now: deps.now() });
  return parseFlowState(raw);
}

async function writeFlow(deps: BotDeps, context: PrivateContext, state: FlowState): Promise<void> {
  const expiresAt = new Date(deps.now().getTime() + CONVERSATION_TTL_MS);
  await deps.telegramRepository.setConversation({ ...flowKey(context), state, expiresAt });
}

async function askForCode(deps: BotDeps, context: PrivateContext, text: string): Promise<void> {
  await writeFlow(deps, context, { step: 'awaiting_code' });
  await say(deps, context.chat, text);
}

/** `/start [payload]`: a deep-link payload that is a code is used at once. */
export async function startFlow(deps: BotDeps, context: PrivateContext, { payload }: { payload: string }) {
  if (payload && looksLikeCode(payload)) return submitCode(deps, context, { rawCode: payload });
  await askForCode(deps, context, botMessages.greeting(context.user.firstName ?? null));
}

/** Plain text in a private chat: the awaited code, something that looks like one, or chatter (a hint, no API call). */
export async function handlePrivateText(deps: BotDeps, context: PrivateContext, { text }: { text: string }) {
  const flow = await readFlow(deps, context);
  if (flow?.step === 'awaiting_code' || looksLikeCode(text)) return submitCode(deps, context, { rawCode: text });
  await say(deps, context.chat, botMessages.chatterHint());
}

export async function submitCode(deps: BotDeps, context: PrivateContext, { rawCode }: { rawCode: string }) {
  const code = normalizeCouponCode(rawCode);
  if (code === '') return askForCode(deps, context, botMessages.emptyCode());
  const validation = await checkCoupon(deps, code);
  if (!validation.valid) {
    await recordOutcome(deps, context, { success: false, errorType: usageErrorOf(validation), code });
    return askForCode(deps, context, validation.message);
  }
  await deps.telegramRepository.setLastValidCode({ chatId: context.chat.id, code });
  await offerTemplates(deps, context, code);
}

async function offerTemplates(deps: BotDeps, context: PrivateContext, code: string) {
  const { enabled } = await loadBotTemplates(deps);
  if (enabled.length === 0) {
    await deps.telegramRepository.clearConversation(flowKey(context));
    return say(deps, context.chat, botMessages.noTemplates());
  }
  await writeFlow(deps, context, { step: 'choosing', code });
  await say(deps, context.chat, botMessages.codeAccepted(code), { keyboard: buildTemplateKeyboard(enabled, 0) });
}

/** `/generate`: the last valid code, validated again (it may have been switched off since). */
export async function generateAgain(deps: BotDeps, context: PrivateContext) {
  const code = (await deps.telegramRepository.getUser(context.chat.id))?.lastValidCode;
  if (!code) return askForCode(deps, context, botMessages.askCode());
  const validation = await checkCoupon(deps, code);
  if (validation.valid) return offerTemplates(deps, context, code);
  await recordOutcome(deps, context, { success: false, errorType: usageErrorOf(validation), code });
  if (validation.reason === 'unavailable') return say(deps, context.chat, validation.message);
  await askForCode(deps, context, botMessages.lastCodeGone(code, validation.message));
}

export async function cancelFlow(deps: BotDeps, context: PrivateContext) {
  const flow = await readFlow(deps, context);
  await deps.telegramRepository.clearConversation(flowKey(context));
  await say(deps, context.chat, flow ? botMessages.cancelled() : botMessages.nothingToCancel());
}

/**
 * An inline-button tap. The data is client input: it is parsed strictly and the template it names must exist and be
 * Telegram-enabled before anything is rendered. Works in any chat ("Send as file" under a channel post too).
 */
export async function answerButton(
  deps: BotDeps,
  context: BotContext & { user: UserRef },
  { callbackId, data, messageId }: { callbackId: string; data: string; messageId: number },
): Promise<void> {
  const answer = (text?: string, alert = false) =>
    withoutFailing(deps, deps.gateway.answerCallback({ callbackId, text, alert }));
  const action = decodeCallback(data);
  if (!action || action.kind === 'noop') return answer(action ? undefined : botMessages.templateGone(), !action);

  const { enabled } = await loadBotTemplates(deps);
  if (action.kind === 'page') {
    if ((await readFlow(deps, context))?.step !== 'choosing') return answer(botMessages.flowExpired(), true);
    await answer();
    const keyboard = buildTemplateKeyboard(enabled, action.page);
    return withoutFailing(deps, deps.gateway.editKeyboard({ chatId: context.chat.id, messageId, keyboard }));
  }

  const template = findTemplateByRef(enabled, action.ref);
  const code = action.kind === 'file' ? action.code : ((await readFlow(deps, context).then(codeOf)) ?? null);
  const variant =
    template &&
    (action.kind === 'file' ? (template[action.variant] ? action.variant : null) : chooseVariant(template, false));
  if (!template || !variant) {
    await recordOutcome(deps, context, { success: false, errorType: 'template_not_found', code });
    return answer(botMessages.templateGone(), true);
  }
  if (!code) return answer(botMessages.flowExpired(), true);
  const validation = await checkCoupon(deps, code);
  if (!validation.valid) {
    await recordOutcome(deps, context, {
      success: false,
      errorType: usageErrorOf(validation),
      templateSlug: template.slug,
      variant,
      code,
    });
    return answer(validation.message, true);
  }
  if (action.kind === 'file' && context.chat.type !== 'private')
    return sendFilePrivately(deps, context, { template, variant, code, callbackId });
  await answer(botMessages.rendering());
  await deliverImage(deps, context, {
    template,
    variant,
    code,
    kind: action.kind === 'file' ? 'document' : 'photo',
    replyTo: action.kind === 'file' ? messageId : undefined,
  });
}

/**
 * "Send as file" under a channel or group post: the PNG goes to the private chat of whoever tapped, so the channel is
 * not filled with one document per subscriber. Someone who has never started the bot is sent to it (t.me link with
 * the code as start payload), then can tap again.
 */
async function sendFilePrivately(
  deps: BotDeps,
  { user }: BotContext & { user: UserRef },
  { template, variant, code, callbackId }: { template: Template; variant: Variant; code: string; callbackId: string },
) {
  const chat: ChatRef = { id: user.id, type: 'private' };
  const result = await deliverImage(deps, { chat, user }, { template, variant, code, kind: 'document' });
  const reply =
    result === 'sent'
      ? { text: botMessages.fileSentPrivately() }
      : result === 'blocked' && deps.botUsername
        ? { url: `https://t.me/${deps.botUsername}?start=${code}` }
        : { text: botMessages.fileNotSent(), alert: true };
  await withoutFailing(deps, deps.gateway.answerCallback({ callbackId, ...reply }));
}

const codeOf = (flow: FlowState | null) => (flow?.step === 'choosing' ? flow.code : null);
