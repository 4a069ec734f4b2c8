import { type TSchema, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

/**
 * The parts of Telegram's Update the bot reads, checked before grammY sees it (webhook and polling alike). Telegram
 * adds fields over time, so unknown ones are allowed; a field we read in a shape we don't expect (a number for a
 * text, an empty `my_chat_member`) makes the update unreadable: acknowledged, logged and skipped.
 */
const open = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: true });
const Id = Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER });

const Chat = open({ id: Id, type: Type.String(), title: Type.Optional(Type.String()) });
const User = open({
  id: Id,
  is_bot: Type.Boolean(),
  first_name: Type.String(),
  last_name: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  language_code: Type.Optional(Type.String()),
});
const Message = open({
  message_id: Id,
  chat: Chat,
  from: Type.Optional(User),
  text: Type.Optional(Type.String()),
  entities: Type.Optional(Type.Array(open({ type: Type.String(), offset: Type.Integer(), length: Type.Integer() }))),
});
const CallbackQuery = open({
  id: Type.String(),
  from: User,
  data: Type.Optional(Type.String()),
  message: Type.Optional(open({ message_id: Id, chat: Chat })),
});
/** Telegram caps an inline query at 256 characters; the offset is what we sent as next_offset (≤ 64 bytes). */
const InlineQuery = open({
  id: Type.String({ minLength: 1, maxLength: 256 }),
  from: User,
  query: Type.String({ maxLength: 256 }),
  offset: Type.String({ maxLength: 64 }),
  chat_type: Type.Optional(Type.String()),
});
const ChosenInlineResult = open({
  result_id: Type.String({ minLength: 1, maxLength: 64 }),
  from: User,
  query: Type.String({ maxLength: 256 }),
});
const ChatMemberUpdated = open({ chat: Chat, from: User, new_chat_member: open({ status: Type.String() }) });

const optional = (schema: TSchema) => Type.Optional(schema);
const ReadableUpdate = TypeCompiler.Compile(
  open({
    update_id: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    message: optional(Message),
    channel_post: optional(Message),
    callback_query: optional(CallbackQuery),
    my_chat_member: optional(ChatMemberUpdated),
    inline_query: optional(InlineQuery),
    chosen_inline_result: optional(ChosenInlineResult),
  }),
);

/** null when the bot can read the update; otherwise where it is wrong (a path and a reason, never the values). */
export function describeUnreadableUpdate(update: unknown): string | null {
  const [first] = ReadableUpdate.Errors(update);
  return first ? `${first.path || '/'}: ${first.message}` : null;
}
