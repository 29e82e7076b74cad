// Closure: the return visit (satisfied closes, unsatisfied reopens and redispatches), closing,
// cancelling and merging a duplicate.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { customer } from '../customer/customer.table.js';
import { applyDispatch, plannedFrom, suggestDispatch } from './dispatch.service.js';
import { closeRow } from './progress.service.js';
import { ticketRow, ticketVisible } from './ticket.repository.js';
import type { VisitInput } from './ticket.schema.js';
import { stopClocks, type TicketRow } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { returnVisit, ticket } from './ticket.table.js';
import { addEvent, auditTicket, checkedNext, reschedule, slaSettings, transition } from './ticket.workflow.js';

/** Satisfaction of 3 and above closes; 1–2 reopens the ticket for another round. */
export const SATISFIED_FROM = 3;

export async function visitTicket(deps: Deps, ctx: AuthedContext, id: string, input: VisitInput): Promise<void> {
  const row = await ticketRow(deps.db, ctx, id);
  if (input.reached && input.satisfaction === undefined) throw new AppError('TICKET_SATISFACTION_REQUIRED');
  const now = deps.clock();
  if (!input.reached) {
    // A visit attempt: the ticket stays resolved, the attempt is on the timeline.
    checkedNext('visit_satisfied', row.state, ctx.locale);
    await write(deps, ctx, async (tx, audit) => {
      await upsertVisit(tx, row, ctx.actor.id, now, { reached: false, outcome: 'unreached', comment: input.comment });
      await addEvent(tx, row.id, ctx.actor, now, {
        kind: 'visited',
        body: input.comment ?? null,
        data: { reached: false, outcome: 'unreached', round: row.round },
      });
      auditTicket(audit, row, 'visit', '回访未联系上');
    });
    return;
  }
  const satisfaction = input.satisfaction as number;
  const satisfied = satisfaction >= SATISFIED_FROM;
  // Checked before anything is read for the redispatch.
  checkedNext(satisfied ? 'visit_satisfied' : 'visit_unsatisfied', row.state, ctx.locale);
  const settings = satisfied ? null : await slaSettings(deps);
  await write(deps, ctx, async (tx, audit) => {
    const outcome = satisfied ? 'closed' : 'reopened';
    await upsertVisit(tx, row, ctx.actor.id, now, { reached: true, satisfaction, outcome, comment: input.comment });
    if (satisfied) {
      const visited = await transition(tx, row, 'visit_satisfied', { satisfaction }, now, ctx.locale);
      await addEvent(tx, row.id, ctx.actor, now, {
        kind: 'visited',
        fromState: row.state,
        toState: visited.state,
        body: input.comment ?? null,
        data: { reached: true, satisfaction, outcome, round: row.round },
      });
      auditTicket(audit, visited, 'visit', `回访满意（${satisfaction} 分）`);
      await closeRow(tx, audit, visited, ctx.actor, now, ctx.locale);
      return;
    }
    // Unsatisfied: a new round — its clocks start now; acceptedAt stays (before the round's
    // start it counts as not accepted), the old round's timers and escalations stay history.
    const reopened = await transition(
      tx,
      row,
      'visit_unsatisfied',
      {
        satisfaction,
        round: row.round + 1,
        reopenCount: row.reopenCount + 1,
        clockStartedAt: now,
        pausedAt: null,
        pausedMinutes: 0,
        resolvedAt: null,
        responseOverdue: false,
        resolutionOverdue: false,
        slaWarned: false,
        escalationLevel: 0,
      },
      now,
      ctx.locale,
    );
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'visited',
      fromState: row.state,
      toState: reopened.state,
      body: input.comment ?? null,
      data: { reached: true, satisfaction, outcome, round: row.round },
    });
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'reopened',
      fromState: row.state,
      toState: reopened.state,
      body: input.comment ?? null,
      data: { round: reopened.round, reopenCount: reopened.reopenCount, satisfaction },
    });
    auditTicket(audit, reopened, 'reopen', `回访不满意（${satisfaction} 分），重开`);
    const fresh = await reschedule(tx, reopened, settings ?? { warningPercent: 80 });
    // Redispatch at once when someone can take it; otherwise it waits, reopened, for a dispatcher.
    const s = await suggestDispatch(tx, {
      projectId: fresh.projectId,
      roomId: fresh.roomId,
      type: fresh.type,
      catalogueItemId: fresh.catalogueItemId,
      at: now,
    });
    const plan = plannedFrom(s);
    if (plan) await applyDispatch(tx, deps.secrets, audit, fresh, plan, ctx.actor, now, ctx.locale);
  });
}

