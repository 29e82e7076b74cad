import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contractor } from '../src/modules/contractor/contractor.table.js';
import { customer, customerPhone } from '../src/modules/customer/customer.table.js';
import type { ProviderDefinition, SendResult } from '../src/modules/notification/adapters/adapter.js';
import { SendFailure } from '../src/modules/notification/adapters/adapter.js';
import { queueCallbackDue } from '../src/modules/notification/message.hooks.js';
import { queueMessages } from '../src/modules/notification/message.queue.js';
import { MAX_ATTEMPTS, quietUntil, sendDue } from '../src/modules/notification/message.sender.js';
import { messageChannel, messageTemplate, outboundMessage } from '../src/modules/notification/message.table.js';
import { render, unknownVariables } from '../src/modules/notification/message.vars.js';
import { sweepDue } from '../src/modules/ticket/ticket.sweep.js';
import { notification, returnVisit, ticket } from '../src/modules/ticket/ticket.table.js';
import { remindDueVisits } from '../src/modules/ticket/visit.remind.js';
import { appUser } from '../src/modules/user/user.table.js';
import {
  createTestApp,
  DAY,
  expectChineseProblem,
  expectInvalid,
  HOUR,
  MINUTE,
  ok,
  type Page,
  sheetRows,
  type TestApp,
} from './harness.js';
import { createTicket, userId } from './ticket-fixtures.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});

afterAll(async () => {
  await t?.close();
});

interface Template {
  id: string;
  event: string;
  channel: string;
  enabled: boolean;
  subject: string | null;
  body: string;
  version: number;
  variables: { name: string }[];
}

interface Message {
  id: string;
  channel: string;
  event: string;
  recipientName: string | null;
  addressMasked: string;
  body: string;
  state: string;
  attempts: number;
  provider: string | null;
  providerMessageId: string | null;
  error: string | null;
  ticketPublicNo: string | null;
}

type Row = typeof outboundMessage.$inferSelect;

const rowsOf = (ticketId: string) =>
  t.deps.db.select().from(outboundMessage).where(eq(outboundMessage.ticketId, ticketId));

async function templateOf(event: string, channel: string): Promise<Template> {
  const list = ok<Template[]>(await t.inject({ method: 'GET', url: '/api/message-templates', cookie: admin }));
  const found = list.find((x) => x.event === event && x.channel === channel);
  if (!found) throw new Error(`no template ${event}/${channel}`);
  return found;
}

/** A fake provider for the sender, answering every provider code. */
function fakeProvider(send: (m: { id: string; to: string; body: string }) => Promise<SendResult>) {
  const definition: ProviderDefinition = {
    provider: 'aliyun_sms',
    channels: ['sms', 'email', 'wechat'],
    label: { 'zh-CN': '测试', 'en-US': 'Test' },
    settings: [],
    credentials: [],
    create: () => ({ provider: 'aliyun_sms', send }),
  };
  return () => definition;
}

/** Queues one dispatch SMS to a user, in a transaction of its own; answers its row. */
async function queueOne(username = 'handler', extra: { urgent?: boolean } = {}): Promise<Row> {
  const id = await userId(t, username);
  await t.deps.db.transaction((tx) =>
    queueMessages(tx, t.deps.secrets, {
      event: 'dispatched',
      recipients: [{ userId: id }],
      vars: { ticketNo: 'BX-TEST', content: '测试' },
      urgent: extra.urgent ?? false,
      now: t.clock.now,
    }),
  );
  const [row] = await t.deps.db
    .select()
    .from(outboundMessage)
    .where(and(eq(outboundMessage.recipientUserId, id), eq(outboundMessage.state, 'queued')));
  if (!row) throw new Error('nothing queued');
  return row;
}

const state = async (id: string) => {
  const [row] = await t.deps.db.select().from(outboundMessage).where(eq(outboundMessage.id, id));
  if (!row) throw new Error('message vanished');
  return row;
};

/** Nothing else waiting: each sender test sees only its own messages. */
async function clearQueue(): Promise<void> {
  await t.deps.db.update(outboundMessage).set({ state: 'cancelled' }).where(eq(outboundMessage.state, 'queued'));
}

