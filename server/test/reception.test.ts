import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Factory, mobileNumber } from './factories.js';
import {
  createTestApp,
  expectChineseProblem,
  expectInvalid,
  expectProblem,
  json,
  type Page,
  sheetRows,
  type TestApp,
} from './harness.js';
import {
  catalogueItem,
  deliveredRoom,
  expectStatus,
  projectId,
  type TicketSummary,
  ticketApi,
  userId,
} from './ticket-fixtures.js';

let t: TestApp;
let api: ReturnType<typeof ticketApi>;
let kefu: string;
let llhy: string;

beforeAll(async () => {
  t = await createTestApp();
  api = ticketApi(t);
  kefu = await t.login('kefu');
  llhy = await projectId(t, 'SH-LLHY');
});

afterAll(async () => {
  await t?.close();
});

describe('reception records', () => {
  it('records a call that raises two tickets with public numbers and the agent as owner', async () => {
    const r = await deliveredRoom(t, 'SH-LLHY', '1');
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      callerName: '王先生',
      callerPhone: '+86 139-1234-5678',
      roomId: r.id,
      content: '卫生间天花板渗水，另外咨询物业费缴纳方式',
      tickets: [
        { type: 'repair', catalogueItemId: await catalogueItem(t, '卫生间渗漏') },
        { type: 'consultation', content: '物业费怎么交', answer: '可在业主端或管理处前台缴纳' },
      ],
    });
    expect(created.reception.publicNo).toMatch(/^JD-20261124-\d{4}$/);
    expect(created.tickets).toHaveLength(2);
    const [repair, consultation] = created.tickets as [TicketSummary, TicketSummary];
    expect(repair.publicNo).toMatch(/^BX-20261124-\d{4}$/);
    expect(repair.title).toBe('卫生间渗漏');
    expect(repair.roomId).toBe(r.id);
    expect(repair.contactPhone).toBe('139****5678');
    expect(consultation.publicNo).toMatch(/^ZX-20261124-\d{4}$/);
    expect(consultation.state).toBe('closed');

    const detail = await api.get(kefu, `/api/receptions/${created.reception.id}`);
    expectStatus(detail, 200);
    expect(json<{ tickets: unknown[]; callerPhone: string }>(detail)).toMatchObject({ callerPhone: '139****5678' });
    expect(json<{ tickets: unknown[] }>(detail).tickets).toHaveLength(2);

    const list = json<Page<{ publicNo: string; ticketCount: number }>>(
      await api.get(kefu, `/api/receptions?q=${created.reception.publicNo}`),
    );
    expect(list.data.map((x) => x.publicNo)).toEqual([created.reception.publicNo]);
    expect(list.data[0]?.ticketCount).toBe(2);
  });

  it('dispatches by hand and the handler accepts', async () => {
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'walk_in',
      content: '楼道灯不亮',
      tickets: [{ type: 'repair', dispatch: { mode: 'none' } }],
    });
    const ticket = created.tickets[0] as TicketSummary;
    expect(ticket.state).toBe('new');
    const dispatched = await api.act(kefu, ticket.id, 'dispatch', {
      mode: 'manual',
      handlerKind: 'user',
      handlerUserId: await userId(t, 'handler'),
    });
    expect(dispatched.state).toBe('dispatched');
    expect(dispatched.handlerName).toBe('李建国');
    const handler = await t.login('handler');
    const accepted = await api.act(handler, ticket.id, 'accept');
    expect(accepted.state).toBe('accepted');
    expect(accepted.events.map((e) => e.kind)).toEqual(['created', 'dispatched', 'accepted']);
    expectChineseProblem(await api.post(handler, `/api/tickets/${ticket.id}/accept`), 409, 'TICKET_ILLEGAL_TRANSITION');
  });

  it('refuses a bad channel and missing content', async () => {
    expectInvalid(
      await api.post(kefu, '/api/receptions', { projectId: llhy, channel: 'fax', content: 'x' }),
      'channel',
    );
    expectInvalid(await api.post(kefu, '/api/receptions', { projectId: llhy, channel: 'phone' }), 'content');
  });
});

