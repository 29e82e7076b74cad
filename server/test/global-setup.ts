import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../src/db/client.js';
import { DEFAULT_NOW, dropPostgresDatabase, seedTestDatabase, type TemplateRef } from './template-db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testTemplate: TemplateRef;
  }
}

/**
 * Seeds the database every integration test file starts from, once per run (template-db.ts):
 * on PGlite a dump of the data directory, on PostgreSQL a template database; both removed at
 * the end of the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), 'linli-test-template-'));
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openPglite();
    await seedTestDatabase(database, join(work, 'files'), DEFAULT_NOW);
    const dump = await database.pglite?.dumpDataDir('none');
    await database.close();
    if (!dump) throw new Error('PGlite could not dump its data directory');
    const file = join(work, 'seeded.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('testTemplate', { pgliteDump: file });
    return async () => rmSync(work, { recursive: true, force: true });
  }
  const name = `linli_tpl_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString());
  try {
    await seedTestDatabase(database, join(work, 'files'), DEFAULT_NOW);
  } finally {
    await database.close();
  }
  project.provide('testTemplate', { postgresTemplate: name });
  return async () => {
    await dropPostgresDatabase(url, name);
    rmSync(work, { recursive: true, force: true });
  };
}
