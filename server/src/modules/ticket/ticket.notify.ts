import type { DbOrTx } from '../../db/client.js';
import { formatDateTime } from '../../platform/locale.js';
import { notify } from '../notification/notification.service.js';
import { activeOnly, handlerAndOwner } from './ticket.people.js';
import type { TicketRow } from './ticket.sla.js';

/**
 * The desk's own notifications (in-app; other channels come with messaging): the handler hears
 * of a ticket dispatched or handed to them, the owner agent of a ticket to visit. The person who
 * did it is not told of their own act.
 */

/** The handler: the person, or every active member of the handling department. */
async function handlers(tx: DbOrTx, t: TicketRow): Promise<string[]> {
  const all = await handlerAndOwner(tx, t);
  return all.filter((id) => id !== t.ownerAgentId || id === t.handlerUserId);
}

export async function notifyDispatched(
  tx: DbOrTx,
  t: TicketRow,
  actorId: string | null,
  now: Date,
  reassigned: boolean,
): Promise<void> {
  const userIds = (await handlers(tx, t)).filter((id) => id !== actorId);
  const due = t.resolutionDueAt ? `，办结时限 ${formatDateTime(t.resolutionDueAt)}` : '';
  await notify(tx, {
    userIds,
    kind: reassigned ? 'reassigned' : 'dispatched',
    title: `${reassigned ? '改派' : '新派'}工单 ${t.publicNo}：${t.title}${due}`,
    ticketId: t.id,
    now,
  });
}

export async function notifyResolved(
  tx: DbOrTx,
  t: TicketRow,
  actorId: string | null,
  now: Date,
  visitDue: Date | null,
): Promise<void> {
  const userIds = (await activeOnly(tx, [t.ownerAgentId])).filter((id) => id !== actorId);
  const title = visitDue
    ? `工单 ${t.publicNo} 已办结，请于 ${formatDateTime(visitDue)} 前回访`
    : `工单 ${t.publicNo} 已办结并关闭`;
  await notify(tx, { userIds, kind: 'resolved', title, ticketId: t.id, now });
}
