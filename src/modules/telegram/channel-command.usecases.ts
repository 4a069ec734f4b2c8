import { admitImageRequest } from '../admission/admission.usecases.js';
import { normalizeCouponCode } from '../coupons/coupons.models.js';
import { matchTemplate } from '../templates/template-lookup.models.js';
import { botMessages } from './bot-messages.models.js';
import { say } from './bot-replies.usecases.js';
import type { ChannelCommand } from './channel-command.models.js';
import { deliverImage } from './image-delivery.usecases.js';
import { type BotContext, botImageRequest, type PrivateContext, type TelegramDeps } from './telegram.types.js';

/**
 * BOT-2: `/{template}/{CODE}` in a channel, group or private chat, through the one admission path. Every "no" is a
 * reply to the command; a yes is the photo, posted in the same chat as a reply.
 */
export async function answerChannelCommand(
  deps: TelegramDeps,
  context: BotContext,
  { command, messageId }: { command: ChannelCommand; messageId: number },
): Promise<void> {
  const result = await admitImageRequest(
    deps,
    botImageRequest({
      context,
      action: 'command',
      template: { by: 'name', token: command.templateToken, wantsStory: command.wantsStory },
      rawCode: command.rawCode,
    }),
    ({ template, variants: [variant], code }) =>
      deliverImage(deps, context, { template, variant, code, kind: 'photo', replyTo: messageId }),
  );
  if (result.admitted) return;
  const code = normalizeCouponCode(command.rawCode) || null;
  const text = botMessages.commandRefused(result.refusal, { code, inPrivate: context.chat.type === 'private' });
  await say(deps, context.chat, text, { replyTo: messageId });
}

/**
 * `/flash-sale` or `/unknowncmd` alone in a private chat: a known template is missing its code; an unknown name gets
 * close suggestions, or a pointer to the list when nothing is close.
 */
export async function answerLoneTemplate(deps: TelegramDeps, context: PrivateContext, { token }: { token: string }) {
  const all = await deps.templatesRepository.findAll();
  const match = matchTemplate(
    token,
    all.filter((t) => t.telegramEnabled),
  );
  if (match.kind === 'found') return say(deps, context.chat, botMessages.missingCode(token));
  const hidden = matchTemplate(token, all);
  const text =
    hidden.kind === 'found'
      ? botMessages.hiddenTemplate(hidden.template.name)
      : botMessages.unknownTemplate({ token, suggestions: match.suggestions, code: null, inPrivate: true });
  await say(deps, context.chat, text);
}
