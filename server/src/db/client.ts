import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The query builder, the same type whichever database is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgresql';
  /** Apply the generated migrations in `db/migrations`. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The node-postgres pool when on PostgreSQL (LISTEN/NOTIFY, pg-boss); undefined on PGlite. */
  pool?: pg.Pool;
  /** The connection string when on PostgreSQL (pg-boss opens its own small pool with it). */
  url?: string;
  /**
   * PostgreSQL only: a pool of two connections of its own for statements that must commit at
   * once whatever transaction their caller is in — the public number counters. Taken inside the
   * create's transaction, a counter row stays locked until that commits, so every create of the
   * day waited for the one before (measured: creates at one per transaction's length). A pool of
   * its own, because a transaction asking the main pool for a second connection can wait for one
   * that only other such transactions would give back.
   */
  autonomous?: Db;
  pglite?: PGlite;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * PGlite is PostgreSQL compiled to WebAssembly. If its runtime aborts, the instance is unusable
 * and continuing risks writing through a broken engine: callers treat this as fatal.
 */
export function isFatalDatabaseError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes('Aborted()');
}

/**
 * No room left: the database's disk (SQLSTATE 53100 disk_full, raised by PostgreSQL and PGlite
 * alike when a data file cannot grow) or the file store's (ENOSPC, EDQUOT).
 */
export function isStorageFullError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (error as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
  if (code === '53100' || code === 'ENOSPC' || code === 'EDQUOT') return true;
  return /no space left on device|disk quota exceeded/i.test(`${error.message}\n${cause?.message ?? ''}`);
}

export async function openPglite(dataDir?: string): Promise<Database> {
  return wrapPglite(dataDir ? await PGlite.create({ dataDir }) : await PGlite.create());
}

/** A Database over an opened PGlite instance (one made from a data-directory dump, say). */
export function wrapPglite(client: PGlite): Database {
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}

/**
 * Settings of Linli's own sessions, whatever the server's defaults. `work_mem` 16 MB: with the
 * stock 4 MB, a bitmap of one company's tickets (half a million at the large scale) no longer fit
 * and went lossy, and the search box rechecked every ticket on those pages (3.5 s instead of
 * 0.2 s for a common word). Sorts and hashes rarely need it; ten connections at most use it at once.
 */
const SESSION_OPTIONS = '-c work_mem=16MB';

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    options: SESSION_OPTIONS,
  });
  // A dropped connection must not crash the process; the next query gets a fresh one. The pool
  // listens for errors only on idle clients: a client checked out (a transaction between two
  // statements) whose socket dies emits 'error' with nobody listening, an uncaught exception that
  // ends the process. The statement in flight, if any, rejects with the error anyway, and the
  // pool discards the broken client when it comes back.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzleNodePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  const autonomousPool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
  });
  autonomousPool.on('error', () => {});
  autonomousPool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return {
    db,
    kind: 'postgresql',
    pool,
    url,
    autonomous: drizzleNodePg({ client: autonomousPool, schema, casing: 'snake_case' }) as unknown as Db,
    migrate: () => migrateNodePg(db as never, { migrationsFolder }),
    close: async () => {
      await Promise.all([pool.end(), autonomousPool.end()]);
    },
  };
}
