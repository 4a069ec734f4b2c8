import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { StorageConfig } from '../../config/config.js';
import { createUnavailableError } from '../../shared/app-error.js';
import { assertValidKey, assertValidPrefix, contentTypeForKey, type ObjectStorage } from './storage.types.js';
import { keyFromUrl, s3PublicBases } from './storage-urls.js';

/** The S3 settings from the configuration; `publicBaseUrl` is the CDN or bucket URL public object URLs are built on. */
export type S3StorageOptions = Omit<Extract<StorageConfig, { kind: 's3' }>, 'kind'>;

/** S3-compatible storage (DigitalOcean Spaces in production). Objects are public-read: the CDN serves them. */
export function createS3Storage(options: S3StorageOptions): ObjectStorage {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    maxAttempts: 3,
    // A storage that stops answering must not hold requests forever (the SDK waits indefinitely by default).
    requestHandler: { connectionTimeout: 3000, requestTimeout: 15_000 },
  });
  /** Calls S3; a storage that cannot be reached (or answers 5xx after the retries) is a 503 with a reason. */
  const send: typeof client.send = async (command: Parameters<typeof client.send>[0]) => {
    try {
      return await client.send(command);
    } catch (error) {
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode ?? 500) < 500) throw error;
      throw createUnavailableError(
        'storage.unavailable',
        'The file storage is unavailable right now; try again in a moment',
        {
          cause: error,
        },
      );
    }
  };
  const Bucket = options.bucket;
  const publicBases = s3PublicBases(options);
  const isNotFound = (error: unknown) =>
    error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);

  return {
    kind: 's3',
    description: `${options.bucket} at ${new URL(options.endpoint).host}`,
    async put({ key, body, contentType, cacheControl }) {
      assertValidKey(key);
      await send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          CacheControl: cacheControl,
          ACL: 'public-read',
        }),
      );
    },
    async get(key) {
      assertValidKey(key);
      try {
        const result = await send(new GetObjectCommand({ Bucket, Key: key }));
        if (!result.Body) return null;
        const body = Buffer.from(await result.Body.transformToByteArray());
        return { body, contentType: result.ContentType ?? contentTypeForKey(key) };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      assertValidKey(key);
      await send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async list(prefix) {
      assertValidPrefix(prefix);
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return keys.sort();
    },
    publicUrl: (key) => `${options.publicBaseUrl}/${key.split('/').map(encodeURIComponent).join('/')}`,
    keyForUrl: (url) => keyFromUrl(url, publicBases),
    async ping() {
      await send(new HeadBucketCommand({ Bucket }));
    },
  };
}
