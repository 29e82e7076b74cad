import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { BusinessCalendar, ClockMode } from '../calendar/calendar.engine.js';
import { calendarEngine, loadHolidaySource } from '../calendar/calendar.service.js';
import { businessCalendar, calendarVersion } from '../calendar/calendar.table.js';
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

/** Engines by calendar version, then by calendar id ('' for the group default); the latest few versions. */
const engines = new Map<string, Map<string, BusinessCalendar>>();
const KEPT_VERSIONS = 4;

/**
 * The engine of the ticket's calendar; the group default when it names none that still exists.
 * Kept in memory under the calendar version (calendar_version), so that after the first use it
 * costs one single-row read: any change to calendars or the official schedule gives a new version.
 * The version is read through `db`, so inside a transaction that changed a calendar it is that
 * transaction's (uncommitted) version, never mistaken for another.
 */
export async function engineForTicket(db: DbOrTx, calendarId: string | null): Promise<BusinessCalendar> {
  const [current] = await db.select({ version: calendarVersion.version }).from(calendarVersion);
  const version = current?.version ?? '';
  let byCalendar = engines.get(version);
  const cached = byCalendar?.get(calendarId ?? '');
  if (cached) return cached;
  const holidays = await loadHolidaySource(db);
  const rows = calendarId
    ? await db.select().from(businessCalendar).where(eq(businessCalendar.id, calendarId))
    : await db
        .select()
        .from(businessCalendar)
        .where(and(eq(businessCalendar.isDefault, true), isNull(businessCalendar.companyId)));
  const row = rows[0];
  if (!row) throw new Error(`ticket sla: calendar ${calendarId ?? '(group default)'} not found`);
  const engine = await calendarEngine(db, row, holidays);
  if (current) {
    if (!byCalendar) {
      byCalendar = new Map();
      engines.set(version, byCalendar);
      // A Map iterates in insertion order: the oldest versions go first.
      for (const old of engines.keys()) if (engines.size > KEPT_VERSIONS) engines.delete(old);
    }
    byCalendar.set(calendarId ?? '', engine);
  }
  return engine;
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
  // One statement for all of them: a timer already there (not yet fired) takes the new time.
  if (wanted.length > 0) {
    await tx
      .insert(slaTimer)
      .values(
        wanted.map((t) => ({
          ticketId: row.id,
          round: row.round,
          clock: t.clock,
          kind: t.kind,
          level: t.level,
          fireAt: paused ? null : t.fireAt,
        })),
      )
      .onConflictDoUpdate({
        target: [slaTimer.ticketId, slaTimer.round, slaTimer.clock, slaTimer.kind, slaTimer.level],
        set: { fireAt: sql`excluded.fire_at`, cancelledAt: null },
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

export type ClockState = 'running' | 'paused' | 'stopped';

export interface ClockView {
  state: ClockState;
  /** Business seconds (or calendar seconds, as the ticket counts) from `at` to the deadline; negative when overdue. */
  secondsLeft: number;
  /** Whole minutes of the same, toward zero. */
  minutesLeft: number;
  /** Share of the limit used at `at`, in percent (above 100 once overdue). */
  percentUsed: number;
  /** The instant the value holds for: now while running, the pause or the stop otherwise. */
  at: Date;
  /** Running and inside working time now: the countdown goes down second by second. */
  ticking: boolean;
  /** While running: when `ticking` flips (end of this shift, start of the next); null for 24×7 or never. */
  changesAt: Date | null;
}

/**
 * The response and resolution clocks of a ticket's current round as the detail page shows them:
 * the business time left at the server's now on the ticket's calendar, frozen at the pause while
 * waiting on the customer and at the stop once accepted (response) or resolved (resolution).
 */
export function clockViews(
  engine: BusinessCalendar,
  row: TicketRow,
  now: Date,
  finished: boolean,
): { response: ClockView | null; resolution: ClockView | null } {
  const started = row.clockStartedAt;
  const inRound = (d: Date | null) => (d && started && d >= started ? d : null);
  const view = (due: Date | null, limit: number | null, stop: Date | null): ClockView | null => {
    if (!due || !limit || limit <= 0) return null;
    let state: ClockState = 'running';
    let at = now;
    if (stop || finished) {
      state = 'stopped';
      at = stop ?? row.closedAt ?? row.updatedAt;
    } else if (row.pausedAt) {
      state = 'paused';
      at = row.pausedAt;
    }
    const minutes = engine.businessMinutesBetween(at, due, row.clockMode).minutes;
    const secondsLeft = Math.round(minutes * 60);
    let ticking = false;
    let changesAt: Date | null = null;
    if (state === 'running') {
      if (row.clockMode === 'calendar') ticking = true;
      else {
        const r = engine.runningAt(now);
        ticking = r.working;
        changesAt = r.until;
      }
    }
    return {
      state,
      secondsLeft,
      minutesLeft: Math.trunc(secondsLeft / 60) || 0,
      percentUsed: Math.round(((limit - minutes) / limit) * 100),
      at,
      ticking,
      changesAt,
    };
  };
  return {
    response: view(row.responseDueAt, row.responseMinutes, inRound(row.acceptedAt)),
    resolution: view(row.resolutionDueAt, row.resolutionMinutes, inRound(row.resolvedAt)),
  };
}

export interface RungChange {
  level: number;
  /** The planned fire time before (null: not planned, or paused). */
  before: Date | null;
  after: Date | null;
  /** The rung is gone from the ladder (its pending timer is cancelled). */
  removed: boolean;
  added: boolean;
}

/**
 * The escalation ladder was edited: the current round's escalation rungs that have not fired are
 * planned again from the resolution deadline by the new delays (a paused ticket keeps them
 * without a fire time), rungs no longer on the ladder are cancelled, fired rungs stay history.
 * Deadlines, warnings and overdue marks do not move. Answers what changed (empty: nothing).
 */
export async function replanEscalations(
  tx: DbOrTx,
  row: TicketRow,
  engine: BusinessCalendar,
  ladder: readonly LadderStep[],
  now: Date,
): Promise<RungChange[]> {
  const due = row.resolutionDueAt;
  if (!due) return [];
  const timers = await tx
    .select()
    .from(slaTimer)
    .where(and(eq(slaTimer.ticketId, row.id), eq(slaTimer.round, row.round), eq(slaTimer.kind, 'escalation')));
  const fired = new Set(timers.filter((t) => t.firedAt).map((t) => t.level));
  const pending = new Map(timers.filter((t) => !t.firedAt && !t.cancelledAt).map((t) => [t.level, t]));
  const paused = row.pausedAt !== null;
  const changes: RungChange[] = [];
  const wanted = new Set<number>();
  for (const step of ladder) {
    if (fired.has(step.level)) continue;
    wanted.add(step.level);
    const fireAt = paused
      ? null
      : step.afterMinutes > 0
        ? engine.addBusinessMinutes(due, step.afterMinutes, row.clockMode).deadline
        : due;
    const current = pending.get(step.level);
    if (current && (current.fireAt?.getTime() ?? null) === (fireAt?.getTime() ?? null)) continue;
    changes.push({
      level: step.level,
      before: current?.fireAt ?? null,
      after: fireAt,
      removed: false,
      added: !current,
    });
    await tx
      .insert(slaTimer)
      .values({
        ticketId: row.id,
        round: row.round,
        clock: 'resolution',
        kind: 'escalation',
        level: step.level,
        fireAt,
      })
      .onConflictDoUpdate({
        target: [slaTimer.ticketId, slaTimer.round, slaTimer.clock, slaTimer.kind, slaTimer.level],
        set: { fireAt, cancelledAt: null },
        setWhere: isNull(slaTimer.firedAt),
      });
  }
  for (const [level, t] of pending) {
    if (wanted.has(level)) continue;
    changes.push({ level, before: t.fireAt, after: null, removed: true, added: false });
    await tx.update(slaTimer).set({ cancelledAt: now }).where(eq(slaTimer.id, t.id));
  }
  return changes.sort((a, b) => a.level - b.level);
}
