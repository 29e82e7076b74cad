import { asc, count, eq, lt, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import { verifyAuditChain } from '../src/platform/audit-verify.js';
import { Factory, type OrgNode, unique } from './factories.js';
import { createTestApp, DAY, HOUR, json, sessionCookie, type TestApp } from './harness.js';

let t: TestApp;
let admin: Factory;
let adminId: string;
let office: OrgNode;

const ip = '203.0.113.45';

beforeAll(async () => {
  t = await createTestApp();
  admin = await Factory.asAdmin(t);
  adminId = (await admin.userByName('admin')).id;
  office = await admin.orgByCode('SH-PD-KF');
});

afterAll(async () => {
  await t?.close();
});

type Entry = typeof auditEntry.$inferSelect;

/** The entries written while answering this response, found by its request id. */
async function entriesOf(response: LightMyRequestResponse): Promise<Entry[]> {
  const requestId = response.headers['x-request-id'];
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  return t.deps.db
    .select()
    .from(auditEntry)
    .where(eq(auditEntry.requestId, String(requestId)))
    .orderBy(asc(auditEntry.seq));
}

/** Sends a request from a known address and checks the one audit entry it must leave. */
async function audited(
  request: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object; cookie?: string },
  expected: { action: string; entityType: string; entityId?: string | ((body: Record<string, unknown>) => string) },
  actor: { id: string | null; name: string | null } = { id: adminId, name: '周敏' },
): Promise<{ response: LightMyRequestResponse; entry: Entry }> {
  const response = await t.inject({
    cookie: request.cookie ?? (await t.login('admin')),
    remoteAddress: ip,
    ...request,
  });
  expect(response.statusCode, `${request.method} ${request.url}: ${response.body.slice(0, 300)}`).toBe(200);
  const entries = await entriesOf(response);
  const entry = entries.find((e) => e.action === expected.action);
  expect(entry, `${expected.action} among ${entries.map((e) => e.action)}`).toBeDefined();
  const entityId =
    typeof expected.entityId === 'function'
      ? expected.entityId(response.headers['content-type']?.toString().includes('json') ? response.json() : {})
      : expected.entityId;
  expect(entry).toMatchObject({
    actorId: actor.id,
    actorName: actor.name,
    entityType: expected.entityType,
    ip,
    requestId: response.headers['x-request-id'],
    occurredAt: t.clock.now,
    ...(entityId !== undefined ? { entityId } : {}),
  });
  return { response, entry: entry as Entry };
}

const idOf = (body: Record<string, unknown>) => String(body.id);
const userIdOf = (body: Record<string, unknown>) => String((body.user as { id: string }).id);

