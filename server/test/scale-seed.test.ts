import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/client.js';
import { generateScale, ScaleSeedRefused, scaleSizes, scaleStaffPassword } from '../src/db/seeds/scale/generate.js';
import type { ScaleSummary } from '../src/db/seeds/scale/scale.js';
import { nameKeys } from '../src/modules/customer/customer.names.js';
import { customer, customerPhone } from '../src/modules/customer/customer.table.js';
import { ticket } from '../src/modules/ticket/ticket.table.js';
import { verifyAuditChain } from '../src/platform/audit-verify.js';
import { checkResidentId, checkUscc } from '../src/platform/identity.js';
import type { ZodApp } from '../src/platform/routes.js';
import { Secrets } from '../src/platform/secrets.js';
import { DEFAULT_NOW, TEST_MASTER_KEY } from './harness.js';
import { type OpenedDatabase, openEmpty, testConfig, testDeps } from './template-db.js';

/**
 * The scale data generator (db/seeds/scale) at its tiny scale: row counts, determinism from
 * the seed, valid identifiers and searchable names, and a product that works on the result.
 */
const url = process.env.TEST_DATABASE_URL;
const secrets = new Secrets(TEST_MASTER_KEY);
const SEED = 20261124;
const opened: OpenedDatabase[] = [];
const filesDir = mkdtempSync(join(tmpdir(), 'linli-scale-files-'));

async function generated(seed: number): Promise<{ database: Database; summary: ScaleSummary }> {
  const o = await openEmpty(url);
  opened.push(o);
  const summary = await generateScale(o.database, secrets, { scale: 'tiny', seed, now: DEFAULT_NOW });
  return { database: o.database, summary };
}

/** What must not change with the machine: names, codes, phones, ticket and reception numbers. */
async function fingerprint(database: Database) {
  const customers = await database.db
    .select({ code: customer.code, name: customer.name, masked: customer.idNumberMasked })
    .from(customer)
    .orderBy(asc(customer.companyId), asc(customer.code));
  const phones = await database.db
    .select({ n: customerPhone.number })
    .from(customerPhone)
    .orderBy(asc(customerPhone.id));
  const tickets = await database.db
    .select({ no: ticket.publicNo, state: ticket.state, created: ticket.createdAt, title: ticket.title })
    .from(ticket)
    .orderBy(asc(ticket.publicNo));
  return { customers, phones: phones.map((p) => p.n), tickets };
}

let first: { database: Database; summary: ScaleSummary };
let app: ZodApp;
let cookie: string;

beforeAll(async () => {
  first = await generated(SEED);
  const deps = testDeps(first.database, testConfig(filesDir, undefined), () => DEFAULT_NOW);
  app = await buildApp(deps, { logger: false });
  await app.ready();
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'gen_admin', password: scaleStaffPassword(SEED) },
  });
  expect(login.statusCode, login.body).toBe(200);
  const session = login.cookies.find((c) => c.name === 'linli_session');
  cookie = `linli_session=${session?.value}`;
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const o of opened) {
    await o.database.close().catch(() => {});
    await o.drop();
  }
  rmSync(filesDir, { recursive: true, force: true });
});

const get = (path: string) => app.inject({ method: 'GET', url: path, headers: { cookie } });

