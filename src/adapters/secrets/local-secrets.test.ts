import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureLocalSecret } from './local-secrets.js';

describe('ensureLocalSecret', () => {
  it('generates a secret once, keeps it private in the data folder, and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ps-secret-'));
    const first = ensureLocalSecret({ dataDir, name: 'admin-password', configured: undefined, bytes: 15 });
    expect(first.generated).toBe(true);
    expect(first.value).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(statSync(join(dataDir, 'admin-password')).mode & 0o777).toBe(0o600);
    const again = ensureLocalSecret({ dataDir, name: 'admin-password', configured: undefined, bytes: 15 });
    expect(again).toEqual({ value: first.value, generated: false });
    expect(readFileSync(join(dataDir, 'admin-password'), 'utf8').trim()).toBe(first.value);
  });

  it('uses the configured value and writes nothing', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ps-secret-'));
    expect(ensureLocalSecret({ dataDir, name: 'session-secret', configured: 'from-env', bytes: 32 })).toEqual({
      value: 'from-env',
      generated: false,
    });
    expect(() => statSync(join(dataDir, 'session-secret'))).toThrow();
  });
});
