import { and, asc, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { Tx } from '../../db/client.js';
import { systemContext } from '../../db/seeds/system-context.js';
import { type AuditRecord, appendAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/context.js';
import { formatDateTime } from '../../platform/locale.js';
import type { Secrets } from '../../platform/secrets.js';
import { type NotifyInput, notifyAll } from '../notification/notification.service.js';
import { defaultLadder, laddersFor } from './escalation.ladder.js';
import { queueTicketMessagesAll, type TicketMessage } from './ticket.messages.js';
import {
  activeOnly,
  handlerAndOwnerAll,
  publishTickets,
  roleHoldersFor,
  seniorLeadership,
  userNames,
} from './ticket.people.js';
import { catchUpProvisional } from './ticket.recompute.js';
import type { TicketRow } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { type SlaClock, slaTimer, ticket, ticketEscalation, ticketEvent } from './ticket.table.js';
import { remindDueVisits } from './visit.remind.js';

/**
 * The SLA sweep: fires what `sla_timer` says is due — warnings, overdue marks, escalations.
 *
 * Due timers are claimed and fired in batches, each in its own short transaction: the earliest
 * due timer of each ticket, up to `SWEEP_BATCH` of them, found through the partial index
 * `sla_timer_due_idx` (so the cost follows the due rows, not the table) and locked `FOR UPDATE
 * SKIP LOCKED` (a ticket's later timers wait for the next batch, which sees this one's effect);
 * then their tickets are locked in one query (in id order), the timers marked fired, cancelled or held, and
 * the effects applied, audited, written to the timeline and announced — all committed together,
 * with the reads (ladders, people, templates) and the writes (one multi-row INSERT per table)
 * shared by the batch. A crash anywhere before the commit rolls the whole batch back and the next
 * sweep fires its timers again; two sweeps at once skip each other's claimed rows; an escalation
 * is also unique per ticket × round × clock × level. So each timer has its effect exactly once
 * however often, and on how many instances, the sweep runs.
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

/** The clock and its deadline as the message templates say them. */
function clockVars(clock: SlaClock, due: Date | null): Record<string, string> {
  return { clock: clockLabel[clock], deadline: due ? formatDateTime(due) : '' };
}

/**
 * The due-timer claim: the earliest due timer of each ticket among the first due ones (read
 * through the partial index without locking), at most `limit` of them, then locked `FOR UPDATE
 * SKIP LOCKED` — so only the rows the batch fires are locked, and a ticket whose earliest timer
 * another sweep holds is left to that sweep (its later timers wait their turn). Used by the
 * sweep and by the test that reads its plan.
 */
export function claimDueQuery(tx: Tx, now: Date, limit = 1) {
  const window = Math.max(limit * CLAIM_WINDOW, 100);
  const due = and(
    isNotNull(slaTimer.fireAt),
    lte(slaTimer.fireAt, now),
    isNull(slaTimer.firedAt),
    isNull(slaTimer.cancelledAt),
  );
  return tx
    .select()
    .from(slaTimer)
    .where(
      and(
        // An array computed once (an InitPlan), whatever the planner thinks of fresh rows.
        sql`${slaTimer.id} = any(array(
          select first.id from (
            select early.id, row_number() over (partition by early.ticket_id order by early.fire_at, early.id) as n
            from (
              select id, ticket_id, fire_at from sla_timer
              where fire_at is not null and fire_at <= ${now} and fired_at is null and cancelled_at is null
              order by fire_at limit ${window}
            ) as early
          ) as first
          where first.n = 1
        ))`,
        // Again on the locked row: another sweep may have fired it since the read.
        due,
      ),
    )
    .orderBy(asc(slaTimer.fireAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Due timers read per claimed one, to find the earliest of each ticket among them. */
const CLAIM_WINDOW = 5;

/** Timers claimed per transaction: each transaction stays short, the reads are shared. */
export const SWEEP_BATCH = 200;

/**
 * Fires every timer due at `now` (at most `limit` in this call), a batch (`batchSize` timers,
 * `SWEEP_BATCH` unless said) per transaction.
 */
export async function sweepDue(
  deps: Deps,
  now: Date = deps.clock(),
  options: { limit?: number; batchSize?: number } = {},
) {
  const limit = options.limit ?? 500;
  const batchSize = options.batchSize ?? SWEEP_BATCH;
  const result: SweepResult = { fired: 0, cancelled: 0 };
  let done = 0;
  while (done < limit) {
    const outcomes = await fireBatch(deps, now, Math.min(batchSize, limit - done));
    if (outcomes.length === 0) break;
    done += outcomes.length;
    for (const outcome of outcomes) {
      if (outcome === 'fired') result.fired++;
      else if (outcome === 'cancelled') result.cancelled++;
    }
  }
  return result;
}

export interface SweepHooks {
  /** Called once the batch's timers are marked, before any effect (tests: a crash there). */
  afterMark?: () => void;
}

/** Claims one due timer and fires it, in one transaction (a batch of one). */
export async function fireNext(deps: Deps, now: Date, hooks: SweepHooks = {}): Promise<Outcome> {
  const [outcome] = await fireBatch(deps, now, 1, hooks);
  return outcome ?? 'none';
}

interface Firing {
  timer: Timer;
  t: TicketRow;
}

/**
 * Claims up to `limit` due timers, at most one per ticket, and fires them in one transaction;
 * answers one outcome per timer handled (none when nothing was due).
 */
export async function fireBatch(deps: Deps, now: Date, limit: number, hooks: SweepHooks = {}): Promise<Outcome[]> {
  // Read before the transaction: PGlite has one connection, which the transaction holds.
  const percent = await deps.parameters.get('service.sla_warning_percent');
  return deps.db.transaction(async (tx) => {
    const claimed = await claimDueQuery(tx, now, limit);
    if (claimed.length === 0) return [];
    // One timer per ticket (the claim already picks so; kept as a guard): a ticket's later
    // timers wait for the next batch, which sees this one's effect (escalation count, marks).
    const timers: Timer[] = [];
    const ticketIds = new Set<string>();
    for (const timer of claimed) {
      if (ticketIds.has(timer.ticketId)) continue;
      ticketIds.add(timer.ticketId);
      timers.push(timer);
    }
    const locked = await tx
      .select()
      .from(ticket)
      .where(inArray(ticket.id, [...ticketIds]))
      .orderBy(asc(ticket.id))
      .for('update');
    const tickets = new Map(locked.map((t) => [t.id, t]));
    const outcomes: Outcome[] = [];
    const cancelled: string[] = [];
    const held: string[] = [];
    const firing: Firing[] = [];
    for (const timer of timers) {
      const t = tickets.get(timer.ticketId);
      const outcome = outcomeOf(timer, t);
      outcomes.push(outcome);
      if (outcome === 'cancelled') cancelled.push(timer.id);
      else if (outcome === 'held') held.push(timer.id);
      else if (t) firing.push({ timer, t });
    }
    if (cancelled.length > 0) {
      await tx.update(slaTimer).set({ cancelledAt: now }).where(inArray(slaTimer.id, cancelled));
    }
    // Waiting on the customer: the timer waits too and is planned again on resume.
    if (held.length > 0) await tx.update(slaTimer).set({ fireAt: null }).where(inArray(slaTimer.id, held));
    if (firing.length === 0) return outcomes;
    await tx
      .update(slaTimer)
      .set({ firedAt: now })
      .where(
        inArray(
          slaTimer.id,
          firing.map((f) => f.timer.id),
        ),
      );
    hooks.afterMark?.();
    await applyEffects(tx, deps.secrets, firing, now, percent);
    return outcomes;
  });
}

/** What a due timer does to its (locked) ticket as it stands. */
function outcomeOf(timer: Timer, t: TicketRow | undefined): Outcome {
  // No ticket (cannot happen while the foreign key holds): nothing left to time.
  if (!t) return 'cancelled';
  if (!(openStates as readonly string[]).includes(t.state) || t.round !== timer.round) return 'cancelled';
  if (t.pausedAt) return 'held';
  if (timer.clock === 'response' && t.acceptedAt && t.clockStartedAt && t.acceptedAt >= t.clockStartedAt) {
    return 'cancelled';
  }
  return 'fired';
}

function dueOf(t: TicketRow, clock: SlaClock): Date | null {
  return clock === 'response' ? t.responseDueAt : t.resolutionDueAt;
}

const bump = { version: sql`${ticket.version} + 1` };

/** One fired timer's writes beyond the ticket row, gathered so that the batch writes them together. */
interface Effect {
  t: TicketRow;
  event: typeof ticketEvent.$inferInsert;
  notice: NotifyInput;
  message: TicketMessage;
  audit: AuditRecord;
}

/** An escalation that took effect (its row was new): the ticket's new level. */
interface Escalated {
  ticketId: string;
  level: number;
}

/**
 * The effects of a batch's fired timers (one per ticket): ticket updates grouped by what they
 * set, then one multi-row INSERT each for timeline events, notifications, outbound messages and
 * audit entries, and one realtime event per ticket.
 */
async function applyEffects(tx: Tx, secrets: Secrets, firing: Firing[], now: Date, percent: number) {
  const fired = firing.map((f) => f.t);
  const people = await handlerAndOwnerAll(tx, fired);
  const escalations = await escalate(
    tx,
    firing.filter((f) => f.timer.kind === 'escalation'),
    now,
  );
  const effects: Effect[] = [];
  const warned: string[] = [];
  const overdue: Record<SlaClock, string[]> = { response: [], resolution: [] };
  for (const { timer, t } of firing) {
    const userIds = people.get(t.id) ?? [];
    if (timer.kind === 'warning') {
      warned.push(t.id);
      effects.push(warning(t, timer, now, percent, userIds));
    } else if (timer.kind === 'due') {
      overdue[timer.clock].push(t.id);
      effects.push(overdueMark(t, timer, now, userIds));
    } else {
      const effect = escalations.effects.get(timer.id);
      if (effect) effects.push(effect);
    }
  }
  if (warned.length > 0) {
    await tx
      .update(ticket)
      .set({ slaWarned: true, updatedAt: now, ...bump })
      .where(inArray(ticket.id, warned));
  }
  if (overdue.response.length > 0) {
    await tx
      .update(ticket)
      .set({ responseOverdue: true, updatedAt: now, ...bump })
      .where(inArray(ticket.id, overdue.response));
  }
  if (overdue.resolution.length > 0) {
    await tx
      .update(ticket)
      .set({ resolutionOverdue: true, updatedAt: now, ...bump })
      .where(inArray(ticket.id, overdue.resolution));
  }
  for (const level of new Set(escalations.escalated.map((e) => e.level))) {
    const ids = escalations.escalated.filter((e) => e.level === level).map((e) => e.ticketId);
    await tx
      .update(ticket)
      .set({
        escalationLevel: sql`greatest(${ticket.escalationLevel}, ${level})`,
        escalationCount: sql`${ticket.escalationCount} + 1`,
        updatedAt: now,
        ...bump,
      })
      .where(inArray(ticket.id, ids));
  }
  if (effects.length > 0) {
    await bulkInsert(
      tx,
      ticketEvent,
      effects.map((e) => e.event),
    );
    await notifyAll(
      tx,
      effects.map((e) => e.notice),
    );
    await queueTicketMessagesAll(
      tx,
      secrets,
      effects.map((e) => ({ ticket: e.t, message: e.message })),
    );
    await appendAudit(
      tx,
      now,
      systemContext('sla-sweep'),
      effects.map((e) => e.audit),
    );
  }
  // The sweep changes none of what the event carries (state, project, handler), so the locked
  // rows serve; the new escalations' recipients are read back with the others.
  await publishTickets(tx, fired, people);
}

function warning(t: TicketRow, timer: Timer, now: Date, percent: number, userIds: string[]): Effect {
  const due = dueOf(t, timer.clock);
  const title = `工单 ${t.publicNo} 的${clockLabel[timer.clock]}已用去 ${percent}%${due ? `，将于 ${formatDateTime(due)} 到期` : ''}`;
  return {
    t,
    event: {
      ticketId: t.id,
      kind: 'sla_warning',
      body: title,
      data: { clock: timer.clock, percent, dueAt: due?.toISOString() ?? null, round: t.round },
      occurredAt: now,
    },
    notice: {
      userIds,
      kind: 'sla_warning',
      title,
      params: { publicNo: t.publicNo, clock: timer.clock, percent: String(percent), due: due?.toISOString() ?? '' },
      ticketId: t.id,
      now,
    },
    message: { event: 'sla_warning', userIds, vars: clockVars(timer.clock, due), now },
    audit: {
      action: 'ticket.sla_warning',
      entityType: 'ticket',
      entityId: t.id,
      summary: title,
      after: { clock: timer.clock, percent },
      orgPath: t.orgPath,
      projectId: t.projectId,
    },
  };
}

function overdueMark(t: TicketRow, timer: Timer, now: Date, userIds: string[]): Effect {
  const due = dueOf(t, timer.clock);
  const title = `工单 ${t.publicNo} 已超过${clockLabel[timer.clock]}${due ? `（${formatDateTime(due)} 到期）` : ''}，请尽快处理`;
  return {
    t,
    event: {
      ticketId: t.id,
      kind: 'overdue',
      body: title,
      data: { clock: timer.clock, dueAt: due?.toISOString() ?? null, round: t.round },
      occurredAt: now,
    },
    notice: {
      userIds,
      kind: 'overdue',
      title,
      params: { publicNo: t.publicNo, clock: timer.clock, due: due?.toISOString() ?? '' },
      ticketId: t.id,
      now,
    },
    message: { event: 'overdue', userIds, vars: clockVars(timer.clock, due), now },
    audit: {
      action: 'ticket.overdue',
      entityType: 'ticket',
      entityId: t.id,
      summary: title,
      after: { clock: timer.clock },
      orgPath: t.orgPath,
      projectId: t.projectId,
    },
  };
}

/**
 * Escalation level k: the rung's people (holders of its role covering the project, or its named
 * users) from the ticket's ladder as it stands now, else the built-in rung of that level. The
 * fourth and later escalations of a ticket's life also go to senior leadership. Each escalation
 * row is unique per ticket × round × clock × level: one already there means no effect.
 * Ladders, role holders, senior leadership and names are read once per batch.
 */
async function escalate(
  tx: Tx,
  firing: Firing[],
  now: Date,
): Promise<{ effects: Map<string, Effect>; escalated: Escalated[] }> {
  const effects = new Map<string, Effect>();
  const escalated: Escalated[] = [];
  if (firing.length === 0) return { effects, escalated };
  const ladders = await laddersFor(
    tx,
    firing.map((f) => f.t),
  );
  const holders = new Map<string, string[]>();
  let leadership: string[] | undefined;
  const planned = [];
  for (const [k, { timer, t }] of firing.entries()) {
    const ladder = ladders[k] ?? [];
    const rung = ladder.find((r) => r.level === timer.level) ?? defaultLadder.find((r) => r.level === timer.level);
    const levelName = rung?.name ?? `第 ${timer.level} 级`;
    let recipients: string[] = [];
    if (rung?.targetKind === 'role' && rung.roleCode) {
      const key = `role:${rung.roleCode}:${t.projectId}`;
      recipients = holders.get(key) ?? (await roleHoldersFor(tx, rung.roleCode, t.projectId));
      holders.set(key, recipients);
    } else if (rung?.targetKind === 'users') {
      const key = `users:${rung.userIds.join(',')}`;
      recipients = holders.get(key) ?? (await activeOnly(tx, rung.userIds));
      holders.set(key, recipients);
    }
    const count = t.escalationCount + 1;
    const senior = count > 3;
    if (senior) {
      leadership ??= await seniorLeadership(tx);
      recipients = [...new Set([...recipients, ...leadership])];
    }
    planned.push({ timer, t, levelName, recipients, count, senior });
  }
  const inserted = await tx
    .insert(ticketEscalation)
    .values(
      planned.map(({ timer, t, levelName, recipients, senior }) => ({
        ticketId: t.id,
        round: timer.round,
        clock: timer.clock,
        level: timer.level,
        levelName,
        recipientIds: recipients,
        senior,
        firedAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ ticketId: ticketEscalation.ticketId });
  // One timer per ticket in a batch: the ticket names the escalation.
  const isNew = new Set(inserted.map((r) => r.ticketId));
  const taking = planned.filter((p) => isNew.has(p.t.id));
  const names = await userNames(tx, [...new Set(taking.flatMap((p) => p.recipients))]);
  for (const { timer, t, levelName, recipients, count, senior } of taking) {
    escalated.push({ ticketId: t.id, level: timer.level });
    const recipientNames = recipients.map((id) => names.get(id) ?? '').filter(Boolean);
    const due = dueOf(t, timer.clock);
    const title = `工单 ${t.publicNo} 超时未办结，已升级至第 ${timer.level} 级（${levelName}）`;
    const body = [
      due ? `${clockLabel[timer.clock]} ${formatDateTime(due)} 已过。` : '',
      recipientNames.length > 0 ? `升级通知：${recipientNames.join('、')}。` : '该级别没有可通知的人员。',
      senior ? `该工单已累计升级 ${count} 次，同时报集团领导。` : '',
    ].join('');
    effects.set(timer.id, {
      t,
      event: {
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
      },
      notice: {
        userIds: recipients,
        kind: 'escalated',
        title,
        body,
        params: { publicNo: t.publicNo, level: String(timer.level), levelName, clock: timer.clock },
        ticketId: t.id,
        now,
      },
      // That level's people by SMS and e-mail; past the third escalation even in quiet hours.
      message: {
        event: 'escalated',
        userIds: recipients,
        vars: { ...clockVars(timer.clock, due), level: `第 ${timer.level} 级（${levelName}）` },
        urgent: senior,
        now,
      },
      audit: {
        action: 'ticket.escalated',
        entityType: 'ticket',
        entityId: t.id,
        summary: title,
        after: { level: timer.level, levelName, recipients: recipientNames, senior, escalationCount: count },
        orgPath: t.orgPath,
        projectId: t.projectId,
      },
    });
  }
  return { effects, escalated };
}

/**
 * The durable every-minute job (also catching up provisional deadlines, see ticket.recompute.ts,
 * and reminding agents of return visits that fell due, see visit.remind.ts).
 */
export function registerSweep(deps: Deps): void {
  deps.jobs.handle(
    SLA_SWEEP_QUEUE,
    async () => {
      await sweepDue(deps, deps.clock());
      await catchUpProvisional(deps);
      await remindDueVisits(deps, deps.clock());
    },
    { retryLimit: 0, expireInSeconds: 300 },
  );
  deps.jobs.schedule(SLA_SWEEP_QUEUE, SLA_SWEEP_CRON);
}
