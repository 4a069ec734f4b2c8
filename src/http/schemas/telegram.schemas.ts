import { Type } from '@sinclair/typebox';

/**
 * Telegram's Update: only `update_id` is checked here (a safe integer: ids outside the database's range are refused),
 * the rest is Telegram's and is read by the bot's own shape check, so an update we cannot read is acknowledged and
 * skipped rather than redelivered by Telegram for a day.
 */
export const WebhookUpdate = Type.Object(
  { update_id: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: true },
);

export const WebhookAnswer = Type.Object({
  ok: Type.Literal(true),
  duplicate: Type.Boolean({ description: 'true when this update was already taken by another delivery' }),
});
