import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Whether `built` exists and is newer than every file under `inputs` (the test projects' builds skip when it is). */
export function isNewerThan(built: string, inputs: string[]): boolean {
  return existsSync(built) && statSync(built).mtimeMs > Math.max(...inputs.map(newestMtime));
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}
