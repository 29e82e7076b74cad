// Exports of personal data above the approval threshold (QUALITY.md 19): the 403 that asks for
// approval, the request, the decision by someone else, and the one download within its window.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import { exportRequest } from '../src/modules/export/export.table.js';
import { Factory, hasFullMobile, mobileNumber, type ProjectRow, residentId, type UserRow } from './factories.js';
import {
  createTestApp,
  expectChineseProblem,
  HOUR,
  json,
  MINUTE,
  ok,
  type Problem,
  sheetRows,
  type TestApp,
} from './harness.js';

let t: TestApp;
let p: { llhy: ProjectRow; bjyh: ProjectRow };
/** A clerk of 上海浦东管理处 who exports customers but approves nothing. */
let clerk: { user: UserRow; password: string };

/** The 403 that asks for approval says how many rows, above which threshold, of what. */
interface ExportProblem extends Problem {
  rowCount?: number;
  threshold?: number;
  resource?: string;
}

interface ExportRequest {
  id: string;
  resource: string;
  resourceLabel: string;
  query: Record<string, unknown>;
  filters: { label: string; value: string }[];
  rowCount: number;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'used' | 'expired';
  requestedBy: string;
  requestedByName: string;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  expiresAt: string | null;
  usedAt: string | null;
  mine: boolean;
  canDecide: boolean;
  canDownload: boolean;
}

interface Page<T> {
  data: T[];
  total: number;
}

/** Sessions end after 30 idle minutes and tests move the clock by days: log in at each use. */
const as = (username: string) => t.login(username);
const asAdmin = () => Factory.asAdmin(t);
const asClerk = () => t.login(clerk.user.username, clerk.password);

type Method = 'GET' | 'POST' | 'PUT';
async function send(method: Method, url: string, cookie: string, payload?: object) {
  return t.inject({ method, url, cookie, ...(payload ? { payload } : {}) });
}

const expectProblem = (response: LightMyRequestResponse, status: number, code: string) =>
  expectChineseProblem<ExportProblem>(response, status, code);

async function setParameter(key: string, value: number) {
  ok(await send('PUT', `/api/parameters/${key}`, await as('admin'), { value }));
}

/** The customers list's total for a session and filter: what an export of the same filter holds. */
async function customerTotal(cookie: string, query = ''): Promise<number> {
  return ok<Page<unknown>>(await send('GET', `/api/customers?pageSize=1${query ? `&${query}` : ''}`, cookie)).total;
}

async function request(cookie: string, payload: { resource: string; query?: object; reason: string }) {
  return send('POST', '/api/export-requests', cookie, payload);
}

async function requested(cookie: string, query: object = {}, resource = 'customers'): Promise<ExportRequest> {
  return ok<ExportRequest>(await request(cookie, { resource, query, reason: '年底业主满意度回访名单' }), 201);
}

const decide = async (id: string, decision: 'approve' | 'reject', cookie: string, note?: string) =>
  send('POST', `/api/export-requests/${id}/${decision}`, cookie, note === undefined ? {} : { note });

const download = async (id: string, cookie: string) => send('GET', `/api/export-requests/${id}/download`, cookie);

async function listed(cookie: string, query = ''): Promise<ExportRequest[]> {
  return ok<Page<ExportRequest>>(
    await send('GET', `/api/export-requests?pageSize=200${query ? `&${query}` : ''}`, cookie),
  ).data;
}

async function stored(id: string) {
  const [row] = await t.deps.db.select().from(exportRequest).where(eq(exportRequest.id, id));
  if (!row) throw new Error(`no export request ${id}`);
  return row;
}

const fullResidentId = /\d{17}[\dX]/;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await asAdmin();
  p = { llhy: await admin.projectByCode('SH-LLHY'), bjyh: await admin.projectByCode('SH-BJYH') };
  const pd = await admin.orgByCode('SH-PD');
  const exporter = await admin.createRole({ permissions: ['customer.read', 'customer.export'] });
  clerk = await admin.activeUser({
    orgId: pd.id,
    name: '浦东客服文员',
    assignments: [{ roleId: exporter.id, scopeKind: 'org', scopeOrgId: pd.id }],
  });
});

