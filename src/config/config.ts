import { resolve } from 'node:path';

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | {
      kind: 'postgres';
      connectionString?: string;
      host?: string;
      port?: number;
      database?: string;
      user?: string;
      password?: string;
      /** false = plain TCP; rejectUnauthorized:false = encrypted like libpq's sslmode=require */
      ssl: false | { rejectUnauthorized: boolean };
    };

export type StorageConfig =
  | { kind: 'fs'; root: string }
  | {
      kind: 's3';
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      endpoint: string;
      forcePathStyle: boolean;
      publicBaseUrl: string;
    };

export type TelegramMode = 'webhook' | 'polling' | 'off';

export interface Config {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  logLevel: string;
  database: DatabaseConfig;
  storage: StorageConfig;
  adminPassword: string | undefined;
  sessionSecret: string | undefined;
  telegram: {
    token: string | undefined;
    mode: TelegramMode;
    webhookSecret: string | undefined;
    apiRoot: string;
    /** A claimed update not handled within this is handled again by a worker (its process died after the ack). */
    updateLeaseSeconds: number;
    /**
     * A private channel or group the bot posts in: an inline result Telegram fetched by URL is uploaded there once (and
     * deleted) so the next answers send it by file_id. None → inline URL results stay URLs.
     */
    cacheChatId: number | undefined;
  };
  funderpro: { productId: string | undefined; apiBase: string };
  referralUrlTemplate: string;
  analyticsTz: string;
  broadcastRate: number;
  /** Whether `npm start` also runs the worker (broadcasts, housekeeping) beside the web server. */
  runWorker: boolean;
  /** How long a broadcast stays with a worker that stopped answering before another worker resumes it. */
  broadcastLeaseSeconds: number;
  rateLimits: { validatePerMinute: number; renderPerMinute: number; submitPerMinute: number; batchPerMinute: number };
  /** OPS-7: bearer token for GET /metrics; none → /metrics answers 404. */
  metricsToken: string | undefined;
  /** Hops of reverse proxies whose X-Forwarded-For is believed (0 = none: a direct client could spoof its IP). */
  trustProxyHops: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** Parses the whole environment at once and throws one ConfigError listing every problem. */
export function parseConfig({ env, cwd = process.cwd() }: { env: Env; cwd?: string }): Config {
  const problems: string[] = [];
  const read = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const readInt = (key: string, fallback: number, min: number, max: number): number => {
    const raw = read(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const readBool = (key: string, fallback: boolean): boolean => {
    const raw = read(key)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on', 'require'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off', 'disable'].includes(raw)) return false;
    problems.push(`${key} must be true or false (got "${raw}")`);
    return fallback;
  };
  const readUrl = (key: string, fallback: string, protocols: string[] = ['http:', 'https:']): string => {
    const raw = read(key) ?? fallback;
    try {
      const url = new URL(raw);
      if (!protocols.includes(url.protocol)) throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${key} must be a ${protocols.join(' or ')} URL (got "${raw}")`);
      return fallback;
    }
  };

  const nodeEnvRaw = read('NODE_ENV') ?? 'development';
  const nodeEnv = nodeEnvRaw === 'production' || nodeEnvRaw === 'test' ? nodeEnvRaw : 'development';
  const port = readInt('PORT', 3000, 0, 65535);
  const host = read('HOST') ?? '0.0.0.0';
  const publicUrl = readUrl('PUBLIC_URL', `http://localhost:${port}`);
  const dataDir = resolve(cwd, read('DATA_DIR') ?? './data');

  const database = parseDatabase({ read, readInt, readBool, problems, dataDir });
  const storage = parseStorage({ read, readBool, readUrl, problems, dataDir });

  const sessionSecret = read('SESSION_SECRET');
  if (sessionSecret !== undefined && Buffer.byteLength(sessionSecret) < 32) {
    problems.push('SESSION_SECRET must be at least 32 bytes long');
  }
  if (sessionSecret === undefined && nodeEnv === 'production') {
    problems.push('SESSION_SECRET is required when NODE_ENV=production');
  }

  const token = read('TELEGRAM_BOT_TOKEN') ?? read('TELEGRAM_BOT_TOKEN_TEST');
  if (token !== undefined && !/^\d+:[\w-]{20,}$/.test(token)) {
    problems.push('TELEGRAM_BOT_TOKEN / TELEGRAM_BOT_TOKEN_TEST does not look like a bot token (digits:secret)');
  }
  const modeRaw = read('TELEGRAM_MODE');
  const defaultMode: TelegramMode =
    token === undefined ? 'off' : publicUrl.startsWith('https:') ? 'webhook' : 'polling';
  let mode: TelegramMode = defaultMode;
  if (modeRaw !== undefined) {
    if (modeRaw === 'webhook' || modeRaw === 'polling' || modeRaw === 'off') mode = modeRaw;
    else problems.push(`TELEGRAM_MODE must be webhook, polling or off (got "${modeRaw}")`);
  }
  if (mode !== 'off' && token === undefined) problems.push(`TELEGRAM_MODE=${mode} needs TELEGRAM_BOT_TOKEN`);
  const webhookSecret = read('TELEGRAM_WEBHOOK_SECRET');
  if (mode === 'webhook' && (webhookSecret === undefined || webhookSecret.length < 16)) {
    problems.push('TELEGRAM_WEBHOOK_SECRET (at least 16 characters) is required in webhook mode');
  }
  if (webhookSecret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) {
    problems.push('TELEGRAM_WEBHOOK_SECRET may only contain A-Z, a-z, 0-9, _ and -');
  }

  const cacheChatRaw = read('TELEGRAM_CACHE_CHAT_ID');
  let cacheChatId: number | undefined;
  if (cacheChatRaw !== undefined) {
    // Channels and supergroups are -100…, basic groups negative too; a private channel has no @username to use.
    if (/^-\d{1,16}$/.test(cacheChatRaw) && Number.isSafeInteger(Number(cacheChatRaw)))
      cacheChatId = Number(cacheChatRaw);
    else
      problems.push(
        `TELEGRAM_CACHE_CHAT_ID must be the numeric id of a channel or group, e.g. -1001234567890 (got "${cacheChatRaw}")`,
      );
    if (token === undefined) problems.push('TELEGRAM_CACHE_CHAT_ID needs TELEGRAM_BOT_TOKEN');
  }

  const analyticsTz = read('ANALYTICS_TZ') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: analyticsTz });
  } catch {
    problems.push(`ANALYTICS_TZ must be an IANA time zone such as Europe/London (got "${analyticsTz}")`);
  }

