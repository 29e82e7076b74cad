import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticket, ticketEvent } from '../src/modules/ticket/ticket.table.js';
import { Factory, type ProjectRow } from './factories.js';
import { createTestApp, expectChineseProblem, expectProblem, ok, type Page, type TestApp } from './harness.js';
import { insertTicket } from './ticket-fixtures.js';

interface Topic {
  id: string;
  publicNo: string;
  title: string;
  state: 'open' | 'closed';
  projectName: string;
  ticketCount: number;
  masterTicket: { id: string; publicNo: string } | null;
  tickets: { id: string; publicNo: string; isMaster: boolean }[];
  updates: { body: string; ticketCount: number; actorName: string }[];
}

let t: TestApp;
let supervisor: string;
let kefu: string;
let hzAdmin: string;
let llhy: ProjectRow;
let bjyh: ProjectRow;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await Factory.asAdmin(t);
  const logged = await Promise.all(['supervisor', 'kefu', 'hz_admin'].map((u) => t.login(u)));
  [supervisor, kefu, hzAdmin] = logged as [string, string, string];
  llhy = await admin.projectByCode('SH-LLHY');
  bjyh = await admin.projectByCode('SH-BJYH');
});
afterAll(async () => {
  await t?.close();
});

async function createTopic(payload: Record<string, unknown>): Promise<Topic> {
  return ok<Topic>(await t.inject({ method: 'POST', url: '/api/topics', cookie: supervisor, payload }), 201);
}

