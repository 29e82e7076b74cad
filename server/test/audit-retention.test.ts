import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import { write } from '../src/platform/audit.js';
import { purgeAudit } from '../src/platform/audit-retention.js';
import { verifyAuditChain } from '../src/platform/audit-verify.js';
import { createTestApp, DAY, type TestApp } from './harness.js';

// The installation (and its seed entries) dates from 400 days ago; the database's own clock,
// which the trigger consults, is the real one.
let t: TestApp;
const today = new Date();
const system = { actor: null, ip: '', requestId: 'retention-test', locale: 'zh-CN' as const };

beforeAll(async () => {
  t = await createTestApp({ now: new Date(today.getTime() - 400 * DAY) });
});

afterAll(async () => {
  await t?.close();
});

const countOf = async (action: string) =>
  (await t.deps.db.select({ n: count() }).from(auditEntry).where(eq(auditEntry.action, action)))[0]?.n;

describe('audit retention (QUALITY 24)', () => {
  it('never deletes entries younger than 180 days, even with the purge switch on', async () => {
    t.clock.set(today);
    await write(t.deps, system, async (_tx, audit) => {
      audit.record({ action: 'test.recent', entityType: 'test', summary: '保留期内的记录' });
    });
    await expect(
      t.deps.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('linli.audit_purge', 'on', true)`);
        await tx.execute(sql`delete from audit_entry where action = 'test.recent'`);
      }),
    ).rejects.toThrow();
  });

  it('removes the entries past retention, keeps the rest, and the chain still verifies', async () => {
    const before = (await t.deps.db.select({ n: count() }).from(auditEntry))[0]?.n ?? 0;
    expect(before).toBeGreaterThan(10);
    const result = await purgeAudit(t.deps);
    expect(result.removed).toBe(before - 1);
    expect(await countOf('test.recent')).toBe(1);
    expect(await countOf('audit.purge')).toBe(1);
    const chain = await verifyAuditChain(t.deps.db);
    expect(chain).toMatchObject({ ok: true, checked: 2 });
    // A second run has nothing to remove and records nothing.
    expect((await purgeAudit(t.deps)).removed).toBe(0);
    expect(await countOf('audit.purge')).toBe(1);
  });

  it('a retention shorter than six months is refused', async () => {
    const cookie = await t.login('admin');
    const response = await t.inject({
      method: 'PUT',
      url: '/api/parameters/audit.retention_months',
      cookie,
      payload: { value: 3 },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('PARAMETER_INVALID');
  });
});
