import type { BroadcastImageChoice, Preview, UploadedImage } from '../shared/api.js';
import { formatCount } from './broadcast-format.js';

/** The message being composed, as the form holds it, and what stops it from being sent. Pure. */

export type ImageDraft =
  | { kind: 'none' }
  | { kind: 'template'; slug: string | null }
  | { kind: 'upload'; image: UploadedImage['image'] | null };

/** What the API is sent for the image; null for a text message (or an image not picked yet). */
export function imageChoiceOf(image: ImageDraft): BroadcastImageChoice | null {
  if (image.kind === 'template' && image.slug) return { template: image.slug };
  if (image.kind === 'upload' && image.image) return { upload: image.image.key };
  return null;
}

/** An image was asked for: the message becomes a photo caption (and the shorter limit applies) from then on. */
export const wantsImage = (image: ImageDraft) => image.kind !== 'none';

/** Why the message cannot be sent (to a test chat: `recipients` undefined), or null when it can. */
export function sendBlocker({
  botOff,
  message,
  preview,
  image,
  recipients,
}: {
  botOff: boolean;
  message: string;
  /** The server's preview of this very message, or null while it is being made. */
  preview: Pick<Preview, 'length' | 'limit' | 'fits'> | null;
  image: ImageDraft;
  /** Counted recipients of the chosen audience; null while counting; undefined for a test send. */
  recipients?: number | null;
}): string | null {
  if (botOff) return 'The bot is off: nothing can be sent.';
  if (!message.trim()) return 'Write a message first.';
  if (preview && !preview.fits)
    return preview.length === 0
      ? 'Write a message first.'
      : `The message is too long: ${formatCount(preview.length)} of ${formatCount(preview.limit)} characters.`;
  if (image.kind === 'template' && !image.slug) return 'Choose the template whose artwork goes with it.';
  if (image.kind === 'upload' && !image.image) return 'Upload the image first, or choose No image.';
  if (recipients === 0) return 'Nobody would receive it: choose another audience.';
  return null;
}
