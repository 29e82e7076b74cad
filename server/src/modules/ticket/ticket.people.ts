import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { publish } from '../../platform/realtime.js';
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
  const ids = new Set<string>([t.ownerAgentId]);
  if (t.handlerUserId) ids.add(t.handlerUserId);
  if (t.handlerKind === 'department' && t.handlerOrgId) {
    const members = await tx
      .select({ id: appUser.id })
      .from(appUser)
      .where(and(eq(appUser.orgId, t.handlerOrgId), eq(appUser.active, true)));
    for (const m of members) ids.add(m.id);
  }
  return activeOnly(tx, [...ids]);
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
  await publish(tx, {
    type: 'ticket',
    ticketId: t.id,
    publicNo: t.publicNo,
    state: t.state,
    projectId: t.projectId,
    orgPath: t.orgPath,
    userIds: await concernedUsers(tx, t),
  });
}