  const config: Config = {
    nodeEnv,
    port,
    host,
    publicUrl,
    dataDir,
    logLevel: read('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    database,
    storage,
    adminPassword: read('ADMIN_PASSWORD'),
    sessionSecret,
    telegram: {
      token,
      mode,
      webhookSecret,
      apiRoot: readUrl('TELEGRAM_API_ROOT', 'https://api.telegram.org'),
      updateLeaseSeconds: readInt('TELEGRAM_UPDATE_LEASE_SECONDS', 120, 5, 3600),
      cacheChatId,
    },
    funderpro: {
      productId: read('FUNDERPRO_PRODUCT_ID'),
      apiBase: readUrl('FUNDERPRO_API_BASE', 'https://api-ftp.funderpro.com/discount'),
    },
    referralUrlTemplate: read('REFERRAL_URL_TEMPLATE') ?? 'https://prop.funderpro.com/buy-challenge/?promo={code}',
    analyticsTz,
    broadcastRate: readInt('BROADCAST_RATE', 20, 1, 20),
    runWorker: readBool('RUN_WORKER', true),
    broadcastLeaseSeconds: readInt('BROADCAST_LEASE_SECONDS', 60, 5, 3600),
    rateLimits: {
      validatePerMinute: readInt('RATE_LIMIT_VALIDATE_PER_MIN', 30, 1, 1_000_000),
      renderPerMinute: readInt('RATE_LIMIT_RENDER_PER_MIN', 120, 1, 1_000_000),
      submitPerMinute: readInt('RATE_LIMIT_SUBMIT_PER_MIN', 10, 1, 1_000_000),
      batchPerMinute: readInt('RATE_LIMIT_BATCH_PER_MIN', 6, 1, 1_000_000),
    },
    trustProxyHops: readInt('TRUST_PROXY_HOPS', 0, 0, 10),
    metricsToken: read('METRICS_TOKEN'),
  };
  if (config.metricsToken !== undefined && config.metricsToken.length < 16)
    problems.push('METRICS_TOKEN must be at least 16 characters (it guards /metrics)');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

interface Readers {
  read: (key: string) => string | undefined;
  problems: string[];
  dataDir: string;
}

function parseDatabase({
  read,
  readInt,
  readBool,
  problems,
  dataDir,
}: Readers & {
  readInt: (key: string, fallback: number, min: number, max: number) => number;
  readBool: (key: string, fallback: boolean) => boolean;
}): DatabaseConfig {
  const url = read('DATABASE_URL');
  const host = read('DB_HOST');
  const sslFlag = read('DB_SSL') === undefined ? undefined : readBool('DB_SSL', false);
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
      if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new Error('protocol');
    } catch {
      problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
      return { kind: 'pglite', dataDir: resolve(dataDir, 'db') };
    }
    // libpq's sslmode=require encrypts without verifying the CA (what managed PostgreSQL documents);
    // node-postgres would otherwise verify, so the mode is translated here rather than passed through.
    const sslmode = parsed.searchParams.get('sslmode');
    parsed.searchParams.delete('sslmode');
    const verify = sslmode === 'verify-full' || sslmode === 'verify-ca';
    const encrypted = verify || sslmode === 'require' || sslmode === 'prefer' || sslFlag === true;
    return {
      kind: 'postgres',
      connectionString: parsed.toString(),
      ssl: encrypted ? { rejectUnauthorized: verify } : false,
    };
  }
  if (host !== undefined) {
    const missing = ['DB_NAME', 'DB_USER'].filter((key) => read(key) === undefined);
    if (missing.length > 0) problems.push(`DB_HOST is set, so ${missing.join(' and ')} must be set too`);
    return {
      kind: 'postgres',
      host,
      port: readInt('DB_PORT', 5432, 1, 65535),
      database: read('DB_NAME'),
      user: read('DB_USER'),
      password: read('DB_PASSWORD'),
      ssl: sslFlag === true ? { rejectUnauthorized: false } : false,
    };
  }
  return { kind: 'pglite', dataDir: resolve(dataDir, 'db') };
}

