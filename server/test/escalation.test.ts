import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pauseClocks } from '../src/modules/ticket/ticket.sla.js';
import { sweepDue } from '../src/modules/ticket/ticket.sweep.js';
import { notification, slaTimer, ticket, ticketEscalation, ticketEvent } from '../src/modules/ticket/ticket.table.js';
import { Factory } from './factories.js';
import { createTestApp, expectChineseProblem, expectInvalid, ok, type TestApp } from './harness.js';
import { createTicket, reload, userId } from './ticket-fixtures.js';

let t: TestApp;
let admin: Factory;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await Factory.asAdmin(t);
  cookie = await t.login('admin');
});

afterAll(async () => {
  await t?.close();
});

beforeEach(async () => {
  // Nothing pending from earlier tests; sessions stay fresh whatever the clock did.
  await sweepDue(t.deps, new Date('2035-01-01T00:00:00Z'), { limit: 10_000 });
  t.clock.set('2026-11-24T01:30:00Z');
  cookie = await t.login('admin');
});

interface Policy {
  id: string;
  name: string;
  companyId: string | null;
  ticketType: string | null;
  editable: boolean;
  levels: {
    level: number;
    name: string;
    afterMinutes: number;
    roleCode: string | null;
    roleName: string | null;
    users: { name: string }[];
  }[];
}

const rung = (level: number, afterMinutes: number, roleCode = 'supervisor') => ({
  level,
  name: `第${level}级`,
  afterMinutes,
  targetKind: 'role',
  roleCode,
});
const policyBody = (extra: Record<string, unknown> = {}) => ({
  name: '测试升级规则',
  companyId: null,
  ticketType: 'praise',
  active: true,
  levels: [rung(1, 0), rung(2, 60, 'project_manager')],
  ...extra,
});

