import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketEvent } from '../src/modules/ticket/ticket.table.js';
import { Factory } from './factories.js';
import {
  createTestApp,
  expectChineseProblem,
  expectInvalid,
  expectProblem,
  hasChinese,
  ok,
  type Page,
  type Problem,
  sheetRows,
  type TestApp,
} from './harness.js';
import { insertTicket } from './ticket-fixtures.js';

interface Step {
  step: number;
  roleCode: string;
  roleName: string;
  decision: 'approved' | 'rejected' | null;
  approverName: string | null;
}
interface Compensation {
  id: string;
  publicNo: string;
  amountFen: number;
  state: string;
  currentStep: number;
  steps: Step[];
  canDecide: boolean;
  canWithdraw: boolean;
}
interface Tiers {
  companyId: string | null;
  inherited: boolean;
  tiers: { maxAmountFen: number | null; roleCodes: string[] }[];
}

let t: TestApp;
const cookies: Record<string, string> = {};
let llhyTicket: string;
let shCompanyId: string;

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['admin', 'kefu', 'supervisor', 'pm', 'leader', 'handler', 'hz_admin']) cookies[u] = await t.login(u);
  llhyTicket = (await insertTicket(t, { projectCode: 'SH-LLHY', title: '装修噪音投诉处理不力' })).id;
  shCompanyId = (await (await Factory.asAdmin(t)).orgByCode('SH')).id;
});
afterAll(async () => {
  await t?.close();
});

const as = (user: string) => cookies[user] as string;

async function request(
  user: string,
  amountFen: unknown,
  reason = '维修延误造成地板泡水，协商赔偿',
  ticketId = llhyTicket,
) {
  return t.inject({
    method: 'POST',
    url: `/api/tickets/${ticketId}/compensations`,
    cookie: as(user),
    payload: { amountFen, reason },
  });
}

async function decide(user: string, id: string, decision: 'approved' | 'rejected', comment?: string) {
  return t.inject({
    method: 'POST',
    url: `/api/compensations/${id}/decide`,
    cookie: as(user),
    payload: { decision, ...(comment ? { comment } : {}) },
  });
}

