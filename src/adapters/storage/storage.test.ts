import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
import { createFsStorage } from './fs-storage.js';
import { createMemoryStorage } from './memory-storage.js';
import { createS3Storage } from './s3-storage.js';
import { describeStorageContract } from './storage.contract.js';

const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};

// A real S3 protocol server on loopback: the AWS SDK client code runs unchanged against it.
let s3rver: S3rver;
let endpoint = '';
let bucketNumber = 0;
beforeAll(async () => {
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: tempDir('ps-s3-') });
  const { port } = await s3rver.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3rver.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describeStorageContract('memory', async () => createMemoryStorage());

describeStorageContract('fs', async () => createFsStorage({ root: tempDir('ps-fs-') }));

describeStorageContract('s3', async () => {
  const bucket = `bucket-${bucketNumber++}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const admin = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  admin.destroy();
  return createS3Storage({
    bucket,
    region: 'us-east-1',
    ...credentials,
    endpoint,
    forcePathStyle: true,
    publicBaseUrl: `${endpoint}/${bucket}`,
  });
});