describe('escalation policies (升级规则)', () => {
  it('lists the seeded group ladders and the built-in default', async () => {
    const list = ok<Policy[]>(await t.inject({ method: 'GET', url: '/api/escalation-policies', cookie }));
    const standard = list.find((p) => p.name === '集团标准升级规则');
    expect(standard).toMatchObject({ companyId: null, ticketType: null, editable: true });
    expect(standard?.levels.map((l) => [l.level, l.name, l.afterMinutes, l.roleCode])).toEqual([
      [1, '客服主管', 0, 'supervisor'],
      [2, '项目经理', 240, 'project_manager'],
      [3, '公司客服负责人', 480, 'service_head'],
      [4, '公司领导', 960, 'leadership'],
    ]);
    const complaints = list.find((p) => p.name === '投诉从严升级规则');
    expect(complaints?.ticketType).toBe('complaint');
    expect(complaints?.levels.map((l) => l.afterMinutes)).toEqual([0, 120, 240, 480]);
    const fallback = ok<{ levels: Policy['levels'] }>(
      await t.inject({ method: 'GET', url: '/api/escalation-policies/default', cookie }),
    );
    expect(fallback.levels.map((l) => l.roleName)).toEqual(['客服主管', '项目经理', '公司客服负责人', '公司领导']);
  });

  it('creates, changes and deletes a policy, audited', async () => {
    const created = await t.inject({ method: 'POST', url: '/api/escalation-policies', cookie, payload: policyBody() });
    const policy = ok<Policy>(created, 201);
    expect(policy.levels.map((l) => l.roleName)).toEqual(['客服主管', '项目经理']);
    expect((await t.auditEntries(created)).map((a) => a.action)).toEqual(['escalation_policy.create']);
    const kefu = await userId(t, 'kefu');
    const changed = ok<Policy>(
      await t.inject({
        method: 'PUT',
        url: `/api/escalation-policies/${policy.id}`,
        cookie,
        payload: policyBody({
          name: '表扬跟进',
          levels: [{ level: 1, name: '受理客服', afterMinutes: 30, targetKind: 'users', userIds: [kefu] }],
        }),
      }),
    );
    expect(changed.name).toBe('表扬跟进');
    expect(changed.levels).toHaveLength(1);
    expect(changed.levels[0]?.users.map((u) => u.name)).toHaveLength(1);
    const removed = await t.inject({ method: 'DELETE', url: `/api/escalation-policies/${policy.id}`, cookie });
    ok(removed);
    expect((await t.auditEntries(removed)).map((a) => a.action)).toEqual(['escalation_policy.delete']);
    expectChineseProblem(
      await t.inject({ method: 'DELETE', url: `/api/escalation-policies/${policy.id}`, cookie }),
      404,
      'ESCALATION_POLICY_NOT_FOUND',
    );
  });

  it('refuses levels that skip, go backwards, name an unknown role or unknown users', async () => {
    const post = (payload: object) => t.inject({ method: 'POST', url: '/api/escalation-policies', cookie, payload });
    let p = expectChineseProblem(
      await post(policyBody({ levels: [rung(1, 0), rung(3, 60)] })),
      422,
      'ESCALATION_LEVELS_INVALID',
    );
    expect(p.detail).toContain('连续');
    p = expectChineseProblem(
      await post(policyBody({ levels: [rung(1, 120), rung(2, 60)] })),
      422,
      'ESCALATION_LEVELS_INVALID',
    );
    expect(p.detail).toContain('第 2 级');
    p = expectChineseProblem(
      await post(policyBody({ levels: [rung(1, 0, 'no_such_role')] })),
      422,
      'ESCALATION_ROLE_UNKNOWN',
    );
    expect(p.detail).toContain('no_such_role');
    expectChineseProblem(
      await post(
        policyBody({
          levels: [{ level: 1, name: '某人', afterMinutes: 0, targetKind: 'users', userIds: [crypto.randomUUID()] }],
        }),
      ),
      422,
      'ESCALATION_USERS_INVALID',
    );
    expectInvalid(await post(policyBody({ levels: [rung(1, -5)] })), 'levels.0.afterMinutes');
    expectInvalid(await post(policyBody({ levels: [] })), 'levels');
    expectInvalid(await post({ ...policyBody(), extra: 1 }), '');
  });

  it('lets only all-data staff change group ladders, and a company’s only those covering the company', async () => {
    const supervisor = await t.login('supervisor');
    expectChineseProblem(
      await t.inject({ method: 'POST', url: '/api/escalation-policies', cookie: supervisor, payload: policyBody() }),
      403,
      'GROUP_SETTING',
    );
    const sh = await admin.orgByCode('SH');
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: '/api/escalation-policies',
        cookie: supervisor,
        payload: policyBody({ companyId: sh.id }),
      }),
      403,
      'ESCALATION_COMPANY_SCOPE',
    );
    // 上海公司's own policy: the supervisor of 浦东 sees it (not editable), 杭州's administrator does not.
    const shPolicy = ok<Policy>(
      await t.inject({
        method: 'POST',
        url: '/api/escalation-policies',
        cookie,
        payload: policyBody({ companyId: sh.id, name: '上海公司表扬' }),
      }),
      201,
    );
    const seen = ok<Policy[]>(await t.inject({ method: 'GET', url: '/api/escalation-policies', cookie: supervisor }));
    expect(seen.find((p) => p.id === shPolicy.id)?.editable).toBe(false);
    const hz = await t.login('hz_admin');
    const hzList = ok<Policy[]>(await t.inject({ method: 'GET', url: '/api/escalation-policies', cookie: hz }));
    expect(hzList.map((p) => p.id)).not.toContain(shPolicy.id);
    expect(hzList.map((p) => p.name)).toContain('集团标准升级规则');
    expectChineseProblem(
      await t.inject({
        method: 'PUT',
        url: `/api/escalation-policies/${shPolicy.id}`,
        cookie: hz,
        payload: policyBody(),
      }),
      404,
      'ESCALATION_POLICY_NOT_FOUND',
    );
    ok(await t.inject({ method: 'DELETE', url: `/api/escalation-policies/${shPolicy.id}`, cookie }));
  });
});

// ── escalations fired by the sweep ────────────────────────────────────────

async function escalationEvents(ticketId: string) {
  const rows = await t.deps.db
    .select()
    .from(ticketEvent)
    .where(and(eq(ticketEvent.ticketId, ticketId), eq(ticketEvent.kind, 'escalated')));
  return rows
    .map((r) => r.data as { level: number; levelName: string; recipients: string[]; senior: boolean })
    .sort((a, b) => a.level - b.level);
}
async function escalationTimer(ticketId: string, level: number): Promise<Date> {
  const [row] = await t.deps.db
    .select()
    .from(slaTimer)
    .where(and(eq(slaTimer.ticketId, ticketId), eq(slaTimer.kind, 'escalation'), eq(slaTimer.level, level)));
  if (!row?.fireAt) throw new Error(`no escalation ${level}`);
  return row.fireAt;
}
async function notified(username: string, ticketId: string) {
  const rows = await t.deps.db
    .select()
    .from(notification)
    .where(and(eq(notification.userId, await userId(t, username)), eq(notification.ticketId, ticketId)));
  return rows.filter((n) => n.kind === 'escalated').map((n) => n.title);
}

