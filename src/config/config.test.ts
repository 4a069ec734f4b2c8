import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig({ env, cwd: '/srv/app' });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('runs with no configuration on embedded defaults', () => {
    const config = parseConfig({ env: {}, cwd: '/srv/app' });
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/srv/app/data/db' });
    expect(config.storage).toEqual({ kind: 'fs', root: '/srv/app/data/storage' });
    expect(config.funderpro.productId).toBeUndefined();
    expect(config.telegram.mode).toBe('off');
    expect(config.analyticsTz).toBe('UTC');
    expect(config.broadcastRate).toBe(20);
  });

  it('reports every invalid variable at once', () => {
    const problems = problemsOf({
      PORT: 'abc',
      SPACES_BUCKET: 'promo',
      ANALYTICS_TZ: 'Mars/Base',
      BROADCAST_RATE: '100',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/SPACES_ACCESS_KEY and SPACES_SECRET_KEY must be set/);
    expect(problems.join('\n')).toMatch(/SPACES_REGION/);
    expect(problems.join('\n')).toMatch(/ANALYTICS_TZ/);
    expect(problems.join('\n')).toMatch(/BROADCAST_RATE/);
  });

  it('refuses a broadcast rate above 20, where no second could be kept to 25 sends', () => {
    expect(problemsOf({ BROADCAST_RATE: '20' })).toEqual([]);
    expect(problemsOf({ BROADCAST_RATE: '21' }).join('\n')).toMatch(/BROADCAST_RATE/);
  });

  it('never puts a secret value in a message', () => {
    const problems = problemsOf({ SESSION_SECRET: 'short-secret-value', SPACES_SECRET_KEY: 'very-secret-key' });
    expect(problems.join('\n')).not.toMatch(/short-secret-value|very-secret-key/);
  });

  it('requires SESSION_SECRET in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['SESSION_SECRET is required when NODE_ENV=production']);
  });

  it('builds DigitalOcean Spaces endpoint and CDN URLs from bucket and region', () => {
    const config = parseConfig({
      env: {
        SPACES_BUCKET: 'couponpro-templates',
        SPACES_REGION: 'lon1',
        SPACES_ACCESS_KEY: 'a',
        SPACES_SECRET_KEY: 'b',
      },
    });
    expect(config.storage).toMatchObject({
      kind: 's3',
      endpoint: 'https://lon1.digitaloceanspaces.com',
      publicBaseUrl: 'https://couponpro-templates.lon1.cdn.digitaloceanspaces.com',
      forcePathStyle: false,
    });
  });

  it('uses a custom endpoint with path-style URLs when asked', () => {
    const config = parseConfig({
      env: {
        SPACES_BUCKET: 'bkt',
        SPACES_ACCESS_KEY: 'a',
        SPACES_SECRET_KEY: 'b',
        SPACES_ENDPOINT: 'http://127.0.0.1:9000',
        SPACES_FORCE_PATH_STYLE: 'true',
      },
    });
    expect(config.storage).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      publicBaseUrl: 'http://127.0.0.1:9000/bkt',
    });
  });

  it('translates sslmode=require into encryption without CA verification, like libpq', () => {
    const config = parseConfig({
      env: { DATABASE_URL: 'postgresql://u:p@db.example.com:25060/promo?sslmode=require' },
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      connectionString: 'postgresql://u:p@db.example.com:25060/promo',
      ssl: { rejectUnauthorized: false },
    });
  });

  it('accepts DB_HOST and friends, and names what is missing', () => {
    expect(
      parseConfig({ env: { DB_HOST: 'h', DB_NAME: 'n', DB_USER: 'u', DB_PASSWORD: 'p', DB_SSL: 'true' } }).database,
    ).toEqual({
      kind: 'postgres',
      host: 'h',
      port: 5432,
      database: 'n',
      user: 'u',
      password: 'p',
      ssl: { rejectUnauthorized: false },
    });
    expect(problemsOf({ DB_HOST: 'h' })).toEqual(['DB_HOST is set, so DB_NAME and DB_USER must be set too']);
  });

  it('prefers the production bot token and picks the bot mode from PUBLIC_URL', () => {
    const prod = '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const test = '999999:BBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    expect(parseConfig({ env: { TELEGRAM_BOT_TOKEN: prod, TELEGRAM_BOT_TOKEN_TEST: test } }).telegram).toMatchObject({
      token: prod,
      mode: 'polling',
    });
    expect(problemsOf({ TELEGRAM_BOT_TOKEN: prod, PUBLIC_URL: 'https://promo.example.com' })).toEqual([
      'TELEGRAM_WEBHOOK_SECRET (at least 16 characters) is required in webhook mode',
    ]);
  });

  it('reads TELEGRAM_CACHE_CHAT_ID as a channel or group id, and needs a bot token for it', () => {
    const token = '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(parseConfig({ env: { TELEGRAM_BOT_TOKEN: token } }).telegram.cacheChatId).toBeUndefined();
    expect(
      parseConfig({ env: { TELEGRAM_BOT_TOKEN: token, TELEGRAM_CACHE_CHAT_ID: ' -1001234567890 ' } }).telegram
        .cacheChatId,
    ).toBe(-1001234567890);
    for (const bad of ['@promo_cache', '1001234567890', '-100123abc', '-99999999999999999'])
      expect(problemsOf({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_CACHE_CHAT_ID: bad })).toEqual([
        `TELEGRAM_CACHE_CHAT_ID must be the numeric id of a channel or group, e.g. -1001234567890 (got "${bad}")`,
      ]);
    expect(problemsOf({ TELEGRAM_CACHE_CHAT_ID: '-1001234567890' })).toEqual([
      'TELEGRAM_CACHE_CHAT_ID needs TELEGRAM_BOT_TOKEN',
    ]);
  });
});
