/**
 * npm run test:reliability [-- --only kill-creates,db-outage,sweep-restart,two-instances,vitest]
 *                             [--cycles 100] [--slots 2]
 *
 * The reliability and abuse suite (docs/RELIABILITY.md): checks that need real server processes
 * on PostgreSQL — SIGKILL during creates, the database cut away under load, a restart during the
 * SLA sweep, two instances on one database — then the in-process part (reliability/*.test.ts,
 * vitest.reliability.config.ts) when present. One line per check as it finishes, then exactly
 * one line `N passed, N failed`; exit code 0 only when nothing failed.
 *
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server; the run
 * makes its own databases there (prefix linli_rel_) and drops them at the end, failed or not.
 * Servers listen on 127.0.0.1, ports 27100–27199: below the ephemeral ports (Linux: 32768–60999),
 * one of which an outgoing connection may hold at the moment a listener wants it (EADDRINUSE).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/client.js';
import { bootstrap } from '../src/db/seeds/bootstrap.js';
import { seedDemo } from '../src/db/seeds/demo.js';
import { createDeps } from '../src/deps.js';
import { Secrets } from '../src/platform/secrets.js';
import { dbOutage } from './db-outage.js';
import { killCreates } from './kill-creates.js';
import { CheckFailure, type RunContext, ServerProcess, say, serverDir, withDatabase } from './lib.js';
import { sweepRestart } from './sweep-restart.js';
import { twoInstances } from './two-instances.js';

export interface Check {
  name: string;
  run(ctx: RunContext): Promise<string>;
}

const checks: Check[] = [killCreates, dbOutage, sweepRestart, twoInstances];
const VITEST = 'vitest';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    cycles: { type: 'string', default: '100' },
    slots: { type: 'string', default: '2' },
  },
  strict: true,
});
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
if (only) {
  const known = new Set([...checks.map((c) => c.name), VITEST]);
  const unknown = [...only].filter((n) => !known.has(n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown check(s): ${unknown.join(', ')}; known: ${[...known].join(', ')}\n`);
    process.exit(2);
  }
}

const adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const runId = `${process.pid}_${randomBytes(2).toString('hex')}`;
const templateName = `linli_rel_${runId}_tpl`;
const created: string[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'linli-rel-'));
const dataDir = join(workDir, 'data');
mkdirSync(join(dataDir, 'files'), { recursive: true });
const secretKey = randomBytes(32).toString('base64');

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The seeded template: migrations, built-in data, the demo organisation and accounts (no tickets). */
async function makeTemplate(password: string): Promise<void> {
  await admin((c) => c.query(`create database ${templateName}`));
  created.push(templateName);
  const url = withDatabase(adminUrl, templateName);
  const database = await openPostgres(url);
  try {
    await database.migrate();
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, SECRET_KEY: secretKey });
    const deps = createDeps(database, config, new Secrets(Buffer.from(secretKey, 'base64')));
    await bootstrap(deps);
    await seedDemo(deps, password, { tickets: false });
  } finally {
    await database.close();
  }
}

async function dropAll(): Promise<void> {
  for (const server of ServerProcess.all) await server.kill9().catch(() => {});
  const names = [...created].reverse();
  created.length = 0;
  if (names.length > 0) {
    await admin(async (c) => {
      for (const name of names) await c.query(`drop database if exists ${name} with (force)`);
    }).catch((error: unknown) => process.stderr.write(`could not drop the run's databases: ${String(error)}\n`));
  }
  rmSync(workDir, { recursive: true, force: true });
}

let passed = 0;
let failed = 0;
const startedAt = Date.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function record(name: string, ok: boolean, detail: string, ms?: number) {
  if (ok) passed++;
  else failed++;
  say(`${ok ? 'PASS' : 'FAIL'} ${name}${ms === undefined ? '' : ` (${seconds(ms)})`}: ${detail}`);
}

/** The in-process part: vitest with a JSON report, each test one check of the summary. */
async function runVitest(): Promise<void> {
  const config = join(serverDir, 'vitest.reliability.config.ts');
  if (!existsSync(config)) {
    say('(no vitest.reliability.config.ts: the in-process part is skipped)');
    return;
  }
  const out = join(workDir, 'vitest.json');
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      'npx',
      ['vitest', 'run', '--config', 'vitest.reliability.config.ts', '--reporter=json', `--outputFile=${out}`],
      { cwd: serverDir, env: { ...process.env, TEST_DATABASE_URL: adminUrl }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-3000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (c) => {
      if (c !== 0 && !existsSync(out)) process.stderr.write(tail);
      resolve(c ?? 1);
    });
  });
  if (!existsSync(out)) {
    record(VITEST, false, `vitest exited ${code} without a report`, Date.now() - started);
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    testResults: {
      name: string;
      message?: string;
      assertionResults: { fullName: string; status: string; duration?: number; failureMessages: string[] }[];
    }[];
  };
  let counted = 0;
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      if (test.status === 'skipped' || test.status === 'pending' || test.status === 'todo') continue;
      counted++;
      const ok = test.status === 'passed';
      const why = ok ? 'ok' : (test.failureMessages[0] ?? test.status).split('\n')[0];
      record(`${VITEST}: ${test.fullName}`, ok, why ?? '', test.duration);
    }
    if (file.assertionResults.length === 0 && file.message) {
      counted++;
      record(`${VITEST}: ${file.name}`, false, file.message.split('\n')[0] ?? 'failed');
    }
  }
  if (code !== 0 && counted === 0) record(VITEST, false, `vitest exited ${code}`);
}

async function main(): Promise<void> {
  const password = `Rel-${randomBytes(6).toString('hex')}`;
  const ctx: RunContext = {
    adminUrl,
    secretKey,
    ctiSecret: randomBytes(24).toString('hex'),
    password,
    dataDir,
    options: { cycles: values.cycles ?? '100', slots: values.slots ?? '2' },
    async createDatabase(label: string) {
      const name = `linli_rel_${runId}_${label.replace(/[^a-z0-9]/g, '')}`;
      await admin((c) => c.query(`create database ${name} template ${templateName}`));
      created.push(name);
      return withDatabase(adminUrl, name);
    },
  };
  const selected = checks.filter((c) => !only || only.has(c.name));
  if (selected.length > 0) {
    const t = Date.now();
    await makeTemplate(password);
    say(`seeded template database ${templateName} (${seconds(Date.now() - t)})`);
  }
  for (const check of selected) {
    const t = Date.now();
    try {
      const detail = await check.run(ctx);
      record(check.name, true, detail, Date.now() - t);
    } catch (error) {
      const message =
        error instanceof CheckFailure
          ? error.message
          : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      record(check.name, false, message, Date.now() - t);
    } finally {
      for (const server of ServerProcess.all) await server.kill9().catch(() => {});
      ServerProcess.all.clear();
    }
  }
  if (!only || only.has(VITEST)) await runVitest();
}

let finishing = false;
async function finish(code?: number): Promise<never> {
  if (!finishing) {
    finishing = true;
    await dropAll();
  }
  say(`total ${seconds(Date.now() - startedAt)}`);
  say(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed === 0 ? 0 : 1));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping`);
    failed++;
    void finish(1);
  });
}

main()
  .catch((error: unknown) => {
    failed++;
    say(`FAIL runner: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  })
  .finally(() => void finish());
