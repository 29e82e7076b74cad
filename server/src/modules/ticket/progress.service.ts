// The handler's work: accept, progress with photos, notes, waiting on the customer, resolve;
// and reclassification, which recomputes the round's deadlines.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type AuditRecorder, write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Secrets } from '../../platform/secrets.js';
import { catalogueNode } from '../catalogue/catalogue.table.js';
import { isHandler, referenceError } from './dispatch.service.js';
import { ladderFor } from './escalation.ladder.js';
import { typeDefaults } from './ticket.defaults.js';
import { ticketStateLabels } from './ticket.labels.js';
import { queueTicketMessages } from './ticket.messages.js';
import { notifyResolved } from './ticket.notify.js';
import { ticketRow } from './ticket.repository.js';
import type { ProgressInput, ReclassifyInput } from './ticket.schema.js';
import { engineForTicket, pauseClocks, resumeClocks, stopClocks, type TicketRow } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { returnVisit, ticketAttachment } from './ticket.table.js';
import {
  addEvent,
  auditTicket,
  checkedNext,
  type Doer,
  illegal,
  reschedule,
  slaSettings,
  transition,
  updateGuarded,
} from './ticket.workflow.js';

const actionWords = {
  accept: { 'zh-CN': '接单', 'en-US': 'accept it' },
  progress: { 'zh-CN': '更新进度', 'en-US': 'post progress' },
  pause: { 'zh-CN': '挂起等待客户', 'en-US': 'put it on hold' },
  resume: { 'zh-CN': '恢复处理', 'en-US': 'resume it' },
  resolve: { 'zh-CN': '办结', 'en-US': 'resolve it' },
} as const;

/** The ticket, which the caller must be handling (else 403 naming the action). */
async function handledTicket(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  action: keyof typeof actionWords,
): Promise<TicketRow> {
  const row = await ticketRow(deps.db, ctx, id);
  // The state speaks first: an action the ticket's state forbids is 409 to anyone.
  if (action === 'progress') {
    if (!['accepted', 'in_progress', 'waiting'].includes(row.state)) throw illegal('start', row.state, ctx.locale);
  } else checkedNext(action, row.state, ctx.locale);
  if (!(await isHandler(deps.db, ctx, row))) {
    throw new AppError('TICKET_NOT_HANDLER', { action: actionWords[action][ctx.locale] });
  }
  return row;
}

export async function acceptTicket(deps: Deps, ctx: AuthedContext, id: string): Promise<void> {
  const row = await handledTicket(deps, ctx, id, 'accept');
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    const updated = await transition(tx, row, 'accept', { acceptedAt: now }, now, ctx.locale);
    await stopClocks(tx, updated, ['response'], now);
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'accepted',
      fromState: row.state,
      toState: updated.state,
      data: {
        round: row.round,
        responseDueAt: row.responseDueAt?.toISOString() ?? null,
        late: row.responseDueAt ? now > row.responseDueAt : false,
      },
    });
    auditTicket(audit, updated, 'accept', '接单');
    // The customer hears that someone has taken their request.
    await queueTicketMessages(tx, deps.secrets, updated, { event: 'accepted', toCustomer: true, now });
  });
}

/** Attaches uploaded files (of this ticket, not yet on an event) to an event. */
async function attach(tx: Tx, _deps: Deps, ctx: AuthedContext, row: TicketRow, eventId: string, ids: string[]) {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const found = await tx
    .select({ id: ticketAttachment.id })
    .from(ticketAttachment)
    .where(
      and(
        inArray(ticketAttachment.id, unique),
        eq(ticketAttachment.ticketId, row.id),
        isNull(ticketAttachment.eventId),
      ),
    );
  if (found.length !== unique.length) throw referenceError(ctx.locale, 'attachmentIds', 'not_found');
  await tx.update(ticketAttachment).set({ eventId }).where(inArray(ticketAttachment.id, unique));
}

