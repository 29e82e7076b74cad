import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueNode } from '../src/modules/catalogue/catalogue.table.js';
import { Factory, hasFullMobile } from './factories.js';
import { createTestApp, expectChineseProblem, expectInvalid, expectProblem, json, type TestApp } from './harness.js';
import {
  catalogueItem,
  deliveredRoom,
  expectStatus,
  orgId,
  projectId,
  type TicketSummary,
  ticketApi,
  userId,
} from './ticket-fixtures.js';

let t: TestApp;
let api: ReturnType<typeof ticketApi>;
let kefu: string;
let supervisor: string;
let admin: Factory;
let llhy: string;
let csy: string;

interface Suggestion {
  method: string | null;
  handlerKind: string | null;
  handlerUserId: string | null;
  handlerOrgId: string | null;
  contractorId: string | null;
  handlerName: string | null;
  reason: string;
  warranty: { inWarranty: boolean; contractorName: string | null; reason: string | null } | null;
}

beforeAll(async () => {
  t = await createTestApp();
  api = ticketApi(t);
  admin = await Factory.asAdmin(t);
  [kefu, supervisor] = await Promise.all([t.login('kefu'), t.login('supervisor')]);
  llhy = await projectId(t, 'SH-LLHY');
  csy = await projectId(t, 'SH-CSY');
});

afterAll(async () => {
  await t?.close();
});

async function suggest(body: object): Promise<Suggestion> {
  const response = await api.post(kefu, '/api/dispatch/suggest', body);
  expectStatus(response, 200);
  return json<Suggestion>(response);
}

