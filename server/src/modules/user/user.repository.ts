import { and, asc, count, desc, eq, ilike, inArray, like, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { escapeLike } from '../../platform/like.js';
import { type DataScope, scopeStaff } from '../../platform/scope.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { role, roleAssignment } from '../role/role.table.js';
import { appUser } from './user.table.js';

export type UserRow = typeof appUser.$inferSelect;
export type UserWithOrg = { user: UserRow; orgName: string };

export interface UserFilter {
  keyword?: string;
  orgId?: string;
  roleId?: string;
  active?: 'true' | 'false';
}

export async function userConditions(db: DbOrTx, scope: DataScope, filter: UserFilter): Promise<SQL | undefined> {
  const conditions: (SQL | undefined)[] = [scopeStaff(scope, appUser.orgPath)];
  if (filter.keyword) {
    const k = `%${escapeLike(filter.keyword)}%`;
    conditions.push(or(ilike(appUser.name, k), ilike(appUser.username, k), like(appUser.mobile, k)));
  }
  if (filter.orgId) {
    const [node] = await db
      .select({ path: organization.path })
      .from(organization)
      .where(eq(organization.id, filter.orgId));
    conditions.push(
      node ? like(appUser.orgPath, `${node.path}%`) : eq(appUser.id, '00000000-0000-0000-0000-000000000000'),
    );
  }
  if (filter.roleId) {
    conditions.push(
      inArray(
        appUser.id,
        db.select({ id: roleAssignment.userId }).from(roleAssignment).where(eq(roleAssignment.roleId, filter.roleId)),
      ),
    );
  }
  if (filter.active) conditions.push(eq(appUser.active, filter.active === 'true'));
  return and(...conditions);
}

export function selectUsers(db: DbOrTx) {
  return db
    .select({ user: appUser, orgName: organization.name })
    .from(appUser)
    .innerJoin(organization, eq(organization.id, appUser.orgId));
}

export async function pageUsers(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const [rows, [total]] = await Promise.all([
    selectUsers(db).where(where).orderBy(desc(appUser.createdAt), asc(appUser.username)).limit(limit).offset(offset),
    db.select({ n: count() }).from(appUser).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findUserInScope(db: DbOrTx, scope: DataScope, id: string): Promise<UserWithOrg | undefined> {
  const [row] = await selectUsers(db)
    .where(and(eq(appUser.id, id), scopeStaff(scope, appUser.orgPath)))
    .limit(1);
  return row;
}

export interface AssignmentRow {
  id: string;
  userId: string;
  roleId: string;
  roleName: string;
  scopeKind: 'all' | 'org' | 'projects';
  scopeOrgId: string | null;
  scopeOrgName: string | null;
  scopeProjectIds: string[];
}

export async function assignmentsOf(db: DbOrTx, userIds: string[]): Promise<Map<string, AssignmentRow[]>> {
  const out = new Map<string, AssignmentRow[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({
      id: roleAssignment.id,
      userId: roleAssignment.userId,
      roleId: roleAssignment.roleId,
      roleName: role.name,
      scopeKind: roleAssignment.scopeKind,
      scopeOrgId: roleAssignment.scopeOrgId,
      scopeOrgName: organization.name,
      scopeProjectIds: roleAssignment.scopeProjectIds,
    })
    .from(roleAssignment)
    .innerJoin(role, eq(role.id, roleAssignment.roleId))
    .leftJoin(organization, eq(organization.id, roleAssignment.scopeOrgId))
    .where(inArray(roleAssignment.userId, userIds))
    .orderBy(asc(roleAssignment.createdAt));
  for (const row of rows) out.set(row.userId, [...(out.get(row.userId) ?? []), row]);
  return out;
}

export async function projectNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: project.id, name: project.name }).from(project).where(inArray(project.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