async function customerWithPhone(): Promise<{ id: string; number: string }> {
  const [row] = await t.deps.db
    .select({ id: customer.id, number: customerPhone.number })
    .from(customer)
    .innerJoin(customerPhone, and(eq(customerPhone.customerId, customer.id), eq(customerPhone.isPrimary, true)))
    .limit(1);
  if (!row) throw new Error('no demo customer with a phone');
  return row;
}

describe('templates', () => {
  it('renders {{variables}} and finds the unknown ones', () => {
    expect(
      render('{{customerName}}您好，工单{{ ticketNo }}已受理{{missing}}', { customerName: '张伟', ticketNo: 'BX1' }),
    ).toBe('张伟您好，工单BX1已受理');
    expect(unknownVariables('dispatched', '{{ticketNo}}{{phone}}', '{{level}}')).toEqual(['phone', 'level']);
    expect(unknownVariables('escalated', '{{level}}')).toEqual([]);
  });

  it('seeds a Chinese template for every event and one outbox channel per channel, once', async () => {
    const list = ok<Template[]>(await t.inject({ method: 'GET', url: '/api/message-templates', cookie: admin }));
    const events = new Set(list.map((x) => x.event));
    expect([...events].sort()).toEqual(
      [
        'accepted',
        'callback_due',
        'dispatched',
        'escalated',
        'instruction',
        'overdue',
        'resolved',
        'sla_warning',
        'visit_due',
      ].sort(),
    );
    for (const x of list) expect(unknownVariables(x.event as 'dispatched', x.subject, x.body)).toEqual([]);
    const channels = await t.deps.db.select().from(messageChannel);
    expect(channels.map((c) => [c.channel, c.provider]).sort()).toEqual([
      ['email', 'outbox'],
      ['sms', 'outbox'],
      ['wechat', 'outbox'],
    ]);
    const { bootstrap } = await import('../src/db/seeds/bootstrap.js');
    await bootstrap(t.deps);
    expect(await t.deps.db.select().from(messageTemplate)).toHaveLength(list.length);
  });

  it('saves with a version check, refuses an unknown variable naming it, and audits', async () => {
    const tpl = await templateOf('dispatched', 'sms');
    const bad = await t.inject({
      method: 'PUT',
      url: `/api/message-templates/${tpl.id}`,
      cookie: admin,
      payload: { version: tpl.version, enabled: true, body: '工单{{ticketNo}}，业主电话{{ownerPhone}}' },
    });
    const problem = expectChineseProblem(bad, 422, 'MESSAGE_TEMPLATE_UNKNOWN_VARIABLE');
    expect(problem.detail).toContain('{{ownerPhone}}');
    expect(problem.errors?.[0]?.field).toBe('body');

    const body = '{{recipientName}}：新工单{{ticketNo}}（{{room}}），请于{{deadline}}前办结。';
    const saved = await t.inject({
      method: 'PUT',
      url: `/api/message-templates/${tpl.id}`,
      cookie: admin,
      payload: { version: tpl.version, enabled: true, body, smsSignName: '邻里物业', smsTemplateCode: 'SMS_100001' },
    });
    expect(ok<Template>(saved)).toMatchObject({ body, version: tpl.version + 1 });
    expect((await t.auditEntries(saved)).map((a) => a.action)).toEqual(['message_template.update']);
    const stale = await t.inject({
      method: 'PUT',
      url: `/api/message-templates/${tpl.id}`,
      cookie: admin,
      payload: { version: tpl.version, enabled: true, body },
    });
    expectChineseProblem(stale, 409, 'MESSAGE_TEMPLATE_CHANGED');
    // Only all-data administrators change group-wide settings.
    const hz = await t.login('hz_admin');
    expectChineseProblem(
      await t.inject({
        method: 'PUT',
        url: `/api/message-templates/${tpl.id}`,
        cookie: hz,
        payload: { version: tpl.version + 1, enabled: true, body },
      }),
      403,
      'GROUP_SETTING',
    );
  });

  it('previews with sample values, and refuses unknown variables', async () => {
    const preview = ok<{ body: string; subject: string | null; smsParts: number }>(
      await t.inject({
        method: 'POST',
        url: '/api/message-templates/preview',
        cookie: admin,
        payload: { event: 'escalated', subject: '升级：{{ticketNo}}', body: '{{recipientName}}，已升级至{{level}}' },
      }),
    );
    expect(preview).toEqual({
      subject: '升级：GD202611240001',
      body: '王师傅，已升级至第 1 级（项目经理）',
      length: 19,
      smsParts: 1,
    });
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: '/api/message-templates/preview',
        cookie: admin,
        payload: { event: 'accepted', body: '{{level}}' },
      }),
      422,
      'MESSAGE_TEMPLATE_UNKNOWN_VARIABLE',
    );
  });
});