describe('escalation, level by level', () => {
  let people: { pm: string; pmName: string; head: string; headName: string; hzPm: string };

  beforeAll(async () => {
    const hz = await admin.orgByCode('HZ');
    const hzProject = (await admin.projects()).find((p) => p.companyId === hz.id);
    const pmRole = await admin.roleByCode('project_manager');
    const hzPm = await admin.createUser({
      orgId: hz.id,
      name: '钱杭州',
      assignments: [{ roleId: pmRole.id, scopeKind: 'projects', scopeProjectIds: [hzProject?.id] }],
    });
    people = {
      // The demo's 项目经理 of 上海浦东管理处 (邻里花园 is one of its projects).
      pm: 'pm',
      pmName: '孙立伟',
      // The demo's 公司客服负责人 of 上海公司.
      head: 'kfhead',
      headName: '赵静',
      hzPm: hzPm.user.username,
    };
  });

  it('climbs 客服主管 → 项目经理 → 公司客服负责人 → 公司领导, each told once, none outside the project', async () => {
    const tk = await createTicket(t, { responseMinutes: null, resolutionMinutes: 480 });
    // 邻里花园's calendar: the deadline is Wednesday 09:30; the rungs 0, 4, 8 and 16 business hours later.
    const times = [1, 2, 3, 4].map((level) => escalationTimer(tk.id, level));
    const at = await Promise.all(times);
    expect(at.map((d) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16))).toEqual([
      '2026-11-25T09:30',
      '2026-11-25T14:30',
      '2026-11-26T09:30',
      '2026-11-27T09:30',
    ]);
    const expected = [
      { level: 1, levelName: '客服主管', who: 'supervisor' },
      { level: 2, levelName: '项目经理', who: people.pm },
      { level: 3, levelName: '公司客服负责人', who: people.head },
      { level: 4, levelName: '公司领导', who: 'leader' },
    ];
    for (const [i, step] of expected.entries()) {
      t.clock.set(at[i] as Date);
      await sweepDue(t.deps, t.clock.now);
      await sweepDue(t.deps, t.clock.now); // repeating changes nothing
      const row = await reload(t, tk.id);
      expect(row).toMatchObject({ escalationLevel: step.level, escalationCount: step.level });
      const events = await escalationEvents(tk.id);
      expect(events).toHaveLength(step.level);
      // The fourth escalation in the ticket's life is also reported to senior leadership.
      expect(events[i]).toMatchObject({ level: step.level, levelName: step.levelName, senior: step.level === 4 });
      const titles = await notified(step.who, tk.id);
      expect(titles).toEqual([`工单 ${tk.publicNo} 超时未办结，已升级至第 ${step.level} 级（${step.levelName}）`]);
    }
    const events = await escalationEvents(tk.id);
    expect(events[1]?.recipients).toEqual([people.pmName]);
    expect(events[2]?.recipients).toEqual([people.headName]);
    // 杭州's project manager holds the role but not this project.
    expect(await notified(people.hzPm, tk.id)).toEqual([]);
    // The handler is not on the ladder.
    expect(await notified('handler', tk.id)).toEqual([]);
  });

  it('also tells senior leadership from the fourth escalation in a ticket’s life', async () => {
    const tk = await createTicket(t, { responseMinutes: null });
    // Three escalations in earlier rounds.
    await t.deps.db.update(ticket).set({ escalationCount: 3 }).where(eq(ticket.id, tk.id));
    t.clock.set(await escalationTimer(tk.id, 1));
    await sweepDue(t.deps, t.clock.now);
    const [first] = await escalationEvents(tk.id);
    expect(first).toMatchObject({ level: 1, senior: true });
    const [escalation] = await t.deps.db.select().from(ticketEscalation).where(eq(ticketEscalation.ticketId, tk.id));
    expect(escalation?.senior).toBe(true);
    expect(escalation?.recipientIds).toContain(await userId(t, 'leader'));
    expect(escalation?.recipientIds).toContain(await userId(t, 'supervisor'));
    expect(await notified('leader', tk.id)).toHaveLength(1);
    const [event] = await t.deps.db
      .select()
      .from(ticketEvent)
      .where(and(eq(ticketEvent.ticketId, tk.id), eq(ticketEvent.kind, 'escalated')));
    expect(event?.body).toContain('已累计升级 4 次，同时报集团领导');
  });

  it('fires an escalation at most once even if its timer were to run again', async () => {
    const tk = await createTicket(t, { responseMinutes: null });
    t.clock.set(await escalationTimer(tk.id, 1));
    await sweepDue(t.deps, t.clock.now);
    // The timer loses its fired mark (say, a restored backup): the unique escalation holds.
    await t.deps.db
      .update(slaTimer)
      .set({ firedAt: null })
      .where(and(eq(slaTimer.ticketId, tk.id), eq(slaTimer.kind, 'escalation'), eq(slaTimer.level, 1)));
    await sweepDue(t.deps, t.clock.now);
    expect(await escalationEvents(tk.id)).toHaveLength(1);
    expect(await reload(t, tk.id)).toMatchObject({ escalationCount: 1 });
    expect(await notified('supervisor', tk.id)).toHaveLength(1);
  });

  it('escalates complaints on the stricter ladder: level 2 two business hours after the deadline', async () => {
    const tk = await createTicket(t, { type: 'complaint', responseMinutes: null, resolutionMinutes: 480 });
    const due = tk.resolutionDueAt as Date;
    const level2 = await escalationTimer(tk.id, 2);
    // Wednesday 09:30 + 2 business hours = 11:30.
    expect(level2.getTime() - due.getTime()).toBe(2 * 3_600_000);
  });

  it('tells the named people of a company’s own ladder', async () => {
    const sh = await admin.orgByCode('SH');
    const kefu = await userId(t, 'kefu');
    const policy = ok<Policy>(
      await t.inject({
        method: 'POST',
        url: '/api/escalation-policies',
        cookie,
        payload: {
          name: '上海公司建议跟进',
          companyId: sh.id,
          ticketType: 'suggestion',
          active: true,
          levels: [{ level: 1, name: '受理客服', afterMinutes: 0, targetKind: 'users', userIds: [kefu] }],
        },
      }),
      201,
    );
    const tk = await createTicket(t, { type: 'suggestion', responseMinutes: null, ownerUsername: 'supervisor' });
    t.clock.set(await escalationTimer(tk.id, 1));
    await sweepDue(t.deps, t.clock.now);
    expect(await escalationEvents(tk.id)).toMatchObject([{ level: 1, levelName: '受理客服' }]);
    expect(await notified('kefu', tk.id)).toHaveLength(1);
    // Only one rung on this ladder: nothing more later.
    t.clock.set(new Date(t.clock.now.getTime() + 10 * 86_400_000));
    await sweepDue(t.deps, t.clock.now);
    expect(await escalationEvents(tk.id)).toHaveLength(1);
    ok(
      await t.inject({
        method: 'DELETE',
        url: `/api/escalation-policies/${policy.id}`,
        cookie: await t.login('admin'),
      }),
    );
  });
});

