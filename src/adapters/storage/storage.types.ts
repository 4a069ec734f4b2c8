export interface StoredObject {
  body: Buffer;
  contentType: string;
}

export interface PutObjectInput {
  key: string;
  body: Uint8Array;
  contentType: string;
  /** e.g. immutable for content-addressed images, short for index.json */
  cacheControl: string;
}

/** Object storage as the app needs it: the same contract for the local folder, memory and S3/Spaces. */
export interface ObjectStorage {
  readonly kind: 'fs' | 'memory' | 's3';
  /** Human-readable location for the admin settings page (never a secret). */
  readonly description: string;
  put(input: PutObjectInput): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
  /** Every key under `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** The URL a browser or a CDN consumer fetches the object from. */
  publicUrl(key: string): string;
  /** The key a URL of this storage names (its CDN, bucket or `/files/` URL), or null when the URL is not ours. */
  keyForUrl(url: string): string | null;
  /** Throws when the storage is unreachable. */
  ping(): Promise<void>;
}

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Keys are built by the app from validated parts; this guards every driver against traversal all the same. */
export function assertValidKey(key: string): void {
  if (key.length > 512 || !KEY_PATTERN.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
}

export function assertValidPrefix(prefix: string): void {
  if (prefix !== '') assertValidKey(prefix.replace(/\/$/, ''));
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  json: 'application/json',
};

export function contentTypeForKey(key: string): string {
  return CONTENT_TYPES[key.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}
