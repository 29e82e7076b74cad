// What the three casework parts share: reaching tickets and projects in the caller's scope, the
// public numbers, and the ticket timeline entries they write.
import { and, eq } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';
import type { Actor, AuthedContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type DataScope, scopeRows } from '../../platform/scope.js';
import { project } from '../project/project.table.js';
import { nextPublicNumber as nextNumber } from '../ticket/ticket.defaults.js';
import { ticketRow } from '../ticket/ticket.repository.js';
import type { TicketRow } from '../ticket/ticket.sla.js';
import { addEvent, type EventInput } from '../ticket/ticket.workflow.js';

export type { TicketRow };
export type ProjectRow = typeof project.$inferSelect;

/** A ticket the caller may see (404 TICKET_NOT_FOUND otherwise): ticket-core's one reading. */
export async function visibleTicket(db: DbOrTx, ctx: AuthedContext, id: string): Promise<TicketRow> {
  return ticketRow(db, ctx, id);
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

export { companyIdOfPath } from '../../platform/scope.js';

/** ZT-20261126-0001 / PF-…: the service desk's one counter of public numbers (Beijing day). */
export async function nextPublicNumber(
  tx: DbOrTx,
  database: Pick<Database, 'autonomous'>,
  prefix: string,
  at: Date,
): Promise<string> {
  return nextNumber(tx, database, prefix, at);
}

/** One entry on a ticket's timeline, by the acting user (ticket-core's addEvent). */
export async function addTimelineEntry(
  tx: DbOrTx,
  ticketId: string,
  actor: Pick<Actor, 'id' | 'name'>,
  now: Date,
  e: EventInput,
): Promise<void> {
  await addEvent(tx, ticketId, actor, now, e);
}

/** ¥1,234.50 from fen. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}
