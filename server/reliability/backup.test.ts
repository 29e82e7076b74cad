import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { asc, count, desc, isNotNull } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { type Database, openPglite, openPostgres } from '../src/db/client.js';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import { customer } from '../src/modules/customer/customer.table.js';
import { ticket } from '../src/modules/ticket/ticket.table.js';
import { verifyAuditChain } from '../src/platform/audit-verify.js';
import type { Deps } from '../src/platform/context.js';
import { masterKeyFits } from '../src/platform/master-key.js';
import type { ZodApp } from '../src/platform/routes.js';
import { Secrets } from '../src/platform/secrets.js';
import {
  createClock,
  createTestApp,
  DEMO_PASSWORD,
  json,
  sessionCookie,
  TEST_MASTER_KEY,
  type TestApp,
} from '../test/harness.js';
import { dropPostgresDatabase, seedTestDatabase, testConfig, testDeps } from '../test/template-db.js';
import { catalogueItem, deliveredRoom, projectId, type TicketSummary } from '../test/ticket-fixtures.js';

/**
 * QUALITY.md 30: the backup and restore commands of docs/OPERATIONS.md, run as written. On
 * PostgreSQL a pg_dump of a database with data is restored with pg_restore into a new one and
 * the app is opened on it with the same master key (and with a wrong one); on PGlite the data
 * directory is archived while closed and opened from the archive.
 */

type Table = typeof ticket | typeof customer | typeof auditEntry;

async function countOf(db: Deps['db'], table: Table): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table);
  return row?.n ?? 0;
}