afterAll(async () => {
  await t?.close();
});

describe('the threshold on direct exports', () => {
  it('is a business parameter, 200 rows by default', async () => {
    const parameters = ok<{ key: string; value: number; defaultValue: number; group: string }[]>(
      await send('GET', '/api/parameters', await as('admin')),
    );
    expect(parameters.find((x) => x.key === 'export.approval_threshold')).toMatchObject({
      value: 200,
      defaultValue: 200,
      group: 'export',
    });
    expect(parameters.find((x) => x.key === 'export.download_hours')).toMatchObject({ value: 24 });
    expectProblem(
      await send('PUT', '/api/parameters/export.approval_threshold', await as('admin'), { value: 0 }),
      422,
      'PARAMETER_INVALID',
    );
  });

  it('refuses an export of all customers by the administrator (more than 200) with 403 EXPORT_APPROVAL_REQUIRED', async () => {
    const cookie = await as('admin');
    const total = await customerTotal(cookie);
    expect(total).toBeGreaterThan(200);
    const response = await send('GET', '/api/customers/export', cookie);
    const problem = expectProblem(response, 403, 'EXPORT_APPROVAL_REQUIRED');
    expect(problem).toMatchObject({ rowCount: total, threshold: 200, resource: 'customers' });
    expect(problem.detail).toContain(String(total));
    expect(problem.detail).toContain('200');
    expect(problem.detail).toContain('审批');
    // Nothing was exported, so nothing was logged as an export.
    expect(await t.auditEntries(response)).toEqual([]);

    const english = await t.inject({
      method: 'GET',
      url: '/api/customers/export',
      cookie,
      headers: { 'accept-language': 'en-US' },
    });
    expect(json<Problem>(english).detail).toMatch(/approval/);
  });

  it('sends the file at once up to the threshold, exactly as before', async () => {
    const cookie = await as('supervisor');
    const total = await customerTotal(cookie);
    expect(total).toBeGreaterThan(20);
    expect(total).toBeLessThanOrEqual(200);
    const rows = await sheetRows(await send('GET', '/api/customers/export', cookie));
    expect(rows.length - 1).toBe(total);

    // Exactly at the threshold passes; one more row than the threshold does not.
    await setParameter('export.approval_threshold', total);
    const atLimit = await send('GET', '/api/customers/export', await as('supervisor'));
    expect((await sheetRows(atLimit)).length - 1).toBe(total);
    expect((await t.auditEntries(atLimit)).map((e) => e.action)).toEqual(['customer.export']);
    await setParameter('export.approval_threshold', total - 1);
    const over = expectProblem(
      await send('GET', '/api/customers/export', await as('supervisor')),
      403,
      'EXPORT_APPROVAL_REQUIRED',
    );
    expect(over).toMatchObject({ rowCount: total, threshold: total - 1 });
    // Filters that narrow the list below the threshold export directly.
    const narrowed = await customerTotal(await as('supervisor'), `projectId=${p.bjyh.id}`);
    expect(narrowed).toBeLessThan(total - 1);
    const bjyh = await sheetRows(
      await send('GET', `/api/customers/export?projectId=${p.bjyh.id}`, await as('supervisor')),
    );
    expect(bjyh.length - 1).toBe(narrowed);

    // Raised above the administrator's total, all customers export directly.
    const all = await customerTotal(await as('admin'));
    await setParameter('export.approval_threshold', all);
    expect((await sheetRows(await send('GET', '/api/customers/export', await as('admin')))).length - 1).toBe(all);
    await setParameter('export.approval_threshold', 200);
  });

  it('applies to the staff list too (names and mobiles)', async () => {
    const cookie = await as('admin');
    const staff = ok<Page<unknown>>(await send('GET', '/api/users?pageSize=1', cookie)).total;
    expect(staff).toBeGreaterThan(3);
    expect((await sheetRows(await send('GET', '/api/users/export', cookie))).length - 1).toBe(staff);
    await setParameter('export.approval_threshold', 3);
    const problem = expectProblem(
      await send('GET', '/api/users/export', await as('admin')),
      403,
      'EXPORT_APPROVAL_REQUIRED',
    );
    expect(problem).toMatchObject({ rowCount: staff, threshold: 3, resource: 'users' });
    // Lists without personal data are not held back.
    expect((await send('GET', '/api/projects/export', await as('admin'))).statusCode).toBe(200);
    expect((await send('GET', '/api/rooms/export', await as('admin'))).statusCode).toBe(200);
    await setParameter('export.approval_threshold', 200);
  });

  it('applies to the move-in register too (owners and their mobiles)', async () => {
    const cookie = await as('admin');
    const registered = ok<Page<unknown>>(await send('GET', '/api/move-ins?pageSize=1', cookie)).total;
    expect(registered).toBeGreaterThan(3);
    expect((await sheetRows(await send('GET', '/api/move-ins/export', cookie))).length - 1).toBe(registered);
    await setParameter('export.approval_threshold', 3);
    const problem = expectProblem(await send('GET', '/api/move-ins/export', cookie), 403, 'EXPORT_APPROVAL_REQUIRED');
    expect(problem).toMatchObject({ rowCount: registered, threshold: 3, resource: 'move-ins' });
    await setParameter('export.approval_threshold', 200);
  });

  it('applies to the rename requests too (old and new names)', async () => {
    const cookie = await as('admin');
    const requests = ok<Page<unknown>>(await send('GET', '/api/rename-requests?pageSize=1', cookie)).total;
    expect(requests).toBeGreaterThan(1);
    const rows = await sheetRows(await send('GET', '/api/rename-requests/export', cookie));
    expect(rows[0]?.slice(0, 3)).toEqual(['客户编号', '原名称', '新名称']);
    expect(rows.length - 1).toBe(requests);
    await setParameter('export.approval_threshold', 1);
    const problem = expectProblem(
      await send('GET', '/api/rename-requests/export', cookie),
      403,
      'EXPORT_APPROVAL_REQUIRED',
    );
    expect(problem).toMatchObject({ rowCount: requests, threshold: 1, resource: 'rename-requests' });
    await setParameter('export.approval_threshold', 200);
  });
});

