import type { DbOrTx } from '../../db/client.js';
import { formatDateTime } from '../../platform/locale.js';
import type { Secrets } from '../../platform/secrets.js';
import { type MessageRecipient, queueMessagesAll } from '../notification/message.queue.js';
import type { MessageEvent } from '../notification/message.table.js';
import { loadNames } from './ticket.repository.js';
import type { TicketRow } from './ticket.sla.js';

/**
 * The service desk's outbound messages (SMS, e-mail, WeChat), queued in the transaction of the
 * change that causes them (see notification/message.queue.ts): the rules of issue 6 say who hears
 * of what; the templates (消息模板) say what, and whether at all.
 */

/** The ticket's variables for the templates (message.vars.ts). */
export async function ticketVars(db: DbOrTx, t: TicketRow): Promise<Record<string, string>> {
  return (await ticketVarsAll(db, [t])).get(t.id) ?? {};
}

/** `ticketVars` of many tickets, with one query whatever their number (loadNames); by ticket id. */
export async function ticketVarsAll(
  db: DbOrTx,
  tickets: readonly TicketRow[],
): Promise<Map<string, Record<string, string>>> {
  const { projects, rooms, customers, users, orgs, contractors } = await loadNames(db, {
    projects: tickets.map((t) => t.projectId),
    rooms: tickets.map((t) => t.roomId),
    customers: tickets.map((t) => t.customerId),
    users: tickets.map((t) => t.handlerUserId),
    orgs: tickets.map((t) => t.handlerOrgId),
    contractors: tickets.map((t) => t.contractorId),
  });
  const of = (map: Map<string, string>, id: string | null) => (id ? map.get(id) : undefined);
  return new Map(
    tickets.map((t) => [
      t.id,
      {
        ticketNo: t.publicNo,
        content: t.title,
        customerName: of(customers, t.customerId) ?? '',
        room: of(rooms, t.roomId) ?? '',
        project: projects.get(t.projectId) ?? '',
        // The handler as people say it: the person, else the department, else the contractor.
        handler: of(users, t.handlerUserId) ?? of(orgs, t.handlerOrgId) ?? of(contractors, t.contractorId) ?? '',
        deadline: t.resolutionDueAt ? formatDateTime(t.resolutionDueAt) : '',
      },
    ]),
  );
}

export interface TicketMessage {
  event: MessageEvent;
  /** Staff, by user id. */
  userIds?: readonly string[];
  /** The ticket's customer. */
  toCustomer?: boolean;
  /** The contractor the ticket is dispatched to (its contact person's mobile). */
  toContractor?: boolean;
  /** Values beyond the ticket's own (clock, level, leader …) or overriding them (deadline). */
  vars?: Record<string, string>;
  urgent?: boolean;
  now: Date;
}

/** Queues an event's messages about a ticket; answers how many were queued. */
export async function queueTicketMessages(
  tx: DbOrTx,
  secrets: Secrets,
  t: TicketRow,
  message: TicketMessage,
): Promise<number> {
  return queueTicketMessagesAll(tx, secrets, [{ ticket: t, message }]);
}

/** `queueTicketMessages` for many tickets and events at once (the SLA sweep's batches). */
export async function queueTicketMessagesAll(
  tx: DbOrTx,
  secrets: Secrets,
  items: readonly { ticket: TicketRow; message: TicketMessage }[],
): Promise<number> {
  const withRecipients = items.map(({ ticket: t, message }) => {
    const recipients: MessageRecipient[] = (message.userIds ?? []).map((userId) => ({ userId }));
    if (message.toCustomer && t.customerId) recipients.push({ customerId: t.customerId });
    if (message.toContractor && t.handlerKind === 'contractor' && t.contractorId) {
      recipients.push({ contractorId: t.contractorId });
    }
    return { t, message, recipients };
  });
  const wanted = withRecipients.filter((x) => x.recipients.length > 0);
  if (wanted.length === 0) return 0;
  const vars = await ticketVarsAll(
    tx,
    wanted.map((x) => x.t),
  );
  return queueMessagesAll(
    tx,
    secrets,
    wanted.map(({ t, message, recipients }) => ({
      event: message.event,
      ticketId: t.id,
      companyId: t.companyId,
      urgent: message.urgent ?? false,
      recipients,
      vars: { ...vars.get(t.id), ...message.vars },
      now: message.now,
    })),
  );
}
