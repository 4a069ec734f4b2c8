import sharp from 'sharp';
import type { ObjectStorage, PutObjectInput } from '../../adapters/storage/storage.types.js';

export function testPng({
  width = 800,
  height = 800,
  color = '#336699',
}: {
  width?: number;
  height?: number;
  color?: string;
} = {}) {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

/** Wraps a storage to count writes and to fail on demand, for the consistency tests. */
export function instrumentStorage(inner: ObjectStorage) {
  const puts: string[] = [];
  let failPuts: ((input: PutObjectInput) => boolean) | null = null;
  const storage: ObjectStorage = {
    ...inner,
    async put(input) {
      if (failPuts?.(input)) throw new Error(`storage refused ${input.key}`);
      puts.push(input.key);
      await inner.put(input);
    },
  };
  return {
    storage,
    puts,
    failPutsWhen(predicate: ((input: PutObjectInput) => boolean) | null) {
      failPuts = predicate;
    },
  };
}