describe('dispatch suggestion, in order', () => {
  it('(a) sends a defect inside the warranty to the contractor, and says why when outside', async () => {
    const room = await deliveredRoom(t, 'SH-LLHY', '1');
    const inside = await suggest({
      projectId: llhy,
      roomId: room.id,
      type: 'repair',
      catalogueItemId: await catalogueItem(t, '卫生间渗漏'),
    });
    expect(inside).toMatchObject({ method: 'warranty', handlerKind: 'contractor' });
    expect(inside.handlerName).toBe('中建八局第三建设有限公司');
    expect(inside.reason).toMatch(/保修期内/);

    // The same through a reception: the ticket goes to the contractor.
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      roomId: room.id,
      content: '卫生间渗水',
      tickets: [{ type: 'repair', catalogueItemId: await catalogueItem(t, '卫生间渗漏') }],
    });
    expect(created.tickets[0]).toMatchObject({
      state: 'dispatched',
      dispatchMethod: 'warranty',
      handlerKind: 'contractor',
      contractorId: inside.contractorId,
    });

    // Plumbing warranties of 2023 ended in 2025: the department of the item takes it (d).
    const outside = await suggest({
      projectId: llhy,
      roomId: room.id,
      type: 'repair',
      catalogueItemId: await catalogueItem(t, '管道漏水'),
    });
    expect(outside.warranty).toMatchObject({ inWarranty: false, reason: 'expired' });
    expect(outside).toMatchObject({ method: 'department', handlerKind: 'department' });
    expect(outside.handlerOrgId).toBe(await orgId(t, 'SH-PD-GC'));
    expect(outside.reason).toMatch(/已过保修期.*工程维修部/);
  });

  it('(b) follows the first matching routing rule; a category covers its subtree', async () => {
    const pipe = await catalogueItem(t, '管道漏水');
    const [item] = await t.deps.db.select().from(catalogueNode).where(eq(catalogueNode.id, pipe));
    const category = String(item?.parentId);
    const rule = await api.post(supervisor, '/api/routing-rules', {
      name: '给排水归李建国',
      priority: 50,
      projectIds: [llhy],
      catalogueNodeIds: [category],
      targetKind: 'user',
      targetUserId: await userId(t, 'handler'),
    });
    expectStatus(rule, 201);
    const byRule = await suggest({ projectId: llhy, type: 'repair', catalogueItemId: pipe });
    expect(byRule).toMatchObject({ method: 'rule', handlerKind: 'user', handlerName: '李建国' });
    expect(byRule.reason).toMatch(/给排水归李建国/);
    // A higher-priority rule wins.
    const first = await api.post(supervisor, '/api/routing-rules', {
      name: '邻里花园报修先给客服中心',
      priority: 5,
      projectIds: [llhy],
      ticketTypes: ['repair'],
      targetKind: 'department',
      targetOrgId: await orgId(t, 'SH-PD-KF'),
    });
    expectStatus(first, 201);
    expect(await suggest({ projectId: llhy, type: 'repair', catalogueItemId: pipe })).toMatchObject({
      method: 'rule',
      handlerKind: 'department',
      handlerName: '客服中心',
    });
    // Disabled, it no longer applies; deleted, it is gone.
    const id = json<{ id: string }>(first).id;
    expectStatus(
      await t.inject({
        method: 'PATCH',
        url: `/api/routing-rules/${id}`,
        cookie: supervisor,
        payload: { active: false },
      }),
      200,
    );
    expect((await suggest({ projectId: llhy, type: 'repair', catalogueItemId: pipe })).handlerName).toBe('李建国');
    expectStatus(await t.inject({ method: 'DELETE', url: `/api/routing-rules/${id}`, cookie: supervisor }), 200);
    const rules = json<{ id: string }[]>(await api.get(supervisor, '/api/routing-rules'));
    expect(rules.map((r) => r.id)).not.toContain(id);
  });

  it('(c) picks the one on duty, and by load among several (ties by name)', async () => {
    // Two new engineers of 上海闵行管理处 who work on 春申苑.
    const handlerRole = await admin.roleByCode('handler');
    const office = await orgId(t, 'SH-MH-GC');
    const make = async (name: string) =>
      (
        await admin.activeUser({
          orgId: office,
          name,
          assignments: [{ roleId: handlerRole.id, scopeKind: 'projects', scopeProjectIds: [csy] }],
        })
      ).user;
    const zhao = await make('赵工');
    const qian = await make('钱工');
    const duty = (userIdValue: string) =>
      api.post(supervisor, '/api/duties', {
        userId: userIdValue,
        projectIds: [csy],
        ticketTypes: ['repair'],
        weekdays: [1, 2, 3, 4, 5],
        startTime: '08:30',
        endTime: '17:30',
      });
    expectStatus(await duty(zhao.id), 201);
    const one = await suggest({ projectId: csy, type: 'repair' });
    expect(one).toMatchObject({ method: 'duty', handlerUserId: zhao.id });

    expectStatus(await duty(qian.id), 201);
    // Equal loads: by name (钱 before 赵 in pinyin order).
    const tie = await suggest({ projectId: csy, type: 'repair' });
    expect(tie).toMatchObject({ method: 'load' });
    const first = tie.handlerUserId;
    expect(first).toBe(qian.id);
    // The chosen one gets a ticket; the next goes to the other.
    const created = await api.reception(kefu, {
      projectId: csy,
      channel: 'phone',
      content: '春申苑报修',
      tickets: [{ type: 'repair' }],
    });
    expect(created.tickets[0]).toMatchObject({ dispatchMethod: 'load', handlerUserId: first });
    const next = await suggest({ projectId: csy, type: 'repair' });
    expect(next.method).toBe('load');
    expect(next.handlerUserId).not.toBe(first);
    expect([zhao.id, qian.id]).toContain(next.handlerUserId);

    // Out of hours (Saturday), nobody is on duty: the engineering department of the office takes it.
    t.clock.set('2026-11-28T02:00:00Z');
    kefu = await t.login('kefu');
    supervisor = await t.login('supervisor');
    const weekend = await suggest({ projectId: csy, type: 'repair' });
    expect(weekend).toMatchObject({ method: 'department', handlerOrgId: office });
  });

  it('(e) leaves the ticket new when nobody fits', async () => {
    const hzProject = await projectId(t, 'HZ-XXYL');
    const hz = await t.login('hz_admin');
    // 西溪云庐's office has no finance department.
    const response = await api.post(hz, '/api/dispatch/suggest', {
      projectId: hzProject,
      type: 'query',
      catalogueItemId: await catalogueItem(t, '发票开具'),
    });
    expectStatus(response, 200);
    expect(json<Suggestion>(response)).toMatchObject({ method: null, handlerKind: null });
  });
});