function parseStorage({
  read,
  readBool,
  readUrl,
  problems,
  dataDir,
}: Readers & {
  readBool: (key: string, fallback: boolean) => boolean;
  readUrl: (key: string, fallback: string) => string;
}): StorageConfig {
  const keys = ['SPACES_BUCKET', 'SPACES_ACCESS_KEY', 'SPACES_SECRET_KEY'] as const;
  const present = keys.filter((key) => read(key) !== undefined);
  if (present.length === 0) return { kind: 'fs', root: resolve(dataDir, 'storage') };
  const missing = keys.filter((key) => read(key) === undefined);
  const region = read('SPACES_REGION');
  const customEndpoint = read('SPACES_ENDPOINT');
  if (missing.length > 0) problems.push(`${present.join(', ')} set, so ${missing.join(' and ')} must be set too`);
  if (region === undefined && customEndpoint === undefined) {
    problems.push('SPACES_REGION (or SPACES_ENDPOINT) must be set for object storage');
  }
  const bucket = read('SPACES_BUCKET') ?? '';
  if (bucket !== '' && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(`SPACES_BUCKET "${bucket}" is not a valid bucket name`);
  }
  const regionOrDefault = region ?? 'us-east-1';
  const endpoint = readUrl('SPACES_ENDPOINT', `https://${regionOrDefault}.digitaloceanspaces.com`);
  const forcePathStyle = readBool('SPACES_FORCE_PATH_STYLE', false);
  const defaultPublicBase =
    customEndpoint === undefined
      ? `https://${bucket}.${regionOrDefault}.cdn.digitaloceanspaces.com`
      : forcePathStyle
        ? `${endpoint}/${bucket}`
        : `${new URL(endpoint).protocol}//${bucket}.${new URL(endpoint).host}`;
  return {
    kind: 's3',
    bucket,
    region: regionOrDefault,
    accessKeyId: read('SPACES_ACCESS_KEY') ?? '',
    secretAccessKey: read('SPACES_SECRET_KEY') ?? '',
    endpoint,
    forcePathStyle,
    publicBaseUrl: readUrl('SPACES_CDN_URL', defaultPublicBase),
  };
}
