import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret that is configured, or else generated once and kept in DATA_DIR (mode 600) so restarts keep it.
 * `generated` is true only on the run that created it.
 */
export function ensureLocalSecret({
  dataDir,
  name,
  configured,
  bytes,
}: {
  dataDir: string;
  name: string;
  configured: string | undefined;
  bytes: number;
}) {
  if (configured) return { value: configured, generated: false };
  const path = join(dataDir, name);
  try {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored) return { value: stored, generated: false };
  } catch {
    // not created yet
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  try {
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return { value: readFileSync(path, 'utf8').trim(), generated: false };
    throw error;
  }
  return { value, generated: true };
}
