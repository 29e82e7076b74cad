import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { DbOrTx } from '../../db/client.js';
import { maskEmail, maskMobile } from '../../platform/mask.js';
import { normaliseMobile } from '../../platform/phone.js';
import { publish } from '../../platform/realtime.js';
import type { Secrets } from '../../platform/secrets.js';
import { contractor } from '../contractor/contractor.table.js';
import { customer, customerPhone } from '../customer/customer.table.js';
import { appUser } from '../user/user.table.js';
import {
  type MessageChannel,
  type MessageEvent,
  messageChannel,
  messageTemplate,
  outboundMessage,
} from './message.table.js';
import { render } from './message.vars.js';

/**
 * 消息队列: what every module calls to send SMS, e-mail or WeChat messages. It runs INSIDE the
 * caller's business transaction and only writes `outbound_message` rows (state `queued`), so the
 * messages commit or roll back with the change that caused them, and a provider that is down
 * never blocks or loses that change: the send job (message.sender.ts) sends them afterwards.
 *
 * For each enabled template of the event (one per channel) and each recipient, the recipient's
 * address on that channel is looked up — staff: mobile, e-mail, WeChat openid; customers: the
 * primary phone (else the first one) and WeChat openid — and a recipient without one is skipped.
 * The address is stored encrypted, with a keyed hash to find it and a masked copy to show.
 */
/** Staff by user, customers, or a contractor (承建商: its contact person's mobile). */
export type MessageRecipient = { userId: string } | { customerId: string } | { contractorId: string };

function recipientKey(r: MessageRecipient): string {
  if ('userId' in r) return `u:${r.userId}`;
  if ('customerId' in r) return `c:${r.customerId}`;
  return `k:${r.contractorId}`;
}

export interface QueueMessagesInput {
  event: MessageEvent;
  ticketId?: string | null;
  /** The company whose business it is (scopes the sent log). */
  companyId?: string | null;
  /** Sent during the channel's quiet hours too. */
  urgent?: boolean;
  recipients: readonly MessageRecipient[];
  /** The template variables (see message.vars.ts); `recipientName` is filled per recipient. */
  vars: Readonly<Record<string, string>>;
  now: Date;
}

interface Address {
  to: string;
  masked: string;
}

/** An address as stored and looked up: mobiles normalised, e-mail lower-cased. */
export function normaliseAddress(channel: MessageChannel, value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (channel === 'sms') return normaliseMobile(v);
  if (channel === 'email') return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? v.toLowerCase() : null;
  return v;
}

export function maskAddress(channel: MessageChannel, value: string): string {
  if (channel === 'sms') return maskMobile(value);
  if (channel === 'email') return maskEmail(value);
  // By characters, not UTF-16 units: half of an emoji is text PostgreSQL's JSON refuses.
  const chars = Array.from(value);
  return chars.length <= 6 ? '****' : `${chars.slice(0, 4).join('')}****${chars.slice(-2).join('')}`;
}

interface Person {
  name: string;
  sms: string | null;
  email: string | null;
  wechat: string | null;
}

async function people(tx: DbOrTx, recipients: readonly MessageRecipient[]): Promise<Map<string, Person>> {
  const userIds = [...new Set(recipients.flatMap((r) => ('userId' in r ? [r.userId] : [])))];
  const customerIds = [...new Set(recipients.flatMap((r) => ('customerId' in r ? [r.customerId] : [])))];
  const contractorIds = [...new Set(recipients.flatMap((r) => ('contractorId' in r ? [r.contractorId] : [])))];
  const out = new Map<string, Person>();
  if (userIds.length > 0) {
    const rows = await tx
      .select({
        id: appUser.id,
        name: appUser.name,
        mobile: appUser.mobile,
        email: appUser.email,
        wechat: appUser.wechatOpenId,
        active: appUser.active,
      })
      .from(appUser)
      .where(inArray(appUser.id, userIds));
    for (const u of rows) {
      if (!u.active) continue;
      out.set(`u:${u.id}`, { name: u.name, sms: u.mobile, email: u.email, wechat: u.wechat });
    }
  }
  if (customerIds.length > 0) {
    const rows = await tx
      .select({ id: customer.id, name: customer.name, wechat: customer.wechatOpenId })
      .from(customer)
      .where(inArray(customer.id, customerIds));
    const phones = await tx
      .select({ customerId: customerPhone.customerId, number: customerPhone.number })
      .from(customerPhone)
      .where(inArray(customerPhone.customerId, customerIds))
      .orderBy(desc(customerPhone.isPrimary), asc(customerPhone.createdAt));
    for (const c of rows) {
      const phone = phones.find((p) => p.customerId === c.id)?.number ?? null;
      out.set(`c:${c.id}`, { name: c.name, sms: phone, email: null, wechat: c.wechat });
    }
  }
  if (contractorIds.length > 0) {
    const rows = await tx
      .select({
        id: contractor.id,
        name: contractor.name,
        contactName: contractor.contactName,
        mobile: contractor.contactMobile,
        active: contractor.active,
      })
      .from(contractor)
      .where(inArray(contractor.id, contractorIds));
    for (const k of rows) {
      if (!k.active) continue;
      const name = k.contactName ? `${k.contactName}（${k.name}）` : k.name;
      out.set(`k:${k.id}`, { name, sms: k.mobile, email: null, wechat: null });
    }
  }
  return out;
}

