import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectChineseProblem, expectInvalid, json, type Page, type TestApp } from './harness.js';
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