describe('dispatch and reassignment', () => {
  it('checks a manual handler, and a reassignment needs a reason', async () => {
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      content: '手工派工',
      tickets: [{ type: 'complaint', dispatch: { mode: 'none' } }],
    });
    const id = (created.tickets[0] as TicketSummary).id;
    const hzUser = await userId(t, 'hz_admin');
    const refused = expectChineseProblem(
      await api.post(kefu, `/api/tickets/${id}/dispatch`, { mode: 'manual', handlerUserId: hzUser }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
    expect(refused.errors?.[0]?.field).toBe('handlerUserId');
    // 李建国 works only on 邻里花园: fine here.
    const d = await api.act(kefu, id, 'dispatch', { mode: 'manual', handlerUserId: await userId(t, 'handler') });
    expect(d.handlerName).toBe('李建国');
    expectInvalid(await api.post(kefu, `/api/tickets/${id}/reassign`, { mode: 'manual' }), 'reason');
    // The handler transfers it (转派) to the 客服中心 with a reason.
    const handler = await t.login('handler');
    const moved = await api.act(handler, id, 'reassign', {
      handlerKind: 'department',
      handlerOrgId: await orgId(t, 'SH-PD-KF'),
      reason: '属于服务投诉，转客服中心',
    });
    expect(moved).toMatchObject({ state: 'dispatched', handlerKind: 'department', handlerName: '客服中心' });
    expect(moved.events.at(-1)).toMatchObject({ kind: 'reassigned', body: '属于服务投诉，转客服中心' });
    // No longer theirs: a second transfer is refused.
    expectChineseProblem(
      await api.post(handler, `/api/tickets/${id}/reassign`, {
        handlerUserId: await userId(t, 'kefu'),
        reason: '再转',
      }),
      403,
      'TICKET_NOT_HANDLER',
    );
  });

  it('reclassifies with new limits and the reason on the timeline', async () => {
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      content: '电梯停在两层之间',
      tickets: [{ type: 'repair', dispatch: { mode: 'none' } }],
    });
    const id = (created.tickets[0] as TicketSummary).id;
    const before = await api.detail(kefu, id);
    const d = await api.act(kefu, id, 'reclassify', {
      catalogueItemId: await catalogueItem(t, '电梯困人'),
      reason: '实为电梯困人，按特急处理',
    });
    expect(d.severity).toBe('urgent');
    expect(d.resolutionDueAt).not.toBe(before.resolutionDueAt);
    const event = d.events.at(-1);
    expect(event).toMatchObject({ kind: 'reclassified', body: '实为电梯困人，按特急处理' });
    expect(event?.data.after).toMatchObject({ clockMode: 'calendar' });
  });
});

interface Candidates {
  departments: { id: string; name: string; load: number }[];
  people: {
    id: string;
    name: string;
    pinyin: string;
    initials: string;
    orgName: string | null;
    load: number;
    onDuty: boolean;
    dutyHolder: boolean;
  }[];
  contractor: { id: string; name: string; warrantyEnd: string | null } | null;
}

describe('dispatch candidates (派工候选)', () => {
  it('lets an agent without user.read list the people and departments of the project, and dispatch by name', async () => {
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      content: '楼道灯不亮',
      tickets: [{ type: 'repair', dispatch: { mode: 'none' } }],
    });
    const id = (created.tickets[0] as TicketSummary).id;
    // The agent cannot read the staff register …
    expectStatus(await api.get(kefu, '/api/users?current=1&pageSize=10'), 403);
    // … but sees who can take this ticket.
    const response = await api.get(kefu, `/api/tickets/${id}/dispatch-candidates`);
    expectStatus(response, 200);
    const c = json<Candidates>(response);
    const li = c.people.find((p) => p.name === '李建国');
    expect(li).toMatchObject({ pinyin: 'lijianguo', initials: 'ljg' });
    expect(typeof li?.load).toBe('number');
    expect(c.departments.map((d) => d.name)).toContain('工程维修部');
    // Names only: no phone, username or e-mail anywhere.
    expect(hasFullMobile(response.body)).toBe(false);
    expect(response.body).not.toMatch(/username|mobile|email|phone/);
    // Nobody of another company, nobody whose scope misses the project.
    expect(c.people.some((p) => p.name === '赵磊')).toBe(false);
    // Each listed person is accepted by a manual dispatch.
    const d = await api.act(kefu, id, 'dispatch', { mode: 'manual', handlerKind: 'user', handlerUserId: li?.id });
    expect(d).toMatchObject({ state: 'dispatched', handlerName: '李建国' });
    // Their load counts the new ticket.
    const after = json<Candidates>(await api.get(kefu, `/api/tickets/${id}/dispatch-candidates`));
    expect(after.people.find((p) => p.id === li?.id)?.load).toBe((li?.load ?? 0) + 1);
  });

  it('lists the staff on duty first, with whether they are on duty now, and the contractor under warranty', async () => {
    const created = await api.reception(kefu, {
      projectId: csy,
      channel: 'phone',
      content: '春申苑报修',
      tickets: [{ type: 'repair', dispatch: { mode: 'none' } }],
    });
    const id = (created.tickets[0] as TicketSummary).id;
    // Weekday office hours: the duty staff of 春申苑 added above are on duty.
    t.clock.set('2026-11-26T02:00:00Z');
    kefu = await t.login('kefu');
    const c = json<Candidates>(await api.get(kefu, `/api/tickets/${id}/dispatch-candidates`));
    const onDuty = c.people.filter((p) => p.onDuty).map((p) => p.name);
    expect(onDuty.sort()).toEqual(['赵工', '钱工'].sort());
    expect(c.people.slice(0, 2).every((p) => p.onDuty)).toBe(true);
    expect(c.contractor).toBeNull();
    // Saturday: still duty holders, not on duty.
    t.clock.set('2026-11-28T02:00:00Z');
    kefu = await t.login('kefu');
    const weekend = json<Candidates>(await api.get(kefu, `/api/tickets/${id}/dispatch-candidates`));
    expect(weekend.people.filter((p) => p.dutyHolder).map((p) => p.onDuty)).toEqual([false, false]);

    const room = await deliveredRoom(t, 'SH-LLHY', '1');
    const leak = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      roomId: room.id,
      content: '卫生间渗水',
      tickets: [{ type: 'repair', catalogueItemId: await catalogueItem(t, '卫生间渗漏'), dispatch: { mode: 'none' } }],
    });
    const warranty = json<Candidates>(
      await api.get(kefu, `/api/tickets/${(leak.tickets[0] as TicketSummary).id}/dispatch-candidates`),
    );
    expect(warranty.contractor?.name).toBe('中建八局第三建设有限公司');
  });

  it("answers 404 for another company's ticket, 403 without ticket.dispatch", async () => {
    const hz = await t.login('hz_admin');
    const created = await api.reception(hz, {
      projectId: await projectId(t, 'HZ-XXYL'),
      channel: 'phone',
      content: '杭州报修',
      tickets: [{ type: 'repair', dispatch: { mode: 'none' } }],
    });
    const id = (created.tickets[0] as TicketSummary).id;
    expectProblem(await api.get(kefu, `/api/tickets/${id}/dispatch-candidates`), 404, 'TICKET_NOT_FOUND');
    const mine = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      content: '本公司',
      tickets: [{ type: 'repair', dispatch: { mode: 'none' } }],
    });
    const handler = await t.login('handler');
    expectStatus(
      await api.get(handler, `/api/tickets/${(mine.tickets[0] as TicketSummary).id}/dispatch-candidates`),
      403,
    );
  });
});

