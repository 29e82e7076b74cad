import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CALLER } from '../src/db/seeds/demo-calls.js';
import { callRecord, ctiEvent } from '../src/modules/callcenter/call.table.js';
import { ctiHeaders, ctiSecret } from '../src/modules/callcenter/cti.signature.js';
import { type DialAdapter, useDialAdapter } from '../src/modules/callcenter/dial.adapter.js';
import { outboundMessage } from '../src/modules/notification/message.table.js';
import { notification } from '../src/modules/ticket/ticket.table.js';
import { maskMobile } from '../src/platform/mask.js';
import type { ZodApp } from '../src/platform/routes.js';
import { callId, recordId, ring, sendCti } from './cti.js';
import { Factory, hasFullMobile, mobileNumber } from './factories.js';
import {
  createTestApp,
  expectChineseProblem,
  expectProblem,
  json,
  MINUTE,
  ok,
  type Page,
  sheetRows,
  type TestApp,
} from './harness.js';

let t: TestApp;
let admin: Factory;
let kefu: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await Factory.asAdmin(t);
  kefu = await t.login('kefu');
});

afterAll(async () => {
  await t?.close();
});

interface CallDto {
  id: string;
  source: string;
  direction: string;
  state: string;
  callerNumber: string;
  calledNumber: string;
  extension: string | null;
  agentName: string | null;
  durationSeconds: number | null;
  recordingUrl: string | null;
  customerId: string | null;
  receptionId: string | null;
  receptionNo: string | null;
  callbackState: string;
  callbackNote: string | null;
  callbackUserName: string | null;
}

interface PopDto {
  call: CallDto;
  number: string;
  matched: boolean;
  fullNumber?: string;
  customers: {
    id: string;
    name: string;
    mobile: string | null;
    rooms: { roomId: string; roomCode: string; projectId: string; roles: string[]; warranty: unknown[] }[];
    openTickets: { id: string; publicNo: string; overdue: boolean; resolutionDueAt: string | null }[];
    contacts: { summary: string }[];
    receptions: { publicNo: string }[];
  }[];
}

const rowOf = async (externalId: string) => {
  const [row] = await t.deps.db.select().from(callRecord).where(eq(callRecord.externalId, externalId));
  if (!row) throw new Error(`no call ${externalId}`);
  return row;
};

const shId = async () => (await admin.orgByCode('SH')).id;

const at = (minutes: number) => new Date(t.clock.now.getTime() + minutes * MINUTE).toISOString();

