import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { publish, publishAll, type RealtimeEvent } from '../../platform/realtime.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { role, roleAssignment } from '../role/role.table.js';
import { appUser } from '../user/user.table.js';
import type { TicketRow } from './ticket.sla.js';
import { ticketEscalation } from './ticket.table.js';

/**
 * Who a ticket concerns, for notifications and realtime events: the handler (a person, or every
 * active member of the handling department), the owner agent, and the holders of a role whose
 * data scope covers the ticket's project (escalation rungs).
 */

/** The handler (person or department members) and the owner agent, active users only. */
export async function handlerAndOwner(tx: DbOrTx, t: TicketRow): Promise<string[]> {
  return (await handlerAndOwnerAll(tx, [t])).get(t.id) ?? [];
}

/** `handlerAndOwner` of many tickets with two queries whatever their number; by ticket id. */
export async function handlerAndOwnerAll(tx: DbOrTx, tickets: readonly TicketRow[]): Promise<Map<string, string[]>> {
  const departments = [
    ...new Set(tickets.flatMap((t) => (t.handlerKind === 'department' && t.handlerOrgId ? [t.handlerOrgId] : []))),
  ];
  const members =
    departments.length > 0
      ? await tx
          .select({ id: appUser.id, orgId: appUser.orgId })
          .from(appUser)
          .where(and(inArray(appUser.orgId, departments), eq(appUser.active, true)))
      : [];
  const wanted = tickets.map((t) => {
    const ids = new Set<string>([t.ownerAgentId]);
    if (t.handlerUserId) ids.add(t.handlerUserId);
    if (t.handlerKind === 'department' && t.handlerOrgId) {
      for (const m of members) if (m.orgId === t.handlerOrgId) ids.add(m.id);
    }
    return [...ids];
  });
  const active = new Set(await activeOnly(tx, [...new Set(wanted.flat())]));
  return new Map(tickets.map((t, i) => [t.id, (wanted[i] ?? []).filter((id) => active.has(id))]));
}

export async function activeOnly(tx: DbOrTx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: appUser.id })
    .from(appUser)
    .where(and(inArray(appUser.id, ids), eq(appUser.active, true)));
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => found.has(id));
}

/**
 * Active holders of `roleCode` whose assignment of that role covers the project: all data, an
 * organisation subtree above the project, or the project named. Ordered by name.
 */
export async function roleHoldersFor(tx: DbOrTx, roleCode: string, projectId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: appUser.id, name: appUser.name })
    .from(roleAssignment)
    .innerJoin(role, eq(role.id, roleAssignment.roleId))
    .innerJoin(appUser, eq(appUser.id, roleAssignment.userId))
    .innerJoin(project, eq(project.id, projectId))
    .leftJoin(organization, eq(organization.id, roleAssignment.scopeOrgId))
    .where(
      and(
        eq(role.code, roleCode),
        eq(appUser.active, true),
        sql`(${roleAssignment.scopeKind} = 'all'
          or (${roleAssignment.scopeKind} = 'org' and ${project.orgPath} like ${organization.path} || '%')
          or (${roleAssignment.scopeKind} = 'projects' and ${project.id} = any(${roleAssignment.scopeProjectIds})))`,
      ),
    )
    .orderBy(appUser.name);
  return rows.map((r) => r.id);
}

/** 集团领导: active holders of `leadership` with an all-data assignment of it. */
export async function seniorLeadership(tx: DbOrTx): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: appUser.id })
    .from(roleAssignment)
    .innerJoin(role, eq(role.id, roleAssignment.roleId))
    .innerJoin(appUser, eq(appUser.id, roleAssignment.userId))
    .where(and(eq(role.code, 'leadership'), eq(roleAssignment.scopeKind, 'all'), eq(appUser.active, true)));
  return rows.map((r) => r.id);
}

export async function userNames(tx: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: appUser.id, name: appUser.name })
    .from(appUser)
    .where(inArray(appUser.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Everyone a ticket's realtime event names: handler and department, owner agent, and the
 * recipients of its escalations. (Users whose scope covers the project get it anyway.)
 */
export async function concernedUsers(tx: DbOrTx, t: TicketRow): Promise<string[]> {
  const ids = new Set(await handlerAndOwner(tx, t));
  const escalated = await tx
    .select({ ids: ticketEscalation.recipientIds })
    .from(ticketEscalation)
    .where(eq(ticketEscalation.ticketId, t.id));
  for (const e of escalated) for (const id of e.ids) ids.add(id);
  return [...ids];
}

/** Announces that a ticket changed (state, deadlines, escalation) to whoever it concerns. */
export async function publishTicket(tx: DbOrTx, t: TicketRow): Promise<void> {
  await publish(tx, ticketEvent(t, await concernedUsers(tx, t)));
}

/**
 * `publishTicket` for many tickets in one transaction (the SLA sweep's batches): three queries
 * and one statement of events whatever their number. `handlerAndOwners` may be passed when the
 * caller already has them (`handlerAndOwnerAll`).
 */
export async function publishTickets(
  tx: DbOrTx,
  tickets: readonly TicketRow[],
  handlerAndOwners?: ReadonlyMap<string, string[]>,
): Promise<void> {
  if (tickets.length === 0) return;
  const known = handlerAndOwners ?? (await handlerAndOwnerAll(tx, tickets));
  const escalated = await tx
    .select({ ticketId: ticketEscalation.ticketId, ids: ticketEscalation.recipientIds })
    .from(ticketEscalation)
    .where(
      inArray(
        ticketEscalation.ticketId,
        tickets.map((t) => t.id),
      ),
    );
  const named = new Map(tickets.map((t) => [t.id, new Set(known.get(t.id) ?? [])]));
  for (const e of escalated) for (const id of e.ids) named.get(e.ticketId)?.add(id);
  await publishAll(
    tx,
    tickets.map((t) => ticketEvent(t, [...(named.get(t.id) ?? [])])),
  );
}

function ticketEvent(t: TicketRow, userIds: string[]): RealtimeEvent {
  return {
    type: 'ticket',
    ticketId: t.id,
    publicNo: t.publicNo,
    state: t.state,
    projectId: t.projectId,
    orgPath: t.orgPath,
    userIds,
  };
}
