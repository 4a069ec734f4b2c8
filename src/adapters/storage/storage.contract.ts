import { beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStorage } from './storage.types.js';

/** The behaviour every storage driver promises; run against fs, memory and S3. */
export function describeStorageContract(name: string, createStorage: () => Promise<ObjectStorage>): void {
  describe(`${name} storage`, () => {
    let storage: ObjectStorage;
    const getStorage = () => storage;
    beforeEach(async () => {
      storage = await createStorage();
    });
    const bytes = (text: string) => Buffer.from(text, 'utf8');

    it('returns what was put, with its content type', async () => {
      const storage = getStorage();
      await storage.put({
        key: 'templates/a/square-0123456789ab.png',
        body: bytes('png-bytes'),
        contentType: 'image/png',
        cacheControl: 'public',
      });
      const object = await storage.get('templates/a/square-0123456789ab.png');
      expect(object?.body.toString()).toBe('png-bytes');
      expect(object?.contentType).toBe('image/png');
    });

    it('overwrites an existing key', async () => {
      const storage = getStorage();
      await storage.put({
        key: 'templates/index.json',
        body: bytes('{"v":1}'),
        contentType: 'application/json',
        cacheControl: 'public',
      });
      await storage.put({
        key: 'templates/index.json',
        body: bytes('{"v":2}'),
        contentType: 'application/json',
        cacheControl: 'public',
      });
      expect((await storage.get('templates/index.json'))?.body.toString()).toBe('{"v":2}');
    });

    it('answers null for a missing key and deletes idempotently', async () => {
      const storage = getStorage();
      expect(await storage.get('templates/missing/meta.json')).toBeNull();
      await storage.put({
        key: 'templates/gone/meta.json',
        body: bytes('{}'),
        contentType: 'application/json',
        cacheControl: 'public',
      });
      await storage.delete('templates/gone/meta.json');
      await storage.delete('templates/gone/meta.json');
      expect(await storage.get('templates/gone/meta.json')).toBeNull();
    });

    it('lists keys under a prefix, sorted, and nothing else', async () => {
      const storage = getStorage();
      for (const key of ['list/b/2.json', 'list/a/1.json', 'list/b/1.json', 'other/x.json']) {
        await storage.put({ key, body: bytes('{}'), contentType: 'application/json', cacheControl: 'public' });
      }
      expect(await storage.list('list/')).toEqual(['list/a/1.json', 'list/b/1.json', 'list/b/2.json']);
      expect(await storage.list('list/b/')).toEqual(['list/b/1.json', 'list/b/2.json']);
      expect(await storage.list('nothing-here/')).toEqual([]);
    });

    it('refuses keys that could escape their folder', async () => {
      const storage = getStorage();
      for (const key of ['../etc/passwd', 'templates/../../x', '/abs/path', 'a//b', 'templates/a b.png']) {
        await expect(
          storage.put({ key, body: bytes('x'), contentType: 'text/plain', cacheControl: 'public' }),
        ).rejects.toThrow(/invalid storage key/);
        await expect(storage.get(key)).rejects.toThrow(/invalid storage key/);
      }
    });

    it('builds a public URL that ends with the key', () => {
      expect(getStorage().publicUrl('templates/a/square-0123456789ab.png')).toMatch(
        /\/templates\/a\/square-0123456789ab\.png$/,
      );
    });

    it('reads the key back from its own public URL, and no key from a foreign one', () => {
      const key = 'templates/a/square-0123456789ab.png';
      expect(getStorage().keyForUrl(getStorage().publicUrl(key))).toBe(key);
      expect(getStorage().keyForUrl(`https://elsewhere.example/${key}`)).toBeNull();
    });

    it('is reachable', async () => {
      await expect(getStorage().ping()).resolves.toBeUndefined();
    });
  });
}
