import type { DbOrTx } from '../../db/client.js';
import { formatDateTime } from '../../platform/locale.js';
import type { Secrets } from '../../platform/secrets.js';
import { notify } from '../notification/notification.service.js';
import { queueTicketMessages } from './ticket.messages.js';
import { activeOnly, handlerAndOwner } from './ticket.people.js';
import type { TicketRow } from './ticket.sla.js';

/**
 * The desk's own notifications: the handler hears of a ticket dispatched or handed to them
 * (in-app and SMS), the owner agent of a ticket to visit (in-app), the customer of the ticket
 * resolved (SMS). The person who did it is not told of their own act. In-app titles are Chinese,
 * with their values in `params` so the web can say them in the reader's language.
 */

/** The handler: the person, or every active member of the handling department. */
export async function ticketHandlers(tx: DbOrTx, t: TicketRow): Promise<string[]> {
  const all = await handlerAndOwner(tx, t);
  return all.filter((id) => id !== t.ownerAgentId || id === t.handlerUserId);
}

export async function notifyDispatched(
  tx: DbOrTx,
  secrets: Secrets,
  t: TicketRow,
  actorId: string | null,
  now: Date,
  reassigned: boolean,
): Promise<void> {
  const userIds = (await ticketHandlers(tx, t)).filter((id) => id !== actorId);
  const due = t.resolutionDueAt ? `，办结时限 ${formatDateTime(t.resolutionDueAt)}` : '';
  await notify(tx, {
    userIds,
    kind: reassigned ? 'reassigned' : 'dispatched',
    title: `${reassigned ? '改派' : '新派'}工单 ${t.publicNo}：${t.title}${due}`,
    params: { publicNo: t.publicNo, title: t.title, due: t.resolutionDueAt?.toISOString() ?? '' },
    ticketId: t.id,
    now,
  });
  await queueTicketMessages(tx, secrets, t, { event: 'dispatched', userIds, toContractor: true, now });
}

export async function notifyResolved(
  tx: DbOrTx,
  secrets: Secrets,
  t: TicketRow,
  actorId: string | null,
  now: Date,
  visitDue: Date | null,
): Promise<void> {
  const userIds = (await activeOnly(tx, [t.ownerAgentId])).filter((id) => id !== actorId);
  const title = visitDue
    ? `工单 ${t.publicNo} 已办结，请于 ${formatDateTime(visitDue)} 前回访`
    : `工单 ${t.publicNo} 已办结并关闭`;
  await notify(tx, {
    userIds,
    kind: 'resolved',
    title,
    params: { publicNo: t.publicNo, visitDue: visitDue?.toISOString() ?? '' },
    ticketId: t.id,
    now,
  });
  await queueTicketMessages(tx, secrets, t, { event: 'resolved', toCustomer: true, now });
}