describe('POST /api/cti/events: signature, freshness, replays', () => {
  const event = () => ({
    event: 'ringing' as const,
    callId: callId(),
    callerNumber: '13900001111',
    calledNumber: '4008200000',
    extension: '8001',
  });

  it('accepts a signed event and answers {ok:true} only, audited', async () => {
    const response = await sendCti(t, event());
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response)).toEqual({ ok: true });
    const audit = await t.auditEntries(response);
    expect(audit.map((a) => a.action)).toEqual(['cti.event']);
    expect(JSON.stringify(audit)).not.toContain('13900001111');
  });

  it('refuses an unsigned request with 401, logged', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/cti/events', payload: event() });
    expectChineseProblem(response, 401, 'CTI_SIGNATURE_INVALID');
    expect((await t.auditEntries(response)).map((a) => [a.action, a.summary])).toEqual([
      ['cti.rejected', expect.stringContaining('missing signature')],
    ]);
  });

  it('refuses a wrong signature, a signature of another body and another content type', async () => {
    const body = JSON.stringify(event());
    const headers = ctiHeaders('not-the-secret-at-all', body, t.clock.now);
    const wrong = await t.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
    expectProblem(wrong, 401, 'CTI_SIGNATURE_INVALID');
    expect((await t.auditEntries(wrong))[0]?.action).toBe('cti.rejected');
    const good = ctiHeaders(ctiSecret(t.deps.config, t.deps.secrets), body, t.clock.now);
    const tampered = await t.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { 'content-type': 'application/json', ...good },
      payload: body.replace('13900001111', '13900002222'),
    });
    expectProblem(tampered, 401, 'CTI_SIGNATURE_INVALID');
    const text = await t.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { 'content-type': 'text/plain' },
      payload: 'ring ring',
    });
    expectProblem(text, 401, 'CTI_SIGNATURE_INVALID');
  });

  it('refuses a timestamp more than five minutes off, either way', async () => {
    const old = await sendCti(t, event(), { sentAt: new Date(t.clock.now.getTime() - 6 * MINUTE) });
    expectChineseProblem(old, 401, 'CTI_TIMESTAMP_STALE');
    expect((await t.auditEntries(old))[0]?.summary).toContain('timestamp');
    const future = await sendCti(t, event(), { sentAt: new Date(t.clock.now.getTime() + 6 * MINUTE) });
    expectProblem(future, 401, 'CTI_TIMESTAMP_STALE');
    const fine = await sendCti(t, event(), { sentAt: new Date(t.clock.now.getTime() - 4 * MINUTE) });
    expect(fine.statusCode).toBe(200);
  });

  it('refuses a replayed request, logged, and keeps one event', async () => {
    const body = JSON.stringify(event());
    const headers = ctiHeaders(ctiSecret(t.deps.config, t.deps.secrets), body, t.clock.now);
    const send = () =>
      t.inject({
        method: 'POST',
        url: '/api/cti/events',
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
      });
    expect((await send()).statusCode).toBe(200);
    const replay = await send();
    expectChineseProblem(replay, 401, 'CTI_REPLAYED');
    expect((await t.auditEntries(replay)).map((a) => a.action)).toEqual(['cti.rejected']);
    const id = JSON.parse(body).callId as string;
    const events = await t.deps.db
      .select()
      .from(ctiEvent)
      .where(eq(ctiEvent.callId, await recordId(t, id)));
    expect(events).toHaveLength(1);
  });

  it('limits events per source IP', async () => {
    const limited = await t.buildApp({ CTI_EVENTS_PER_MINUTE: '2' });
    expect((await sendCti(t, event(), { app: limited })).statusCode).toBe(200);
    expect((await sendCti(t, event(), { app: limited })).statusCode).toBe(200);
    const third = await sendCti(t, event(), { app: limited });
    expectChineseProblem(third, 429, 'CTI_RATE_LIMITED');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('numbers', () => {
  it('normalises +86, spaces, dashes and landlines with area codes', async () => {
    const mobile = callId();
    ok(
      await sendCti(t, {
        event: 'ringing',
        callId: mobile,
        callerNumber: '+86 139-0000-3333',
        calledNumber: '400 820 0000',
        extension: '8001',
      }),
    );
    expect(await rowOf(mobile)).toMatchObject({ callerNumber: '13900003333', calledNumber: '4008200000' });
    const landline = callId();
    ok(
      await sendCti(t, {
        event: 'ringing',
        callId: landline,
        callerNumber: '+86 21 5888 1200',
        calledNumber: '021-5888-0000',
        extension: '8001',
      }),
    );
    expect(await rowOf(landline)).toMatchObject({ callerNumber: '02158881200', calledNumber: '02158880000' });
  });

  it('refuses a malformed number with 422 naming the field', async () => {
    for (const [callerNumber, calledNumber, field] of [
      ['138-0013-800', '4008200000', 'callerNumber'],
      ['13800l38000', '4008200000', 'callerNumber'],
      ['13900003333', '021-588', 'calledNumber'],
    ] as const) {
      const response = await sendCti(t, { event: 'ringing', callId: callId(), callerNumber, calledNumber });
      const problem = expectChineseProblem(response, 422, 'CALL_NUMBER_INVALID');
      expect(problem.errors?.[0]?.field).toBe(field);
      expect(problem.detail).toContain('区号');
    }
  });

  it('refuses a signed body that is not an event with 400', async () => {
    const body = JSON.stringify({ event: 'dialtone', callId: 'x' });
    const headers = ctiHeaders(ctiSecret(t.deps.config, t.deps.secrets), body, t.clock.now);
    const response = await t.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
    expectProblem(response, 400, 'VALIDATION_FAILED');
  });
});

describe('call records from events', () => {
  const base = { calledNumber: '4008200000', extension: '8001' };

  it('ringing → answered → hangup: ended with the talk time, the agent and company from the extension', async () => {
    const id = callId();
    const from = mobileNumber();
    ok(await sendCti(t, { ...base, event: 'ringing', callId: id, callerNumber: from, occurredAt: at(0) }));
    ok(await sendCti(t, { ...base, event: 'answered', callId: id, callerNumber: from, occurredAt: at(0.25) }));
    ok(
      await sendCti(t, {
        ...base,
        event: 'hangup',
        callId: id,
        callerNumber: from,
        occurredAt: at(3.25),
        recordingUrl: 'https://rec.example.com/a.mp3',
      }),
    );
    const row = await rowOf(id);
    const agent = (await admin.users()).find((u) => u.username === 'kefu');
    expect(row).toMatchObject({
      state: 'ended',
      durationSeconds: 180,
      callbackState: 'none',
      agentUserId: agent?.id,
      extension: '8001',
      recordingUrl: 'https://rec.example.com/a.mp3',
    });
    expect(row.companyId).toBe((await admin.orgByCode('SH')).id);
  });

  it('a hangup that arrives before the answered still ends with the talk time (no call-back)', async () => {
    const id = callId();
    const from = mobileNumber();
    ok(await sendCti(t, { ...base, event: 'ringing', callId: id, callerNumber: from, occurredAt: at(0) }));
    ok(await sendCti(t, { ...base, event: 'hangup', callId: id, callerNumber: from, occurredAt: at(2) }));
    expect((await rowOf(id)).callbackState).toBe('pending');
    ok(await sendCti(t, { ...base, event: 'answered', callId: id, callerNumber: from, occurredAt: at(1) }));
    expect(await rowOf(id)).toMatchObject({ state: 'ended', durationSeconds: 60, callbackState: 'none' });
  });

  it('hangup without answer, or missed: a missed call and a call-back to-do in the workbench', async () => {
    const before = ok<{ callbacks: { count: number } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: kefu }),
    ).callbacks.count;
    const a = callId();
    ok(await sendCti(t, { ...base, event: 'ringing', callId: a, callerNumber: mobileNumber() }));
    ok(await sendCti(t, { ...base, event: 'hangup', callId: a, callerNumber: mobileNumber() }));
    expect(await rowOf(a)).toMatchObject({ state: 'missed', durationSeconds: 0, callbackState: 'pending' });
    // The agent is told: a notice in the bell and the call-back SMS, once, with the number masked.
    const call = await rowOf(a);
    const notices = await t.deps.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, call.agentUserId ?? ''), eq(notification.kind, 'callback_due')));
    const mine = notices.filter((n) => n.params?.number === maskMobile(call.callerNumber));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.title).toMatch(/^未接来电 1\d{2}\*{4}\d{4}/);
    const sms = await t.deps.db
      .select()
      .from(outboundMessage)
      .where(
        and(eq(outboundMessage.event, 'callback_due'), eq(outboundMessage.recipientUserId, call.agentUserId ?? '')),
      );
    expect(sms.filter((m) => m.body.includes(maskMobile(call.callerNumber)))).toHaveLength(1);
    expect(sms.every((m) => !m.body.includes(call.callerNumber))).toBe(true);
    // A `missed` alone (no ringing received) makes the record too.
    const b = callId();
    ok(await sendCti(t, { ...base, event: 'missed', callId: b, callerNumber: mobileNumber() }));
    expect(await rowOf(b)).toMatchObject({ state: 'missed', callbackState: 'pending' });
    // An outbound call nobody picked up is no call-back to-do.
    const c = callId();
    ok(
      await sendCti(t, {
        event: 'missed',
        callId: c,
        direction: 'outbound',
        callerNumber: '8001',
        calledNumber: mobileNumber(),
        extension: '8001',
      }),
    );
    expect(await rowOf(c)).toMatchObject({ state: 'missed', callbackState: 'none' });
    const after = ok<{ callbacks: { count: number } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: kefu }),
    ).callbacks.count;
    expect(after).toBe(before + 2);
    // The handler holds no call.read: no call-back to-dos.
    const handler = ok<{ callbacks: { count: number } }>(
      await t.inject({ method: 'GET', url: '/api/workbench', cookie: await t.login('handler') }),
    );
    expect(handler.callbacks.count).toBe(0);
  });

  it('the same event sent twice (a retry with a new signature) changes nothing', async () => {
    const id = callId();
    const from = mobileNumber();
    ok(await sendCti(t, { ...base, event: 'ringing', callId: id, callerNumber: from }));
    t.clock.advance(1000);
    ok(await sendCti(t, { ...base, event: 'ringing', callId: id, callerNumber: from }));
    const rows = await t.deps.db.select().from(callRecord).where(eq(callRecord.externalId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state).toBe('ringing');
  });

  it('an unknown extension keeps the call without an agent (visible to group-wide users only)', async () => {
    const id = callId();
    ok(await sendCti(t, { ...base, extension: '9999', event: 'ringing', callId: id, callerNumber: mobileNumber() }));
    const row = await rowOf(id);
    expect(row.agentUserId).toBeNull();
    const own = await t.inject({ method: 'GET', url: `/api/calls/${row.id}`, cookie: kefu });
    expectProblem(own, 404, 'CALL_NOT_FOUND');
    ok(await t.inject({ method: 'GET', url: `/api/calls/${row.id}`, cookie: await t.login('admin') }));
  });
});

