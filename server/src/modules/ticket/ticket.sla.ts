import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { BusinessCalendar, ClockMode } from '../calendar/calendar.engine.js';
import { calendarEngine, loadHolidaySource } from '../calendar/calendar.service.js';
import { businessCalendar } from '../calendar/calendar.table.js';
import { type SlaClock, type SlaTimerKind, slaTimer, ticket } from './ticket.table.js';

/**
 * A ticket's time limits: where its deadlines fall and what the sweep must do when. One pure
 * planner (`planRound`) turns the clock's start, the limits, the minutes spent waiting on the
 * customer and the escalation ladder into instants; the writers below keep the ticket row and
 * its `sla_timer` rows in step with it. The sweep (ticket.sweep.ts) only reads the timers.
 *
 * Pausing: while the ticket waits on the customer its pending timers hold no fire time; on
 * resume the business minutes of the pause are added to `pausedMinutes` and every deadline is
 * planned again from the round's start, so a pause over a night or a holiday costs nothing.
 *
 * Escalations run on the resolution clock: level k fires `afterMinutes` (in the ticket's clock
 * mode) after the resolution deadline. The response clock has a warning and an overdue mark.
 */

export type TicketRow = typeof ticket.$inferSelect;

export interface LadderStep {
  level: number;
  afterMinutes: number;
}

export interface PlannedTimer {
  clock: SlaClock;
  kind: SlaTimerKind;
  level: number;
  fireAt: Date;
}

export interface RoundPlan {
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  provisional: boolean;
  timers: PlannedTimer[];
}

export interface PlanInput {
  startedAt: Date;
  mode: ClockMode;
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  pausedMinutes: number;
  /** Share of a limit after which to warn, in percent (business parameter, default 80). */
  warningPercent: number;
  ladder: readonly LadderStep[];
}

/** Where this round's deadlines, warnings and escalations fall. Pure. */
export function planRound(engine: BusinessCalendar, input: PlanInput): RoundPlan {
  const timers: PlannedTimer[] = [];
  let provisional = false;
  const at = (minutes: number, from: Date = input.startedAt) => {
    const r = engine.addBusinessMinutes(from, minutes, input.mode);
    provisional ||= r.provisional;
    return r.deadline;
  };
  const clock = (name: SlaClock, limit: number | null): Date | null => {
    if (limit === null || limit <= 0) return null;
    const due = at(limit + input.pausedMinutes);
    const warnAfter = Math.floor((limit * input.warningPercent) / 100);
    if (warnAfter > 0 && warnAfter < limit) {
      timers.push({ clock: name, kind: 'warning', level: 0, fireAt: at(warnAfter + input.pausedMinutes) });
    }
    timers.push({ clock: name, kind: 'due', level: 0, fireAt: due });
    return due;
  };
  const responseDueAt = clock('response', input.responseMinutes);
  const resolutionDueAt = clock('resolution', input.resolutionMinutes);
  if (resolutionDueAt) {
    for (const step of input.ladder) {
      timers.push({
        clock: 'resolution',
        kind: 'escalation',
        level: step.level,
        fireAt: step.afterMinutes > 0 ? at(step.afterMinutes, resolutionDueAt) : resolutionDueAt,
      });
    }
  }
  return { responseDueAt, resolutionDueAt, provisional, timers };
}

/** The engine of the ticket's calendar; the group default when it names none that still exists. */
export async function engineForTicket(db: DbOrTx, calendarId: string | null): Promise<BusinessCalendar> {
  const holidays = await loadHolidaySource(db);
  const rows = calendarId
    ? await db.select().from(businessCalendar).where(eq(businessCalendar.id, calendarId))
    : await db
        .select()
        .from(businessCalendar)
        .where(and(eq(businessCalendar.isDefault, true), isNull(businessCalendar.companyId)));
  const row = rows[0];
  if (!row) throw new Error(`ticket sla: calendar ${calendarId ?? '(group default)'} not found`);
  return calendarEngine(db, row, holidays);
}

/**
 * Plans the ticket's current round and writes it: the deadlines on the row, and every timer not
 * yet fired (fired ones are history and stay as they are). A paused ticket keeps its pending
 * timers without a fire time. Returns the plan.
 */