describe('export requests', () => {
  it('need a reason of at least 5 characters, a known list, its filters and its export permission', async () => {
    const cookie = await as('admin');
    const invalid = async (payload: object, field: string) => {
      const problem = expectProblem(
        await send('POST', '/api/export-requests', cookie, payload),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    };
    await invalid({ resource: 'customers', query: {} }, 'reason');
    await invalid({ resource: 'customers', query: {}, reason: '  回访 ' }, 'reason');
    await invalid({ resource: 'rooms', query: {}, reason: '年底业主回访名单' }, 'resource');
    await invalid({ resource: 'customers', query: { pageSize: 10 }, reason: '年底业主回访名单' }, 'query');
    await invalid({ resource: 'customers', query: { kind: 'alien' }, reason: '年底业主回访名单' }, 'query.kind');

    // The list's own export permission: kefu and the leader may not export customers.
    for (const username of ['kefu', 'leader', 'handler']) {
      expectProblem(
        await request(await as(username), { resource: 'customers', query: {}, reason: '年底业主回访名单' }),
        403,
        'FORBIDDEN',
      );
    }
    expect(await t.deps.db.select().from(exportRequest)).toEqual([]);
  });

  it('store the filters and the row count under the requester’s scope, audited', async () => {
    const supervisor = await as('supervisor');
    const created = await send('POST', '/api/export-requests', supervisor, {
      resource: 'customers',
      query: { projectId: p.llhy.id, kind: 'person' },
      reason: '邻里花园业主年度回访',
    });
    const body = ok<ExportRequest>(created, 201);
    expect(body).toMatchObject({
      resource: 'customers',
      resourceLabel: '客户',
      query: { projectId: p.llhy.id, kind: 'person' },
      reason: '邻里花园业主年度回访',
      status: 'pending',
      requestedByName: '王海燕',
      decidedByName: null,
      expiresAt: null,
      mine: true,
      canDecide: false,
      canDownload: false,
    });
    expect(body.rowCount).toBe(await customerTotal(supervisor, `projectId=${p.llhy.id}&kind=person`));
    expect(body.filters).toEqual([
      { label: '客户类型', value: '个人' },
      { label: '项目', value: '邻里花园' },
    ]);
    const entries = await t.auditEntries(created);
    expect(entries.map((e) => [e.action, e.entityType, e.entityId, e.actorName])).toEqual([
      ['export_request.create', 'export_request', body.id, '王海燕'],
    ]);
    expect(entries[0]?.summary).toContain(`申请导出客户 ${body.rowCount} 条`);

    // The same empty filter counts differently for requesters with different scopes.
    const mine = await requested(supervisor);
    const admins = await requested(await as('admin'));
    expect(mine.rowCount).toBe(await customerTotal(supervisor));
    expect(admins.rowCount).toBe(await customerTotal(await as('admin')));
    expect(admins.rowCount).toBeGreaterThan(mine.rowCount);
  });

  it('are listed to their requester, and to approvers whose scope covers them', async () => {
    const adminRequest = await requested(await as('admin'));
    const supervisorRequest = await requested(await as('supervisor'), { projectId: p.bjyh.id });
    const clerkRequest = await requested(await asClerk());

    // The administrator's request holds all data: an approver scoped to one office does not see it.
    const bySupervisor = await listed(await as('supervisor'));
    expect(bySupervisor.map((r) => r.id)).not.toContain(adminRequest.id);
    expect(bySupervisor.find((r) => r.id === supervisorRequest.id)).toMatchObject({ mine: true, canDecide: false });
    // A request from inside 上海浦东管理处 is the supervisor's to decide.
    expect(bySupervisor.find((r) => r.id === clerkRequest.id)).toMatchObject({
      mine: false,
      canDecide: true,
      canDownload: false,
      requestedByName: '浦东客服文员',
    });
    const onlyMine = await listed(await as('supervisor'), 'mine=true');
    expect(onlyMine.length).toBeGreaterThan(0);
    expect(onlyMine.every((r) => r.mine && r.requestedByName === '王海燕')).toBe(true);

    // The leader approves with all data: it sees every request, the administrator's too.
    const byLeader = await listed(await as('leader'));
    expect(byLeader.find((r) => r.id === adminRequest.id)).toMatchObject({
      mine: false,
      canDecide: true,
      canDownload: false,
      requestedByName: '周敏',
    });
    expect(byLeader.map((r) => r.id)).toEqual(expect.arrayContaining([supervisorRequest.id, clerkRequest.id]));

    // The clerk (no export.approve) sees only its own; kefu, who exports nothing, sees nothing.
    expect((await listed(await asClerk())).map((r) => r.id)).toEqual([clerkRequest.id]);
    expect(await listed(await as('kefu'))).toEqual([]);

    const pending = await listed(await as('admin'), 'status=pending');
    expect(pending.map((r) => r.id)).toEqual(expect.arrayContaining([supervisorRequest.id, clerkRequest.id]));
    expect(pending.every((r) => r.status === 'pending')).toBe(true);
    expect(await listed(await as('admin'), 'status=used')).toEqual([]);
  });
  it('are not covered by a grant on projects: a request records an office, which runs other projects too', async () => {
    const admin = await asAdmin();
    const approver = await admin.createRole({ permissions: ['customer.read', 'export.approve'] });
    const { cookie } = await admin.activeUser({
      orgId: (await admin.orgByCode('SH-PD')).id,
      name: '邻里花园审批人',
      assignments: [{ roleId: approver.id, scopeKind: 'projects', scopeProjectIds: [p.llhy.id] }],
    });
    const officeWide = await requested(await asClerk());
    expect((await listed(cookie)).map((r) => r.id)).not.toContain(officeWide.id);
    expectProblem(await decide(officeWide.id, 'approve', cookie), 404, 'EXPORT_REQUEST_NOT_FOUND');
    expect((await listed(await as('supervisor'))).map((r) => r.id)).toContain(officeWide.id);
  });
});

describe('approval and the one download', () => {
  it('is never one’s own decision', async () => {
    const own = await requested(await as('admin'));
    expectProblem(await decide(own.id, 'approve', await as('admin')), 403, 'EXPORT_SELF_APPROVAL');
    expectProblem(await decide(own.id, 'reject', await as('admin'), '自己驳回'), 403, 'EXPORT_SELF_APPROVAL');
    const supervisors = await requested(await as('supervisor'));
    expectProblem(await decide(supervisors.id, 'approve', await as('supervisor')), 403, 'EXPORT_SELF_APPROVAL');
    const leaders = await requested(await as('leader'), {}, 'users');
    expectProblem(await decide(leaders.id, 'approve', await as('leader')), 403, 'EXPORT_SELF_APPROVAL');
    expect((await stored(own.id)).status).toBe('pending');
    expect((await stored(supervisors.id)).status).toBe('pending');
    expect((await stored(leaders.id)).status).toBe('pending');
    // Without export.approve the guard refuses before anything is looked up.
    expectProblem(await decide(own.id, 'approve', await asClerk()), 403, 'FORBIDDEN');
    expectProblem(await decide(own.id, 'approve', await as('kefu')), 403, 'FORBIDDEN');
  });

  it('lets the administrator download all customers once, masked, after the leader approves', async () => {
    const total = await customerTotal(await as('admin'));
    const req = await requested(await as('admin'));
    expect(req.rowCount).toBe(total);
    expectProblem(await download(req.id, await as('admin')), 409, 'EXPORT_NOT_APPROVED');

    // Approvers scoped to part of the organisation have no authority over all customers: 404.
    for (const username of ['supervisor', 'hz_admin']) {
      const cookie = await as(username);
      expectProblem(await decide(req.id, 'approve', cookie), 404, 'EXPORT_REQUEST_NOT_FOUND');
      expectProblem(await decide(req.id, 'reject', cookie, '无权审批'), 404, 'EXPORT_REQUEST_NOT_FOUND');
      expect((await listed(cookie)).map((r) => r.id)).not.toContain(req.id);
    }
    expect((await stored(req.id)).status).toBe('pending');

    const approval = await decide(req.id, 'approve', await as('leader'), '同意，用于年度回访');
    const approved = ok<ExportRequest>(approval);
    expect(approved).toMatchObject({
      status: 'approved',
      decidedByName: '陈志强',
      decisionNote: '同意，用于年度回访',
      canDecide: false,
      canDownload: false,
    });
    expect(approved.expiresAt).toBe(new Date(t.clock.now.getTime() + 24 * HOUR).toISOString());
    expect((await t.auditEntries(approval)).map((e) => [e.action, e.entityId, e.actorName])).toEqual([
      ['export_request.approve', req.id, '陈志强'],
    ]);
    expectProblem(await decide(req.id, 'approve', await as('leader')), 409, 'EXPORT_REQUEST_DECIDED');
    expectProblem(await decide(req.id, 'reject', await as('leader'), '改主意了'), 409, 'EXPORT_REQUEST_DECIDED');

    const mine = (await listed(await as('admin'), 'mine=true')).find((r) => r.id === req.id);
    expect(mine).toMatchObject({ status: 'approved', canDownload: true });
    // Only the requester downloads, not the approver; a scoped approver does not even find it.
    expectProblem(await download(req.id, await as('leader')), 403, 'EXPORT_NOT_REQUESTER');
    expectProblem(await download(req.id, await as('supervisor')), 404, 'EXPORT_REQUEST_NOT_FOUND');

    // A customer added since the request is in the file: the query runs again at download time.
    const mobile = mobileNumber();
    const idNumber = residentId();
    const admin = await asAdmin();
    const added = await admin.createCustomer({
      companyId: (await admin.orgByCode('SH')).id,
      name: '审批后新客户',
      mobile,
      idType: 'resident_id',
      idNumber,
    });
    const response = await download(req.id, await as('admin'));
    const rows = await sheetRows(response);
    expect(rows[0]).toEqual([
      '客户编号',
      '客户名称',
      '客户类型',
      '证件类型',
      '证件号码',
      '手机号码',
      '房间',
      '所属公司',
      '标签',
    ]);
    expect(rows.length - 1).toBe(total + 1);
    const addedRow = rows.find((r) => r[0] === added.code);
    expect(addedRow?.[1]).toBe('审批后新客户');
    expect(addedRow?.[4]).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(addedRow?.[5]).toBe(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
    // Still masked: no full mobile or resident ID anywhere in the workbook.
    const text = rows.map((r) => r.join('\t')).join('\n');
    expect(text).not.toContain(mobile);
    expect(text).not.toContain(idNumber);
    expect(hasFullMobile(text)).toBe(false);
    expect(text).not.toMatch(fullResidentId);

    const entries = await t.auditEntries(response);
    expect(entries.map((e) => [e.action, e.actorName])).toEqual([
      ['export_request.download', '周敏'],
      ['customer.export', '周敏'],
    ]);
    expect(entries[1]?.summary).toContain(`导出客户 ${total + 1} 条（脱敏）`);
    expect(entries[1]?.after).toEqual({ exportRequestId: req.id });
    expect(await stored(req.id)).toMatchObject({ status: 'used' });
    expect((await stored(req.id)).usedAt?.toISOString()).toBe(t.clock.now.toISOString());

    // Once.
    const again = expectProblem(await download(req.id, await as('admin')), 409, 'EXPORT_ALREADY_DOWNLOADED');
    expect(again.detail).toContain('下载');
    expect((await listed(await as('admin'), 'status=used')).map((r) => r.id)).toContain(req.id);
  });

  it('expires when not downloaded within the window', async () => {
    const early = await requested(await as('admin'));
    const late = await requested(await as('admin'));
    ok(await decide(early.id, 'approve', await as('leader')));
    ok(await decide(late.id, 'approve', await as('leader')));

    t.clock.advance(23 * HOUR + 59 * MINUTE);
    expect((await sheetRows(await download(early.id, await as('admin')))).length).toBeGreaterThan(200);

    t.clock.advance(2 * MINUTE);
    const expired = expectProblem(await download(late.id, await as('admin')), 410, 'EXPORT_REQUEST_EXPIRED');
    expect(expired.detail).toContain('24 小时');
    const mine = await listed(await as('admin'), 'mine=true');
    expect(mine.find((r) => r.id === late.id)).toMatchObject({ status: 'expired', canDownload: false });
    expect((await listed(await as('admin'), 'status=expired')).map((r) => r.id)).toContain(late.id);
    expect((await listed(await as('admin'), 'status=approved')).map((r) => r.id)).not.toContain(late.id);
    expect((await stored(late.id)).usedAt).toBeNull();

    // The window is a business parameter.
    await setParameter('export.download_hours', 2);
    const short = await requested(await as('admin'));
    const decided = ok<ExportRequest>(await decide(short.id, 'approve', await as('leader')));
    expect(decided.expiresAt).toBe(new Date(t.clock.now.getTime() + 2 * HOUR).toISOString());
    t.clock.advance(2 * HOUR + MINUTE);
    expect(expectProblem(await download(short.id, await as('admin')), 410, 'EXPORT_REQUEST_EXPIRED').detail).toContain(
      '2 小时',
    );
    await setParameter('export.download_hours', 24);
  });

  it('cannot download a rejected request; a rejection needs a reason', async () => {
    const req = await requested(await as('admin'));
    const noReason = expectProblem(await decide(req.id, 'reject', await as('leader')), 400, 'VALIDATION_FAILED');
    expect(noReason.errors?.map((e) => e.field)).toContain('note');
    const rejection = await decide(req.id, 'reject', await as('leader'), '用途不明确，请缩小范围');
    expect(ok<ExportRequest>(rejection)).toMatchObject({
      status: 'rejected',
      decisionNote: '用途不明确，请缩小范围',
      expiresAt: null,
    });
    expect((await t.auditEntries(rejection)).map((e) => e.action)).toEqual(['export_request.reject']);
    const refused = expectProblem(await download(req.id, await as('admin')), 409, 'EXPORT_NOT_APPROVED');
    expect(refused.detail).toContain('驳回');
    expectProblem(await decide(req.id, 'approve', await as('leader')), 409, 'EXPORT_REQUEST_DECIDED');
    expect((await stored(req.id)).status).toBe('rejected');
  });

  it('downloads under the requester’s scope and permissions at download time', async () => {
    await setParameter('export.approval_threshold', 10);
    const admin = await asAdmin();
    const pd = await admin.orgByCode('SH-PD');
    const role = await admin.createRole({ permissions: ['customer.read', 'customer.export'] });
    const { user, cookie: first } = await admin.activeUser({
      orgId: pd.id,
      name: '浦东客服组长',
      assignments: [{ roleId: role.id, scopeKind: 'org', scopeOrgId: pd.id }],
    });
    const officeTotal = await customerTotal(first);
    const req = await requested(first);
    expect(req.rowCount).toBe(officeTotal);
    ok(await decide(req.id, 'approve', await as('supervisor')));

    // Narrowed to one project after the approval: the file holds what the requester sees now.
    const narrow = async (assignments: object[]) =>
      ok(
        await send('PUT', `/api/users/${user.id}`, await as('admin'), {
          name: '浦东客服组长',
          orgId: pd.id,
          positions: [],
          assignments,
        }),
      );
    await narrow([{ roleId: role.id, scopeKind: 'projects', scopeProjectIds: [p.llhy.id] }]);
    const relogin = await t.login(user.username, 'Str0ng&Fresh-2026');
    const llhyTotal = await customerTotal(relogin);
    expect(llhyTotal).toBeLessThan(officeTotal);
    const rows = await sheetRows(await download(req.id, relogin));
    expect(rows.length - 1).toBe(llhyTotal);
    expect(rows.slice(1).every((r) => !r[6]?.includes('滨江壹号'))).toBe(true);

    // Without the export permission any more, an approved request cannot be downloaded.
    const second = await requested(relogin);
    ok(await decide(second.id, 'approve', await as('supervisor')));
    // (user.read still opens the staff export, so the refusal is the customers export's own.)
    const readOnly = await admin.createRole({ permissions: ['customer.read', 'user.read'] });
    await narrow([{ roleId: readOnly.id, scopeKind: 'projects', scopeProjectIds: [p.llhy.id] }]);
    const withoutExport = await t.login(user.username, 'Str0ng&Fresh-2026');
    expectProblem(await download(second.id, withoutExport), 403, 'FORBIDDEN');
    expect((await stored(second.id)).status).toBe('approved');
    await setParameter('export.approval_threshold', 200);
  });
});

describe('another company (IDOR)', () => {
  let shRequest: ExportRequest;
  let hzRequest: ExportRequest;
  let hzUser: UserRow;

  beforeAll(async () => {
    await setParameter('export.approval_threshold', 10);
    shRequest = await requested(await as('supervisor'), { projectId: p.llhy.id });
    hzRequest = await requested(await as('hz_admin'));
    hzUser = await (await asAdmin()).userByName('hz_admin');
  });

  afterAll(async () => {
    await setParameter('export.approval_threshold', 200);
  });

  it('hz_admin neither sees nor decides nor downloads Shanghai requests (404)', async () => {
    const hz = await as('hz_admin');
    const seen = await listed(hz);
    expect(seen.map((r) => r.id)).toContain(hzRequest.id);
    expect(seen.map((r) => r.id)).not.toContain(shRequest.id);
    // Only requests inside its own company: not even group-wide ones, which hold Shanghai data too.
    const hzCompany = await (await asAdmin()).orgByCode('HZ');
    expect((await t.deps.db.select().from(exportRequest)).some((r) => r.orgPath === '/')).toBe(true);
    for (const r of seen) {
      const path = (await stored(r.id)).orgPath;
      expect(path.includes(`/${hzCompany.id}/`), `${r.id} ${path}`).toBe(true);
    }
    expect(JSON.stringify(seen)).not.toContain('邻里花园');
    for (const status of ['pending', 'approved', 'rejected']) {
      expect((await listed(hz, `status=${status}`)).map((r) => r.id)).not.toContain(shRequest.id);
    }
    const notFound = async (response: LightMyRequestResponse) =>
      expectProblem(response, 404, 'EXPORT_REQUEST_NOT_FOUND');
    await notFound(await decide(shRequest.id, 'approve', hz));
    await notFound(await decide(shRequest.id, 'reject', hz, '越权驳回'));
    await notFound(await download(shRequest.id, hz));
    expect((await stored(shRequest.id)).status).toBe('pending');
    // The same answer as for an id that does not exist.
    const strip = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: json(r).code, detail: json(r).detail });
    expect(strip(await decide(randomUUID(), 'approve', hz))).toEqual(strip(await decide(shRequest.id, 'approve', hz)));
  });

  it('the Shanghai supervisor does not see Hangzhou requests; an all-data approver sees both', async () => {
    const supervisor = await as('supervisor');
    expect((await listed(supervisor)).map((r) => r.id)).not.toContain(hzRequest.id);
    expectProblem(await decide(hzRequest.id, 'approve', supervisor), 404, 'EXPORT_REQUEST_NOT_FOUND');
    const adminSees = (await listed(await as('admin'))).map((r) => r.id);
    expect(adminSees).toEqual(expect.arrayContaining([shRequest.id, hzRequest.id]));
    const approved = ok<ExportRequest>(await decide(hzRequest.id, 'approve', await as('admin')));
    expect(approved.requestedBy).toBe(hzUser.id);
    const rows = await sheetRows(await download(hzRequest.id, await as('hz_admin')));
    const text = rows.map((r) => r.join('\t')).join('\n');
    expect(text).toContain('西溪云庐');
    expect(text).not.toContain('邻里花园');
    expect(hasFullMobile(text)).toBe(false);
  });

  it('a group-wide request is decided only by an all-data approver, as it holds every company’s data', async () => {
    const groupWide = await requested(await as('admin'));
    for (const username of ['hz_admin', 'supervisor']) {
      const cookie = await as(username);
      expect((await listed(cookie)).map((r) => r.id)).not.toContain(groupWide.id);
      expect((await listed(cookie, 'status=pending')).map((r) => r.id)).not.toContain(groupWide.id);
      expectProblem(await decide(groupWide.id, 'approve', cookie), 404, 'EXPORT_REQUEST_NOT_FOUND');
      expectProblem(await decide(groupWide.id, 'reject', cookie, '越权驳回'), 404, 'EXPORT_REQUEST_NOT_FOUND');
    }
    expect((await stored(groupWide.id)).status).toBe('pending');
    expect((await listed(await as('leader'))).find((r) => r.id === groupWide.id)).toMatchObject({ canDecide: true });
    // Its audit entries sit at the group level: a company administrator's audit log does not list them.
    const [entry] = await t.deps.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.entityId, groupWide.id), eq(auditEntry.action, 'export_request.create')));
    expect(entry?.orgPath).toBe('/');
  });
});
