import { signal } from '@preact/signals';
import { ApiError } from '../shared/api.js';
import type { ImageDraft } from './broadcast-draft.js';
import type { AudienceDays } from './broadcast-format.js';

/**
 * The Broadcast section's draft lives outside the components: opening another section and coming back finds the
 * message, image, audience and test chat as they were left.
 */
export const draft = {
  message: signal(''),
  image: signal<ImageDraft>({ kind: 'none' }),
  days: signal<AudienceDays>(30),
  chatId: signal(''),
};
/** Recipients of the chosen audience as last counted; null while counting or when the count failed. */
export const recipients = signal<number | null>(null);
/** Bumped when a broadcast ends: its blocked recipients leave every audience, so the count is asked again. */
export const audienceVersion = signal(0);
/** The server's words about one field (`message`, `image`, `days`, `chat_id`), shown beside it until it changes. */
export const fieldErrors = signal<Record<string, string>>({});
/** The API said `broadcast.bot_off` (no TELEGRAM_BOT_TOKEN) even if the settings did not. */
export const botRefused = signal(false);

export function setFieldError(field: string, message: string | null): void {
  const { [field]: _old, ...rest } = fieldErrors.value;
  if (message === null && _old === undefined) return;
  fieldErrors.value = message === null ? rest : { ...rest, [field]: message };
}

const FIELDS = new Set(['message', 'image', 'days', 'chat_id']);

/**
 * Puts a refusal where it belongs: beside the field it names (true is returned), or nowhere (false: the caller
 * shows it beside the control that was used). A `broadcast.bot_off` turns sending off in the whole section.
 */
export function placeError(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.code === 'broadcast.bot_off') botRefused.value = true;
  if (error.field && FIELDS.has(error.field)) {
    setFieldError(error.field, error.message);
    return true;
  }
  return false;
}

export const messageOf = (error: unknown) =>
  error instanceof ApiError ? error.message : 'Something went wrong. Try again.';

/** After a broadcast is created: a fresh message, the same audience and test chat. */
export function resetDraft(): void {
  draft.message.value = '';
  draft.image.value = { kind: 'none' };
  fieldErrors.value = {};
}