// ── screen pop ───────────────────────────────────────────────────────────

describe('screen pop', () => {
  it('shows the demo owner: rooms with roles, warranty, masked mobile; then a reception raised from it', async () => {
    const id = await recordId(t, await ring(t, '+86 138 0013 8000', '8001'));
    const pop = ok<PopDto>(await t.inject({ method: 'GET', url: `/api/calls/${id}/pop`, cookie: kefu }));
    expect(pop.matched).toBe(true);
    expect(pop.number).toBe('138****8000');
    expect(pop.fullNumber).toBeUndefined();
    expect(pop.customers).toHaveLength(1);
    const owner = pop.customers[0];
    expect(owner?.mobile).toBe('138****8000');
    expect(owner?.rooms.length).toBeGreaterThan(0);
    expect(owner?.rooms[0]?.roles).toContain('owner');
    // One entry per room, however many roles the owner holds there.
    expect(new Set(owner?.rooms.map((r) => r.roomId)).size).toBe(owner?.rooms.length);
    expect(Array.isArray(owner?.rooms[0]?.warranty)).toBe(true);
    expect(JSON.stringify(pop)).not.toContain(DEMO_CALLER);
    // The call linked itself to the only match.
    expect(pop.call.customerId).toBe(owner?.id);

    // 新建接待 from the pop: the caller's number comes from the call, the call links the reception.
    const room = owner?.rooms[0];
    const created = ok<{ reception: { id: string; callerPhone: string }; tickets: { id: string }[] }>(
      await t.inject({
        method: 'POST',
        url: '/api/receptions',
        cookie: kefu,
        payload: {
          projectId: room?.projectId,
          channel: 'phone',
          customerId: owner?.id,
          roomId: room?.roomId,
          content: '来电：厨房水龙头漏水',
          callId: id,
          tickets: [{ type: 'repair', dispatch: { mode: 'none' } }],
        },
      }),
      201,
    );
    expect(created.reception.callerPhone).toBe('138****8000');
    const call = ok<CallDto>(await t.inject({ method: 'GET', url: `/api/calls/${id}`, cookie: kefu }));
    expect(call.receptionId).toBe(created.reception.id);
    expect(call.receptionNo).toMatch(/^JD-/);
    const again = ok<PopDto>(await t.inject({ method: 'GET', url: `/api/calls/${id}/pop`, cookie: kefu }));
    const tickets = again.customers[0]?.openTickets ?? [];
    expect(tickets.map((x) => x.id)).toContain(created.tickets[0]?.id);
    expect(again.customers[0]?.receptions[0]?.publicNo).toMatch(/^JD-/);
  });

  it('a number of several customers pops each of them', async () => {
    const shared = mobileNumber();
    const first = await admin.createCustomer({ name: '共用号码甲', mobile: shared, companyId: await shId() });
    const second = await admin.createCustomer({ name: '共用号码乙', mobile: shared, companyId: await shId() });
    const id = await recordId(t, await ring(t, shared, '8001'));
    const pop = ok<PopDto>(await t.inject({ method: 'GET', url: `/api/calls/${id}/pop`, cookie: kefu }));
    expect(pop.customers.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    // Several matches: the call is not linked to one of them on its own.
    expect(pop.call.customerId).toBeNull();
  });

  it('an unknown number answers no match, with the number for 新建客户 to the call’s agent only', async () => {
    const unknown = mobileNumber();
    const id = await recordId(t, await ring(t, unknown, '8001'));
    const pop = ok<PopDto>(await t.inject({ method: 'GET', url: `/api/calls/${id}/pop`, cookie: kefu }));
    expect(pop).toMatchObject({ matched: false, customers: [], fullNumber: unknown });
    const supervisor = ok<PopDto>(
      await t.inject({ method: 'GET', url: `/api/calls/${id}/pop`, cookie: await t.login('supervisor') }),
    );
    expect(supervisor.fullNumber).toBeUndefined();
  });

  it('an agent of another company gets 404 and nothing of the call', async () => {
    const id = await recordId(t, await ring(t, DEMO_CALLER, '8001'));
    const hz = await t.login('hz_admin');
    const pop = await t.inject({ method: 'GET', url: `/api/calls/${id}/pop`, cookie: hz });
    expectProblem(pop, 404, 'CALL_NOT_FOUND');
    expect(pop.body).not.toContain('138');
    const list = ok<Page<CallDto>>(await t.inject({ method: 'GET', url: '/api/calls?pageSize=200', cookie: hz }));
    expect(list.data.map((c) => c.id)).not.toContain(id);
    expectProblem(
      await t.inject({ method: 'PATCH', url: `/api/calls/${id}`, cookie: hz, payload: { receptionId: null } }),
      404,
      'CALL_NOT_FOUND',
    );
    // The handler holds no call.read.
    expectProblem(
      await t.inject({ method: 'GET', url: `/api/calls/${id}/pop`, cookie: await t.login('handler') }),
      403,
      'FORBIDDEN',
    );
  });
});

// ── realtime ─────────────────────────────────────────────────────────────

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

class Stream {
  readonly events: SseEvent[] = [];
  connected = false;
  private buffer = '';

  constructor(readonly body: Readable) {
    body.setEncoding('utf8');
    body.on('data', (chunk: string) => {
      this.buffer += chunk;
      let cut = this.buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        const lines = block.split('\n');
        if (lines.includes(': connected')) this.connected = true;
        const name = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        if (name && data) this.events.push({ event: name, data: JSON.parse(data) });
        cut = this.buffer.indexOf('\n\n');
      }
    });
  }

  async until(test: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(this.events)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close() {
    this.body.destroy();
  }
}

async function connect(app: ZodApp, cookie: string): Promise<Stream> {
  const response = await app.inject({ method: 'GET', url: '/api/events', headers: { cookie }, payloadAsStream: true });
  const stream = new Stream(response.stream());
  await stream.until(() => stream.connected, 'connected');
  return stream;
}

describe('realtime screen pop', () => {
  it('sends the call event (masked number) to the extension’s agent only, across instances', async () => {
    const other = await t.buildApp({});
    const agent = await connect(other, kefu);
    const supervisor = await connect(t.app, await t.login('supervisor'));
    const external = await ring(t, DEMO_CALLER, '8001');
    const id = await recordId(t, external);
    await agent.until(() => agent.events.some((e) => e.event === 'call'), 'the call event');
    expect(agent.events.find((e) => e.event === 'call')?.data).toEqual({
      callId: id,
      number: '138****8000',
      state: 'ringing',
    });
    // The supervisor's stream is live (its own extension rings) and got nothing before.
    const own = await recordId(t, await ring(t, mobileNumber(), '8002'));
    await supervisor.until(() => supervisor.events.some((e) => e.event === 'call'), 'the supervisor’s call');
    expect(supervisor.events.filter((e) => e.event === 'call').map((e) => e.data.callId)).toEqual([own]);
    // A missed call also refreshes the agent's workbench.
    ok(await sendCti(t, { event: 'hangup', callId: external, callerNumber: DEMO_CALLER, calledNumber: '4008200000' }));
    await agent.until(
      () => agent.events.some((e) => e.event === 'call' && e.data.state === 'missed'),
      'the missed call event',
    );
    expect(agent.events.some((e) => e.event === 'workbench')).toBe(true);
    agent.close();
    supervisor.close();
  });
});

// ── call log ─────────────────────────────────────────────────────────────

describe('call log', () => {
  it('filters by direction, state, call-back, number, agent and time; masks customers’ numbers', async () => {
    const from = mobileNumber();
    const id = callId();
    ok(
      await sendCti(t, {
        event: 'missed',
        callId: id,
        callerNumber: from,
        calledNumber: '4008200000',
        extension: '8002',
      }),
    );
    const list = (query: string) =>
      t
        .inject({ method: 'GET', url: `/api/calls?pageSize=200&${query}`, cookie: kefu })
        .then((r) => ok<Page<CallDto>>(r));
    const byNumber = await list(
      `number=${encodeURIComponent(`${from.slice(0, 3)}-${from.slice(3, 7)}-${from.slice(7)}`)}`,
    );
    expect(byNumber.data).toHaveLength(1);
    expect(byNumber.data[0]).toMatchObject({
      callerNumber: `${from.slice(0, 3)}****${from.slice(-4)}`,
      calledNumber: '4008200000',
      state: 'missed',
      callbackState: 'pending',
      agentName: '王海燕',
    });
    const pending = await list('callback=pending');
    expect(pending.data.every((c) => c.callbackState === 'pending')).toBe(true);
    expect(pending.data.map((c) => c.id)).toContain(byNumber.data[0]?.id);
    const outbound = await list('direction=outbound');
    expect(outbound.data.every((c) => c.direction === 'outbound')).toBe(true);
    const missed = await list('state=missed');
    expect(missed.data.every((c) => c.state === 'missed')).toBe(true);
    const supervisorUser = (await admin.users()).find((u) => u.username === 'supervisor');
    const byAgent = await list(`agentUserId=${supervisorUser?.id}`);
    expect(byAgent.data.every((c) => c.agentName === '王海燕')).toBe(true);
    const future = await list(`from=${encodeURIComponent(at(60))}`);
    expect(future.total).toBe(0);
    const window = await list(`from=${encodeURIComponent(at(-1))}&to=${encodeURIComponent(at(1))}`);
    expect(window.data.map((c) => c.id)).toContain(byNumber.data[0]?.id);
    expect(hasFullMobile(JSON.stringify(await list('')))).toBe(false);
  });

  it('exports the filtered log to Excel with masked numbers, audited', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/calls/export?callback=pending', cookie: kefu });
    const rows = await sheetRows(response);
    expect(rows[0]).toContain('主叫');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => r.includes('待回拨'))).toBe(true);
    expect(hasFullMobile(JSON.stringify(rows))).toBe(false);
    expect((await t.auditEntries(response)).map((a) => a.action)).toEqual(['call.export']);
  });

  it('links a customer and a reception record; marks the call-back done once', async () => {
    const id = callId();
    ok(
      await sendCti(t, {
        event: 'missed',
        callId: id,
        callerNumber: mobileNumber(),
        calledNumber: '4008200000',
        extension: '8001',
      }),
    );
    const record = await recordId(t, id);
    const someone = await admin.createCustomer({ name: '补录客户', companyId: await shId() });
    const linked = ok<CallDto>(
      await t.inject({
        method: 'PATCH',
        url: `/api/calls/${record}`,
        cookie: kefu,
        payload: { customerId: someone.id },
      }),
    );
    expect(linked.customerId).toBe(someone.id);
    const hzCustomer = await admin.createCustomer({ name: '杭州客户', companyId: (await admin.orgByCode('HZ')).id });
    expectProblem(
      await t.inject({
        method: 'PATCH',
        url: `/api/calls/${record}`,
        cookie: kefu,
        payload: { customerId: hzCustomer.id },
      }),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    const done = await t.inject({
      method: 'POST',
      url: `/api/calls/${record}/callback`,
      cookie: kefu,
      payload: { note: '已回拨，约明早上门' },
    });
    expect(ok<CallDto>(done)).toMatchObject({
      callbackState: 'done',
      callbackNote: '已回拨，约明早上门',
      callbackUserName: '张晓梅',
    });
    expect((await t.auditEntries(done)).map((a) => a.action)).toEqual(['call.callback']);
    expectChineseProblem(
      await t.inject({ method: 'POST', url: `/api/calls/${record}/callback`, cookie: kefu, payload: {} }),
      409,
      'CALLBACK_NOT_PENDING',
    );
  });
});

