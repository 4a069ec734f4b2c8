import type { StorageConfig } from '../../config/config.js';
import { createFsStorage } from './fs-storage.js';
import { createS3Storage } from './s3-storage.js';
import type { ObjectStorage } from './storage.types.js';

export function createStorage(config: StorageConfig): ObjectStorage {
  return config.kind === 's3' ? createS3Storage(config) : createFsStorage({ root: config.root });
}
