import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type DataScope, requireGroupScope, scopeRows } from '../../platform/scope.js';
import { notify } from '../notification/notification.service.js';
import type { InstructionDto } from './sla.schema.js';
import { ticketStateLabels } from './ticket.labels.js';
import { queueTicketMessages } from './ticket.messages.js';
import { ticketHandlers } from './ticket.notify.js';
import { handlerAndOwner, publishTicket } from './ticket.people.js';
import type { TicketRow } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { sweepDue } from './ticket.sweep.js';
import { slaTimer, ticket, ticketEvent } from './ticket.table.js';

/** The ticket if the scope reaches it (else 404, never 403 with data). */
export async function ticketInScope(db: DbOrTx, scope: DataScope, id: string, lock = false): Promise<TicketRow> {
  const query = db
    .select()
    .from(ticket)
    .where(and(eq(ticket.id, id), scopeRows(scope, { path: ticket.orgPath, projectId: ticket.projectId })));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('TICKET_NOT_FOUND');
  return row;
}

/**
 * 领导批示: an internal timeline entry by someone holding `ticket.instruct`, on an open or
 * resolved ticket in their scope; the handler (or the handling department) and the owner agent
 * are notified at once.
 */
export async function addInstruction(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  body: string,
): Promise<InstructionDto> {
  return write(deps, ctx, async (tx, audit) => {
    const t = await ticketInScope(tx, ctx.actor.scope, id, true);
    if (!(openStates as readonly string[]).includes(t.state) && t.state !== 'resolved') {
      throw new AppError('TICKET_INSTRUCTION_STATE', { state: ticketStateLabels[t.state][ctx.locale] });
    }
    const now = deps.clock();
    const [event] = await tx
      .insert(ticketEvent)
      .values({
        ticketId: t.id,
        kind: 'instruction',
        actorId: ctx.actor.id,
        actorName: ctx.actor.name,
        visibility: 'internal',
        body,
        occurredAt: now,
      })
      .returning();
    if (!event) throw new Error('instruction not recorded');
    const recipients = (await handlerAndOwner(tx, t)).filter((u) => u !== ctx.actor.id);
    await notify(tx, {
      userIds: recipients,
      kind: 'instruction',
      title: `${ctx.actor.name} 对工单 ${t.publicNo} 作出批示`,
      params: { leader: ctx.actor.name, publicNo: t.publicNo },
      body,
      ticketId: t.id,
      now,
    });
    // The handler hears of it by SMS too.
    const handlers = (await ticketHandlers(tx, t)).filter((u) => u !== ctx.actor.id);
    await queueTicketMessages(tx, deps.secrets, t, {
      event: 'instruction',
      userIds: handlers,
      vars: { leader: ctx.actor.name, instruction: body },
      now,
    });
    await tx.update(ticket).set({ updatedAt: now }).where(eq(ticket.id, t.id));
    await publishTicket(tx, t);
    audit.record({
      action: 'ticket.instruct',
      entityType: 'ticket',
      entityId: t.id,
      summary: `领导批示：工单 ${t.publicNo}`,
      after: { body },
      orgPath: t.orgPath,
      projectId: t.projectId,
    });
    return {
      id: event.id,
      ticketId: t.id,
      publicNo: t.publicNo,
      kind: 'instruction' as const,
      body,
      actorId: ctx.actor.id,
      actorName: ctx.actor.name,
      occurredAt: now.toISOString(),
      notified: recipients.length,
    };
  });
}

/**
 * Demo only (DEMO_TOOLS): brings the ticket's next pending time limit of the current round (or
 * all of them) forward to now and runs the sweep, so an escalation can be shown without waiting
 * for business hours to pass. All-data administrators only; audited as a demo action. Production
 * installations have it off: the route answers 404.
 */
export async function fastForward(deps: Deps, ctx: AuthedContext, id: string, all: boolean) {
  if (!deps.config.DEMO_TOOLS) throw new AppError('DEMO_TOOLS_DISABLED');
  requireGroupScope(ctx.actor.scope);
  const now = deps.clock();
  const moved = await write(deps, ctx, async (tx, audit) => {
    const t = await ticketInScope(tx, ctx.actor.scope, id, true);
    const pending = await tx
      .select()
      .from(slaTimer)
      .where(
        and(
          eq(slaTimer.ticketId, t.id),
          eq(slaTimer.round, t.round),
          isNull(slaTimer.firedAt),
          isNull(slaTimer.cancelledAt),
          sql`${slaTimer.fireAt} is not null`,
        ),
      )
      .orderBy(asc(slaTimer.fireAt), asc(slaTimer.level));
    const first = pending[0];
    const chosen = all || !first ? pending : pending.filter((p) => p.fireAt?.getTime() === first.fireAt?.getTime());
    for (const timer of chosen) {
      await tx.update(slaTimer).set({ fireAt: now }).where(eq(slaTimer.id, timer.id));
    }
    audit.record({
      action: 'ticket.demo_fast_forward',
      entityType: 'ticket',
      entityId: t.id,
      summary: `演示操作：工单 ${t.publicNo} 的 ${chosen.length} 个时限点提前到现在触发`,
      after: { timers: chosen.map((c) => ({ clock: c.clock, kind: c.kind, level: c.level, fireAt: c.fireAt })) },
      orgPath: t.orgPath,
      projectId: t.projectId,
    });
    return chosen.length;
  });
  const swept = await sweepDue(deps, now);
  const t = await ticketInScope(deps.db, ctx.actor.scope, id);
  const pending = await deps.db
    .select()
    .from(slaTimer)
    .where(
      and(
        eq(slaTimer.ticketId, t.id),
        eq(slaTimer.round, t.round),
        isNull(slaTimer.firedAt),
        isNull(slaTimer.cancelledAt),
      ),
    )
    .orderBy(sql`${slaTimer.fireAt} asc nulls last`, asc(slaTimer.level));
  return {
    moved,
    fired: swept.fired,
    slaWarned: t.slaWarned,
    responseOverdue: t.responseOverdue,
    resolutionOverdue: t.resolutionOverdue,
    escalationLevel: t.escalationLevel,
    escalationCount: t.escalationCount,
    pending: pending.map((p) => ({
      clock: p.clock,
      kind: p.kind,
      level: p.level,
      fireAt: p.fireAt?.toISOString() ?? null,
    })),
  };
}
