import { LRUCache } from 'lru-cache';
import type { SizedImage } from '../../renderer/canvas.types.js';

export interface DecodedTemplateCache<TImage> {
  /** The decoded image for a content-addressed key, decoded once however many renders ask at the same time. */
  get(key: string): Promise<SizedImage<TImage>>;
}

/**
 * RND-7: template images decoded once and kept by their content-addressed storage key (a new version of a template
 * has a new key), bounded by decoded bytes.
 */
export function createDecodedTemplateCache<TImage>({
  load,
  decode,
  maxBytes = 256 * 1024 * 1024,
}: {
  load: (key: string) => Promise<Buffer>;
  decode: (buffer: Buffer) => Promise<SizedImage<TImage>>;
  maxBytes?: number;
}): DecodedTemplateCache<TImage> {
  const cache = new LRUCache<string, SizedImage<TImage>>({
    maxSize: maxBytes,
    sizeCalculation: (image) => Math.max(1, image.width * image.height * 4),
    fetchMethod: async (key) => decode(await load(key)),
  });
  return {
    async get(key) {
      const image = await cache.fetch(key);
      if (!image) throw new Error(`template image ${key} could not be loaded`);
      return image;
    },
  };
}