describe('every write leaves an audit entry', () => {
  it('organisations', async () => {
    const code = unique('A');
    const { response } = await audited(
      { method: 'POST', url: '/api/orgs', payload: { parentId: office.id, kind: 'department', name: '审计部', code } },
      { action: 'org.create', entityType: 'organization', entityId: idOf },
    );
    const id = json(response).id as string;
    await audited(
      { method: 'PUT', url: `/api/orgs/${id}`, payload: { name: '审计二部', code, sortOrder: 2, active: true } },
      { action: 'org.update', entityType: 'organization', entityId: id },
    );
    await audited(
      { method: 'DELETE', url: `/api/orgs/${id}` },
      { action: 'org.delete', entityType: 'organization', entityId: id },
    );
  });

  it('projects', async () => {
    const code = unique('A');
    const pd = await admin.orgByCode('SH-PD');
    const { response } = await audited(
      { method: 'POST', url: '/api/projects', payload: { name: '审计花园', code, orgId: pd.id } },
      { action: 'project.create', entityType: 'project', entityId: idOf },
    );
    const id = json(response).id as string;
    const { entry } = await audited(
      { method: 'PUT', url: `/api/projects/${id}`, payload: { name: '审计花园二期', code, orgId: pd.id } },
      { action: 'project.update', entityType: 'project', entityId: id },
    );
    expect(entry.before).toMatchObject({ name: '审计花园' });
    expect(entry.after).toMatchObject({ name: '审计花园二期' });
    expect(entry.projectId).toBe(id);
    await audited({ method: 'GET', url: '/api/projects/export' }, { action: 'project.export', entityType: 'project' });
  });

  it('users', async () => {
    const { response } = await audited(
      {
        method: 'POST',
        url: '/api/users',
        payload: { username: unique('a').toLowerCase(), name: '审计员', orgId: office.id },
      },
      { action: 'user.create', entityType: 'user', entityId: userIdOf },
    );
    const id = userIdOf(json(response));
    await audited(
      {
        method: 'PUT',
        url: `/api/users/${id}`,
        payload: { name: '审计员甲', orgId: office.id, positions: ['客服专员'], assignments: [] },
      },
      { action: 'user.update', entityType: 'user', entityId: id },
    );
    for (const action of ['disable', 'enable', 'unlock']) {
      await audited(
        { method: 'POST', url: `/api/users/${id}/${action}` },
        { action: `user.${action}`, entityType: 'user', entityId: id },
      );
    }
    await audited(
      { method: 'POST', url: `/api/users/${id}/reset-password`, payload: {} },
      { action: 'user.reset_password', entityType: 'user', entityId: id },
    );
    await audited({ method: 'GET', url: '/api/users/export' }, { action: 'user.export', entityType: 'user' });
  });

  it('roles', async () => {
    const code = unique('a');
    const { response } = await audited(
      { method: 'POST', url: '/api/roles', payload: { code, name: '审计角色', permissions: ['org.read'] } },
      { action: 'role.create', entityType: 'role', entityId: idOf },
    );
    const id = json(response).id as string;
    const { entry } = await audited(
      {
        method: 'PUT',
        url: `/api/roles/${id}`,
        payload: { code, name: '审计角色', permissions: ['org.read', 'user.read'] },
      },
      { action: 'role.update', entityType: 'role', entityId: id },
    );
    expect(entry.before).toMatchObject({ permissions: ['org.read'] });
    expect(entry.after).toMatchObject({ permissions: ['org.read', 'user.read'] });
    await audited(
      { method: 'DELETE', url: `/api/roles/${id}` },
      { action: 'role.delete', entityType: 'role', entityId: id },
    );
  });

  it('dictionaries and their items', async () => {
    const code = unique('a');
    const { response } = await audited(
      { method: 'POST', url: '/api/dictionaries', payload: { code, name: '审计字典' } },
      { action: 'dictionary.create', entityType: 'dictionary', entityId: idOf },
    );
    const id = json(response).id as string;
    await audited(
      { method: 'PUT', url: `/api/dictionaries/${id}`, payload: { code, name: '审计字典改' } },
      { action: 'dictionary.update', entityType: 'dictionary', entityId: id },
    );
    const item = await audited(
      { method: 'POST', url: `/api/dictionaries/${id}/items`, payload: { code: 'x', label: '某项' } },
      { action: 'dictionary.item_create', entityType: 'dictionary_item', entityId: idOf },
    );
    const itemId = json(item.response).id as string;
    await audited(
      { method: 'PUT', url: `/api/dictionaries/${id}/items/${itemId}`, payload: { code: 'x', label: '某项改' } },
      { action: 'dictionary.item_update', entityType: 'dictionary_item', entityId: itemId },
    );
    await audited(
      { method: 'DELETE', url: `/api/dictionaries/${id}/items/${itemId}` },
      { action: 'dictionary.item_delete', entityType: 'dictionary_item', entityId: itemId },
    );
    await audited(
      { method: 'DELETE', url: `/api/dictionaries/${id}` },
      { action: 'dictionary.delete', entityType: 'dictionary', entityId: id },
    );
  });

  it('parameters', async () => {
    const { entry } = await audited(
      { method: 'PUT', url: '/api/parameters/service.hotline', payload: { value: '400-123-4567' } },
      { action: 'parameter.update', entityType: 'parameter', entityId: 'service.hotline' },
    );
    expect(entry.before).toEqual({ value: '400-800-8888' });
    expect(entry.after).toEqual({ value: '400-123-4567' });
  });

  it('logins, failed logins, password changes and logouts', async () => {
    const { user, issuedPassword } = await admin.createUser({ orgId: office.id, name: '审计登录' });
    // A failed login answers 401, so its entry is checked by hand.
    const wrong = await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: 'wrong-password' },
      remoteAddress: ip,
    });
    expect(wrong.statusCode).toBe(401);
    expect(await entriesOf(wrong)).toMatchObject([
      {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        ip,
        actorId: null,
        summary: '第 1 次登录失败',
      },
    ]);

    const { response: login } = await audited(
      {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: issuedPassword },
        cookie: '',
      },
      { action: 'auth.login', entityType: 'user', entityId: user.id },
      // The user logging in is the actor of their own login.
      { id: user.id, name: '审计登录' },
    );
    const { response: changed } = await audited(
      {
        method: 'POST',
        url: '/api/auth/change-password',
        cookie: sessionCookie(login),
        payload: { currentPassword: issuedPassword, newPassword: 'Audit#Trail-2026' },
      },
      { action: 'auth.password_changed', entityType: 'user', entityId: user.id },
      { id: user.id, name: '审计登录' },
    );
    await audited(
      { method: 'POST', url: '/api/auth/logout', cookie: sessionCookie(changed) },
      { action: 'auth.logout', entityType: 'user', entityId: user.id },
      { id: user.id, name: '审计登录' },
    );
  });

  it('a refused write leaves nothing', async () => {
    const [before] = await t.deps.db.select({ n: count() }).from(auditEntry);
    const response = await t.inject({
      method: 'POST',
      url: '/api/dictionaries',
      cookie: await t.login('admin'),
      payload: { code: 'complaint_channel', name: '重复' },
    });
    expect(response.statusCode).toBe(409);
    expect(await entriesOf(response)).toEqual([]);
    const [after] = await t.deps.db.select({ n: count() }).from(auditEntry);
    // Only the login above was added.
    expect(after?.n).toBe((before?.n ?? 0) + 1);
  });
});