describe('complaint topics', () => {
  it('numbers a topic ZT-day-sequence, links its master ticket and more tickets of its project', async () => {
    const master = await insertTicket(t, { projectCode: 'SH-LLHY' });
    const topic = await createTopic({
      projectId: llhy.id,
      title: '3 号楼电梯频繁故障',
      description: '3 号楼 2 部电梯本月多次停运',
      masterTicketId: master.id,
    });
    expect(topic.publicNo).toMatch(/^ZT-20261124-\d{4}$/);
    expect(topic.masterTicket?.id).toBe(master.id);
    expect(topic.tickets.map((x) => [x.id, x.isMaster])).toEqual([[master.id, true]]);

    const [a, b] = [
      await insertTicket(t, { projectCode: 'SH-LLHY' }),
      await insertTicket(t, { projectCode: 'SH-LLHY' }),
    ];
    const linked = ok<Topic>(
      await t.inject({
        method: 'POST',
        url: `/api/topics/${topic.id}/tickets`,
        cookie: supervisor,
        payload: { ticketIds: [a.id, b.id, master.id] },
      }),
    );
    expect(linked.ticketCount).toBe(3);
    const events = await t.deps.db
      .select()
      .from(ticketEvent)
      .where(and(eq(ticketEvent.ticketId, a.id), eq(ticketEvent.kind, 'topic_linked')));
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ topicId: topic.id });

    // A ticket of another project, or already on another topic, is refused and nothing is linked.
    const elsewhere = await insertTicket(t, { projectCode: 'SH-BJYH' });
    const c = await insertTicket(t, { projectCode: 'SH-LLHY' });
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: `/api/topics/${topic.id}/tickets`,
        cookie: supervisor,
        payload: { ticketIds: [c.id, elsewhere.id] },
      }),
      422,
      'TOPIC_TICKET_PROJECT',
    );
    const [cRow] = await t.deps.db.select().from(ticket).where(eq(ticket.id, c.id));
    expect(cRow?.topicId).toBeNull();
    const other = await createTopic({ projectId: llhy.id, title: '地库渗水' });
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: `/api/topics/${other.id}/tickets`,
        cookie: supervisor,
        payload: { ticketIds: [a.id] },
      }),
      409,
      'TOPIC_TICKET_ELSEWHERE',
    );
  });

  it('writes one customer-visible update to every linked ticket, in one transaction', async () => {
    const topic = await createTopic({ projectId: llhy.id, title: '5 号楼外墙渗水' });
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: `/api/topics/${topic.id}/updates`,
        cookie: supervisor,
        payload: { body: '已安排' },
      }),
      409,
      'TOPIC_NO_TICKETS',
    );
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await insertTicket(t, { projectCode: 'SH-LLHY' }));
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/topics/${topic.id}/tickets`,
        cookie: supervisor,
        payload: { ticketIds: tickets.map((x) => x.id) },
      }),
    );
    const body = '外墙维修已于今日开工，预计 12 月 5 日完成，期间请关好北侧窗户。';
    const posted = await t.inject({
      method: 'POST',
      url: `/api/topics/${topic.id}/updates`,
      cookie: supervisor,
      payload: { body },
    });
    expect(ok<{ ticketCount: number }>(posted).ticketCount).toBe(3);
    const progress = await t.deps.db
      .select()
      .from(ticketEvent)
      .where(and(eq(ticketEvent.kind, 'progress'), sql`${ticketEvent.data}->>'topicId' = ${topic.id}`));
    expect(progress.map((e) => e.ticketId).sort()).toEqual(tickets.map((x) => x.id).sort());
    expect(new Set(progress.map((e) => e.visibility))).toEqual(new Set(['customer']));
    expect(new Set(progress.map((e) => e.body))).toEqual(new Set([body]));
    const audit = await t.auditEntries(posted);
    expect(audit.map((e) => e.action)).toEqual(['topic.update']);

    // All or nothing: a ticket that cannot take the event (it vanishes mid-way) leaves none written.
    const doomed = await insertTicket(t, { projectCode: 'SH-LLHY' });
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/topics/${topic.id}/tickets`,
        cookie: supervisor,
        payload: { ticketIds: [doomed.id] },
      }),
    );
    await t.deps.db.execute(
      sql.raw(`create or replace function casework_refuse() returns trigger language plpgsql as $$
        begin if new.ticket_id = '${doomed.id}' then raise exception 'refused'; end if; return new; end $$`),
    );
    await t.deps.db.execute(
      sql.raw(
        'create trigger casework_refuse before insert on ticket_event for each row execute function casework_refuse()',
      ),
    );
    try {
      const failed = await t.inject({
        method: 'POST',
        url: `/api/topics/${topic.id}/updates`,
        cookie: supervisor,
        payload: { body: '第二条' },
      });
      expect(failed.statusCode).toBe(500);
    } finally {
      await t.deps.db.execute(sql.raw('drop trigger casework_refuse on ticket_event'));
    }
    const second = await t.deps.db.select().from(ticketEvent).where(eq(ticketEvent.body, '第二条'));
    expect(second).toHaveLength(0);

    const detail = ok<Topic>(await t.inject({ method: 'GET', url: `/api/topics/${topic.id}`, cookie: kefu }));
    expect(detail.updates).toEqual([expect.objectContaining({ body, ticketCount: 3, actorName: '王海燕' })]);
  });

  it('unlinks a ticket, closes the topic and then refuses changes', async () => {
    const x = await insertTicket(t, { projectCode: 'SH-LLHY' });
    const topic = await createTopic({ projectId: llhy.id, title: '南门道闸故障', masterTicketId: x.id });
    const after = ok<Topic>(
      await t.inject({ method: 'DELETE', url: `/api/topics/${topic.id}/tickets/${x.id}`, cookie: supervisor }),
    );
    expect(after.ticketCount).toBe(0);
    expect(after.masterTicket).toBeNull();
    expectProblem(
      await t.inject({ method: 'DELETE', url: `/api/topics/${topic.id}/tickets/${x.id}`, cookie: supervisor }),
      404,
      'TOPIC_TICKET_NOT_LINKED',
    );
    const closed = ok<Topic>(
      await t.inject({ method: 'POST', url: `/api/topics/${topic.id}/close`, cookie: supervisor }),
    );
    expect(closed.state).toBe('closed');
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: `/api/topics/${topic.id}/tickets`,
        cookie: supervisor,
        payload: { ticketIds: [x.id] },
      }),
      409,
      'TOPIC_CLOSED',
    );
  });

  it('lists topics in scope with filters; another company sees none of them', async () => {
    const page = ok<Page<Topic>>(
      await t.inject({ method: 'GET', url: `/api/topics?projectId=${llhy.id}`, cookie: kefu }),
    );
    expect(page.total).toBeGreaterThanOrEqual(4);
    expect(page.data[0]?.state).toBe('open');
    const closed = ok<Page<Topic>>(await t.inject({ method: 'GET', url: '/api/topics?state=closed', cookie: kefu }));
    expect(closed.data.map((x) => x.title)).toEqual(['南门道闸故障']);
    const byTitle = ok<Page<Topic>>(
      await t.inject({ method: 'GET', url: `/api/topics?q=${encodeURIComponent('电梯')}`, cookie: kefu }),
    );
    expect(byTitle.data.map((x) => x.title)).toEqual(['3 号楼电梯频繁故障']);
    expect(ok<Page<Topic>>(await t.inject({ method: 'GET', url: '/api/topics', cookie: hzAdmin })).total).toBe(0);
    const any = page.data[0] as Topic;
    expectProblem(
      await t.inject({ method: 'GET', url: `/api/topics/${any.id}`, cookie: hzAdmin }),
      404,
      'TOPIC_NOT_FOUND',
    );
    // A project hz_admin cannot see is no place for a topic either.
    expectProblem(
      await t.inject({
        method: 'POST',
        url: '/api/topics',
        cookie: hzAdmin,
        payload: { projectId: bjyh.id, title: '越权' },
      }),
      404,
      'PROJECT_NOT_FOUND',
    );
  });
});