describe('rules and duties: validation and scope', () => {
  it('refuses targets outside the company, bad times and weekdays', async () => {
    expectChineseProblem(
      await api.post(supervisor, '/api/routing-rules', {
        name: '杭州的人',
        targetKind: 'user',
        targetUserId: await userId(t, 'hz_admin'),
      }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
    expectChineseProblem(
      await api.post(supervisor, '/api/routing-rules', { name: '缺目标', targetKind: 'department' }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
    const kefuId = await userId(t, 'kefu');
    expectInvalid(await api.post(supervisor, '/api/duties', { userId: kefuId, startTime: '25:00' }), 'startTime');
    expectInvalid(await api.post(supervisor, '/api/duties', { userId: kefuId, weekdays: [8] }), 'weekdays.0');
    expectChineseProblem(
      await api.post(supervisor, '/api/duties', { userId: kefuId, startTime: '18:00', endTime: '09:00' }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
    expectChineseProblem(
      await api.post(supervisor, '/api/duties', { userId: kefuId, department: 'no_such' }),
      422,
      'DICTIONARY_CODE_INVALID',
    );
    // Hangzhou sees none of Shanghai's, and cannot touch them.
    const hz = await t.login('hz_admin');
    const created = json<{ id: string }>(await api.post(supervisor, '/api/duties', { userId: kefuId }));
    expect(json<{ id: string }[]>(await api.get(hz, '/api/duties')).map((d) => d.id)).not.toContain(created.id);
    expectProblem(
      await t.inject({ method: 'DELETE', url: `/api/duties/${created.id}`, cookie: hz }),
      404,
      'DUTY_NOT_FOUND',
    );
  });

  it('keeps saved views per user', async () => {
    const view = await api.post(kefu, '/api/ticket-views', { name: '我的超时工单', filters: { overdue: 'true' } });
    expectStatus(view, 201);
    expectProblem(
      await api.post(kefu, '/api/ticket-views', { name: '我的超时工单', filters: {} }),
      409,
      'TICKET_VIEW_NAME_TAKEN',
    );
    const id = json<{ id: string }>(view).id;
    expectProblem(
      await t.inject({ method: 'DELETE', url: `/api/ticket-views/${id}`, cookie: supervisor }),
      404,
      'TICKET_VIEW_NOT_FOUND',
    );
    expect(json<unknown[]>(await api.get(supervisor, '/api/ticket-views'))).toEqual([]);
    expectStatus(await t.inject({ method: 'DELETE', url: `/api/ticket-views/${id}`, cookie: kefu }), 200);
  });
});