async function upsertVisit(
  tx: Parameters<Parameters<typeof write>[2]>[0],
  row: TicketRow,
  userId: string,
  now: Date,
  v: { reached: boolean; satisfaction?: number; outcome: 'closed' | 'reopened' | 'unreached'; comment?: string },
) {
  const values = {
    visitedAt: now,
    visitedBy: userId,
    reached: v.reached,
    satisfaction: v.satisfaction ?? null,
    comment: v.comment ?? null,
    outcome: v.outcome,
  };
  await tx
    .insert(returnVisit)
    .values({ ticketId: row.id, round: row.round, agentId: row.ownerAgentId, dueAt: now, createdAt: now, ...values })
    .onConflictDoUpdate({ target: [returnVisit.ticketId, returnVisit.round], set: values });
}

/**
 * Whether a resolved ticket may close without a satisfied visit: its item needs none, or the
 * agent tried and could not reach the customer (免回访关闭 after an unreached attempt).
 */
export async function closableWithoutVisit(db: DbOrTx, row: TicketRow): Promise<boolean> {
  if (!row.returnVisitRequired) return true;
  const [attempt] = await db
    .select({ outcome: returnVisit.outcome })
    .from(returnVisit)
    .where(and(eq(returnVisit.ticketId, row.id), eq(returnVisit.round, row.round)));
  return attempt?.outcome === 'unreached';
}

/** Closes a visited ticket, or a resolved one that needs no visit or whose customer was not reached. */
export async function closeTicket(deps: Deps, ctx: AuthedContext, id: string, note?: string): Promise<void> {
  const row = await ticketRow(deps.db, ctx, id);
  if (row.state === 'resolved' && !(await closableWithoutVisit(deps.db, row))) {
    // The visit decides: a resolved ticket that needs one is closed by a satisfied visit.
    throw new AppError('TICKET_ILLEGAL_TRANSITION', {
      state: ctx.locale === 'zh-CN' ? '已办结（待回访）' : 'resolved (awaiting its return visit)',
      action: ctx.locale === 'zh-CN' ? '直接关闭' : 'close it without a visit',
    });
  }
  const now = deps.clock();
  await write(deps, ctx, (tx, audit) => closeRow(tx, audit, row, ctx.actor, now, ctx.locale, note));
}

export async function cancelTicket(deps: Deps, ctx: AuthedContext, id: string, reason: string): Promise<void> {
  const row = await ticketRow(deps.db, ctx, id);
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    const cancelled = await transition(tx, row, 'cancel', { cancelReason: reason, closedAt: now }, now, ctx.locale);
    await stopClocks(tx, cancelled, ['response', 'resolution'], now);
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'cancelled',
      fromState: row.state,
      toState: cancelled.state,
      body: reason,
      data: { reason },
    });
    auditTicket(audit, cancelled, 'cancel', '作废工单', { after: { reason } });
  });
}

/** A duplicate merged into an open ticket of the same company; the target notes who else asked. */
export async function mergeTicket(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: { targetTicketId: string; reason: string },
): Promise<void> {
  const row = await ticketRow(deps.db, ctx, id);
  const zh = ctx.locale === 'zh-CN';
  const invalid = (zhText: string, en: string) => new AppError('TICKET_MERGE_INVALID', { reason: zh ? zhText : en });
  if (input.targetTicketId === id) throw invalid('不能合并到自身', 'a ticket cannot be merged into itself');
  const [target] = await deps.db
    .select()
    .from(ticket)
    .where(and(eq(ticket.id, input.targetTicketId), ticketVisible(ctx.actor.scope)));
  if (!target || target.companyId !== row.companyId)
    throw invalid('目标工单不存在', 'the target ticket does not exist');
  if (target.mergedIntoId || target.state === 'merged')
    throw invalid('目标工单已被合并', 'the target was merged itself');
  if (!openStates.includes(target.state)) throw invalid('目标工单已办结或关闭', 'the target is no longer open');
  checkedNext('merge', row.state, ctx.locale);
  const [who] = row.customerId
    ? await deps.db.select({ name: customer.name }).from(customer).where(eq(customer.id, row.customerId))
    : [];
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    const merged = await transition(
      tx,
      row,
      'merge',
      { mergedIntoId: target.id, cancelReason: input.reason, closedAt: now },
      now,
      ctx.locale,
    );
    await stopClocks(tx, merged, ['response', 'resolution'], now);
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'merged',
      fromState: row.state,
      toState: merged.state,
      body: input.reason,
      data: { into: { id: target.id, publicNo: target.publicNo }, reason: input.reason },
    });
    const caller = who?.name ?? row.contactName ?? (zh ? '未登记客户' : 'an unregistered caller');
    await addEvent(tx, target.id, ctx.actor, now, {
      kind: 'note',
      body: zh
        ? `合并重复工单 ${row.publicNo}（${caller}）：${input.reason}`
        : `Duplicate ${row.publicNo} (${caller}) merged in: ${input.reason}`,
      data: {
        duplicate: { id: row.id, publicNo: row.publicNo },
        customerId: row.customerId,
        customerName: who?.name ?? null,
        contactName: row.contactName,
      },
    });
    auditTicket(audit, merged, 'merge', `合并到 ${target.publicNo}：`, { after: { into: target.id } });
  });
}