describe('personal data in the audit log', () => {
  it('masks mobiles and e-mail addresses and never stores password hashes', async () => {
    const cookie = await t.login('admin');
    const created = await audited(
      {
        method: 'POST',
        url: '/api/users',
        cookie,
        payload: {
          username: unique('p').toLowerCase(),
          name: '隐私测试',
          orgId: office.id,
          mobile: '13900000001',
          email: 'li.si@example.com',
          password: 'Secret#Pass-2026',
        },
      },
      { action: 'user.create', entityType: 'user', entityId: userIdOf },
    );
    expect(created.entry.after).toMatchObject({ mobile: '139****0001', email: 'l***@example.com', name: '隐私测试' });
    const id = userIdOf(json(created.response));
    const updated = await audited(
      {
        method: 'PUT',
        url: `/api/users/${id}`,
        cookie,
        payload: { name: '隐私测试', mobile: '+86 137-0000-0002', orgId: office.id, positions: [], assignments: [] },
      },
      { action: 'user.update', entityType: 'user', entityId: id },
    );
    expect(updated.entry.before).toMatchObject({ mobile: '139****0001' });
    expect(updated.entry.after).toMatchObject({ mobile: '137****0002' });
    const reset = await audited(
      { method: 'POST', url: `/api/users/${id}/reset-password`, cookie, payload: { password: 'Another#Pass-2026' } },
      { action: 'user.reset_password', entityType: 'user', entityId: id },
    );

    for (const entry of [created.entry, updated.entry, reset.entry]) {
      const text = JSON.stringify([entry.before, entry.after, entry.summary]);
      expect(text).not.toContain('13900000001');
      expect(text).not.toContain('13700000002');
      expect(text).not.toContain('li.si@');
      expect(text).not.toMatch(/passwordHash|password_hash|\$argon2|Secret#Pass|Another#Pass/);
    }
    // The API shows the stored, masked images.
    const listed = json<{ data: { before: unknown; after: unknown }[] }>(
      await t.inject({ method: 'GET', url: `/api/audit?entityId=${id}`, cookie }),
    );
    expect(listed.data).toHaveLength(3);
    expect(JSON.stringify(listed.data)).not.toMatch(/13900000001|13700000002|argon2/);
  });
});

describe('audit search', () => {
  let other: { id: string; cookie: string };

  beforeAll(async () => {
    const administrator = await admin.roleByCode('administrator');
    const created = await admin.activeUser({
      orgId: office.id,
      name: '第二管理员',
      assignments: [{ roleId: administrator.id, scopeKind: 'all' }],
    });
    other = { id: created.user.id, cookie: created.cookie };
    await new Factory(t, other.cookie).createDictionary({ name: '第二管理员的字典' });
  });

  async function search(query: string, cookie?: string) {
    const response = await t.inject({
      method: 'GET',
      url: `/api/audit?${query}`,
      cookie: cookie ?? (await t.login('admin')),
    });
    expect(response.statusCode, response.body).toBe(200);
    return json<{
      data: { seq: number; actorId: string | null; entityType: string; summary: string | null }[];
      total: number;
    }>(response);
  }

  it('filters by actor', async () => {
    const mine = await search(`actorId=${other.id}&pageSize=200`);
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.data.every((e) => e.actorId === other.id)).toBe(true);
    expect(mine.data.map((e) => e.summary)).toContain('新建字典「第二管理员的字典」');
    const admins = await search(`actorId=${adminId}&pageSize=200`);
    expect(admins.data.every((e) => e.actorId === adminId)).toBe(true);
    expect(admins.data.map((e) => e.summary)).not.toContain('新建字典「第二管理员的字典」');
  });

  it('filters by entity type, action and keyword', async () => {
    const dictionaries = await search('entityType=dictionary&pageSize=200');
    expect(dictionaries.total).toBeGreaterThan(8);
    expect(dictionaries.data.every((e) => e.entityType === 'dictionary')).toBe(true);
    const creates = await search('action=dictionary.create&keyword=%E7%AC%AC%E4%BA%8C');
    expect(creates.data.map((e) => e.summary)).toEqual(['新建字典「第二管理员的字典」']);
    // LIKE wildcards in the keyword are taken literally.
    expect((await search('keyword=%25')).total).toBe(0);
  });

  it('pages newest first', async () => {
    const cookie = await t.login('admin');
    const first = await search('pageSize=3&current=1', cookie);
    const second = await search('pageSize=3&current=2', cookie);
    expect(first.data).toHaveLength(3);
    expect(second.total).toBe(first.total);
    const seqs = [...first.data, ...second.data].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(6);
  });

  it('filters by Beijing calendar day', async () => {
    // 23:59 and 00:01 Beijing time on either side of midnight (15:59 and 16:01 UTC).
    t.clock.set('2026-11-26T15:59:00.000Z');
    const late = await new Factory(t, await t.login('admin')).createDictionary({ name: '深夜字典' });
    t.clock.set('2026-11-26T16:01:00.000Z');
    const early = await new Factory(t, await t.login('admin')).createDictionary({ name: '凌晨字典' });

    const summaries = async (query: string) =>
      (await search(`entityType=dictionary&pageSize=200&${query}`)).data.map((e) => e.summary);
    const on26 = await summaries('from=2026-11-26&to=2026-11-26');
    expect(on26).toContain(`新建字典「${late.name}」`);
    expect(on26).not.toContain(`新建字典「${early.name}」`);
    const on27 = await summaries('from=2026-11-27');
    expect(on27).toEqual([`新建字典「${early.name}」`]);
    const until25 = await summaries('to=2026-11-25');
    expect(until25).not.toContain(`新建字典「${late.name}」`);
    expect(until25.length).toBeGreaterThan(0);

    const reversed = await t.inject({
      method: 'GET',
      url: '/api/audit?from=2026-11-27&to=2026-11-26',
      cookie: await t.login('admin'),
    });
    expect(reversed.statusCode).toBe(400);
    expect(json(reversed).errors).toEqual([{ field: 'to', in: 'querystring', message: '开始日期不能晚于结束日期' }]);
  });
});

