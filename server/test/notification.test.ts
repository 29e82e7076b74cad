import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../src/modules/notification/notification.service.js';
import { slaTimer, ticket, ticketEvent } from '../src/modules/ticket/ticket.table.js';
import {
  createTestApp,
  expectChineseProblem,
  expectInvalid,
  hasChinese,
  ok,
  type Page,
  type TestApp,
} from './harness.js';
import { createTicket, reload, userId } from './ticket-fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

interface Note {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  ticketId: string | null;
  ticketPublicNo: string | null;
  read: boolean;
}

const list = async (cookie: string, query = '') =>
  ok<Page<Note>>(await t.inject({ method: 'GET', url: `/api/notifications${query}`, cookie }));
const unread = async (cookie: string) =>
  ok<{ count: number }>(await t.inject({ method: 'GET', url: '/api/notifications/unread-count', cookie })).count;

describe('leadership instructions (领导批示)', () => {
  it('writes an internal timeline entry, audits it and notifies the handler and the owner agent', async () => {
    const tk = await createTicket(t);
    const leader = await t.login('leader');
    const response = await t.inject({
      method: 'POST',
      url: `/api/tickets/${tk.id}/instructions`,
      cookie: leader,
      payload: { body: '  业主多次来电，请今天下班前上门并回复  ' },
    });
    const created = ok<{ id: string; body: string; actorName: string; notified: number; publicNo: string }>(
      response,
      201,
    );
    expect(created).toMatchObject({ body: '业主多次来电，请今天下班前上门并回复', notified: 2, publicNo: tk.publicNo });
    const [event] = await t.deps.db.select().from(ticketEvent).where(eq(ticketEvent.id, created.id));
    expect(event).toMatchObject({ kind: 'instruction', visibility: 'internal', actorName: created.actorName });
    expect((await t.auditEntries(response)).map((a) => a.action)).toEqual(['ticket.instruct']);

    for (const who of ['handler', 'kefu']) {
      const cookie = await t.login(who);
      const mine = await list(cookie);
      const note = mine.data.find((n) => n.ticketId === tk.id);
      expect(note).toMatchObject({
        kind: 'instruction',
        title: `${created.actorName} 对工单 ${tk.publicNo} 作出批示`,
        body: '业主多次来电，请今天下班前上门并回复',
        ticketPublicNo: tk.publicNo,
        read: false,
      });
      expect(note?.title).toMatch(hasChinese);
    }
    // The leader is not told about their own instruction.
    expect((await list(leader)).data.filter((n) => n.ticketId === tk.id)).toEqual([]);
  });

  it('notifies every member of a handling department', async () => {
    const handlerOrg = (await t.deps.db.query.appUser.findFirst({ where: (u, { eq }) => eq(u.username, 'handler') }))
      ?.orgId;
    const tk = await createTicket(t, { handlerOrgId: handlerOrg });
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/instructions`,
        cookie: await t.login('leader'),
        payload: { body: '请部门今日内安排' },
      }),
      201,
    );
    expect((await list(await t.login('handler'))).data.some((n) => n.ticketId === tk.id)).toBe(true);
  });

  it('takes instructions on open and resolved tickets only, in scope, from holders of ticket.instruct', async () => {
    const leader = await t.login('leader');
    const post = (id: string, cookie = leader, payload: object = { body: '请处理' }) =>
      t.inject({ method: 'POST', url: `/api/tickets/${id}/instructions`, cookie, payload });
    const resolved = await createTicket(t, { state: 'resolved' });
    ok(await post(resolved.id), 201);
    const closed = await createTicket(t, { state: 'closed' });
    const refused = expectChineseProblem(await post(closed.id), 409, 'TICKET_INSTRUCTION_STATE');
    expect(refused.detail).toContain('已关闭');
    expectChineseProblem(await post(crypto.randomUUID()), 404, 'TICKET_NOT_FOUND');
    // 杭州's administrator holds ticket.instruct but not Shanghai's tickets.
    const open = await createTicket(t);
    expectChineseProblem(await post(open.id, await t.login('hz_admin')), 404, 'TICKET_NOT_FOUND');
    expectChineseProblem(await post(open.id, await t.login('handler')), 403, 'FORBIDDEN');
    expectInvalid(await post(open.id, leader, { body: '   ' }), 'body');
    expectInvalid(await post(open.id, leader, { body: 'x'.repeat(2001) }), 'body');
    expectInvalid(await post(open.id, leader, { body: '请处理', extra: true }), '');
  });
});

describe('notifications (站内消息)', () => {
  it('lists, counts and marks only the caller’s own', async () => {
    const handler = await t.login('handler');
    const kefu = await t.login('kefu');
    const tk = await createTicket(t);
    const handlerId = await userId(t, 'handler');
    await t.deps.db.transaction(async (tx) => {
      for (let i = 1; i <= 3; i++) {
        await notify(tx, {
          userIds: [handlerId],
          kind: 'note',
          title: `工单 ${tk.publicNo} 第 ${i} 条提醒`,
          ticketId: tk.id,
          now: t.clock.now,
        });
      }
    });
    const before = await unread(handler);
    expect(before).toBeGreaterThanOrEqual(3);
    const page = await list(handler, '?unread=true&pageSize=2');
    expect(page.data).toHaveLength(2);
    expect(page.total).toBe(before);
    const first = page.data[0] as Note;
    // Someone else cannot read, or even find, it.
    expectChineseProblem(
      await t.inject({ method: 'POST', url: `/api/notifications/${first.id}/read`, cookie: kefu }),
      404,
      'NOTIFICATION_NOT_FOUND',
    );
    expect((await list(kefu)).data.map((n) => n.id)).not.toContain(first.id);
    ok(await t.inject({ method: 'POST', url: `/api/notifications/${first.id}/read`, cookie: handler }));
    // Reading twice is harmless.
    ok(await t.inject({ method: 'POST', url: `/api/notifications/${first.id}/read`, cookie: handler }));
    expect(await unread(handler)).toBe(before - 1);
    expect((await list(handler, '?unread=true&pageSize=200')).data.map((n) => n.id)).not.toContain(first.id);
    expect((await list(handler)).data.find((n) => n.id === first.id)?.read).toBe(true);
    const all = ok<{ updated: number }>(
      await t.inject({ method: 'POST', url: '/api/notifications/read-all', cookie: handler }),
    );
    expect(all.updated).toBe(before - 1);
    expect(await unread(handler)).toBe(0);
    // The workbench shows the same count.
    const wb = ok<{ unreadNotifications: number }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: handler }),
    );
    expect(wb.unreadNotifications).toBe(0);
  });

  it('refuses bad queries and ids', async () => {
    const handler = await t.login('handler');
    expectInvalid(await t.inject({ method: 'GET', url: '/api/notifications?unread=yes', cookie: handler }), 'unread');
    expectInvalid(
      await t.inject({ method: 'GET', url: '/api/notifications?pageSize=1000', cookie: handler }),
      'pageSize',
    );
    expectInvalid(await t.inject({ method: 'POST', url: '/api/notifications/not-a-uuid/read', cookie: handler }), 'id');
  });
});

describe('deadlines recomputed when a holiday schedule arrives', () => {
  it('plans a provisional ticket again once 2027 is entered, and says so on its timeline', async () => {
    t.clock.set('2026-12-31T01:30:00Z'); // Thursday 31 December 09:30
    const tk = await createTicket(t, { responseMinutes: null, resolutionMinutes: 3 * 480 });
    // 2027 has no schedule yet: 1 January counts as a working Friday.
    expect(tk.deadlineProvisional).toBe(true);
    const wall = (d: Date | null) => new Date((d as Date).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
    expect(wall(tk.resolutionDueAt)).toBe('2027-01-04T09:30');
    // A ticket whose plan stays within 2026 (escalations included) is left alone.
    const settled = await createTicket(t, {
      responseMinutes: null,
      resolutionMinutes: 60,
      startedAt: new Date('2026-12-01T01:30:00Z'),
    });
    expect(settled.deadlineProvisional).toBe(false);

    const admin = await t.login('admin');
    ok(
      await t.inject({
        method: 'PUT',
        url: '/api/holiday-years/2027',
        cookie: admin,
        payload: {
          days: [
            { date: '2027-01-01', kind: 'holiday', name: '元旦' },
            { date: '2027-01-02', kind: 'holiday', name: '元旦' },
            { date: '2027-01-03', kind: 'holiday', name: '元旦' },
          ],
        },
      }),
    );
    const after = await reload(t, tk.id);
    expect(after.deadlineProvisional).toBe(false);
    // 1–3 January off: Monday 4 and Tuesday 5 January, then Wednesday 6 at 09:30.
    expect(wall(after.resolutionDueAt)).toBe('2027-01-06T09:30');
    const [event] = await t.deps.db
      .select()
      .from(ticketEvent)
      .where(and(eq(ticketEvent.ticketId, tk.id), eq(ticketEvent.kind, 'deadline_recomputed')));
    expect(event?.body).toContain('国务院 2027 年节假日安排已录入，时限重新计算');
    expect(event?.data).toMatchObject({
      old: { resolutionDueAt: tk.resolutionDueAt?.toISOString(), provisional: true },
      new: { resolutionDueAt: after.resolutionDueAt?.toISOString(), provisional: false },
    });
    // The escalation timers moved with it.
    const [level1] = await t.deps.db
      .select()
      .from(slaTimer)
      .where(and(eq(slaTimer.ticketId, tk.id), eq(slaTimer.kind, 'escalation'), eq(slaTimer.level, 1)));
    expect(level1?.fireAt?.toISOString()).toBe(after.resolutionDueAt?.toISOString());
    const untouched = await t.deps.db
      .select()
      .from(ticketEvent)
      .where(and(eq(ticketEvent.ticketId, settled.id), eq(ticketEvent.kind, 'deadline_recomputed')));
    expect(untouched).toEqual([]);
  });
});

describe('the demo fast-forward', () => {
  it('is off unless DEMO_TOOLS is set', async () => {
    const tk = await createTicket(t);
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/sla/fast-forward`,
        cookie: await t.login('admin'),
        payload: {},
      }),
      404,
      'DEMO_TOOLS_DISABLED',
    );
  });

  it('on a demo installation, brings the next time limit forward and runs the sweep, audited', async () => {
    const demo = await t.buildApp({ DEMO_TOOLS: 'true' });
    t.clock.set('2026-11-24T01:30:00Z');
    const tk = await createTicket(t, { responseMinutes: null });
    const admin = await t.login('admin');
    const step = async () => {
      const response = await demo.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/sla/fast-forward`,
        headers: { cookie: admin },
        payload: {},
      });
      return ok<{ moved: number; fired: number; escalationLevel: number; pending: unknown[] }>(response);
    };
    expect(await step()).toMatchObject({ moved: 1, fired: 1, escalationLevel: 0 }); // the warning
    // Then the deadline and level 1 (at the same instant).
    expect(await step()).toMatchObject({ moved: 2, fired: 2, escalationLevel: 1 });
    expect(await step()).toMatchObject({ escalationLevel: 2 });
    const row = await reload(t, tk.id);
    expect(row).toMatchObject({ slaWarned: true, resolutionOverdue: true, escalationLevel: 2 });
    const all = await demo.inject({
      method: 'POST',
      url: `/api/tickets/${tk.id}/sla/fast-forward`,
      headers: { cookie: admin },
      payload: { all: true },
    });
    expect(ok<{ escalationLevel: number; pending: unknown[] }>(all)).toMatchObject({ escalationLevel: 4, pending: [] });
    expect((await t.auditEntries(all)).map((a) => a.action)).toEqual(['ticket.demo_fast_forward']);
    // Not for staff without all data.
    expectChineseProblem(
      await demo.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/sla/fast-forward`,
        headers: { cookie: await t.login('supervisor') },
        payload: {},
      }),
      403,
      'GROUP_SETTING',
    );
    await t.deps.db.update(ticket).set({ state: 'closed' }).where(eq(ticket.id, tk.id));
  });
});
