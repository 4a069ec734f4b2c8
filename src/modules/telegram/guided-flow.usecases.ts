import { screenCode } from '../admission/admission.usecases.js';
import {
  buildTemplateKeyboard,
  CONVERSATION_TTL_MS,
  type FlowState,
  looksLikeCode,
  parseFlowState,
} from './bot.models.js';
import { botMessages } from './bot-messages.models.js';
import { say } from './bot-replies.usecases.js';
import { actorOf, type PrivateContext, type TelegramDeps } from './telegram.types.js';

/** BOT-3/BOT-4: the guided flow in private chats. Its state lives in the database, keyed by (chat, user), with a TTL. */
const flowKey = ({ chat, user }: PrivateContext) => ({ chatId: chat.id, userId: user.id });

export async function readFlow(deps: TelegramDeps, context: PrivateContext): Promise<FlowState | null> {
  const raw = await deps.telegramRepository.getConversation<unknown>({ ...flowKey(context), now: deps.now() });
  return parseFlowState(raw);
}

async function writeFlow(deps: TelegramDeps, context: PrivateContext, state: FlowState): Promise<void> {
  const expiresAt = new Date(deps.now().getTime() + CONVERSATION_TTL_MS);
  await deps.telegramRepository.setConversation({ ...flowKey(context), state, expiresAt });
}

async function askForCode(deps: TelegramDeps, context: PrivateContext, text: string): Promise<void> {
  await writeFlow(deps, context, { step: 'awaiting_code' });
  await say(deps, context.chat, text);
}

/** `/start [payload]`: a deep-link payload that is a code is used at once. */
export async function startFlow(deps: TelegramDeps, context: PrivateContext, { payload }: { payload: string }) {
  if (payload && looksLikeCode(payload)) return submitCode(deps, context, { rawCode: payload });
  await askForCode(deps, context, botMessages.greeting(context.user.firstName ?? null));
}

/**
 * Plain text in a private chat: the awaited code, something that looks like one (any code-shaped word while the
 * template keyboard is open), or chatter (a hint, no FunderPro call).
 */
export async function handlePrivateText(deps: TelegramDeps, context: PrivateContext, { text }: { text: string }) {
  const flow = await readFlow(deps, context);
  if (flow?.step === 'awaiting_code' || looksLikeCode(text, flow)) return submitCode(deps, context, { rawCode: text });
  await say(deps, context.chat, botMessages.chatterHint());
}

/** A sticker, photo, voice note… in a private chat: the same hint as chatter, so the user is never left unanswered. */
export async function answerNonText(deps: TelegramDeps, context: PrivateContext) {
  await say(deps, context.chat, botMessages.chatterHint());
}

/** The code step: the admission path's normalisation and validation; a refusal is recorded and the code asked again. */
export async function submitCode(deps: TelegramDeps, context: PrivateContext, { rawCode }: { rawCode: string }) {
  const screened = await screenCode(deps, { source: 'telegram', action: 'command', actor: actorOf(context), rawCode });
  if (!screened.ok) {
    const { refusal } = screened;
    return askForCode(deps, context, refusal.kind === 'empty' ? botMessages.emptyCode() : refusal.message);
  }
  await deps.botUsersRepository.setLastValidCode({ chatId: context.chat.id, code: screened.code });
  await offerTemplates(deps, context, screened.code);
}

async function offerTemplates(deps: TelegramDeps, context: PrivateContext, code: string) {
  const enabled = (await deps.templatesRepository.findAll()).filter((t) => t.telegramEnabled);
  if (enabled.length === 0) {
    await deps.telegramRepository.clearConversation(flowKey(context));
    return say(deps, context.chat, botMessages.noTemplates());
  }
  await writeFlow(deps, context, { step: 'choosing', code });
  await say(deps, context.chat, botMessages.codeAccepted(code), { keyboard: buildTemplateKeyboard(enabled, 0) });
}

/** `/generate`: the last valid code, validated again (it may have been switched off since). */
export async function generateAgain(deps: TelegramDeps, context: PrivateContext) {
  const code = (await deps.botUsersRepository.getUser(context.chat.id))?.lastValidCode;
  if (!code) return askForCode(deps, context, botMessages.askCode());
  const screened = await screenCode(deps, {
    source: 'telegram',
    action: 'command',
    actor: actorOf(context),
    rawCode: code,
  });
  if (screened.ok) return offerTemplates(deps, context, screened.code);
  const { refusal } = screened;
  if (refusal.kind === 'unavailable') return say(deps, context.chat, refusal.message);
  await askForCode(deps, context, botMessages.lastCodeGone(code, refusal.message));
}

export async function cancelFlow(deps: TelegramDeps, context: PrivateContext) {
  const flow = await readFlow(deps, context);
  await deps.telegramRepository.clearConversation(flowKey(context));
  await say(deps, context.chat, flow ? botMessages.cancelled() : botMessages.nothingToCancel());
}

export const codeOfFlow = (flow: FlowState | null) => (flow?.step === 'choosing' ? flow.code : null);
