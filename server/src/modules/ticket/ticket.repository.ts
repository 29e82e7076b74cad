// Reading receptions and tickets within the caller's scope, and presenting them as the API shows them.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { AuthedContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskMobile } from '../../platform/mask.js';
import { type DataScope, scopeRows } from '../../platform/scope.js';
import { catalogueNode } from '../catalogue/catalogue.table.js';
import { contractor } from '../contractor/contractor.table.js';
import { customer } from '../customer/customer.table.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { appUser } from '../user/user.table.js';
import type { ReceptionDto, TicketSummaryDto } from './ticket.schema.js';
import type { TicketRow } from './ticket.sla.js';
import { openStates } from './ticket.states.js';
import { receptionRecord, ticket } from './ticket.table.js';

export type ReceptionRow = typeof receptionRecord.$inferSelect;

/** Tickets are visible to whoever's scope covers their project office, or lists their project. */
export function ticketVisible(scope: DataScope): SQL | undefined {
  return scopeRows(scope, { path: ticket.orgPath, projectId: ticket.projectId });
}

export function receptionVisible(scope: DataScope): SQL | undefined {
  return scopeRows(scope, { path: receptionRecord.orgPath, projectId: receptionRecord.projectId });
}

export async function ticketRow(db: DbOrTx, ctx: AuthedContext, id: string): Promise<TicketRow> {
  const [row] = await db
    .select()
    .from(ticket)
    .where(and(eq(ticket.id, id), ticketVisible(ctx.actor.scope)));
  if (!row) throw new AppError('TICKET_NOT_FOUND');
  return row;
}