describe('npm run seed -- --scale tiny', () => {
  it('writes the contract row counts, and every table holds what the summary says', async () => {
    const size = scaleSizes.tiny;
    const rows = first.summary.rows;
    expect(rows.project).toBe(size.projects);
    expect(rows.room).toBe(size.rooms);
    expect(rows.customer).toBe(size.customers);
    expect(rows.ticket).toBe(size.tickets);
    expect(rows.occupancy).toBe(size.customers);
    expect(rows.ticket_event).toBeGreaterThan(size.tickets * 3);
    for (const [table, n] of Object.entries(rows)) {
      const result = await first.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
      const [row] = (result as unknown as { rows: { n: number }[] }).rows;
      // Bootstrap's own rows (its catalogue, roles …) are not in the summary; these tables it does not write.
      expect(Number(row?.n), table).toBe(n);
    }
    expect(first.summary.samples.projectIds).toHaveLength(size.projects);
    expect(first.summary.samples.phones.length).toBeGreaterThan(0);
  });

  it('mixes ticket types and states as a real service desk sees them, with unique public numbers', async () => {
    const byType = await first.database.db.select({ type: ticket.type, n: count() }).from(ticket).groupBy(ticket.type);
    const share = (t: string) => (byType.find((r) => r.type === t)?.n ?? 0) / scaleSizes.tiny.tickets;
    expect(share('repair')).toBeGreaterThan(0.5);
    expect(share('repair')).toBeLessThan(0.7);
    expect(share('complaint')).toBeGreaterThan(0.05);
    const byState = await first.database.db
      .select({ state: ticket.state, n: count() })
      .from(ticket)
      .groupBy(ticket.state);
    const states = new Map(byState.map((r) => [r.state, r.n]));
    expect(states.get('closed') ?? 0).toBeGreaterThan(scaleSizes.tiny.tickets * 0.8);
    const open = ['new', 'dispatched', 'accepted', 'in_progress', 'waiting'].reduce(
      (s, k) => s + (states.get(k as never) ?? 0),
      0,
    );
    expect(open).toBeGreaterThan(0);
    const [overdue] = await first.database.db
      .select({ n: count() })
      .from(ticket)
      .where(eq(ticket.resolutionOverdue, true));
    expect(overdue?.n ?? 0).toBeGreaterThan(0);
    const [distinct] = await first.database.db
      .select({ n: sql<number>`count(distinct ${ticket.publicNo})::int` })
      .from(ticket);
    expect(distinct?.n).toBe(scaleSizes.tiny.tickets);
    // Two years before now.
    const [range] = await first.database.db
      .select({ min: sql<string>`min(${ticket.createdAt})`, max: sql<string>`max(${ticket.createdAt})` })
      .from(ticket);
    expect(new Date(range?.min as string).getTime()).toBeGreaterThanOrEqual(DEFAULT_NOW.getTime() - 731 * 86_400_000);
    expect(new Date(range?.max as string).getTime()).toBeLessThanOrEqual(DEFAULT_NOW.getTime());
  });

  it('gives valid ID numbers (GB 11643, GB 32100), stored as the customer service stores them', async () => {
    const rows = await first.database.db.select().from(customer);
    let residents = 0;
    for (const c of rows) {
      if (!c.idNumberEncrypted) continue;
      const n = secrets.decrypt(c.idNumberEncrypted);
      expect(c.idNumberHash).toBe(secrets.hash(n));
      expect(c.idLast6Hash).toBe(secrets.hash(n.slice(-6)));
      if (c.idType === 'resident_id') {
        residents++;
        expect(checkResidentId(n, DEFAULT_NOW), n).toBeNull();
        expect(c.birthday).toBe(`${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`);
        expect(c.idNumberMasked).toBe(`${n.slice(0, 6)}********${n.slice(-4)}`);
      } else {
        expect(c.idType).toBe('uscc');
        expect(checkUscc(n), n).toBeNull();
      }
      // The name's search keys are what the customer service would compute.
      expect({ pinyin: c.namePinyin, initials: c.nameInitials }).toEqual(nameKeys(c.name));
    }
    expect(residents).toBeGreaterThan(scaleSizes.tiny.customers / 2);
  });

  it('is the same from the same seed and different from another', async () => {
    const again = await generated(SEED);
    const other = await generated(SEED + 1);
    const a = await fingerprint(first.database);
    expect(await fingerprint(again.database)).toEqual(a);
    const b = await fingerprint(other.database);
    expect(b.customers.map((c) => c.name)).not.toEqual(a.customers.map((c) => c.name));
    expect(b.phones).not.toEqual(a.phones);
    expect(b.tickets.map((t) => t.created)).not.toEqual(a.tickets.map((t) => t.created));
  }, 120_000);

  it('refuses a database that already holds data, in Chinese and English', async () => {
    const error = await generateScale(first.database, secrets, { scale: 'tiny', seed: 1, now: DEFAULT_NOW }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScaleSeedRefused);
    expect((error as ScaleSeedRefused).message).toMatch(/数据库中已有.*already holds/);
  });

  it('refuses the large scale on PGlite', async () => {
    if (first.database.kind !== 'pglite') return;
    await expect(
      generateScale(first.database, secrets, { scale: 'large', seed: 1, now: DEFAULT_NOW }),
    ).rejects.toMatchObject({ code: 'PGLITE_TOO_LARGE' });
  });

  it('finds generated customers through the search box by name, pinyin initials and phone suffix', async () => {
    const [c] = await first.database.db
      .select({ id: customer.id, name: customer.name, initials: customer.nameInitials, phone: customerPhone.number })
      .from(customer)
      .innerJoin(customerPhone, eq(customerPhone.customerId, customer.id))
      .where(eq(customer.kind, 'person'))
      .orderBy(asc(customer.code))
      .limit(1);
    if (!c) throw new Error('no customer');
    for (const q of [c.name, c.initials, c.phone.slice(-4)]) {
      const response = await get(`/api/customers?pageSize=200&q=${encodeURIComponent(q)}`);
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const ids = (response.json() as { data: { id: string }[] }).data.map((r) => r.id);
      expect(ids, q).toContain(c.id);
    }
  });

  it('loads ticket lists and a ticket detail with its timeline', async () => {
    const list = await get('/api/tickets?pageSize=20');
    expect(list.statusCode, list.body.slice(0, 300)).toBe(200);
    expect((list.json() as { total: number }).total).toBe(scaleSizes.tiny.tickets);
    const [closed] = await first.database.db
      .select({ id: ticket.id })
      .from(ticket)
      .where(eq(ticket.state, 'closed'))
      .orderBy(asc(ticket.publicNo))
      .limit(1);
    const detail = await get(`/api/tickets/${closed?.id}`);
    expect(detail.statusCode, detail.body.slice(0, 300)).toBe(200);
    const body = detail.json() as { state: string; events: { kind: string }[] };
    expect(body.state).toBe('closed');
    const kinds = body.events.map((e) => e.kind);
    expect(kinds[0]).toBe('created');
    expect(kinds).toContain('dispatched');
    expect(kinds).toContain('resolved');
    expect(kinds.at(-1)).toBe('closed');
  });

  it('keeps the audit chain valid with one entry for the run', async () => {
    const report = await verifyAuditChain(first.database.db);
    expect(report.ok).toBe(true);
    const result = await first.database.db.execute(
      sql`select count(*)::int as n from audit_entry where action = 'seed.scale'`,
    );
    expect(Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n)).toBe(1);
  });
});
