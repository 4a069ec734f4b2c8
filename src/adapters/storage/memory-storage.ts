import { assertValidKey, assertValidPrefix, type ObjectStorage, type StoredObject } from './storage.types.js';
import { keyFromUrl } from './storage-urls.js';

export function createMemoryStorage({ publicBaseUrl = '/files' }: { publicBaseUrl?: string } = {}): ObjectStorage {
  const objects = new Map<string, StoredObject>();
  return {
    kind: 'memory',
    description: 'in memory',
    async put({ key, body, contentType }) {
      assertValidKey(key);
      objects.set(key, { body: Buffer.from(body), contentType });
    },
    async get(key) {
      assertValidKey(key);
      const found = objects.get(key);
      return found ? { body: Buffer.from(found.body), contentType: found.contentType } : null;
    },
    async delete(key) {
      assertValidKey(key);
      objects.delete(key);
    },
    async list(prefix) {
      assertValidPrefix(prefix);
      return [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    },
    publicUrl: (key) => `${publicBaseUrl}/${key}`,
    keyForUrl: (url) => keyFromUrl(url, [publicBaseUrl]),
    async ping() {},
  };
}
