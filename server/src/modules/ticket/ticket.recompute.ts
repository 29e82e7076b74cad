import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { systemContext } from '../../db/seeds/system-context.js';
import { appendAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/context.js';
import { formatDateTime } from '../../platform/locale.js';
import { subscribeHolidayScheduleChanged } from '../calendar/calendar.events.js';
import { ladderFor } from './escalation.ladder.js';
import { publishTicket } from './ticket.people.js';
import { engineForTicket, scheduleRound, type TicketRow } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { ticket, ticketEvent } from './ticket.table.js';

/**
 * Provisional deadlines: a limit that crossed into a year without an official holiday schedule
 * was computed as if that year had no holidays. When the year's schedule is entered (or
 * replaced, or withdrawn) the open tickets whose current round touches the year are planned
 * again with `scheduleRound` — deadlines, warnings, escalations; fired timers stay history —
 * and the timeline says so with the old and new deadlines.
 *
 * The calendar module calls the listener in-process after its commit; the sweep job also calls
 * `catchUpProvisional` (at most hourly per instance) so a crash between the two loses nothing.
 */

function touchesYear(t: TicketRow, year: number): boolean {
  const from = t.clockStartedAt?.getUTCFullYear() ?? year;
  const dues = [t.responseDueAt, t.resolutionDueAt].filter((d): d is Date => d !== null);
  // Beijing is ahead of UTC: a deadline early on 1 January local is still 31 December UTC.
  const to = Math.max(from, ...dues.map((d) => new Date(d.getTime() + 14 * 3_600_000).getUTCFullYear()));
  return from <= year && year <= to;
}

/** Plans again the open, provisional tickets whose clocks reach into `year`. Answers how many changed. */
export async function recomputeForYear(deps: Deps, year: number | null): Promise<number> {
  const candidates = await deps.db
    .select({ id: ticket.id })
    .from(ticket)
    .where(
      and(
        eq(ticket.deadlineProvisional, true),
        inArray(ticket.state, [...openStates]),
        isNotNull(ticket.clockStartedAt),
      ),
    );
  let changed = 0;
  // Read outside the transactions: PGlite has one connection, which a transaction holds.
  const warningPercent = await deps.parameters.get('service.sla_warning_percent');
  for (const { id } of candidates) {
    // One short transaction per ticket, the row locked against the sweep and the desk.
    const done = await deps.db.transaction(async (tx) => {
      const [t] = await tx.select().from(ticket).where(eq(ticket.id, id)).for('update');
      if (!t?.deadlineProvisional || !(openStates as readonly string[]).includes(t.state)) return false;
      if (year !== null && !touchesYear(t, year)) return false;
      const engine = await engineForTicket(tx, t.calendarId);
      const plan = await scheduleRound(tx, t, engine, { warningPercent, ladder: await ladderFor(tx, t) });
      const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
      if (
        same(plan.responseDueAt, t.responseDueAt) &&
        same(plan.resolutionDueAt, t.resolutionDueAt) &&
        plan.provisional === t.deadlineProvisional
      ) {
        return false;
      }
      const now = deps.clock();
      const yearText = year ?? (plan.resolutionDueAt ?? plan.responseDueAt ?? now).getUTCFullYear();
      const fmt = (d: Date | null) => (d ? formatDateTime(d) : '无');
      const body =
        `国务院 ${yearText} 年节假日安排已录入，时限重新计算：办结时限 ${fmt(t.resolutionDueAt)} → ${fmt(plan.resolutionDueAt)}` +
        (plan.provisional ? '（仍为暂定）' : '');
      await tx.update(ticket).set({ updatedAt: now }).where(eq(ticket.id, t.id));
      await tx.insert(ticketEvent).values({
        ticketId: t.id,
        kind: 'deadline_recomputed',
        body,
        data: {
          year: yearText,
          old: {
            responseDueAt: t.responseDueAt?.toISOString() ?? null,
            resolutionDueAt: t.resolutionDueAt?.toISOString() ?? null,
            provisional: t.deadlineProvisional,
          },
          new: {
            responseDueAt: plan.responseDueAt?.toISOString() ?? null,
            resolutionDueAt: plan.resolutionDueAt?.toISOString() ?? null,
            provisional: plan.provisional,
          },
        },
        occurredAt: now,
      });
      await appendAudit(tx, now, systemContext('deadline-recompute'), [
        {
          action: 'ticket.deadline_recomputed',
          entityType: 'ticket',
          entityId: t.id,
          summary: `工单 ${t.publicNo}：${body}`,
          before: { responseDueAt: t.responseDueAt, resolutionDueAt: t.resolutionDueAt },
          after: { responseDueAt: plan.responseDueAt, resolutionDueAt: plan.resolutionDueAt },
          orgPath: t.orgPath,
          projectId: t.projectId,
        },
      ]);
      const [updated] = await tx.select().from(ticket).where(eq(ticket.id, t.id));
      if (updated) await publishTicket(tx, updated);
      return true;
    });
    if (done) changed++;
  }
  return changed;
}

const CATCH_UP_EVERY_MS = 3_600_000;
const lastCatchUp = new WeakMap<Deps, number>();

/** The sweep's safety net for a lost holiday event: provisional tickets are tried again hourly. */
export async function catchUpProvisional(deps: Deps): Promise<void> {
  const now = Date.now();
  if (now - (lastCatchUp.get(deps) ?? 0) < CATCH_UP_EVERY_MS) return;
  lastCatchUp.set(deps, now);
  await recomputeForYear(deps, null);
}

let subscribed = false;

/** Subscribes once per process (the listener receives each app's deps). */
export function subscribeDeadlineRecompute(): void {
  if (subscribed) return;
  subscribed = true;
  subscribeHolidayScheduleChanged(async (deps, year) => {
    await recomputeForYear(deps, year);
  });
}