/** A progress update; the first one after accepting starts the work (accepted → in_progress). */
export async function postProgress(deps: Deps, ctx: AuthedContext, id: string, input: ProgressInput): Promise<void> {
  const row = await handledTicket(deps, ctx, id, 'progress');
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    let updated: TicketRow;
    if (row.state === 'accepted') updated = await transition(tx, row, 'start', {}, now, ctx.locale);
    else if (row.state === 'in_progress' || row.state === 'waiting') {
      updated = await updateGuarded(tx, row, {}, now, ctx.locale);
    } else throw illegal('start', row.state, ctx.locale);
    const eventId = await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'progress',
      fromState: row.state,
      toState: updated.state,
      body: input.body,
      visibility: input.visibility,
      data: { attachments: input.attachmentIds.length },
    });
    await attach(tx, deps, ctx, row, eventId, input.attachmentIds);
    auditTicket(audit, updated, 'progress', '更新进度');
  });
}

/** A note on the timeline (internal, or visible to the customer); no state change. */
export async function addNote(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: { body: string; visibility: 'internal' | 'customer' },
): Promise<void> {
  const row = await ticketRow(deps.db, ctx, id);
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    await addEvent(tx, row.id, ctx.actor, now, { kind: 'note', body: input.body, visibility: input.visibility });
    auditTicket(audit, row, 'note', '添加备注');
  });
}

/** Waiting on the customer: the clocks pause until resumed. */
export async function pauseTicket(deps: Deps, ctx: AuthedContext, id: string, reason: string): Promise<void> {
  const row = await handledTicket(deps, ctx, id, 'pause');
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    const updated = await transition(tx, row, 'pause', {}, now, ctx.locale);
    await pauseClocks(tx, updated, now);
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'paused',
      fromState: row.state,
      toState: updated.state,
      body: reason,
      data: { reason },
    });
    auditTicket(audit, updated, 'pause', '挂起等待客户', { after: { reason } });
  });
}

/** Back to work: the pause's business minutes move every deadline of the round. */
export async function resumeTicket(deps: Deps, ctx: AuthedContext, id: string, note?: string): Promise<void> {
  const row = await handledTicket(deps, ctx, id, 'resume');
  const now = deps.clock();
  const settings = await slaSettings(deps);
  await write(deps, ctx, async (tx, audit) => {
    const updated = await transition(tx, row, 'resume', {}, now, ctx.locale);
    const engine = await engineForTicket(tx, updated.calendarId);
    const { pausedMinutes, plan } = await resumeClocks(tx, updated, engine, now, {
      warningPercent: settings.warningPercent,
      ladder: await ladderFor(tx, updated),
    });
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'resumed',
      fromState: row.state,
      toState: updated.state,
      body: note ?? null,
      data: {
        pausedMinutes,
        pausedSince: row.pausedAt?.toISOString() ?? null,
        responseDueAt: plan.responseDueAt?.toISOString() ?? null,
        resolutionDueAt: plan.resolutionDueAt?.toISOString() ?? null,
      },
    });
    auditTicket(audit, updated, 'resume', '恢复处理', { after: { pausedMinutes } });
  });
}

/**
 * Closes a resolved or visited ticket (no return visit required, or a satisfied one): the
 * transition and its event. Used by resolve, the visit and the close endpoint.
 */
export async function closeRow(
  tx: Tx,
  audit: AuditRecorder,
  row: TicketRow,
  doer: Doer,
  now: Date,
  locale: 'zh-CN' | 'en-US',
  note?: string | null,
): Promise<TicketRow> {
  const closed = await transition(tx, row, 'close', { closedAt: now }, now, locale);
  await addEvent(tx, row.id, doer, now, {
    kind: 'closed',
    fromState: row.state,
    toState: closed.state,
    body: note ?? null,
    data: { action: 'close' },
  });
  auditTicket(audit, closed, 'close', '关闭工单');
  return closed;
}

/**
 * Resolve: the clocks stop; a return visit is due for the owner agent within
 * `service.return_visit_hours` business hours, or, when the item needs none, the ticket closes.
 */