export async function receptionRow(db: DbOrTx, ctx: AuthedContext, id: string): Promise<ReceptionRow> {
  const [row] = await db
    .select()
    .from(receptionRecord)
    .where(and(eq(receptionRecord.id, id), receptionVisible(ctx.actor.scope)));
  if (!row) throw new AppError('RECEPTION_NOT_FOUND');
  return row;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const unique = (ids: (string | null)[]) => [...new Set(ids.filter((x): x is string => !!x))];

export interface NameMaps {
  projects: Map<string, string>;
  rooms: Map<string, string>;
  customers: Map<string, string>;
  users: Map<string, string>;
  orgs: Map<string, string>;
  contractors: Map<string, string>;
  items: Map<string, string>;
}

/** Where each kind of name is read from: the table and its display column. */
const nameSources = {
  projects: [project, project.name],
  rooms: [room, room.code],
  customers: [customer, customer.name],
  users: [appUser, appUser.name],
  orgs: [organization, organization.name],
  contractors: [contractor, contractor.name],
  items: [catalogueNode, catalogueNode.name],
} as const;
type NameKind = keyof typeof nameSources;

/**
 * The display names a page of rows refers to (project, room code, customer, staff, department,
 * contractor, catalogue item), in one round trip: a `union all` of the kinds asked for, each
 * with its ids as one array parameter. Lists and details call this for every response, so one
 * query instead of up to seven is most of what presenting them costs.
 */
export async function loadNames(db: DbOrTx, refs: { [K in NameKind]?: (string | null)[] }): Promise<NameMaps> {
  const maps: NameMaps = {
    projects: new Map(),
    rooms: new Map(),
    customers: new Map(),
    users: new Map(),
    orgs: new Map(),
    contractors: new Map(),
    items: new Map(),
  };
  const parts: SQL[] = [];
  for (const kind of Object.keys(nameSources) as NameKind[]) {
    const ids = unique(refs[kind] ?? []);
    if (ids.length === 0) continue;
    const [table, column] = nameSources[kind];
    parts.push(
      sql`select ${kind}::text as kind, ${table.id}::text as id, ${column} as name from ${table} where ${table.id} = any(${sql.param(ids)}::uuid[])`,
    );
  }
  if (parts.length === 0) return maps;
  const result = (await db.execute(sql.join(parts, sql` union all `))) as unknown as {
    rows: { kind: NameKind; id: string; name: string }[];
  };
  for (const r of result.rows) maps[r.kind].set(r.id, r.name);
  return maps;
}

/** 张三 / 工程维修部 / 中建八局（跟进：李建国）. */
export function handlerDisplay(
  row: Pick<TicketRow, 'handlerKind' | 'handlerUserId' | 'handlerOrgId' | 'contractorId'>,
  names: Pick<NameMaps, 'users' | 'orgs' | 'contractors'>,
): string | null {
  const user = row.handlerUserId ? (names.users.get(row.handlerUserId) ?? null) : null;
  const org = row.handlerOrgId ? (names.orgs.get(row.handlerOrgId) ?? null) : null;
  if (row.handlerKind === 'contractor') {
    const c = row.contractorId ? (names.contractors.get(row.contractorId) ?? null) : null;
    return user ? `${c ?? ''}（跟进：${user}）` : c;
  }
  if (row.handlerKind === 'department') return user ? `${org ?? ''} · ${user}` : org;
  if (row.handlerKind === 'user') return user;
  return null;
}

export function isOverdue(row: TicketRow, now: Date): boolean {
  if (row.responseOverdue || row.resolutionOverdue) return true;
  const open = openStates.includes(row.state);
  if (!open || row.pausedAt) return false;
  if (row.resolutionDueAt && row.resolutionDueAt < now) return true;
  const notAccepted = !row.acceptedAt || (row.clockStartedAt !== null && row.acceptedAt < row.clockStartedAt);
  return notAccepted && row.responseDueAt !== null && row.responseDueAt < now;
}

export function summaryNameRefs(rows: TicketRow[]) {
  return {
    projects: rows.map((r) => r.projectId),
    rooms: rows.map((r) => r.roomId),
    customers: rows.map((r) => r.customerId),
    users: rows.flatMap((r) => [r.handlerUserId, r.ownerAgentId]),
    orgs: rows.map((r) => r.handlerOrgId),
    contractors: rows.map((r) => r.contractorId),
    items: rows.map((r) => r.catalogueItemId),
  };
}

export function presentSummary(row: TicketRow, names: NameMaps, now: Date): TicketSummaryDto {
  return {
    id: row.id,
    publicNo: row.publicNo,
    type: row.type,
    title: row.title,
    state: row.state,
    severity: row.severity,
    projectId: row.projectId,
    projectName: names.projects.get(row.projectId) ?? '',
    receptionId: row.receptionId,
    catalogueItemId: row.catalogueItemId,
    catalogueItemName: row.catalogueItemId ? (names.items.get(row.catalogueItemId) ?? null) : null,
    roomId: row.roomId,
    roomCode: row.roomId ? (names.rooms.get(row.roomId) ?? null) : null,
    customerId: row.customerId,
    customerName: row.customerId ? (names.customers.get(row.customerId) ?? null) : null,
    contactName: row.contactName,
    contactPhone: row.contactPhone ? maskMobile(row.contactPhone) : null,
    handlerKind: row.handlerKind,
    handlerUserId: row.handlerUserId,
    handlerOrgId: row.handlerOrgId,
    contractorId: row.contractorId,
    handlerName: handlerDisplay(row, names),
    dispatchMethod: row.dispatchMethod,
    ownerAgentId: row.ownerAgentId,
    ownerAgentName: names.users.get(row.ownerAgentId) ?? '',
    createdAt: row.createdAt.toISOString(),
    responseDueAt: iso(row.responseDueAt),
    resolutionDueAt: iso(row.resolutionDueAt),
    responseOverdue: row.responseOverdue,
    resolutionOverdue: row.resolutionOverdue,
    overdue: isOverdue(row, now),
    escalationLevel: row.escalationLevel,
    paused: row.pausedAt !== null,
    provisional: row.deadlineProvisional,
    round: row.round,
    reopenCount: row.reopenCount,
    satisfaction: row.satisfaction,
  };
}

export async function presentSummaries(db: DbOrTx, rows: TicketRow[], now: Date): Promise<TicketSummaryDto[]> {
  const names = await loadNames(db, summaryNameRefs(rows));
  return rows.map((r) => presentSummary(r, names, now));
}

export async function presentReceptions(
  db: DbOrTx,
  rows: ReceptionRow[],
  ticketCounts: Map<string, number>,
): Promise<ReceptionDto[]> {
  const names = await loadNames(db, {
    projects: rows.map((r) => r.projectId),
    rooms: rows.map((r) => r.roomId),
    customers: rows.map((r) => r.customerId),
    users: rows.map((r) => r.agentId),
  });
  return rows.map((r) => ({
    id: r.id,
    publicNo: r.publicNo,
    projectId: r.projectId,
    projectName: names.projects.get(r.projectId) ?? '',
    channel: r.channel,
    callerName: r.callerName,
    callerPhone: r.callerPhone ? maskMobile(r.callerPhone) : null,
    customerId: r.customerId,
    customerName: r.customerId ? (names.customers.get(r.customerId) ?? null) : null,
    roomId: r.roomId,
    roomCode: r.roomId ? (names.rooms.get(r.roomId) ?? null) : null,
    content: r.content,
    agentId: r.agentId,
    agentName: names.users.get(r.agentId) ?? '',
    receivedAt: r.receivedAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    ticketCount: ticketCounts.get(r.id) ?? 0,
  }));
}
