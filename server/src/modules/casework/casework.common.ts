// What the three casework parts share: reaching tickets and projects in the caller's scope, the
// public numbers, and the ticket timeline entries they write.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Actor, AuthedContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { beijingDay } from '../../platform/locale.js';
import { type DataScope, scopeRows } from '../../platform/scope.js';
import { project } from '../project/project.table.js';
import type { TicketState } from '../ticket/ticket.states.js';
import { publicNumberCounter, type TicketEventKind, ticket, ticketEvent } from '../ticket/ticket.table.js';

export type TicketRow = typeof ticket.$inferSelect;
export type ProjectRow = typeof project.$inferSelect;

/** Tickets are visible to whoever's scope covers their project office, or lists their project. */
export function ticketVisible(scope: DataScope) {
  return scopeRows(scope, { path: ticket.orgPath, projectId: ticket.projectId });
}

export async function visibleTicket(db: DbOrTx, ctx: AuthedContext, id: string): Promise<TicketRow> {
  const [row] = await db
    .select()
    .from(ticket)
    .where(and(eq(ticket.id, id), ticketVisible(ctx.actor.scope)));
  if (!row) throw new AppError('TICKET_NOT_FOUND');
  return row;
}

export async function visibleProject(db: DbOrTx, ctx: AuthedContext, id: string): Promise<ProjectRow> {
  const [row] = await db
    .select()
    .from(project)
    .where(and(eq(project.id, id), scopeRows(ctx.actor.scope, { path: project.orgPath, projectId: project.id })));
  if (!row) throw new AppError('PROJECT_NOT_FOUND');
  return row;
}

/** Whether the scope reaches a company: covers it, or lies inside it (an office, some of its projects). */
export function reachesCompany(scope: DataScope, companyPath: string): boolean {
  return (
    scope.all ||
    [...scope.orgPaths, ...scope.projectOrgPaths].some((p) => p.startsWith(companyPath) || companyPath.startsWith(p))
  );
}

/** The company node id of an org path /group/company/…/ (null above the companies). */
export function companyIdOfPath(path: string): string | null {
  return path.split('/').filter(Boolean)[1] ?? null;
}

/**
 * ZT-20261126-0001: the next public number of a prefix on the Beijing day of `at`. One upsert per
 * number on the shared counter table, so concurrent transactions never get the same value.
 */
export async function nextPublicNumber(tx: DbOrTx, prefix: string, at: Date): Promise<string> {
  const day = beijingDay(at).replaceAll('-', '');
  const [row] = await tx
    .insert(publicNumberCounter)
    .values({ prefix, day, value: 1 })
    .onConflictDoUpdate({
      target: [publicNumberCounter.prefix, publicNumberCounter.day],
      set: { value: sql`${publicNumberCounter.value} + 1` },
    })
    .returning({ value: publicNumberCounter.value });
  if (!row) throw new Error('public number counter returned nothing');
  return `${prefix}-${day}-${String(row.value).padStart(4, '0')}`;
}

export interface TimelineEntry {
  kind: TicketEventKind;
  body?: string | null;
  visibility?: 'internal' | 'customer';
  data?: Record<string, unknown>;
  fromState?: TicketState | null;
  toState?: TicketState | null;
}

/** One entry on a ticket's timeline, by the acting user. */
export async function addTimelineEntry(
  tx: DbOrTx,
  ticketId: string,
  actor: Pick<Actor, 'id' | 'name'>,
  now: Date,
  e: TimelineEntry,
): Promise<void> {
  await tx.insert(ticketEvent).values({
    ticketId,
    kind: e.kind,
    fromState: e.fromState ?? null,
    toState: e.toState ?? null,
    actorId: actor.id,
    actorName: actor.name,
    visibility: e.visibility ?? 'internal',
    body: e.body ?? null,
    data: e.data ?? {},
    occurredAt: now,
  });
}

/** ¥1,234.50 from fen. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}