describe('approval tiers', () => {
  it('gives the company the group defaults until it sets its own', async () => {
    const tiers = ok<Tiers>(await t.inject({ method: 'GET', url: '/api/compensation-tiers', cookie: as('kefu') }));
    expect(tiers.inherited).toBe(true);
    expect(tiers.companyId).toBe(shCompanyId);
    expect(tiers.tiers.map((x) => [x.maxAmountFen, x.roleCodes])).toEqual([
      [50_000, ['supervisor']],
      [500_000, ['supervisor', 'project_manager']],
      [null, ['supervisor', 'project_manager', 'leadership']],
    ]);
  });

  it('reads and sets the tiers of a chosen company, only within the caller’s reach', async () => {
    const admin = await Factory.asAdmin(t);
    const hzCompanyId = (await admin.orgByCode('HZ')).id;
    const get = (user: string, query = '') =>
      t.inject({ method: 'GET', url: `/api/compensation-tiers${query}`, cookie: as(user) });
    // Admin sees both companies and the group.
    expect(ok<Tiers>(await get('admin', `?companyId=${hzCompanyId}`))).toMatchObject({
      companyId: hzCompanyId,
      companyName: '邻里物业杭州公司',
      inherited: true,
    });
    expect(ok<Tiers>(await get('admin'))).toMatchObject({ companyId: null, inherited: false });
    // 上海's agent cannot read 杭州's; a project office is not a company; a bad id is a 400.
    expectChineseProblem(await get('kefu', `?companyId=${hzCompanyId}`), 404, 'ORG_NOT_FOUND');
    expectChineseProblem(await get('admin', `?companyId=${(await admin.orgByCode('SH-PD')).id}`), 404, 'ORG_NOT_FOUND');
    expectInvalid(await get('admin', '?companyId=hangzhou'), 'companyId');
    // Setting: 杭州's administrator sets 杭州's, not 上海's; it leaves 上海 on the group's.
    const put = (user: string, companyId: string) =>
      t.inject({
        method: 'PUT',
        url: '/api/compensation-tiers',
        cookie: as(user),
        payload: { companyId, tiers: [{ maxAmountFen: null, roleCodes: ['supervisor'] }] },
      });
    expectChineseProblem(await put('hz_admin', shCompanyId), 404, 'ORG_NOT_FOUND');
    expect(ok<Tiers>(await put('hz_admin', hzCompanyId))).toMatchObject({ companyId: hzCompanyId, inherited: false });
    expect(ok<Tiers>(await get('kefu')).inherited).toBe(true);
    // Back to the group's for the next tests.
    ok(
      await t.inject({
        method: 'PUT',
        url: '/api/compensation-tiers',
        cookie: as('admin'),
        payload: { companyId: hzCompanyId, tiers: [] },
      }),
    );
    expect(ok<Tiers>(await get('admin', `?companyId=${hzCompanyId}`)).inherited).toBe(true);
  });

  it('picks the chain at the boundaries: exactly ¥500 is the first tier, one fen more the second', async () => {
    const chain = async (fen: number) => ok<Compensation>(await request('kefu', fen), 201).steps.map((s) => s.roleCode);
    expect(await chain(50_000)).toEqual(['supervisor']);
    expect(await chain(50_001)).toEqual(['supervisor', 'project_manager']);
    expect(await chain(500_000)).toEqual(['supervisor', 'project_manager']);
    expect(await chain(500_001)).toEqual(['supervisor', 'project_manager', 'leadership']);
  });

  it('refuses tiers out of order, open-ended in the middle, or naming unknown roles', async () => {
    const put = (tiers: unknown, companyId: string | null = shCompanyId, user = 'admin') =>
      t.inject({ method: 'PUT', url: '/api/compensation-tiers', cookie: as(user), payload: { companyId, tiers } });
    expectChineseProblem(
      await put([
        { maxAmountFen: 100_000, roleCodes: ['supervisor'] },
        { maxAmountFen: 50_000, roleCodes: ['supervisor'] },
        { maxAmountFen: null, roleCodes: ['leadership'] },
      ]),
      422,
      'COMPENSATION_TIERS_INVALID',
    );
    expectChineseProblem(
      await put([
        { maxAmountFen: null, roleCodes: ['supervisor'] },
        { maxAmountFen: null, roleCodes: ['leadership'] },
      ]),
      422,
      'COMPENSATION_TIERS_INVALID',
    );
    expectChineseProblem(
      await put([{ maxAmountFen: 1000, roleCodes: ['supervisor'] }]),
      422,
      'COMPENSATION_TIERS_INVALID',
    );
    const unknown = expectChineseProblem(
      await put([{ maxAmountFen: null, roleCodes: ['chairman'] }]),
      422,
      'COMPENSATION_TIERS_INVALID',
    );
    expect(unknown.detail).toContain('chairman');
    expectInvalid(await put([{ maxAmountFen: null, roleCodes: [] }]), 'tiers.0.roleCodes');
    // A project office's supervisor changes neither the group's defaults nor the company's.
    expectChineseProblem(
      await put([{ maxAmountFen: null, roleCodes: ['supervisor'] }], null, 'supervisor'),
      403,
      'GROUP_SETTING',
    );
    expectChineseProblem(
      await put([{ maxAmountFen: null, roleCodes: ['supervisor'] }], shCompanyId, 'supervisor'),
      403,
      'COMPENSATION_TIERS_SCOPE',
    );
  });

  it('uses the company’s own tiers once set, and the group’s again when they are removed', async () => {
    const put = (tiers: unknown) =>
      t.inject({
        method: 'PUT',
        url: '/api/compensation-tiers',
        cookie: as('admin'),
        payload: { companyId: shCompanyId, tiers },
      });
    const own = ok<Tiers>(
      await put([
        { maxAmountFen: 20_000, roleCodes: ['supervisor'] },
        { maxAmountFen: null, roleCodes: ['supervisor', 'leadership'] },
      ]),
    );
    expect(own.inherited).toBe(false);
    expect(ok<Compensation>(await request('kefu', 30_000), 201).steps.map((s) => s.roleCode)).toEqual([
      'supervisor',
      'leadership',
    ]);
    expect(ok<Tiers>(await put([])).inherited).toBe(true);
    expect(ok<Compensation>(await request('kefu', 30_000), 201).steps.map((s) => s.roleCode)).toEqual(['supervisor']);
  });
});

