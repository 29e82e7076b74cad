import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import { formatDateTime } from '../../platform/locale.js';
import { notify } from '../notification/notification.service.js';
import { appUser } from '../user/user.table.js';
import { queueTicketMessages } from './ticket.messages.js';
import { notification, returnVisit, ticket } from './ticket.table.js';

/**
 * 回访到期提醒: when a resolved ticket's return visit falls due and nobody has visited yet, the
 * owner agent is told once, in-app and by SMS. Run by the every-minute SLA sweep job.
 *
 * Once: the reminder is the agent's `visit_due` notification for that ticket and round, written
 * in the same transaction that claims the visit row (`FOR UPDATE SKIP LOCKED`); a visit with such
 * a notification is not due for a reminder any more, so repeated or concurrent runs remind once.
 * Only visits whose agent is active are claimed, so a claimed visit always gets its notification.
 */
export async function remindDueVisits(deps: Deps, now: Date = deps.clock(), limit = 200): Promise<number> {
  let reminded = 0;
  for (let i = 0; i < limit; i++) {
    const done = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ visit: returnVisit, t: ticket })
        .from(returnVisit)
        .innerJoin(ticket, eq(ticket.id, returnVisit.ticketId))
        .innerJoin(appUser, eq(appUser.id, returnVisit.agentId))
        .where(
          and(
            isNull(returnVisit.visitedAt),
            lte(returnVisit.dueAt, now),
            eq(ticket.state, 'resolved'),
            eq(ticket.round, returnVisit.round),
            eq(appUser.active, true),
            sql`not exists (select 1 from ${notification} n where n.kind = 'visit_due'
              and n.ticket_id = ${returnVisit.ticketId} and n.params->>'round' = ${returnVisit.round}::text)`,
          ),
        )
        .orderBy(asc(returnVisit.dueAt))
        .limit(1)
        .for('update', { of: returnVisit, skipLocked: true });
      if (!row) return false;
      const { visit, t } = row;
      await notify(tx, {
        userIds: [visit.agentId],
        kind: 'visit_due',
        title: `工单 ${t.publicNo} 的回访时限（${formatDateTime(visit.dueAt)}）已到，请尽快回访`,
        params: { publicNo: t.publicNo, round: String(visit.round), due: visit.dueAt.toISOString() },
        ticketId: t.id,
        now,
      });
      await queueTicketMessages(tx, deps.secrets, t, {
        event: 'visit_due',
        userIds: [visit.agentId],
        vars: { deadline: formatDateTime(visit.dueAt) },
        now,
      });
      return true;
    });
    if (!done) break;
    reminded++;
  }
  return reminded;
}
