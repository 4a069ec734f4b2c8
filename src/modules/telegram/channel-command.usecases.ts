import { normalizeCouponCode } from '../coupons/coupons.models.js';
import { chooseVariant } from './bot.models.js';
import {
  type BotContext,
  type BotDeps,
  checkCoupon,
  deliverImage,
  loadBotTemplates,
  recordOutcome,
  say,
  usageErrorOf,
} from './bot-delivery.usecases.js';
import { botMessages } from './bot-messages.models.js';
import { type ChannelCommand, matchTemplate } from './channel-command.models.js';

/**
 * BOT-2: `/{template}/{CODE}` in a channel, group or private chat. Every "no" is a reply to the command and a usage
 * row; a yes is the photo, posted in the same chat as a reply.
 */
export async function answerChannelCommand(
  deps: BotDeps,
  context: BotContext,
  { command, messageId }: { command: ChannelCommand; messageId: number },
): Promise<void> {
  const reply = (text: string) => say(deps, context.chat, text, { replyTo: messageId });
  const code = normalizeCouponCode(command.rawCode);
  const { all, enabled } = await loadBotTemplates(deps);

  const match = matchTemplate(command.templateToken, enabled);
  if (match.kind === 'unknown') {
    const anywhere = matchTemplate(command.templateToken, all);
    const hidden = anywhere.kind === 'found' ? anywhere.template : null;
    await recordOutcome(deps, context, {
      success: false,
      errorType: 'template_not_found',
      templateSlug: hidden?.slug ?? null,
      code: code || null,
    });
    return reply(
      hidden
        ? botMessages.hiddenTemplate(hidden.name)
        : botMessages.unknownTemplate(command.templateToken, match.suggestions, code || null),
    );
  }

  const template = match.template;
  const variant = chooseVariant(template, command.wantsStory);
  if (!variant) {
    await recordOutcome(deps, context, {
      success: false,
      errorType: 'template_not_found',
      templateSlug: template.slug,
      variant: 'story',
      code: code || null,
    });
    return reply(botMessages.noPortrait(template.name));
  }
  if (code === '') {
    await recordOutcome(deps, context, {
      success: false,
      errorType: 'invalid_coupon',
      templateSlug: template.slug,
      variant,
    });
    return reply(botMessages.emptyCode());
  }
  const validation = await checkCoupon(deps, code);
  if (!validation.valid) {
    await recordOutcome(deps, context, {
      success: false,
      errorType: usageErrorOf(validation),
      templateSlug: template.slug,
      variant,
      code,
    });
    return reply(validation.message);
  }
  await deliverImage(deps, context, { template, variant, code, kind: 'photo', replyTo: messageId });
}
