import { createHash } from 'node:crypto';
import type { ImageLimits, InspectedImage } from '../../adapters/images/image.types.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import type { Logger } from '../../shared/logger.js';
import type { AppMetaRepository } from '../app-meta/app-meta.repository.js';

/** The default logo (RND-4) drawn where a variant shows one, unless a web user picks their own. */
export interface BrandLogo {
  key: string;
  width: number;
  height: number;
}

export interface BrandLogoDeps {
  appMetaRepository: AppMetaRepository;
  storage: ObjectStorage;
  inspectLogo(input: { buffer: Buffer; field: string }): Promise<InspectedImage>;
  logger: Logger;
}

/** A logo is drawn at most a few hundred pixels wide: PNG, JPEG or WebP, ≤ 5 MB (as the web's own logo), ≤ 4000 px. */
export const BRAND_LOGO_LIMITS: ImageLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxPixels: 16_000_000,
  minSide: 16,
  maxSide: 4000,
  formats: ['png', 'jpeg', 'webp'],
};

const META_KEY = 'brandLogo';
const KEY = /^brand\/logo-[0-9a-f]{16}\.(png|jpg|webp)$/;
const EXTENSIONS = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;
const CONTENT_TYPES = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

/** The stored record, read defensively: anything that is not one of ours reads as "no brand logo". */
function toBrandLogo(value: unknown): BrandLogo | null {
  if (typeof value !== 'object' || value === null) return null;
  const { key, width, height } = value as Record<string, unknown>;
  if (typeof key !== 'string' || !KEY.test(key)) return null;
  if (!Number.isInteger(width) || !Number.isInteger(height)) return null;
  return { key, width: width as number, height: height as number };
}

export function toPublicBrandLogo(logo: BrandLogo | null, urlFor: (key: string) => string) {
  return logo ? { url: urlFor(logo.key), width: logo.width, height: logo.height } : null;
}

/** Read on every use (one primary-key lookup), so a change shows on every instance at once. */
export async function currentBrandLogo(deps: Pick<BrandLogoDeps, 'appMetaRepository'>): Promise<BrandLogo | null> {
  return toBrandLogo(await deps.appMetaRepository.get(META_KEY));
}

/** Stores the upload content-addressed (checked by content, like template images), then points the setting at it. */
export async function setBrandLogo(deps: BrandLogoDeps, { buffer }: { buffer: Buffer }): Promise<BrandLogo> {
  const { body, format, width, height } = await deps.inspectLogo({ buffer, field: 'logo' });
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const logo: BrandLogo = { key: `brand/logo-${digest}.${EXTENSIONS[format]}`, width, height };
  const previous = await currentBrandLogo(deps);
  await deps.storage.put({
    key: logo.key,
    body,
    contentType: CONTENT_TYPES[format],
    cacheControl: 'public, max-age=31536000, immutable',
  });
  await deps.appMetaRepository.set(META_KEY, logo);
  if (previous && previous.key !== logo.key) await forget(deps, previous.key);
  deps.logger.info({ key: logo.key, width, height }, 'brand logo set');
  return logo;
}

export async function removeBrandLogo(deps: BrandLogoDeps): Promise<void> {
  const previous = await currentBrandLogo(deps);
  // The column holds JSON, never SQL null: "no key" reads as no brand logo.
  await deps.appMetaRepository.set(META_KEY, { key: null });
  if (previous) await forget(deps, previous.key);
}

/** The old file goes once nothing points at it; failing to delete it only leaves an orphan behind. */
async function forget(deps: Pick<BrandLogoDeps, 'storage' | 'logger'>, key: string): Promise<void> {
  await deps.storage
    .delete(key)
    .catch((error: unknown) => deps.logger.warn({ err: error, key }, 'could not delete object'));
}