// ── click-to-call ────────────────────────────────────────────────────────

describe('POST /api/calls/dial', () => {
  it('places the call through the log-only adapter from the agent’s extension, audited', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/calls/dial',
      cookie: kefu,
      payload: { number: '+86 138-0013-8000' },
    });
    const call = ok<CallDto>(response, 201);
    expect(call).toMatchObject({
      source: 'dial',
      direction: 'outbound',
      state: 'ringing',
      extension: '8001',
      callerNumber: '8001',
      calledNumber: '138****8000',
    });
    expect(call.customerId).not.toBeNull();
    const audit = await t.auditEntries(response);
    expect(audit.map((a) => a.action)).toEqual(['call.dial']);
    expect(audit[0]?.summary).toContain('log');
    expect(JSON.stringify(audit)).not.toContain(DEMO_CALLER);
  });

  it('calls back a missed call by its id, the number never passing through the browser', async () => {
    const calls: { extension: string; number: string }[] = [];
    const recording: DialAdapter = {
      name: 'recording',
      async dial(request) {
        calls.push({ extension: request.extension, number: request.number });
        return { externalId: `rec-${request.callId}` };
      },
    };
    const previous = useDialAdapter(recording);
    try {
      const from = mobileNumber();
      const id = callId();
      ok(
        await sendCti(t, {
          event: 'missed',
          callId: id,
          callerNumber: from,
          calledNumber: '4008200000',
          extension: '8001',
        }),
      );
      ok(
        await t.inject({
          method: 'POST',
          url: '/api/calls/dial',
          cookie: kefu,
          payload: { callId: await recordId(t, id) },
        }),
        201,
      );
      expect(calls).toEqual([{ extension: '8001', number: from }]);
    } finally {
      useDialAdapter(previous);
    }
  });

  it('needs an extension, and one target', async () => {
    const adminCookie = await t.login('admin');
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: '/api/calls/dial',
        cookie: adminCookie,
        payload: { number: '13800138000' },
      }),
      422,
      'EXTENSION_REQUIRED',
    );
    expectProblem(
      await t.inject({ method: 'POST', url: '/api/calls/dial', cookie: kefu, payload: {} }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await t.inject({ method: 'POST', url: '/api/calls/dial', cookie: kefu, payload: { number: '12' } }),
      422,
      'CALL_NUMBER_INVALID',
    );
  });
});

// ── extensions ───────────────────────────────────────────────────────────

describe('extensions', () => {
  it('shows the user their own extension', async () => {
    const me = ok<{ extension: string | null }>(await t.inject({ method: 'GET', url: '/api/auth/me', cookie: kefu }));
    expect(me.extension).toBe('8001');
  });

  it('an administrator sets one on the user form; a duplicate is a clear 409', async () => {
    const created = await admin.createUser({ name: '新坐席', orgId: (await admin.orgByCode('SH-PD')).id });
    const adminCookie = await t.login('admin');
    const put = (extension: string | null) =>
      t.inject({
        method: 'PUT',
        url: `/api/users/${created.user.id}`,
        cookie: adminCookie,
        payload: { name: '新坐席', orgId: created.user.orgId, positions: [], assignments: [], extension },
      });
    expect(ok<{ extension: string }>(await put('8010')).extension).toBe('8010');
    const taken = expectChineseProblem(await put('8001'), 409, 'EXTENSION_TAKEN');
    expect(taken.detail).toContain('张晓梅');
    expect(ok<{ extension: string | null }>(await put(null)).extension).toBeNull();
    expectProblem(await put('80-1'), 400, 'VALIDATION_FAILED');
  });
});