/** An app over a database, its requests with a session-cookie shorthand. */
interface Opened {
  app: ZodApp;
  deps: Deps;
  send(options: InjectOptions & { cookie?: string }): Promise<LightMyRequestResponse>;
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

async function openApp(database: Database, filesDir: string, secrets?: Secrets): Promise<Opened> {
  const clock = createClock();
  const base = testDeps(database, testConfig(filesDir, undefined), () => clock.now);
  const deps: Deps = secrets ? { ...base, secrets } : base;
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  const send: Opened['send'] = ({ cookie, headers, ...rest }) =>
    app.inject({ ...rest, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  return {
    app,
    deps,
    send,
    async login(username) {
      const r = await send({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      expect(r.statusCode, r.body).toBe(200);
      return sessionCookie(r);
    },
    async close() {
      await app.close();
      await deps.jobs.stop();
    },
  };
}

async function createReception(
  send: Opened['send'],
  db: Deps['db'],
  cookie: string,
  content: string,
): Promise<TicketSummary> {
  const find = { deps: { db } } as unknown as TestApp;
  const r = await send({
    method: 'POST',
    url: '/api/receptions',
    cookie,
    payload: {
      projectId: await projectId(find, 'SH-LLHY'),
      channel: 'phone',
      roomId: (await deliveredRoom(find, 'SH-LLHY', '2')).id,
      content,
      tickets: [{ type: 'repair', catalogueItemId: await catalogueItem(find, '管道漏水') }],
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  return json<{ tickets: TicketSummary[] }>(r).tickets[0] as TicketSummary;
}

/** Customers with an ID number on file, in a stable order. */
async function customersWithIdNumber(db: Deps['db'], limit = 3) {
  return db
    .select({ id: customer.id, name: customer.name })
    .from(customer)
    .where(isNotNull(customer.idNumberEncrypted))
    .orderBy(asc(customer.id))
    .limit(limit);
}

const reveal = (send: Opened['send'], cookie: string, id: string) =>
  send({
    method: 'POST',
    url: `/api/customers/${id}/reveal`,
    cookie,
    payload: { field: 'idNumber', reason: '恢复备份后核对数据' },
  });

// ── PostgreSQL ─────────────────────────────────────────────────────────────

function missingTools(): string | null {
  for (const tool of ['pg_dump', 'pg_restore']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'pipe' });
    } catch {
      return `${tool} is not installed (not on PATH)`;
    }
  }
  return process.env.TEST_DATABASE_URL ? null : 'TEST_DATABASE_URL is not set';
}

const skipPg = missingTools();
if (skipPg) console.log(`[backup] pg_dump/pg_restore tests skipped: ${skipPg}`);

describe.skipIf(skipPg !== null)('PostgreSQL: pg_dump --format=custom, pg_restore --no-owner', () => {
  let work: string;
  let dumpFile: string;
  const restoredName = `linli_bak_${randomBytes(6).toString('hex')}`;
  const serverUrl = process.env.TEST_DATABASE_URL as string;
  const restoredUrl = (() => {
    const u = new URL(serverUrl);
    u.pathname = `/${restoredName}`;
    return u.toString();
  })();
  let t: TestApp;
  let restored: Database;
  const before = {
    tickets: [] as { id: string; publicNo: string }[],
    idNumbers: new Map<string, string>(),
    counts: { ticket: 0, customer: 0, audit: 0 },
    lastAuditSeq: 0,
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'linli-backup-'));
    dumpFile = join(work, 'linli.dump');
    t = await createTestApp();
    const send: Opened['send'] = ({ cookie, headers, ...rest }) =>
      t.inject({ ...rest, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
    const [kefu, admin] = await Promise.all([t.login('kefu'), t.login('admin')]);
    for (const content of ['厨房水管接头漏水', '客厅墙面开裂', '入户门锁损坏']) {
      const created = await createReception(send, t.deps.db, kefu, content);
      before.tickets.push({ id: created.id, publicNo: created.publicNo });
    }
    for (const c of await customersWithIdNumber(t.deps.db)) {
      const r = await reveal(send, admin, c.id);
      expect(r.statusCode, r.body).toBe(200);
      before.idNumbers.set(c.id, json<{ value: string }>(r).value);
    }
    expect(before.idNumbers.size).toBeGreaterThan(0);
    before.counts = {
      ticket: await countOf(t.deps.db, ticket),
      customer: await countOf(t.deps.db, customer),
      audit: await countOf(t.deps.db, auditEntry),
    };
    const [last] = await t.deps.db
      .select({ seq: auditEntry.seq })
      .from(auditEntry)
      .orderBy(desc(auditEntry.seq))
      .limit(1);
    before.lastAuditSeq = last?.seq ?? 0;
  });

  afterAll(async () => {
    await restored?.close().catch(() => {});
    await dropPostgresDatabase(serverUrl, restoredName).catch(() => {});
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('restores a dump into a new database: same tickets, readable ID numbers, an intact audit chain, new creates work', async () => {
    const sourceUrl = t.database.url as string;
    execFileSync('pg_dump', ['--format=custom', `--file=${dumpFile}`, sourceUrl], { stdio: 'pipe' });

    const started = performance.now();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${restoredName}`);
    } finally {
      await admin.end();
    }
    execFileSync('pg_restore', ['--no-owner', `--dbname=${restoredUrl}`, dumpFile], { stdio: 'pipe' });
    const seconds = (performance.now() - started) / 1000;

    restored = await openPostgres(restoredUrl);
    // As at start: migrations run, finding nothing to do.
    await restored.migrate();
    const rows = await restored.pool?.query<{ table: string; rows: string }>(
      `SELECT format('%I.%I', schemaname, relname) AS table, 0 AS rows FROM pg_stat_user_tables`,
    );
    let total = 0;
    for (const { table } of rows?.rows ?? []) {
      const r = await restored.pool?.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      total += Number(r?.rows[0]?.n ?? 0);
    }
    console.log(
      `[backup] pg_restore of ${total} rows in ${rows?.rows.length} tables ` +
        `(dump ${(statSync(dumpFile).size / 1024 / 1024).toFixed(1)} MB): ${seconds.toFixed(2)} s including CREATE DATABASE`,
    );

    // The audit chain verifies before anything new is written.
    const chain = await verifyAuditChain(restored.db);
    expect(chain).toMatchObject({ ok: true, checked: before.counts.audit, lastSeq: before.lastAuditSeq });

    const files = join(work, 'files');
    mkdirSync(files);
    const opened = await openApp(restored, files);
    try {
      expect(await countOf(opened.deps.db, ticket)).toBe(before.counts.ticket);
      expect(await countOf(opened.deps.db, customer)).toBe(before.counts.customer);
      const [kefu, admin] = [await opened.login('kefu'), await opened.login('admin')];
      for (const { id, publicNo } of before.tickets) {
        const r = await opened.send({ method: 'GET', url: `/api/tickets/${id}`, cookie: kefu });
        expect(r.statusCode, r.body).toBe(200);
        expect(json<{ publicNo: string }>(r).publicNo).toBe(publicNo);
      }
      for (const [id, value] of before.idNumbers) {
        const r = await reveal(opened.send, admin, id);
        expect(r.statusCode, r.body).toBe(200);
        expect(json<{ value: string }>(r).value).toBe(value);
      }

      // Sequences came with the data: a new create gets new numbers, and the chain goes on.
      const created = await createReception(opened.send, opened.deps.db, kefu, '恢复后新登记的报修');
      expect(before.tickets.map((x) => x.publicNo)).not.toContain(created.publicNo);
      const [newest] = await opened.deps.db
        .select({ seq: auditEntry.seq })
        .from(auditEntry)
        .orderBy(desc(auditEntry.seq))
        .limit(1);
      expect(newest?.seq).toBeGreaterThan(before.lastAuditSeq);
      expect(await countOf(opened.deps.db, ticket)).toBe(before.counts.ticket + 1);
      expect((await verifyAuditChain(opened.deps.db)).ok).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it('opened with another master key: the start check refuses it; an app run anyway reads, but cannot reveal ID numbers', async () => {
    if (!restored) throw new Error('the restore above did not run');
    const files = join(work, 'files-wrong-key');
    mkdirSync(files);
    const opened = await openApp(restored, files, new Secrets(randomBytes(32)));
    try {
      const [kefu, admin] = [await opened.login('kefu'), await opened.login('admin')];
      const first = before.tickets[0] as { id: string };
      const detail = await opened.send({ method: 'GET', url: `/api/tickets/${first.id}`, cookie: kefu });
      expect(detail.statusCode).toBe(200);
      const [id] = [...before.idNumbers.keys()];
      const r = await reveal(opened.send, admin, id as string);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.statusCode, r.body).toBe(500);
      const problem = json<{ code: string; detail: string }>(r);
      expect(problem.code).toBe('DATA_KEY_MISMATCH');
      expect(problem.detail).toContain('主密钥');
      expect(r.body).not.toContain(before.idNumbers.get(id as string) as string);
      // The server's start checks the key against a sample and refuses (main.ts).
      expect(await masterKeyFits(restored.db, opened.deps.secrets)).toBe(false);
      expect(await masterKeyFits(restored.db, new Secrets(TEST_MASTER_KEY))).toBe(true);
    } finally {
      await opened.close();
    }
  });
});

// ── PGlite ─────────────────────────────────────────────────────────────────

describe('PGlite: the data directory archived while closed, opened from the archive', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'linli-backup-pglite-'));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the same data, decryptable with the same key, its audit chain intact', async () => {
    // DATA_DIR as the server lays it out: db/ (PGlite) and files/.
    const dataDir = join(work, 'data');
    mkdirSync(join(dataDir, 'files'), { recursive: true });
    const database = await openPglite(join(dataDir, 'db'));
    let snapshot: { tickets: { id: string; publicNo: string }[]; idNumber: [string, string]; audit: number };
    try {
      await seedTestDatabase(database, join(dataDir, 'files'), createClock().now);
      const opened = await openApp(database, join(dataDir, 'files'));
      try {
        const [kefu, admin] = [await opened.login('kefu'), await opened.login('admin')];
        const created = await createReception(opened.send, opened.deps.db, kefu, '厨房水管接头漏水');
        const [c] = await customersWithIdNumber(opened.deps.db, 1);
        if (!c) throw new Error('no customer with an ID number in the demo data');
        const r = await reveal(opened.send, admin, c.id);
        expect(r.statusCode, r.body).toBe(200);
        snapshot = {
          tickets: [{ id: created.id, publicNo: created.publicNo }],
          idNumber: [c.id, json<{ value: string }>(r).value],
          audit: await countOf(opened.deps.db, auditEntry),
        };
      } finally {
        await opened.close();
      }
    } finally {
      await database.close();
    }

    // The commands of OPERATIONS.md: an archive of the stopped server's DATA_DIR, unpacked elsewhere.
    const archive = join(work, 'linli-data.tgz');
    execFileSync('tar', ['czf', archive, '-C', dataDir, '.']);
    const restoredDir = join(work, 'restored');
    mkdirSync(restoredDir);
    execFileSync('tar', ['xzf', archive, '-C', restoredDir]);

    const copy = await openPglite(join(restoredDir, 'db'));
    try {
      await copy.migrate();
      expect(await verifyAuditChain(copy.db)).toMatchObject({ ok: true, checked: snapshot.audit });
      const opened = await openApp(copy, join(restoredDir, 'files'));
      try {
        const [kefu, admin] = [await opened.login('kefu'), await opened.login('admin')];
        for (const { id, publicNo } of snapshot.tickets) {
          const r = await opened.send({ method: 'GET', url: `/api/tickets/${id}`, cookie: kefu });
          expect(r.statusCode, r.body).toBe(200);
          expect(json<{ publicNo: string }>(r).publicNo).toBe(publicNo);
        }
        const [id, value] = snapshot.idNumber;
        const r = await reveal(opened.send, admin, id);
        expect(json<{ value: string }>(r).value).toBe(value);
        await createReception(opened.send, opened.deps.db, kefu, '恢复后新登记的报修');
        expect((await verifyAuditChain(opened.deps.db)).ok).toBe(true);
      } finally {
        await opened.close();
      }
    } finally {
      await copy.close();
    }
  }, 180_000); // seeds an on-disk PGlite and opens it twice: slow on a loaded machine
});