describe('an unknown caller linked later, duplicates, exports', () => {
  it('links the customer and room afterwards, to the reception and its tickets', async () => {
    const admin = await Factory.asAdmin(t);
    const r = await deliveredRoom(t, 'SH-LLHY', '2', 3);
    const mobile = mobileNumber();
    const c = await admin.createCustomer({
      name: '补录客户',
      mobile,
      moveIn: { roomId: r.id, role: 'owner', fromDate: '2025-01-01' },
    });
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      callerPhone: mobile,
      content: '陌生来电：门口垃圾没人收',
      tickets: [{ type: 'complaint', dispatch: { mode: 'none' } }],
    });
    expect(created.reception.customerId).toBeNull();
    const patched = await t.inject({
      method: 'PATCH',
      url: `/api/receptions/${created.reception.id}`,
      cookie: kefu,
      payload: { customerId: c.id, roomId: r.id },
    });
    expectStatus(patched, 200);
    expect(json(patched)).toMatchObject({ customerId: c.id, customerName: '补录客户', roomId: r.id });
    const ticket = await api.detail(kefu, (created.tickets[0] as TicketSummary).id);
    expect(ticket).toMatchObject({ customerId: c.id, roomId: r.id });
    expect(ticket.events.at(-1)?.kind).toBe('note');
    // The customer 360 page lists the customer's tickets and receptions.
    const mine = json<Page<TicketSummary>>(await api.get(kefu, `/api/tickets?customerId=${c.id}`));
    expect(mine.data.map((x) => x.id)).toEqual([ticket.id]);
    const receptions = json<Page<{ id: string }>>(await api.get(kefu, `/api/receptions?customerId=${c.id}`));
    expect(receptions.data.map((x) => x.id)).toEqual([created.reception.id]);
    // A customer of Hangzhou cannot be linked.
    const hzCustomer = await new Factory(t, await t.login('hz_admin')).createCustomer({ name: '杭州客户' });
    expectProblem(
      await t.inject({
        method: 'PATCH',
        url: `/api/receptions/${created.reception.id}`,
        cookie: kefu,
        payload: { customerId: hzCustomer.id },
      }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
  });

  it('merges a duplicate into the open ticket and notes who else called; cancels with a reason', async () => {
    const make = async (content: string) =>
      (
        await api.reception(kefu, {
          projectId: llhy,
          channel: 'phone',
          callerName: '赵女士',
          content,
          tickets: [{ type: 'complaint', dispatch: { mode: 'none' } }],
        })
      ).tickets[0] as TicketSummary;
    const target = await make('3栋电梯异响');
    const duplicate = await make('3栋电梯有异响（重复）');
    expectChineseProblem(
      await api.post(kefu, `/api/tickets/${duplicate.id}/merge`, { targetTicketId: duplicate.id, reason: '自身' }),
      422,
      'TICKET_MERGE_INVALID',
    );
    const merged = await api.act(kefu, duplicate.id, 'merge', { targetTicketId: target.id, reason: '同一问题' });
    expect(merged).toMatchObject({ state: 'merged', mergedInto: { id: target.id, publicNo: target.publicNo } });
    const t2 = await api.detail(kefu, target.id);
    expect(t2.duplicates.map((x) => x.id)).toEqual([duplicate.id]);
    expect(t2.events.at(-1)?.body).toContain('赵女士');
    // Merging into a merged ticket is refused; cancelling needs a reason.
    const third = await make('第三张');
    expectChineseProblem(
      await api.post(kefu, `/api/tickets/${third.id}/merge`, { targetTicketId: duplicate.id, reason: '重复' }),
      422,
      'TICKET_MERGE_INVALID',
    );
    expectInvalid(await api.post(kefu, `/api/tickets/${third.id}/cancel`, {}), 'reason');
    const cancelled = await api.act(kefu, third.id, 'cancel', { reason: '客户撤销' });
    expect(cancelled).toMatchObject({ state: 'cancelled', actions: [] });
  });

  it('exports tickets and receptions with Chinese headers and masked phones', async () => {
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      callerName: '导出测试',
      callerPhone: '13912345678',
      content: '导出测试内容',
      tickets: [{ type: 'suggestion', dispatch: { mode: 'none' } }],
    });
    const tickets = await sheetRows(await api.get(kefu, `/api/tickets/export?receptionId=${created.reception.id}`));
    expect(tickets[0]).toEqual(expect.arrayContaining(['工单编号', '类型', '状态', '联系电话', '处理时限']));
    expect(tickets[1]).toEqual(
      expect.arrayContaining([(created.tickets[0] as TicketSummary).publicNo, '建议', '139****5678']),
    );
    const receptions = await sheetRows(await api.get(kefu, `/api/receptions/export?q=${created.reception.publicNo}`));
    expect(receptions[0]).toEqual(expect.arrayContaining(['接待编号', '渠道', '来电号码']));
    expect(receptions[1]).toEqual(expect.arrayContaining([created.reception.publicNo, '电话', '139****5678']));
    expect(JSON.stringify(receptions)).not.toContain('13912345678');
  });
});
