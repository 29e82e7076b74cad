import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Config, loadConfig } from '../src/config.js';
import { type Database, openPglite, openPostgres, wrapPglite } from '../src/db/client.js';
import { bootstrap } from '../src/db/seeds/bootstrap.js';
import { seedDemo } from '../src/db/seeds/demo.js';
import { createDeps } from '../src/deps.js';
import type { Deps } from '../src/platform/context.js';
import { Secrets } from '../src/platform/secrets.js';

/**
 * The seeded database every test file starts from: migrations, built-in roles and dictionaries,
 * and the demo organisation with its accounts, made once per run (test/global-setup.ts) at the
 * harness's default time and copied per file — a PGlite data-directory dump loaded into memory,
 * or a PostgreSQL `CREATE DATABASE … TEMPLATE`. A file that needs another start time seeds its
 * own (harness.ts).
 */

export const DEMO_PASSWORD = 'Demo@2026!';
/** A fixed key, so encrypted test data is reproducible. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7);
/** 2026-11-24 09:30 in Beijing: a Tuesday morning at the service desk. */
export const DEFAULT_NOW = new Date('2026-11-24T01:30:00.000Z');

// Defaults generous enough that the per-IP limit never interferes with tests of other things.
const testEnv: Record<string, string> = {
  LOG_LEVEL: 'silent',
  LOGIN_FAILURES_PER_MINUTE: '1000',
  LOGIN_FAILURES_PER_HOUR: '10000',
};

export function testConfig(filesDir: string, env: Record<string, string> | undefined): Config {
  return { ...loadConfig({ ...testEnv, FILES_DIR: filesDir, ...env }), WEB_DIST: '' };
}

export function testDeps(database: Database, config: Config, clock: () => Date): Deps {
  return createDeps(database, config, new Secrets(TEST_MASTER_KEY), { clock, jobPollingSeconds: 0.5 });
}

/** Migrates and seeds a new database as every test file expects to find it. */
export async function seedTestDatabase(database: Database, filesDir: string, now: Date): Promise<void> {
  await database.migrate();
  const deps = testDeps(database, testConfig(filesDir, undefined), () => now);
  await bootstrap(deps);
  await seedDemo(deps, DEMO_PASSWORD, { tickets: false });
}

/** Where the seeded database of this run is: a PGlite dump file, or a PostgreSQL template name. */
export interface TemplateRef {
  pgliteDump?: string;
  postgresTemplate?: string;
}

export async function openFromTemplate(ref: TemplateRef, url: string | undefined): Promise<OpenedDatabase | null> {
  if (!url && ref.pgliteDump) {
    const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(ref.pgliteDump)]) });
    return { database: wrapPglite(client), drop: async () => {} };
  }
  if (url && ref.postgresTemplate) return createPostgresDatabase(url, ref.postgresTemplate);
  return null;
}

export interface OpenedDatabase {
  database: Database;
  drop(): Promise<void>;
}

/** An empty database: PGlite in memory, or a new database on the TEST_DATABASE_URL server. */
export async function openEmpty(url: string | undefined): Promise<OpenedDatabase> {
  if (!url) return { database: await openPglite(), drop: async () => {} };
  return createPostgresDatabase(url, null);
}

async function createPostgresDatabase(url: string, template: string | null): Promise<OpenedDatabase> {
  const name = `linli_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString());
  return { database, drop: () => dropPostgresDatabase(url, name) };
}

export async function dropPostgresDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
