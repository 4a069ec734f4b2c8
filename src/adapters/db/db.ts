import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseConfig } from '../../config/config.js';
import { isDatabaseOutage } from './db-outage.js';

/** The Drizzle database both drivers provide; repositories depend on this type only. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Raw SQL for the few places that need it; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** For the admin settings page: never contains a password. */
  description: string;
  migrate(): Promise<void>;
  /**
   * Raw SQL text with positional parameters, for a library that brings its own SQL (the job engine). Text without
   * values may hold several statements.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /**
   * Runs `work` while holding a cross-process lock (a PostgreSQL session advisory lock on a connection of its own), so
   * processes booting at once take turns. On PGlite, which one process owns, it just runs `work`.
   */
  withLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** Whether an error means this database cannot be reached right now (not a bad query): answered as a 503. */
  isOutage(error: unknown): boolean;
  close(): Promise<void>;
}

/** `snapshot`: a `dumpDataDir()` tarball to start from instead of an empty cluster (tests start from a migrated one). */
export type DatabaseOptions = DatabaseConfig | { kind: 'pglite-memory'; snapshot?: Blob };

/** Arbitrary constant: every process takes this session lock before migrating, so concurrent boots apply each migration once. */
const MIGRATION_LOCK_KEY = 7_319_001;

export async function createDatabase({
  options,
  migrationsFolder,
  onPoolError,
}: {
  options: DatabaseOptions;
  migrationsFolder: string;
  onPoolError?: (error: Error) => void;
}): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') return createPostgres({ options, migrationsFolder, onPoolError });
  const dataDir = options.kind === 'pglite' ? options.dataDir : undefined;
  const snapshot = options.kind === 'pglite-memory' ? options.snapshot : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Small shared buffers: PostgreSQL's default 128 MB more than doubles the embedded process's memory for no gain here.
  const client = await PGlite.create(dataDir, { postgresqlconf: ['shared_buffers=16MB'], loadDataDir: snapshot });
  yieldBeforeEachQuery(client);
  const db = drizzlePglite({ client }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    // In the process itself: there is no connection to lose.
    isOutage: () => false,
    // One embedded instance belongs to one process, so no lock is needed.
    migrate: () => migratePglite(drizzlePglite({ client }), { migrationsFolder }),
    // PGlite's query() takes one statement with parameters; exec() takes several without. The last result is the
    // answer, as node-postgres gives it for a multi-statement text.
    async executeSql(text, values) {
      if (values && values.length > 0) return client.query(text, values);
      const results = await client.exec(text);
      return results.at(-1) ?? { rows: [] };
    },
    withLock: (_key, work) => work(),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

async function createPostgres({
  options,
  migrationsFolder,
  onPoolError,
}: {
  options: Extract<DatabaseConfig, { kind: 'postgres' }>;
  migrationsFolder: string;
  onPoolError?: (error: Error) => void;
}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    host: options.host,
    port: options.port,
    database: options.database,
    user: options.user,
    password: options.password,
    ssl: options.ssl,
    max: 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => onPoolError?.(error));
  const db = drizzlePg({ client: pool }) as unknown as Db;
  const target = options.connectionString ? new URL(options.connectionString) : null;
  const description = target
    ? `PostgreSQL ${target.hostname}:${target.port || 5432}${target.pathname}`
    : `PostgreSQL ${options.host}:${options.port}/${options.database}`;
  return {
    db,
    kind: 'postgres',
    description: `${description}${options.ssl ? ' (TLS)' : ''}`,
    isOutage: isDatabaseOutage,
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migratePg(drizzlePg({ client }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    executeSql: (text, values) => pool.query(text, values),
    async withLock(key, work) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/**
 * PGlite runs each query synchronously on the main thread and resolves at once, so a chain of queries from background
 * work (the bot) never lets the event loop reach its I/O phase: incoming requests would wait for the whole chain.
 * Yielding to the loop before each query lets them in between, as a networked database's round trips do.
 */
function yieldBeforeEachQuery(client: PGlite): void {
  const query = client.query.bind(client);
  client.query = (async (...args: Parameters<PGlite['query']>) => {
    await new Promise((resolve) => setImmediate(resolve));
    return query(...args);
  }) as PGlite['query'];
}