export async function resolveRow(
  tx: Tx,
  audit: AuditRecorder,
  row: TicketRow,
  resolution: string,
  doer: Doer,
  now: Date,
  locale: 'zh-CN' | 'en-US',
  returnVisitHours: number,
  secrets: Secrets,
): Promise<TicketRow> {
  const resolved = await transition(tx, row, 'resolve', { resolution, resolvedAt: now }, now, locale);
  await stopClocks(tx, resolved, ['response', 'resolution'], now);
  await addEvent(tx, row.id, doer, now, {
    kind: 'resolved',
    fromState: row.state,
    toState: resolved.state,
    body: resolution,
    visibility: 'customer',
    data: { round: row.round, late: row.resolutionDueAt ? now > row.resolutionDueAt : false },
  });
  auditTicket(audit, resolved, 'resolve', '办结');
  if (!resolved.returnVisitRequired) {
    const closed = await closeRow(tx, audit, resolved, doer, now, locale);
    await notifyResolved(tx, secrets, closed, doer?.id ?? null, now, null);
    return closed;
  }
  const engine = await engineForTicket(tx, resolved.calendarId);
  const due = engine.addBusinessMinutes(now, returnVisitHours * 60, 'business').deadline;
  await tx
    .insert(returnVisit)
    .values({ ticketId: row.id, round: row.round, agentId: row.ownerAgentId, dueAt: due, createdAt: now })
    .onConflictDoUpdate({
      target: [returnVisit.ticketId, returnVisit.round],
      set: { dueAt: due, agentId: row.ownerAgentId },
    });
  await notifyResolved(tx, secrets, resolved, doer?.id ?? null, now, due);
  return resolved;
}

export async function resolveTicket(deps: Deps, ctx: AuthedContext, id: string, resolution: string): Promise<void> {
  const row = await handledTicket(deps, ctx, id, 'resolve');
  const now = deps.clock();
  const hours = Number(await deps.parameters.get('service.return_visit_hours'));
  await write(deps, ctx, (tx, audit) =>
    resolveRow(tx, audit, row, resolution, ctx.actor, now, ctx.locale, hours, deps.secrets),
  );
}

/** New type, item or severity: new limits, the round planned again, the reason on the timeline. */
export async function reclassifyTicket(deps: Deps, ctx: AuthedContext, id: string, input: ReclassifyInput) {
  const row = await ticketRow(deps.db, ctx, id);
  if (!openStates.includes(row.state)) {
    throw new AppError('TICKET_ILLEGAL_TRANSITION', {
      state: ticketStateLabels[row.state][ctx.locale],
      action: ctx.locale === 'zh-CN' ? '重新分类' : 'reclassify it',
    });
  }
  const type = input.type ?? row.type;
  const itemId = input.catalogueItemId === undefined ? row.catalogueItemId : input.catalogueItemId;
  let item: typeof catalogueNode.$inferSelect | null = null;
  if (itemId) {
    const [node] = await deps.db.select().from(catalogueNode).where(eq(catalogueNode.id, itemId));
    if (!node) throw referenceError(ctx.locale, 'catalogueItemId', 'not_found');
    if (node.kind !== 'item') throw referenceError(ctx.locale, 'catalogueItemId', 'not_item');
    if (node.id !== row.catalogueItemId && !node.active)
      throw referenceError(ctx.locale, 'catalogueItemId', 'inactive');
    if (node.ticketTypes.length > 0 && !node.ticketTypes.includes(type)) {
      throw referenceError(ctx.locale, 'catalogueItemId', 'wrong_type');
    }
    item = node;
  }
  const defaults = typeDefaults[type];
  const settings = await slaSettings(deps);
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    const patch: Partial<TicketRow> = {
      type,
      catalogueItemId: item?.id ?? null,
      severity: input.severity ?? item?.severity ?? row.severity,
      clockMode: item?.calendarTime ? 'calendar' : 'business',
      responseMinutes: item ? item.responseMinutes : defaults.responseMinutes,
      resolutionMinutes: item ? item.resolutionMinutes : defaults.resolutionMinutes,
      returnVisitRequired: item ? item.returnVisitRequired : defaults.returnVisitRequired,
    };
    const updated = await updateGuarded(tx, row, patch, now, ctx.locale);
    const fresh = await reschedule(tx, updated, settings);
    const view = (r: TicketRow) => ({
      type: r.type,
      catalogueItemId: r.catalogueItemId,
      severity: r.severity,
      clockMode: r.clockMode,
      responseMinutes: r.responseMinutes,
      resolutionMinutes: r.resolutionMinutes,
      responseDueAt: r.responseDueAt?.toISOString() ?? null,
      resolutionDueAt: r.resolutionDueAt?.toISOString() ?? null,
    });
    await addEvent(tx, row.id, ctx.actor, now, {
      kind: 'reclassified',
      body: input.reason,
      data: { before: view(row), after: view(fresh), reason: input.reason },
    });
    auditTicket(audit, fresh, 'reclassify', '重新分类', { before: view(row), after: view(fresh) });
  });
}
