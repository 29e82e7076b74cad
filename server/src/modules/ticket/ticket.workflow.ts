// The one way a ticket changes state: the transition table decides, the row's version guards
// against a concurrent change, and every change leaves an event on the timeline.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { AuditRecorder } from '../../platform/audit.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Locale } from '../../platform/locale.js';
import { ladderFor } from './escalation.ladder.js';
import { ticketActionLabels, ticketStateLabels } from './ticket.labels.js';
import { publishTicket } from './ticket.people.js';
import { engineForTicket, scheduleRound, type TicketRow } from './ticket.sla.js';
import { IllegalTransition, nextState, type TicketAction, type TicketState } from './ticket.states.js';
import { type TicketEventKind, ticket, ticketEvent } from './ticket.table.js';

/** Who acts: a user, or the system (null) for seeds and sweeps. */
export type Doer = Pick<Actor, 'id' | 'name'> | null;

export function illegal(action: TicketAction, from: TicketState, locale: Locale): AppError {
  return new AppError('TICKET_ILLEGAL_TRANSITION', {
    state: ticketStateLabels[from][locale],
    action: ticketActionLabels[action][locale],
  });
}

/** nextState() with its refusal as the 409 the API answers, in the caller's language. */
export function checkedNext(action: TicketAction, from: TicketState, locale: Locale): TicketState {
  try {
    return nextState(action, from);
  } catch (error) {
    if (error instanceof IllegalTransition) throw illegal(action, from, locale);
    throw error;
  }
}

/**
 * Writes the row's change if nobody changed it since it was read (`version`); otherwise reads it
 * again and answers 409 — the illegal transition when the new state no longer allows the action,
 * else TICKET_CHANGED.
 */
export async function updateGuarded(
  tx: DbOrTx,
  row: TicketRow,
  patch: Partial<TicketRow>,
  now: Date,
  locale: Locale,
  action?: TicketAction,
): Promise<TicketRow> {
  const { id: _id, version: _v, ...rest } = patch;
  const [updated] = await tx
    .update(ticket)
    .set({ ...rest, version: row.version + 1, updatedAt: now })
    .where(and(eq(ticket.id, row.id), eq(ticket.version, row.version)))
    .returning();
  if (updated) {
    await publishTicket(tx, updated);
    return updated;
  }
  const [current] = await tx.select().from(ticket).where(eq(ticket.id, row.id));
  if (current && action) checkedNext(action, current.state, locale);
  throw new AppError('TICKET_CHANGED');
}

/** Moves the ticket by `action` (checked against the table), applying `patch` in the same update. */
export async function transition(
  tx: DbOrTx,
  row: TicketRow,
  action: TicketAction,
  patch: Partial<TicketRow>,
  now: Date,
  locale: Locale,
): Promise<TicketRow> {
  const to = checkedNext(action, row.state, locale);
  return updateGuarded(tx, row, { ...patch, state: to }, now, locale, action);
}

export interface EventInput {
  kind: TicketEventKind;
  fromState?: TicketState | null;
  toState?: TicketState | null;
  body?: string | null;
  visibility?: 'internal' | 'customer';
  data?: Record<string, unknown>;
}

export async function addEvent(tx: DbOrTx, ticketId: string, doer: Doer, now: Date, e: EventInput): Promise<string> {
  const [row] = await tx
    .insert(ticketEvent)
    .values({
      ticketId,
      kind: e.kind,
      fromState: e.fromState ?? null,
      toState: e.toState ?? null,
      actorId: doer?.id ?? null,
      actorName: doer?.name ?? null,
      visibility: e.visibility ?? 'internal',
      body: e.body ?? null,
      data: e.data ?? {},
      occurredAt: now,
    })
    .returning({ id: ticketEvent.id });
  if (!row) throw new Error('insert ticket_event returned nothing');
  return row.id;
}

/** The audit entry of a ticket change: action `ticket.<verb>`, the ticket's place in the tree. */
export function auditTicket(
  audit: AuditRecorder,
  row: TicketRow,
  verb: string,
  summary: string,
  details?: { before?: unknown; after?: unknown },
): void {
  audit.record({
    action: `ticket.${verb}`,
    entityType: 'ticket',
    entityId: row.id,
    orgPath: row.orgPath,
    projectId: row.projectId,
    summary: `${summary} ${row.publicNo}`,
    before: details?.before,
    after: details?.after,
  });
}

export interface SlaSettings {
  warningPercent: number;
}

/** Business parameters read before the transaction (the parameter service has its own connection). */
export async function slaSettings(deps: Deps): Promise<SlaSettings> {
  return { warningPercent: Number(await deps.parameters.get('service.sla_warning_percent')) };
}

/** Plans the current round again on the ticket's calendar and ladder; returns the fresh row. */
export async function reschedule(tx: Tx, row: TicketRow, settings: SlaSettings): Promise<TicketRow> {
  const engine = await engineForTicket(tx, row.calendarId);
  await scheduleRound(tx, row, engine, { warningPercent: settings.warningPercent, ladder: await ladderFor(tx, row) });
  const [fresh] = await tx.select().from(ticket).where(eq(ticket.id, row.id));
  if (!fresh) throw new Error('ticket vanished');
  return fresh;
}
