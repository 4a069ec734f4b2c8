import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { TelegramDeps } from '../modules/telegram/telegram.types.js';
import { handleBotError } from './error-boundary.js';
import { buttonsFeature } from './features/buttons.feature.js';
import { channelCommandFeature } from './features/channel-command.feature.js';
import { guidedFlowFeature } from './features/guided-flow.feature.js';
import { inlineFeature } from './features/inline.feature.js';
import { membershipFeature } from './features/membership.feature.js';

export const ALLOWED_UPDATES = [
  'message',
  'channel_post',
  'callback_query',
  'my_chat_member',
  'inline_query',
  'chosen_inline_result',
] as const;

export const BOT_COMMAND_MENU = [
  { command: 'start', description: 'Make a promo image with your coupon code' },
  { command: 'generate', description: 'Another image with your last code' },
  { command: 'help', description: 'How to use the bot, also in channels' },
  { command: 'cancel', description: 'Stop the current step' },
];

/**
 * The bot's update routing (grammY). Updates arrive through the receiver (webhook route or polling loop); replies go
 * out through the gateway in `deps`, so this Bot's own Api is never called. Every feature runs inside one error
 * boundary: whatever fails, the user hears about it and the log gets the error (never the context, which holds the
 * token).
 */
export function createBot(deps: TelegramDeps, { token, botInfo }: { token: string; botInfo: UserFromGetMe }): Bot {
  const bot = new Bot(token, { botInfo });
  const features = bot.errorBoundary((error) => handleBotError(deps, error));
  features.use(membershipFeature(deps));
  features.use(channelCommandFeature(deps));
  features.use(guidedFlowFeature(deps));
  features.use(buttonsFeature(deps));
  features.use(inlineFeature(deps));
  return bot;
}