function addressOf(person: Person, channel: MessageChannel): Address | null {
  const raw = person[channel];
  if (!raw) return null;
  const to = normaliseAddress(channel, raw);
  return to ? { to, masked: maskAddress(channel, to) } : null;
}

/** Queues the event's messages; answers how many rows were written. */
export async function queueMessages(tx: DbOrTx, secrets: Secrets, input: QueueMessagesInput): Promise<number> {
  return queueMessagesAll(tx, secrets, [input]);
}

/**
 * `queueMessages` for many inputs at once (the SLA sweep's batches): the templates, the people
 * and the INSERT are shared, the queue is announced once. Each input's messages are exactly
 * those `queueMessages` would queue for it alone.
 */
export async function queueMessagesAll(
  tx: DbOrTx,
  secrets: Secrets,
  inputs: readonly QueueMessagesInput[],
): Promise<number> {
  const wanted = inputs.filter((input) => input.recipients.length > 0);
  if (wanted.length === 0) return 0;
  const events = [...new Set(wanted.map((input) => input.event))];
  const templates = await tx
    .select({ t: messageTemplate, channelEnabled: messageChannel.enabled })
    .from(messageTemplate)
    .leftJoin(messageChannel, eq(messageChannel.channel, messageTemplate.channel))
    .where(and(inArray(messageTemplate.event, events), eq(messageTemplate.enabled, true)));
  const active = templates.filter((r) => r.channelEnabled !== false).map((r) => r.t);
  const sending = wanted.filter((input) => active.some((t) => t.event === input.event));
  if (sending.length === 0) return 0;
  const who = await people(
    tx,
    sending.flatMap((input) => input.recipients),
  );
  const rows: (typeof outboundMessage.$inferInsert)[] = [];
  for (const input of sending) {
    const seen = new Set<string>();
    for (const template of active) {
      if (template.event !== input.event) continue;
      for (const r of input.recipients) {
        const person = who.get(recipientKey(r));
        if (!person) continue;
        const address = addressOf(person, template.channel);
        if (!address) continue;
        // One message per address and channel, even when a person is named twice.
        const dedupe = `${template.channel}:${address.to}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        const vars = { ...input.vars, recipientName: person.name };
        rows.push({
          channel: template.channel,
          event: input.event,
          templateId: template.id,
          recipientUserId: 'userId' in r ? r.userId : null,
          recipientCustomerId: 'customerId' in r ? r.customerId : null,
          recipientName: person.name,
          addressEnc: secrets.encrypt(address.to),
          addressHash: secrets.hash(address.to),
          addressMasked: address.masked,
          subject: template.subject ? render(template.subject, vars) : null,
          body: render(template.body, vars),
          params: vars,
          ticketId: input.ticketId ?? null,
          companyId: input.companyId ?? null,
          urgent: input.urgent ?? false,
          state: 'queued',
          nextAttemptAt: input.now,
          createdAt: input.now,
          updatedAt: input.now,
        });
      }
    }
  }
  if (rows.length === 0) return 0;
  // One statement whatever the count (one array parameter per column).
  await bulkInsert(tx, outboundMessage, rows);
  await announceQueued(tx);
  return rows.length;
}

/**
 * Tells the send job there is work, when (and only if) the transaction commits: a NOTIFY on the
 * realtime channel, which each instance's listener turns into a prompt run of the sender.
 */
export async function announceQueued(tx: DbOrTx): Promise<void> {
  await publish(tx, { type: 'messages' });
}