describe('editing a ladder re-plans the open tickets on it', () => {
  const local = (d: Date | null | undefined) =>
    d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null;
  const rungs = async (ticketId: string) =>
    (
      await t.deps.db
        .select()
        .from(slaTimer)
        .where(and(eq(slaTimer.ticketId, ticketId), eq(slaTimer.kind, 'escalation')))
    )
      .sort((a, b) => a.level - b.level)
      .map((r) => ({
        level: r.level,
        fireAt: local(r.fireAt),
        fired: r.firedAt !== null,
        cancelled: r.cancelledAt !== null,
      }));
  const ladderEvents = async (ticketId: string) =>
    (
      await t.deps.db
        .select()
        .from(ticketEvent)
        .where(and(eq(ticketEvent.ticketId, ticketId), eq(ticketEvent.kind, 'deadline_recomputed')))
    ).filter((e) => (e.data as { cause?: string }).cause === 'escalation_policy');

  it('moves the rungs not yet fired by the new delays, keeps the fired ones, and says so on the timeline', async () => {
    const sh = await admin.orgByCode('SH');
    const tk = await createTicket(t, { type: 'repair', responseMinutes: null, resolutionMinutes: 480 });
    const paused = await createTicket(t, { type: 'repair', responseMinutes: null, resolutionMinutes: 480 });
    await t.deps.db.transaction((tx) => pauseClocks(tx, paused, t.clock.now));
    const hz = await createTicket(t, { projectCode: 'HZ-XXYL', handlerUsername: 'hz_admin', responseMinutes: null });
    const hzBefore = await rungs(hz.id);
    // The group's standard ladder: 0, 4, 8 and 16 business hours after Wednesday 09:30.
    expect((await rungs(tk.id)).map((r) => r.fireAt)).toEqual([
      '2026-11-25 09:30',
      '2026-11-25 14:30',
      '2026-11-26 09:30',
      '2026-11-27 09:30',
    ]);
    // Level 1 fires.
    t.clock.set('2026-11-25T01:30:00Z');
    await sweepDue(t.deps, t.clock.now);
    cookie = await t.login('admin');

    // 上海公司 gets its own ladder for repairs: three rungs, 0, 1 and 2 business hours.
    const body = {
      name: '上海公司报修升级',
      companyId: sh.id,
      ticketType: 'repair',
      active: true,
      levels: [rung(1, 0), rung(2, 60, 'project_manager'), rung(3, 120, 'service_head')],
    };
    const created = await t.inject({ method: 'POST', url: '/api/escalation-policies', cookie, payload: body });
    const policy = ok<Policy>(created, 201);
    expect(await rungs(tk.id)).toEqual([
      { level: 1, fireAt: '2026-11-25 09:30', fired: true, cancelled: false },
      { level: 2, fireAt: '2026-11-25 10:30', fired: false, cancelled: false },
      { level: 3, fireAt: '2026-11-25 11:30', fired: false, cancelled: false },
      { level: 4, fireAt: '2026-11-27 09:30', fired: false, cancelled: true },
    ]);
    const [event] = await ladderEvents(tk.id);
    expect(event?.body).toBe(
      '升级规则「上海公司报修升级」已新建，未触发的升级重新计划：' +
        '第 2 级 2026-11-25 14:30 → 2026-11-25 10:30；第 3 级 2026-11-26 09:30 → 2026-11-25 11:30；' +
        '第 4 级已从规则中移除，不再升级',
    );
    expect(event?.actorName).toBeTruthy();
    expect((await t.auditEntries(created)).map((a) => a.action)).toContain('ticket.escalation_replanned');
    // The paused ticket's rungs wait without a fire time; the Hangzhou ticket is not on this ladder.
    expect((await rungs(paused.id)).filter((r) => !r.cancelled).map((r) => [r.level, r.fireAt])).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
    expect(await rungs(hz.id)).toEqual(hzBefore);
    expect(await ladderEvents(hz.id)).toHaveLength(0);

    // Level 2 moved later; level 4 back, after 3 business hours. Saving the same again changes nothing.
    const levels = [
      rung(1, 0),
      rung(2, 120, 'project_manager'),
      rung(3, 120, 'service_head'),
      rung(4, 180, 'leadership'),
    ];
    const put = () =>
      t.inject({
        method: 'PUT',
        url: `/api/escalation-policies/${policy.id}`,
        cookie,
        payload: { ...body, levels },
      });
    ok(await put());
    expect((await rungs(tk.id)).map((r) => [r.level, r.fireAt, r.fired, r.cancelled])).toEqual([
      [1, '2026-11-25 09:30', true, false],
      [2, '2026-11-25 11:30', false, false],
      [3, '2026-11-25 11:30', false, false],
      [4, '2026-11-25 13:30', false, false],
    ]);
    expect(await ladderEvents(tk.id)).toHaveLength(2);
    ok(await put());
    expect(await ladderEvents(tk.id)).toHaveLength(2);

    // Level 2 fires on the new plan; deleting the ladder goes back to the group's, level 2 stays fired.
    t.clock.set('2026-11-25T03:30:00Z');
    await sweepDue(t.deps, t.clock.now);
    expect(await reload(t, tk.id)).toMatchObject({ escalationLevel: 3 });
    cookie = await t.login('admin');
    ok(await t.inject({ method: 'DELETE', url: `/api/escalation-policies/${policy.id}`, cookie }));
    expect((await rungs(tk.id)).map((r) => [r.level, r.fireAt, r.fired, r.cancelled])).toEqual([
      [1, '2026-11-25 09:30', true, false],
      [2, '2026-11-25 11:30', true, false],
      [3, '2026-11-25 11:30', true, false],
      [4, '2026-11-27 09:30', false, false],
    ]);
  });
});
