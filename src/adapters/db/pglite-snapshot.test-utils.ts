import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import PgBoss from 'pg-boss';
import { findProjectRoot } from '../../shared/project-root.js';
import { JOB_ENGINE_SCHEMA } from '../jobs/job-engine.js';

/**
 * Test databases start from one migrated PGlite data directory instead of running initdb and the migrations each time
 * (~0.4 s instead of ~3 s per database). The tarball is cached in the OS temp folder under a hash of the migrations and
 * the PGlite version, so a new or edited migration, or a PGlite upgrade, builds a new one. It is written under a
 * temporary name and renamed, so concurrent workers and runs never read half a file.
 */
const cacheDir = join(tmpdir(), 'promostack-test-db');
/** Snapshots of other migration sets (older commits, other checkouts) are removed once no run has used them for this long. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

const loaded = new Map<string, Promise<Blob>>();

/** The migrated data directory for `migrationsFolder`, built on first use; read once per process. */
export function loadPgliteSnapshot(migrationsFolder: string): Promise<Blob> {
  let snapshot = loaded.get(migrationsFolder);
  if (!snapshot) {
    snapshot = readOrBuild(migrationsFolder);
    loaded.set(migrationsFolder, snapshot);
  }
  return snapshot;
}

/**
 * Vitest global setup of the projects that use databases: builds the snapshot once before the workers start, so they
 * do not all build it at the same time, and clears out old snapshots.
 */
export async function setup(): Promise<void> {
  const migrationsFolder = join(findProjectRoot(), 'drizzle');
  const current = snapshotPath(migrationsFolder);
  await loadPgliteSnapshot(migrationsFolder);
  const now = new Date();
  utimesSync(current, now, now);
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    // Another run may be cleaning up at the same moment: a file gone already is fine.
    const stat = statSync(path, { throwIfNoEntry: false });
    if (path !== current && stat && Date.now() - stat.mtimeMs > STALE_AFTER_MS) rmSync(path, { force: true });
  }
}

async function readOrBuild(migrationsFolder: string): Promise<Blob> {
  const path = snapshotPath(migrationsFolder);
  try {
    return new Blob([readFileSync(path)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const client = await PGlite.create();
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
    // The job engine's own schema too, exactly as pg-boss creates it at its first start (~5 s on PGlite otherwise).
    await client.exec(PgBoss.getConstructionPlans(JOB_ENGINE_SCHEMA));
    const tarball = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, tarball);
    renameSync(partial, path);
    return new Blob([tarball]);
  } finally {
    await client.close();
  }
}

function snapshotPath(migrationsFolder: string): string {
  const hash = createHash('sha256').update(`pglite ${packageVersion('@electric-sql/pglite')}\n`);
  hash.update(`pg-boss ${packageVersion('pg-boss')}\n`);
  for (const file of listFiles(migrationsFolder))
    hash.update(`${file}\n`).update(readFileSync(join(migrationsFolder, file)));
  return join(cacheDir, `pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

/** Paths under `dir`, relative and sorted, so the hash does not depend on the order the file system lists them in. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(prefix, entry.name);
      return entry.isDirectory() ? listFiles(dir, path) : [path];
    })
    .sort();
}

/** The data directory's format follows PGlite's PostgreSQL build, and pg-boss's schema its version: both are keys. */
function packageVersion(packageName: string): string {
  for (let dir = createRequire(import.meta.url).resolve(packageName); dir !== dirname(dir); ) {
    dir = dirname(dir);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
    if (name === packageName) return version;
  }
  throw new Error(`${packageName}/package.json not found`);
}
