import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { assertValidKey, assertValidPrefix, contentTypeForKey, type ObjectStorage } from './storage.types.js';
import { keyFromUrl } from './storage-urls.js';

/** A local folder, served by the app under `/files/`. Writes go through a temp file + rename, so readers never see half a file. */
export function createFsStorage({
  root,
  publicBaseUrl = '/files',
}: {
  root: string;
  publicBaseUrl?: string;
}): ObjectStorage {
  const pathFor = (key: string) => {
    assertValidKey(key);
    return join(root, ...key.split('/'));
  };
  const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

  async function walk(dir: string): Promise<string[]> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const nested = await Promise.all(
      entries
        .filter((entry) => !entry.name.startsWith('.'))
        .map((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)])),
    );
    return nested.flat();
  }

  return {
    kind: 'fs',
    description: root,
    async put({ key, body }) {
      const path = pathFor(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = join(dirname(path), `.${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`);
      await writeFile(temp, body);
      await rename(temp, path);
    },
    async get(key) {
      try {
        return { body: await readFile(pathFor(key)), contentType: contentTypeForKey(key) };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathFor(key), { force: true });
    },
    async list(prefix) {
      assertValidPrefix(prefix);
      const files = await walk(root);
      return files
        .map((file) => relative(root, file).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
    publicUrl: (key) => `${publicBaseUrl}/${key}`,
    keyForUrl: (url) => keyFromUrl(url, [publicBaseUrl]),
    async ping() {
      await mkdir(root, { recursive: true });
    },
  };
}