describe('audit export', () => {
  const formulaNames = ['=1+1', '+1+1', '-1+1', '@SUM(A1)'];

  async function workbook(response: LightMyRequestResponse) {
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    return sheet;
  }

  it('writes a Chinese header and neutralises formula-like cells', async () => {
    const factory = await Factory.asAdmin(t);
    for (const name of formulaNames) {
      const { user, issuedPassword } = await factory.createUser({ orgId: office.id, name });
      const login = await t.login(user.username, issuedPassword);
      const changed = await t.inject({
        method: 'POST',
        url: '/api/auth/change-password',
        cookie: login,
        payload: { currentPassword: issuedPassword, newPassword: 'Formula#Safe-2026' },
      });
      expect(changed.statusCode).toBe(200);
    }
    const cookie = await t.login('admin');
    const response = await t.inject({ method: 'GET', url: '/api/audit/export?action=auth.password_changed', cookie });
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`,
    );
    const sheet = await workbook(response);
    expect(sheet.name).toBe('审计日志');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '序号',
      '时间',
      '操作人',
      '操作',
      '对象类型',
      '对象 ID',
      '摘要',
      '变更前',
      '变更后',
      'IP',
      '请求 ID',
    ]);
    const rows = sheet.getRows(2, sheet.rowCount - 1) ?? [];
    for (const name of formulaNames) {
      const row = rows.find((r) => r.getCell(3).value === `'${name}`);
      expect(row, name).toBeDefined();
      for (const col of [3, 7]) {
        const cell = row?.getCell(col);
        expect(cell?.type, `${name} column ${col}`).toBe(ExcelJS.ValueType.String);
        expect(String(cell?.value).startsWith("'"), `${name} column ${col}`).toBe(true);
      }
      expect(row?.getCell(7).value).toBe(`'${name} 修改了密码`);
      expect(row?.getCell(4).value).toBe('auth.password_changed');
    }
    // The time column is Beijing time.
    expect(rows[0]?.getCell(2).value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('answers in English when asked', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/api/audit/export?action=auth.login',
      cookie: await t.login('admin'),
      headers: { 'accept-language': 'en-US' },
    });
    const sheet = await workbook(response);
    expect(sheet.getRow(1).getCell(1).value).toBe('Seq');
    expect(response.headers['content-disposition']).toContain("filename*=UTF-8''audit-log.xlsx");
  });

  it('is itself audited, with the filter used', async () => {
    const { entry } = await audited(
      { method: 'GET', url: '/api/audit/export?entityType=role&keyword=x' },
      { action: 'audit.export', entityType: 'audit_entry' },
    );
    expect(entry.after).toEqual({ entityType: 'role', keyword: 'x' });
    expect(entry.summary).toMatch(/^导出审计日志 \d+ 条$/);
  });

  it('needs audit.export', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/audit/export', cookie: await t.login('supervisor') });
    expect(response.statusCode).toBe(403);
  });
});