export async function scheduleRound(
  tx: DbOrTx,
  row: TicketRow,
  engine: BusinessCalendar,
  options: { warningPercent: number; ladder: readonly LadderStep[] },
): Promise<RoundPlan> {
  if (!row.clockStartedAt) throw new Error('ticket sla: the round has no start');
  const plan = planRound(engine, {
    startedAt: row.clockStartedAt,
    mode: row.clockMode,
    responseMinutes: row.responseMinutes,
    resolutionMinutes: row.resolutionMinutes,
    pausedMinutes: row.pausedMinutes,
    warningPercent: options.warningPercent,
    ladder: options.ladder,
  });
  await tx
    .update(ticket)
    .set({
      responseDueAt: plan.responseDueAt,
      resolutionDueAt: plan.resolutionDueAt,
      deadlineProvisional: plan.provisional,
    })
    .where(eq(ticket.id, row.id));
  const paused = row.pausedAt !== null;
  // Clocks already stopped in this round (response after acceptance) stay stopped.
  const stopped = new Set<SlaClock>();
  if (row.acceptedAt && row.clockStartedAt && row.acceptedAt >= row.clockStartedAt) stopped.add('response');
  const wanted = plan.timers.filter((t) => !stopped.has(t.clock));
  // Rungs no longer on the ladder (it was edited) are cancelled rather than left to fire.
  await tx
    .update(slaTimer)
    .set({ cancelledAt: new Date() })
    .where(and(eq(slaTimer.ticketId, row.id), eq(slaTimer.round, row.round), isNull(slaTimer.firedAt)));
  for (const t of wanted) {
    await tx
      .insert(slaTimer)
      .values({
        ticketId: row.id,
        round: row.round,
        clock: t.clock,
        kind: t.kind,
        level: t.level,
        fireAt: paused ? null : t.fireAt,
      })
      .onConflictDoUpdate({
        target: [slaTimer.ticketId, slaTimer.round, slaTimer.clock, slaTimer.kind, slaTimer.level],
        set: { fireAt: paused ? null : t.fireAt, cancelledAt: null },
        setWhere: isNull(slaTimer.firedAt),
      });
  }
  return plan;
}

/** Waiting on the customer: the pending timers lose their fire time until `resumeClocks`. */
export async function pauseClocks(tx: DbOrTx, row: TicketRow, now: Date): Promise<void> {
  await tx.update(ticket).set({ pausedAt: now }).where(eq(ticket.id, row.id));
  await tx
    .update(slaTimer)
    .set({ fireAt: null })
    .where(
      and(
        eq(slaTimer.ticketId, row.id),
        eq(slaTimer.round, row.round),
        isNull(slaTimer.firedAt),
        isNull(slaTimer.cancelledAt),
      ),
    );
}

/**
 * Back from waiting: the pause's minutes (business or calendar, as the ticket counts) are added
 * to the round's paused minutes, then the round is planned again. Returns the minutes added.
 */
export async function resumeClocks(
  tx: DbOrTx,
  row: TicketRow,
  engine: BusinessCalendar,
  now: Date,
  options: { warningPercent: number; ladder: readonly LadderStep[] },
): Promise<{ pausedMinutes: number; plan: RoundPlan }> {
  if (!row.pausedAt) throw new Error('ticket sla: not paused');
  const span = engine.businessMinutesBetween(row.pausedAt, now, row.clockMode);
  const added = Math.max(0, Math.round(span.minutes));
  const [updated] = await tx
    .update(ticket)
    .set({ pausedAt: null, pausedMinutes: sql`${ticket.pausedMinutes} + ${added}` })
    .where(eq(ticket.id, row.id))
    .returning();
  if (!updated) throw new Error('ticket sla: ticket vanished');
  const plan = await scheduleRound(tx, updated, engine, options);
  return { pausedMinutes: added, plan };
}

/** Stops clocks of the current round: their pending timers are cancelled (nothing fires later). */
export async function stopClocks(tx: DbOrTx, row: Pick<TicketRow, 'id' | 'round'>, clocks: SlaClock[], now: Date) {
  await tx
    .update(slaTimer)
    .set({ cancelledAt: now })
    .where(
      and(
        eq(slaTimer.ticketId, row.id),
        eq(slaTimer.round, row.round),
        inArray(slaTimer.clock, clocks),
        isNull(slaTimer.firedAt),
        isNull(slaTimer.cancelledAt),
      ),
    );
}
