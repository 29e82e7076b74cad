import { and, asc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { systemContext } from '../../db/seeds/system-context.js';
import { type AuditRecord, appendAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/context.js';
import { formatDateTime } from '../../platform/locale.js';
import { notify } from '../notification/notification.service.js';
import { defaultLadder, ladderFor } from './escalation.ladder.js';
import {
  activeOnly,
  handlerAndOwner,
  publishTicket,
  roleHoldersFor,
  seniorLeadership,
  userNames,
} from './ticket.people.js';
import { catchUpProvisional } from './ticket.recompute.js';
import type { TicketRow } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { type SlaClock, slaTimer, ticket, ticketEscalation, ticketEvent } from './ticket.table.js';

/**
 * The SLA sweep: fires what `sla_timer` says is due — warnings, overdue marks, escalations.
 *
 * Each timer is claimed and fired in its own short transaction: `SELECT … FOR UPDATE SKIP
 * LOCKED` on the partial index `sla_timer_due_idx` (so the cost follows the due rows, not the
 * table), then the ticket row is locked, the timer marked fired, the effect applied, audited,
 * written to the timeline and announced — all committed together. A crash anywhere before the
 * commit rolls everything back and the next sweep fires the timer again; two sweeps at once skip
 * each other's claimed rows; an escalation is also unique per ticket × round × clock × level. So
 * each timer has its effect exactly once however often, and on how many instances, the sweep runs.
 *
 * A durable pg-boss schedule runs it every minute on some instance (`registerSweep`).
 */

export const SLA_SWEEP_QUEUE = 'ticket-sla-sweep';
/** Every minute; pg-boss hands each occurrence to one instance. */
export const SLA_SWEEP_CRON = '* * * * *';

export interface SweepResult {
  fired: number;
  /** Timers of tickets that no longer need them (finished, another round, response already given). */
  cancelled: number;
}

type Timer = typeof slaTimer.$inferSelect;
type Outcome = 'fired' | 'cancelled' | 'held' | 'none';

const clockLabel: Record<SlaClock, string> = { response: '响应时限', resolution: '办结时限' };

/** The due-timer claim (one row): used by the sweep and by the test that reads its plan. */
export function claimDueQuery(tx: Tx, now: Date, limit = 1) {
  return tx
    .select()
    .from(slaTimer)
    .where(
      and(
        isNotNull(slaTimer.fireAt),
        lte(slaTimer.fireAt, now),
        isNull(slaTimer.firedAt),
        isNull(slaTimer.cancelledAt),
      ),
    )
    .orderBy(asc(slaTimer.fireAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Fires every timer due at `now` (at most `limit` in this call). */
export async function sweepDue(deps: Deps, now: Date = deps.clock(), options: { limit?: number } = {}) {
  const limit = options.limit ?? 500;
  const result: SweepResult = { fired: 0, cancelled: 0 };
  for (let i = 0; i < limit; i++) {
    const outcome = await fireNext(deps, now);
    if (outcome === 'none') break;
    if (outcome === 'fired') result.fired++;
    else if (outcome === 'cancelled') result.cancelled++;
  }
  return result;
}

/** Claims one due timer and fires it, in one transaction. */
export async function fireNext(deps: Deps, now: Date, hooks: { afterMark?: () => void } = {}): Promise<Outcome> {
  // Read before the transaction: PGlite has one connection, which the transaction holds.
  const percent = await deps.parameters.get('service.sla_warning_percent');
  return deps.db.transaction(async (tx) => {
    const [timer] = await claimDueQuery(tx, now);
    if (!timer) return 'none';
    const [t] = await tx.select().from(ticket).where(eq(ticket.id, timer.ticketId)).for('update');
    if (!t) return 'none';
    if (!(openStates as readonly string[]).includes(t.state) || t.round !== timer.round) {
      await tx.update(slaTimer).set({ cancelledAt: now }).where(eq(slaTimer.id, timer.id));
      return 'cancelled';
    }
    if (t.pausedAt) {
      // Waiting on the customer: the timer waits too and is planned again on resume.
      await tx.update(slaTimer).set({ fireAt: null }).where(eq(slaTimer.id, timer.id));
      return 'held';
    }
    if (timer.clock === 'response' && t.acceptedAt && t.clockStartedAt && t.acceptedAt >= t.clockStartedAt) {
      await tx.update(slaTimer).set({ cancelledAt: now }).where(eq(slaTimer.id, timer.id));
      return 'cancelled';
    }
    await tx.update(slaTimer).set({ firedAt: now }).where(eq(slaTimer.id, timer.id));
    hooks.afterMark?.();
    const records: AuditRecord[] = [];
    if (timer.kind === 'warning') await fireWarning(tx, t, timer, now, percent, records);
    else if (timer.kind === 'due') await fireDue(tx, t, timer, now, records);
    else await fireEscalation(tx, t, timer, now, records);
    if (records.length > 0) await appendAudit(tx, now, systemContext('sla-sweep'), records);
    const [updated] = await tx.select().from(ticket).where(eq(ticket.id, t.id));
    if (updated) await publishTicket(tx, updated);
    return 'fired';
  });
}

function dueOf(t: TicketRow, clock: SlaClock): Date | null {
  return clock === 'response' ? t.responseDueAt : t.resolutionDueAt;
}

const bump = { version: sql`${ticket.version} + 1` };

async function fireWarning(tx: Tx, t: TicketRow, timer: Timer, now: Date, percent: number, records: AuditRecord[]) {
  const due = dueOf(t, timer.clock);
  const title = `工单 ${t.publicNo} 的${clockLabel[timer.clock]}已用去 ${percent}%${due ? `，将于 ${formatDateTime(due)} 到期` : ''}`;
  await tx
    .update(ticket)
    .set({ slaWarned: true, updatedAt: now, ...bump })
    .where(eq(ticket.id, t.id));
  await tx.insert(ticketEvent).values({
    ticketId: t.id,
    kind: 'sla_warning',
    body: title,
    data: { clock: timer.clock, percent, dueAt: due?.toISOString() ?? null, round: t.round },
    occurredAt: now,
  });
  await notify(tx, { userIds: await handlerAndOwner(tx, t), kind: 'sla_warning', title, ticketId: t.id, now });
  records.push({
    action: 'ticket.sla_warning',
    entityType: 'ticket',
    entityId: t.id,
    summary: title,
    after: { clock: timer.clock, percent },
    orgPath: t.orgPath,
    projectId: t.projectId,
  });
}

async function fireDue(tx: Tx, t: TicketRow, timer: Timer, now: Date, records: AuditRecord[]) {
  const due = dueOf(t, timer.clock);
  const title = `工单 ${t.publicNo} 已超过${clockLabel[timer.clock]}${due ? `（${formatDateTime(due)} 到期）` : ''}，请尽快处理`;
  await tx
    .update(ticket)
    .set({
      ...(timer.clock === 'response' ? { responseOverdue: true } : { resolutionOverdue: true }),
      updatedAt: now,
      ...bump,
    })
    .where(eq(ticket.id, t.id));
  await tx.insert(ticketEvent).values({
    ticketId: t.id,
    kind: 'overdue',
    body: title,
    data: { clock: timer.clock, dueAt: due?.toISOString() ?? null, round: t.round },
    occurredAt: now,
  });
  await notify(tx, { userIds: await handlerAndOwner(tx, t), kind: 'overdue', title, ticketId: t.id, now });
  records.push({
    action: 'ticket.overdue',
    entityType: 'ticket',
    entityId: t.id,
    summary: title,
    after: { clock: timer.clock },
    orgPath: t.orgPath,
    projectId: t.projectId,
  });
}

/**
 * Escalation level k: the rung's people (holders of its role covering the project, or its named
 * users) from the ticket's ladder as it stands now, else the built-in rung of that level. The
 * fifth and later escalations of a ticket's life also go to senior leadership.
 */
async function fireEscalation(tx: Tx, t: TicketRow, timer: Timer, now: Date, records: AuditRecord[]) {
  const ladder = await ladderFor(tx, t);
  const rung = ladder.find((r) => r.level === timer.level) ?? defaultLadder.find((r) => r.level === timer.level);
  const levelName = rung?.name ?? `第 ${timer.level} 级`;
  let recipients: string[] = [];
  if (rung?.targetKind === 'role' && rung.roleCode) recipients = await roleHoldersFor(tx, rung.roleCode, t.projectId);
  else if (rung?.targetKind === 'users') recipients = await activeOnly(tx, rung.userIds);
  const count = t.escalationCount + 1;
  const senior = count > 3;
  if (senior) recipients = [...new Set([...recipients, ...(await seniorLeadership(tx))])];
  const inserted = await tx
    .insert(ticketEscalation)
    .values({
      ticketId: t.id,
      round: timer.round,
      clock: timer.clock,
      level: timer.level,
      levelName,
      recipientIds: recipients,
      senior,
      firedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: ticketEscalation.id });
  if (inserted.length === 0) return;
  await tx
    .update(ticket)
    .set({
      escalationLevel: sql`greatest(${ticket.escalationLevel}, ${timer.level})`,
      escalationCount: sql`${ticket.escalationCount} + 1`,
      updatedAt: now,
      ...bump,
    })
    .where(eq(ticket.id, t.id));
  const names = await userNames(tx, recipients);
  const recipientNames = recipients.map((id) => names.get(id) ?? '').filter(Boolean);
  const due = dueOf(t, timer.clock);
  const title = `工单 ${t.publicNo} 超时未办结，已升级至第 ${timer.level} 级（${levelName}）`;
  const body = [
    due ? `${clockLabel[timer.clock]} ${formatDateTime(due)} 已过。` : '',
    recipientNames.length > 0 ? `升级通知：${recipientNames.join('、')}。` : '该级别没有可通知的人员。',
    senior ? `该工单已累计升级 ${count} 次，同时报集团领导。` : '',
  ].join('');
  await tx.insert(ticketEvent).values({
    ticketId: t.id,
    kind: 'escalated',
    body: `${title}。${body}`,
    data: {
      level: timer.level,
      levelName,
      clock: timer.clock,
      round: timer.round,
      recipients: recipientNames,
      recipientIds: recipients,
      senior,
      escalationCount: count,
    },
    occurredAt: now,
  });
  await notify(tx, { userIds: recipients, kind: 'escalated', title, body, ticketId: t.id, now });
  records.push({
    action: 'ticket.escalated',
    entityType: 'ticket',
    entityId: t.id,
    summary: title,
    after: { level: timer.level, levelName, recipients: recipientNames, senior, escalationCount: count },
    orgPath: t.orgPath,
    projectId: t.projectId,
  });
}

/** The durable every-minute job (also catching up provisional deadlines, see ticket.recompute.ts). */
export function registerSweep(deps: Deps): void {
  deps.jobs.handle(
    SLA_SWEEP_QUEUE,
    async () => {
      await sweepDue(deps, deps.clock());
      await catchUpProvisional(deps);
    },
    { retryLimit: 0, expireInSeconds: 300 },
  );
  deps.jobs.schedule(SLA_SWEEP_QUEUE, SLA_SWEEP_CRON);
}