describe('amounts in fen', () => {
  it.each([
    ['decimals', 800.5],
    ['negative', -100],
    ['zero', 0],
    ['too large', 10_000_001],
    ['text', '800'],
  ])('refuses %s with a Chinese message', async (_, amount) => {
    const problem = expectInvalid(await request('kefu', amount), 'amountFen');
    expect(problem.errors?.[0]?.message).toMatch(hasChinese);
  });

  it('creates once per Idempotency-Key: a retry gets the same request, another body with the key is refused', async () => {
    const send = (amountFen: number) =>
      t.inject({
        method: 'POST',
        url: `/api/tickets/${llhyTicket}/compensations`,
        cookie: as('kefu'),
        headers: { 'idempotency-key': 'pf-retry-1' },
        payload: { amountFen, reason: '网络重试' },
      });
    const first = ok<Compensation>(await send(6_600), 201);
    const again = await send(6_600);
    expect(ok<Compensation>(again, 201).id).toBe(first.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expectProblem(await send(6_700), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('takes the largest allowed amount', async () => {
    expect(ok<Compensation>(await request('kefu', 10_000_000), 201).amountFen).toBe(10_000_000);
  });
});

describe('step-by-step approval', () => {
  it('goes 客服主管 → 项目经理 for ¥800, each by the right role only, on the ticket’s timeline', async () => {
    const created = ok<Compensation>(await request('kefu', 80_000), 201);
    expect(created.publicNo).toMatch(/^PF-20261124-\d{4}$/);
    expect(created.state).toBe('pending');
    expect(created.canWithdraw).toBe(true);
    // Not the project manager's turn yet, and not the leader's at all; kefu may not approve.
    expectChineseProblem(await decide('pm', created.id, 'approved'), 403, 'COMPENSATION_NOT_YOUR_STEP');
    expectChineseProblem(await decide('leader', created.id, 'approved'), 403, 'COMPENSATION_NOT_YOUR_STEP');
    expectProblem(await decide('kefu', created.id, 'approved'), 403, 'FORBIDDEN');
    const awaitingPm = async () =>
      ok<Page<Compensation>>(
        await t.inject({ method: 'GET', url: '/api/compensations?awaitingMe=true', cookie: as('pm') }),
      ).data.map((c) => c.id);
    expect(await awaitingPm()).not.toContain(created.id);
    const awaitingSupervisor = ok<Page<Compensation>>(
      await t.inject({
        method: 'GET',
        url: '/api/compensations?awaitingMe=true&pageSize=100',
        cookie: as('supervisor'),
      }),
    );
    expect(awaitingSupervisor.data.find((c) => c.id === created.id)?.canDecide).toBe(true);

    const step1 = ok<Compensation>(await decide('supervisor', created.id, 'approved', '情况属实'));
    expect([step1.state, step1.currentStep]).toEqual(['pending', 1]);
    expect(step1.steps[0]).toMatchObject({ decision: 'approved', approverName: '王海燕' });
    expectChineseProblem(await decide('supervisor', created.id, 'approved'), 403, 'COMPENSATION_NOT_YOUR_STEP');
    expect(await awaitingPm()).toContain(created.id);

    const step2 = ok<Compensation>(await decide('pm', created.id, 'approved'));
    expect(step2.state).toBe('approved');
    expect(step2.steps.map((s) => [s.roleName, s.decision, s.approverName])).toEqual([
      ['客服主管', 'approved', '王海燕'],
      ['项目经理', 'approved', '孙立伟'],
    ]);
    expectChineseProblem(await decide('pm', created.id, 'rejected'), 409, 'COMPENSATION_DECIDED');

    const notes = await t.deps.db
      .select()
      .from(ticketEvent)
      .where(and(eq(ticketEvent.ticketId, llhyTicket), sql`${ticketEvent.data}->>'compensationId' = ${created.id}`));
    expect(notes.map((n) => [n.kind, n.visibility, (n.data as { action: string }).action])).toEqual([
      ['note', 'internal', 'requested'],
      ['note', 'internal', 'decided'],
      ['note', 'internal', 'decided'],
    ]);
  });

  it('never lets the requester decide, and a rejection ends the chain', async () => {
    const own = ok<Compensation>(await request('supervisor', 20_000), 201);
    expect(own.canDecide).toBe(false);
    expectChineseProblem(await decide('supervisor', own.id, 'approved'), 403, 'COMPENSATION_SELF_APPROVAL');
    const other = ok<Compensation>(await request('kefu', 90_000), 201);
    const rejected = ok<Compensation>(await decide('supervisor', other.id, 'rejected', '责任不在物业'));
    expect(rejected.state).toBe('rejected');
    expectChineseProblem(await decide('pm', other.id, 'approved'), 409, 'COMPENSATION_DECIDED');
  });

  it('hides the request from those outside the project, who cannot decide it either', async () => {
    const created = ok<Compensation>(await request('kefu', 10_000), 201);
    expectProblem(await decide('hz_admin', created.id, 'approved'), 404, 'COMPENSATION_NOT_FOUND');
    expectProblem(
      await t.inject({ method: 'GET', url: `/api/compensations/${created.id}`, cookie: as('hz_admin') }),
      404,
      'COMPENSATION_NOT_FOUND',
    );
    const hzTicket = await insertTicket(t, { projectCode: 'HZ-XXYL', owner: 'hz_admin' });
    expectProblem(await request('kefu', 100, '越权', hzTicket.id), 404, 'TICKET_NOT_FOUND');
  });

  it('is withdrawn by its requester while pending, and paid once approved', async () => {
    const created = ok<Compensation>(await request('kefu', 30_000), 201);
    expectChineseProblem(
      await t.inject({ method: 'POST', url: `/api/compensations/${created.id}/withdraw`, cookie: as('supervisor') }),
      403,
      'COMPENSATION_NOT_REQUESTER',
    );
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: `/api/compensations/${created.id}/paid`,
        cookie: as('supervisor'),
        payload: { paymentNote: '转账' },
      }),
      409,
      'COMPENSATION_NOT_APPROVED',
    );
    const withdrawn = ok<Compensation>(
      await t.inject({ method: 'POST', url: `/api/compensations/${created.id}/withdraw`, cookie: as('kefu') }),
    );
    expect(withdrawn.state).toBe('withdrawn');
    expectChineseProblem(
      await t.inject({ method: 'POST', url: `/api/compensations/${created.id}/withdraw`, cookie: as('kefu') }),
      409,
      'COMPENSATION_NOT_PENDING',
    );

    const small = ok<Compensation>(await request('kefu', 12_345), 201);
    ok(await decide('supervisor', small.id, 'approved'));
    const paid = ok<Compensation>(
      await t.inject({
        method: 'POST',
        url: `/api/compensations/${small.id}/paid`,
        cookie: as('supervisor'),
        payload: { paymentNote: '抵扣 12 月物业费' },
      }),
    );
    expect(paid.state).toBe('paid');
  });
});

describe('ledger and export', () => {
  it('sums per project: approved (with paid), paid and pending, in fen', async () => {
    const ticket = (await insertTicket(t, { projectCode: 'SH-BJYH' })).id;
    const a = ok<Compensation>(await request('kefu', 40_000, '电梯停运补偿', ticket), 201);
    const b = ok<Compensation>(await request('kefu', 25_050, '车位被占补偿', ticket), 201);
    ok<Compensation>(await request('kefu', 10_000, '撤回的', ticket), 201);
    ok(await decide('supervisor', a.id, 'approved'));
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/compensations/${a.id}/paid`,
        cookie: as('supervisor'),
        payload: { paymentNote: '银行转账' },
      }),
    );
    const ledger = ok<{
      year: number;
      projects: { projectName: string; count: number; approvedFen: number; paidFen: number; pendingFen: number }[];
    }>(await t.inject({ method: 'GET', url: '/api/compensations/ledger?year=2026', cookie: as('kefu') }));
    expect(ledger.year).toBe(2026);
    expect(ledger.projects.find((p) => p.projectName === '滨江壹号')).toEqual(
      expect.objectContaining({ count: 3, approvedFen: 40_000, paidFen: 40_000, pendingFen: 35_050 }),
    );
    expect(b.state).toBe('pending');
    const empty = ok<{ projects: unknown[] }>(
      await t.inject({ method: 'GET', url: '/api/compensations/ledger?year=2025', cookie: as('kefu') }),
    );
    expect(empty.projects).toEqual([]);
    expect(
      ok<{ projects: unknown[] }>(
        await t.inject({ method: 'GET', url: '/api/compensations/ledger', cookie: as('hz_admin') }),
      ).projects,
    ).toEqual([]);
  });

  it('exports amounts as ¥ with two decimals and neutralises formulas', async () => {
    ok(await request('kefu', 123_456, '=HYPERLINK("http://x","点我")'), 201);
    const rows = await sheetRows(
      await t.inject({ method: 'GET', url: '/api/compensations/export?state=pending', cookie: as('supervisor') }),
    );
    expect(rows[0]).toEqual(expect.arrayContaining(['赔付编号', '金额', '审批链']));
    const amount = rows[0]?.indexOf('金额') ?? -1;
    const reason = rows[0]?.indexOf('原因') ?? -1;
    const row = rows.find((r) => r[amount] === '¥1,234.56');
    expect(row?.[reason]).toBe('\'=HYPERLINK("http://x","点我")');
    expect(rows.slice(1).every((r) => /^¥[\d,]+\.\d{2}$/.test(r[amount] ?? ''))).toBe(true);
    // handler holds no ticket.export.
    const refused = await t.inject({ method: 'GET', url: '/api/compensations/export', cookie: as('handler') });
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as Problem).code).toBe('FORBIDDEN');
  });
});