describe('queueing inside the business transaction', () => {
  it('queues the handler’s SMS with the dispatch: encrypted, hashed and masked address', async () => {
    const tk = await createTicket(t, { state: 'new', handlerUsername: null });
    const kefu = await t.login('kefu');
    const handlerId = await userId(t, 'handler');
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/dispatch`,
        cookie: kefu,
        payload: { mode: 'manual', handlerUserId: handlerId },
      }),
    );
    const rows = await rowsOf(tk.id);
    expect(rows.map((r) => [r.event, r.channel, r.state, r.recipientUserId])).toEqual([
      ['dispatched', 'sms', 'queued', handlerId],
    ]);
    const [row] = rows;
    const [handler] = await t.deps.db.select().from(appUser).where(eq(appUser.id, handlerId));
    expect(t.deps.secrets.decrypt(row?.addressEnc ?? '')).toBe(handler?.mobile);
    expect(row?.addressHash).toBe(t.deps.secrets.hash(handler?.mobile ?? ''));
    expect(row?.addressMasked).toBe(`${handler?.mobile?.slice(0, 3)}****${handler?.mobile?.slice(-4)}`);
    expect(row?.body).toContain(tk.publicNo);
    expect(row?.companyId).toBe(tk.companyId);

    // The in-app notification keeps its values for the reader's language.
    const handlerCookie = await t.login('handler');
    const notes = ok<Page<{ ticketId: string; kind: string; params: Record<string, string> | null }>>(
      await t.inject({ method: 'GET', url: '/api/notifications', cookie: handlerCookie }),
    );
    expect(notes.data.find((n) => n.ticketId === tk.id)).toMatchObject({
      kind: 'dispatched',
      params: { publicNo: tk.publicNo, title: tk.title },
    });
  });

  it('sends a contractor’s dispatch to its contact person’s mobile', async () => {
    const tk = await createTicket(t, { state: 'new', handlerUsername: null });
    const [k] = await t.deps.db.select().from(contractor).where(eq(contractor.companyId, tk.companyId)).limit(1);
    expect(k?.contactMobile).toBeTruthy();
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/dispatch`,
        cookie: await t.login('kefu'),
        payload: { mode: 'manual', contractorId: k?.id },
      }),
    );
    const sms = (await rowsOf(tk.id)).filter((r) => r.event === 'dispatched' && r.channel === 'sms');
    expect(sms).toHaveLength(1);
    expect(t.deps.secrets.decrypt(sms[0]?.addressEnc ?? '')).toBe(k?.contactMobile);
    expect(sms[0]?.recipientName).toContain(k?.name ?? '-');
    expect(sms[0]?.body).toContain(tk.publicNo);
  });

  it('writes nothing when the business transaction rolls back', async () => {
    const handlerId = await userId(t, 'handler');
    const before = await t.deps.db.select().from(outboundMessage).where(eq(outboundMessage.recipientUserId, handlerId));
    await expect(
      t.deps.db.transaction(async (tx) => {
        const n = await queueMessages(tx, t.deps.secrets, {
          event: 'dispatched',
          recipients: [{ userId: handlerId }],
          vars: { ticketNo: 'BX-ROLLBACK' },
          now: t.clock.now,
        });
        expect(n).toBe(1);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const after = await t.deps.db.select().from(outboundMessage).where(eq(outboundMessage.recipientUserId, handlerId));
    expect(after).toHaveLength(before.length);
  });

  it('tells the customer of accept and resolve by SMS, to the primary phone; skips who has no address', async () => {
    const c = await customerWithPhone();
    const tk = await createTicket(t);
    await t.deps.db.update(ticket).set({ customerId: c.id }).where(eq(ticket.id, tk.id));
    const handler = await t.login('handler');
    ok(await t.inject({ method: 'POST', url: `/api/tickets/${tk.id}/accept`, cookie: handler, payload: {} }));
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/resolve`,
        cookie: handler,
        payload: { resolution: '已更换密封圈' },
      }),
    );
    const rows = await rowsOf(tk.id);
    const toCustomer = rows.filter((r) => r.recipientCustomerId === c.id);
    expect(toCustomer.map((r) => r.event).sort()).toEqual(['accepted', 'resolved']);
    for (const r of toCustomer) expect(t.deps.secrets.decrypt(r.addressEnc)).toBe(c.number);

    // No e-mail template is enabled for these events, and a user without a mobile gets no SMS.
    const handlerId = await userId(t, 'handler');
    await t.deps.db.update(appUser).set({ mobile: null }).where(eq(appUser.id, handlerId));
    try {
      const n = await t.deps.db.transaction((tx) =>
        queueMessages(tx, t.deps.secrets, {
          event: 'dispatched',
          recipients: [{ userId: handlerId }],
          vars: {},
          now: t.clock.now,
        }),
      );
      expect(n).toBe(0);
    } finally {
      await t.deps.db.update(appUser).set({ mobile: '13916620003' }).where(eq(appUser.id, handlerId));
    }
  });

  it('sends overdue and escalation messages by SMS and e-mail to that level’s people', async () => {
    const tk = await createTicket(t, { responseMinutes: 30, resolutionMinutes: 60, clockMode: 'calendar' });
    await sweepDue(t.deps, new Date(t.clock.now.getTime() + 30 * DAY), { limit: 10_000 });
    const rows = await rowsOf(tk.id);
    const escalated = rows.filter((r) => r.event === 'escalated');
    expect(new Set(escalated.map((r) => r.channel))).toEqual(new Set(['sms', 'email']));
    const overdue = rows.filter((r) => r.event === 'overdue');
    expect(new Set(overdue.map((r) => r.channel))).toEqual(new Set(['sms', 'email']));
    const email = escalated.find((r) => r.channel === 'email');
    expect(email?.subject).toMatch(/^【升级】工单/);
    expect(email?.addressMasked).toMatch(/^.\*\*\*@linli-demo\.example\.com$/);
    // Each message once, however often the sweep runs.
    await sweepDue(t.deps, new Date(t.clock.now.getTime() + 30 * DAY), { limit: 10_000 });
    expect(await rowsOf(tk.id)).toHaveLength(rows.length);
  });

  it('reminds the owner agent of a return visit that fell due, once (in-app and SMS)', async () => {
    const tk = await createTicket(t, { state: 'resolved' });
    const agent = await userId(t, 'kefu');
    await t.deps.db
      .insert(returnVisit)
      .values({ ticketId: tk.id, round: tk.round, agentId: agent, dueAt: new Date(t.clock.now.getTime() + HOUR) });
    expect(await remindDueVisits(t.deps, t.clock.now)).toBe(0);
    const later = new Date(t.clock.now.getTime() + 2 * HOUR);
    await Promise.all([remindDueVisits(t.deps, later), remindDueVisits(t.deps, later)]);
    await remindDueVisits(t.deps, later);
    const notes = await t.deps.db
      .select()
      .from(notification)
      .where(and(eq(notification.ticketId, tk.id), eq(notification.kind, 'visit_due')));
    expect(notes.map((n) => n.userId)).toEqual([agent]);
    const sms = (await rowsOf(tk.id)).filter((r) => r.event === 'visit_due');
    expect(sms.map((r) => [r.channel, r.recipientUserId])).toEqual([['sms', agent]]);
  });

  it('offers the call center a missed-call hook', async () => {
    const agent = await userId(t, 'kefu');
    const n = await t.deps.db.transaction((tx) =>
      queueCallbackDue(tx, t.deps.secrets, {
        userIds: [agent],
        callerNumber: '13800138000',
        customerName: '张伟',
        calledAt: t.clock.now,
        now: t.clock.now,
      }),
    );
    expect(n).toBe(1);
    const [row] = await t.deps.db
      .select()
      .from(outboundMessage)
      .where(and(eq(outboundMessage.event, 'callback_due'), eq(outboundMessage.recipientUserId, agent)));
    expect(row?.body).toContain('138****8000（张伟）');
    expect(row?.body).not.toContain('13800138000');
  });
});

describe('the sender', () => {
  beforeEach(async () => {
    await clearQueue();
    t.clock.set('2026-11-24T01:30:00.000Z'); // 09:30 in Beijing, outside SMS quiet hours
  });

  it('sends through the provider with the row id as reference and records the provider’s id', async () => {
    const m = await queueOne();
    const seen: { id: string; to: string }[] = [];
    const summary = await sendDue(t.deps, t.clock.now, {
      providers: fakeProvider(async (x) => {
        seen.push({ id: x.id, to: x.to });
        return { providerMessageId: `P-${x.id.slice(0, 8)}` };
      }),
    });
    expect(summary).toMatchObject({ sent: 1, failed: 0, retrying: 0 });
    expect(seen).toEqual([{ id: m.id, to: '13916620003' }]);
    expect(await state(m.id)).toMatchObject({
      state: 'sent',
      attempts: 1,
      providerMessageId: `P-${m.id.slice(0, 8)}`,
      error: null,
      nextAttemptAt: null,
    });
  });

  it('the default outbox stores and reports delivery', async () => {
    const m = await queueOne();
    await sendDue(t.deps, t.clock.now);
    expect(await state(m.id)).toMatchObject({
      state: 'delivered',
      provider: 'outbox',
      providerMessageId: `outbox-${m.id}`,
    });
  });

  it('retries a retryable failure after 1, 5, 15 and 60 minutes, then fails with the provider’s reason', async () => {
    const m = await queueOne();
    const failing = fakeProvider(async () => {
      throw new SendFailure('流控：请求过于频繁', true, 'isv.BUSINESS_LIMIT_CONTROL');
    });
    const waits = [1, 5, 15, 60];
    for (const [i, wait] of waits.entries()) {
      expect(await sendDue(t.deps, t.clock.now, { providers: failing })).toMatchObject({ retrying: 1 });
      const row = await state(m.id);
      expect(row).toMatchObject({ state: 'queued', attempts: i + 1 });
      expect(row.error).toBe('[isv.BUSINESS_LIMIT_CONTROL] 流控：请求过于频繁');
      expect(row.nextAttemptAt?.getTime()).toBe(t.clock.now.getTime() + wait * MINUTE);
      // Not due a moment before.
      t.clock.advance(wait * MINUTE - 1000);
      expect(await sendDue(t.deps, t.clock.now, { providers: failing })).toMatchObject({ retrying: 0, failed: 0 });
      t.clock.advance(1000);
    }
    expect(await sendDue(t.deps, t.clock.now, { providers: failing })).toMatchObject({ failed: 1 });
    expect(await state(m.id)).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
  });

  it('fails a permanent failure at once; an administrator retries it', async () => {
    const m = await queueOne();
    await sendDue(t.deps, t.clock.now, {
      providers: fakeProvider(async () => {
        throw new SendFailure('手机号码格式错误', false, 'isv.MOBILE_NUMBER_ILLEGAL');
      }),
    });
    expect(await state(m.id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: '[isv.MOBILE_NUMBER_ILLEGAL] 手机号码格式错误',
    });

    const retried = await t.inject({ method: 'POST', url: `/api/messages/${m.id}/retry`, cookie: admin });
    expect(ok<Message>(retried).state).toBe('queued');
    expect((await t.auditEntries(retried)).map((a) => a.action)).toEqual(['message.retry']);
    expectChineseProblem(
      await t.inject({ method: 'POST', url: `/api/messages/${m.id}/retry`, cookie: admin }),
      409,
      'MESSAGE_NOT_RETRYABLE',
    );
    await sendDue(t.deps, t.clock.now);
    expect(await state(m.id)).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('holds messages in quiet hours until they end, unless urgent', async () => {
    t.clock.set('2026-11-24T14:00:00.000Z'); // 22:00 in Beijing
    const normal = await queueOne('handler');
    const urgent = await queueOne('supervisor', { urgent: true });
    const summary = await sendDue(t.deps, t.clock.now);
    expect(summary).toMatchObject({ sent: 1, held: 1 });
    expect((await state(urgent.id)).state).toBe('delivered');
    const held = await state(normal.id);
    expect(held).toMatchObject({ state: 'queued', attempts: 0 });
    expect(held.nextAttemptAt?.toISOString()).toBe('2026-11-25T00:00:00.000Z'); // 08:00 next morning
    t.clock.set('2026-11-24T23:59:00.000Z');
    expect(await sendDue(t.deps, t.clock.now)).toMatchObject({ sent: 0, held: 0 });
    t.clock.set('2026-11-25T00:00:00.000Z');
    expect(await sendDue(t.deps, t.clock.now)).toMatchObject({ sent: 1 });
    expect((await state(normal.id)).state).toBe('delivered');
  });

  it('computes quiet hours in the channel’s zone, across midnight or within a day', () => {
    const night = { quietStart: '21:00', quietEnd: '08:00', timeZone: 'Asia/Shanghai' };
    expect(quietUntil(night, new Date('2026-11-24T12:59:00Z'))).toBeNull(); // 20:59
    expect(quietUntil(night, new Date('2026-11-24T13:00:00Z'))?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(quietUntil(night, new Date('2026-11-24T19:30:30Z'))?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(quietUntil(night, new Date('2026-11-25T00:00:00Z'))).toBeNull(); // 08:00
    const lunch = { quietStart: '12:00', quietEnd: '13:30', timeZone: 'Asia/Shanghai' };
    expect(quietUntil(lunch, new Date('2026-11-24T04:10:00Z'))?.toISOString()).toBe('2026-11-24T05:30:00.000Z');
    expect(quietUntil({ ...lunch, quietStart: null }, new Date('2026-11-24T04:10:00Z'))).toBeNull();
  });

  it('never sends a message twice with two senders at once', async () => {
    for (let i = 0; i < 6; i++) await queueOne(i % 2 ? 'handler' : 'supervisor');
    const ids = (
      await t.deps.db
        .select({ id: outboundMessage.id })
        .from(outboundMessage)
        .where(eq(outboundMessage.state, 'queued'))
    ).map((r) => r.id);
    expect(ids).toHaveLength(6);
    const calls = new Map<string, number>();
    const slow = fakeProvider(async (x) => {
      calls.set(x.id, (calls.get(x.id) ?? 0) + 1);
      await sleep(5);
      return { providerMessageId: x.id };
    });
    const [a, b] = await Promise.all([
      sendDue(t.deps, t.clock.now, { providers: slow }),
      sendDue(t.deps, t.clock.now, { providers: slow }),
    ]);
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(6);
    expect(ids.map((id) => calls.get(id))).toEqual([1, 1, 1, 1, 1, 1]);
    const rows = await t.deps.db.select().from(outboundMessage).where(inArray(outboundMessage.id, ids));
    expect(rows.every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
  });
});

describe('channels and providers', () => {
  it('answers channels without credentials and the providers with their form fields', async () => {
    const channels = ok<Record<string, unknown>[]>(
      await t.inject({ method: 'GET', url: '/api/message-channels', cookie: admin }),
    );
    expect(channels.map((c) => c.channel)).toEqual(['sms', 'email', 'wechat']);
    for (const c of channels) {
      expect(c).not.toHaveProperty('credentialsEnc');
      expect(JSON.stringify(c)).not.toContain('v1:');
    }
    const providers = ok<{ provider: string; settings: unknown[]; credentials: unknown[] }[]>(
      await t.inject({ method: 'GET', url: '/api/message-providers', cookie: admin }),
    );
    expect(providers[0]).toMatchObject({ provider: 'outbox', settings: [], credentials: [] });
  });

  it('validates quiet hours and the provider; saves with a version check, audited', async () => {
    const [sms] = ok<{ version: number }[]>(
      await t.inject({ method: 'GET', url: '/api/message-channels', cookie: admin }),
    );
    const put = (payload: object) =>
      t.inject({ method: 'PUT', url: '/api/message-channels/sms', cookie: admin, payload });
    const base = { version: sms?.version ?? 1, provider: 'outbox', enabled: true, settings: {}, credentials: {} };
    expectInvalid(await put({ ...base, quietStart: '25:00', quietEnd: '08:00' }), 'quietStart');
    expectInvalid(await put({ ...base, quietStart: '21:00', quietEnd: null }), 'quietEnd');
    expectInvalid(await put({ ...base, quietStart: '21:00', quietEnd: '21:00' }), 'quietEnd');
    expectInvalid(await put({ ...base, timeZone: 'Mars/Olympus' }), 'timeZone');
    // A provider that cannot serve the channel (WeChat for SMS) is refused.
    expectChineseProblem(
      await put({ ...base, provider: 'wechat_mp', quietStart: null, quietEnd: null }),
      422,
      'MESSAGE_PROVIDER_UNAVAILABLE',
    );
    const saved = await put({ ...base, quietStart: '22:00', quietEnd: '07:30', timeZone: 'Asia/Shanghai' });
    expect(ok<{ quietStart: string; version: number }>(saved)).toMatchObject({
      quietStart: '22:00',
      quietEnd: '07:30',
      version: base.version + 1,
    });
    expect((await t.auditEntries(saved)).map((a) => a.action)).toEqual(['message_channel.update']);
    expectChineseProblem(await put({ ...base }), 409, 'MESSAGE_CHANNEL_CHANGED');
    // Back to the defaults the other tests expect.
    ok(await put({ ...base, version: base.version + 1, quietStart: '21:00', quietEnd: '08:00' }));
  });

  it('keeps a real provider’s credentials encrypted and write-only; a required one is asked for by name', async () => {
    const [sms] = ok<{ version: number }[]>(
      await t.inject({ method: 'GET', url: '/api/message-channels', cookie: admin }),
    );
    const put = (payload: object) =>
      t.inject({ method: 'PUT', url: '/api/message-channels/sms', cookie: admin, payload });
    const base = {
      version: sms?.version ?? 1,
      provider: 'aliyun_sms',
      enabled: true,
      settings: { signName: '邻里物业' },
      quietStart: '21:00',
      quietEnd: '08:00',
      timeZone: 'Asia/Shanghai',
    };
    // Without the AccessKey Secret: refused, naming the field in Chinese.
    const missing = expectChineseProblem(
      await put({ ...base, credentials: { accessKeyId: 'LTAI5tExample' } }),
      422,
      'MESSAGE_PROVIDER_FIELD_REQUIRED',
    );
    expect(JSON.stringify(missing)).toContain('AccessKey Secret');
    const saved = ok<{ version: number; credentials: { key: string; set: boolean }[] }>(
      await put({ ...base, credentials: { accessKeyId: 'LTAI5tExample', accessKeySecret: 'secret-value-1' } }),
    );
    expect(saved.credentials).toEqual([
      { key: 'accessKeyId', set: true },
      { key: 'accessKeySecret', set: true },
    ]);
    const listed = await t.inject({ method: 'GET', url: '/api/message-channels', cookie: admin });
    expect(listed.body).not.toContain('secret-value-1');
    const [row] = await t.deps.db.select().from(messageChannel).where(eq(messageChannel.channel, 'sms'));
    expect(row?.credentialsEnc).toMatch(/^v1:/);
    expect(row?.credentialsEnc).not.toContain('secret-value-1');
    // Saving again without the secrets keeps them; a new secret replaces only itself.
    const again = ok<{ version: number }>(
      await put({ ...base, version: saved.version, credentials: { accessKeySecret: 'secret-value-2' } }),
    );
    const [kept] = await t.deps.db.select().from(messageChannel).where(eq(messageChannel.channel, 'sms'));
    expect(JSON.parse(t.deps.secrets.decrypt(kept?.credentialsEnc ?? ''))).toEqual({
      accessKeyId: 'LTAI5tExample',
      accessKeySecret: 'secret-value-2',
    });
    // Back to the outbox the other tests expect: its provider has no credentials to keep.
    const outbox = ok<{ credentials: unknown[] }>(
      await put({ ...base, version: again.version, provider: 'outbox', settings: {}, credentials: {} }),
    );
    expect(outbox.credentials).toEqual([]);
    const [cleared] = await t.deps.db.select().from(messageChannel).where(eq(messageChannel.channel, 'sms'));
    expect(cleared?.credentialsEnc).toBeNull();
  });

  it('sends a test message through the channel, audited with the address masked', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/message-channels/sms/test',
      cookie: admin,
      payload: { to: '+86 138-0013-8000' },
    });
    expect(ok<{ ok: boolean; provider: string }>(response)).toMatchObject({ ok: true, provider: 'outbox' });
    const [entry] = await t.auditEntries(response);
    expect(entry?.action).toBe('message_channel.test');
    expect(JSON.stringify(entry)).not.toContain('13800138000');
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: '/api/message-channels/email/test',
        cookie: admin,
        payload: { to: '13800138000' },
      }),
      422,
      'MESSAGE_ADDRESS_INVALID',
    );
  });
});

describe('the sent log', () => {
  it('filters by ticket, recipient (exact, via the hash), channel and state; masks addresses', async () => {
    const tk = await createTicket(t, { state: 'new', handlerUsername: null });
    const kefu = await t.login('kefu');
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/dispatch`,
        cookie: kefu,
        payload: { mode: 'manual', handlerUserId: await userId(t, 'handler') },
      }),
    );
    const list = async (query: string) =>
      ok<Page<Message>>(await t.inject({ method: 'GET', url: `/api/messages?${query}`, cookie: admin }));
    const byTicket = await list(`ticketNo=${tk.publicNo}`);
    expect(byTicket.data.map((m) => [m.event, m.channel, m.addressMasked, m.ticketPublicNo])).toEqual([
      ['dispatched', 'sms', '139****0003', tk.publicNo],
    ]);
    const byPhone = await list(`recipient=${encodeURIComponent('139 1662 0003')}&ticketNo=${tk.publicNo}`);
    expect(byPhone.total).toBe(1);
    expect((await list(`recipient=13916620099&ticketNo=${tk.publicNo}`)).total).toBe(0);
    expect((await list(`recipient=139****0003`)).total).toBe(0);
    expect((await list(`ticketNo=${tk.publicNo}&channel=email`)).total).toBe(0);
    expect((await list(`ticketNo=${tk.publicNo}&state=queued`)).total).toBe(1);
    expect(JSON.stringify(await list('pageSize=200'))).not.toContain('13916620003');
    expectInvalid(
      await t.inject({ method: 'GET', url: '/api/messages?from=2026-11-25&to=2026-11-24', cookie: admin }),
      'to',
    );
  });

  it('shows another company’s messages to nobody but all-data users', async () => {
    const tk = await createTicket(t, { state: 'new', handlerUsername: null });
    const kefu = await t.login('kefu');
    ok(
      await t.inject({
        method: 'POST',
        url: `/api/tickets/${tk.id}/dispatch`,
        cookie: kefu,
        payload: { mode: 'manual', handlerUserId: await userId(t, 'handler') },
      }),
    );
    const hz = await t.login('hz_admin');
    const theirs = ok<Page<Message>>(
      await t.inject({ method: 'GET', url: `/api/messages?ticketNo=${tk.publicNo}`, cookie: hz }),
    );
    expect(theirs.total).toBe(0);
    const all = ok<Page<Message>>(await t.inject({ method: 'GET', url: '/api/messages?pageSize=200', cookie: hz }));
    expect(all.data.every((m) => m.ticketPublicNo === null || !m.ticketPublicNo.startsWith('BX-'))).toBe(true);
    const [row] = await rowsOf(tk.id);
    expectChineseProblem(
      await t.inject({ method: 'POST', url: `/api/messages/${row?.id}/retry`, cookie: hz }),
      404,
      'MESSAGE_NOT_FOUND',
    );
    const sh = await t.login('kfhead');
    expect(
      ok<Page<Message>>(await t.inject({ method: 'GET', url: `/api/messages?ticketNo=${tk.publicNo}`, cookie: sh }))
        .total,
    ).toBe(1);
  });

  it('exports the filtered log to Excel with masked addresses, audited', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/messages/export?channel=sms', cookie: admin });
    const rows = await sheetRows(response);
    expect(rows[0]?.slice(0, 5)).toEqual(['创建时间', '通道', '事件', '收件人', '地址']);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => r[1] === '短信')).toBe(true);
    expect(rows.flat().join(' ')).not.toMatch(/1391662\d{4}/);
    expect((await t.auditEntries(response)).map((a) => a.action)).toEqual(['message.export']);
  });
});