/** The error a refused statement raised, with any wrapped cause. */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return `${e.message} ${e.cause?.message ?? ''}`;
  }
  return 'not refused';
}

// Last: these tests break the chain on purpose.
describe('append-only hash chain', () => {
  it('verifies, both directly and through the API', async () => {
    const report = await verifyAuditChain(t.deps.db, 7);
    const [total] = await t.deps.db.select({ n: count() }).from(auditEntry);
    expect(report).toMatchObject({ ok: true, broken: null, firstSeq: 1, checked: total?.n });
    const response = await t.inject({ method: 'GET', url: '/api/audit/verify', cookie: await t.login('admin') });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({ ok: true, broken: null, firstSeq: 1 });
    // The leadership may read the whole log and so may walk the chain; a scoped supervisor may not.
    expect(
      (await t.inject({ method: 'GET', url: '/api/audit/verify', cookie: await t.login('leader') })).statusCode,
    ).toBe(200);
    expect(
      (await t.inject({ method: 'GET', url: '/api/audit/verify', cookie: await t.login('supervisor') })).statusCode,
    ).toBe(403);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const [first] = await t.deps.db.select().from(auditEntry).where(eq(auditEntry.seq, 1));
    expect(await refusal(t.deps.db.execute(sql`UPDATE audit_entry SET summary = 'edited' WHERE seq = 1`))).toContain(
      'append-only',
    );
    expect(await refusal(t.deps.db.execute(sql`DELETE FROM audit_entry WHERE seq = 1`))).toContain('append-only');
    expect(await refusal(t.deps.db.execute(sql`DELETE FROM audit_entry`))).toContain('append-only');
    expect(await refusal(t.deps.db.execute(sql`TRUNCATE audit_entry`))).toContain('append-only');
    const [after] = await t.deps.db.select().from(auditEntry).where(eq(auditEntry.seq, 1));
    expect(after).toEqual(first);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('detects an edit made around the trigger by the table owner', async () => {
    const [row] = await t.deps.db.select().from(auditEntry).where(eq(auditEntry.seq, 5));
    expect(row).toBeDefined();
    await t.deps.db.execute(sql`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete`);
    try {
      await t.deps.db.execute(sql`UPDATE audit_entry SET summary = 'quietly edited' WHERE seq = 5`);
      expect(await verifyAuditChain(t.deps.db)).toMatchObject({
        ok: false,
        checked: 4,
        broken: { seq: 5, reason: 'hash' },
      });
      await t.deps.db.execute(sql`UPDATE audit_entry SET summary = ${row?.summary ?? null} WHERE seq = 5`);
    } finally {
      await t.deps.db.execute(sql`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete`);
    }
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
    expect(await refusal(t.deps.db.execute(sql`UPDATE audit_entry SET summary = 'x' WHERE seq = 5`))).toContain(
      'append-only',
    );
  });

  it('reports a forged entry that does not link to its predecessor', async () => {
    t.clock.advance(DAY + HOUR);
    const [forged] = await t.deps.db
      .insert(auditEntry)
      .values({
        occurredAt: t.clock.now,
        actorId: adminId,
        actorName: '周敏',
        action: 'user.update',
        entityType: 'user',
        summary: '伪造的记录',
        prevHash: 'f'.repeat(64),
        hash: 'f'.repeat(64),
      })
      .returning({ seq: auditEntry.seq });
    const seq = forged?.seq as number;
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: false, broken: { seq, reason: 'prev_hash' } });
    // Later entries chain on, but the break stays reported.
    await new Factory(t, await t.login('admin')).createDictionary();
    const response = await t.inject({ method: 'GET', url: '/api/audit/verify', cookie: await t.login('admin') });
    // Every entry before the forged one was checked (sequence numbers may have gaps).
    const [before] = await t.deps.db.select({ n: count() }).from(auditEntry).where(lt(auditEntry.seq, seq));
    expect(json(response)).toMatchObject({
      ok: false,
      checked: before?.n,
      lastSeq: seq,
      broken: { seq, reason: 'prev_hash' },
    });
  });
});
