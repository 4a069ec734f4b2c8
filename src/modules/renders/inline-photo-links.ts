import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Variant } from '../templates/templates.models.js';

export interface InlinePhotoTarget {
  slug: string;
  variant: Variant;
  /** Normalised (RND-2). */
  code: string;
}

/**
 * Signatures on the render API links the bot hands Telegram for inline results. A signed link is the bot's own: its
 * fetch by Telegram is not an API use (the bot records the result the user sends) and is not held to the per-IP limit
 * (Telegram's fetchers share addresses). Keyed by SESSION_SECRET, so every process signs and checks alike.
 */
export interface InlinePhotoLinks {
  sign(target: InlinePhotoTarget): string;
  verify(target: InlinePhotoTarget, signature: string): boolean;
}

export function createInlinePhotoLinks({ secret }: { secret: string }): InlinePhotoLinks {
  const digest = ({ slug, variant, code }: InlinePhotoTarget) =>
    createHmac('sha256', secret).update(`inline-photo\n${slug}\n${variant}\n${code}`).digest().subarray(0, 16);
  return {
    sign: (target) => digest(target).toString('base64url'),
    verify(target, signature) {
      const given = Buffer.from(signature, 'base64url');
      const expected = digest(target);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
