import { asc, count, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isPermission, type Permission } from '../../platform/permissions.js';
import { scopeContains, scopeCoversPath } from '../../platform/scope.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { appUser } from '../user/user.table.js';
import type { RoleDto } from './role.schema.js';
import { role, roleAssignment } from './role.table.js';

type RoleRow = typeof role.$inferSelect;

function present(row: RoleRow, userCount: number): RoleDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    builtin: row.builtin,
    permissions: row.permissions,
    userCount,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function userCounts(db: DbOrTx): Promise<Map<string, number>> {
  const rows = await db
    .select({ roleId: roleAssignment.roleId, n: count() })
    .from(roleAssignment)
    .groupBy(roleAssignment.roleId);
  return new Map(rows.map((r) => [r.roleId, r.n]));
}

export async function listRoles(deps: Deps): Promise<RoleDto[]> {
  const [rows, counts] = await Promise.all([
    deps.db.select().from(role).orderBy(asc(role.builtin), asc(role.code)),
    userCounts(deps.db),
  ]);
  return rows.sort((a, b) => Number(b.builtin) - Number(a.builtin)).map((r) => present(r, counts.get(r.id) ?? 0));
}

/**
 * Checks a permission set before it is saved: every code must exist, and nobody may put into a
 * role a permission they do not hold themselves (no self-service privilege escalation).
 */
function checkPermissions(ctx: AuthedContext, permissions: string[]): Permission[] {
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length) throw new AppError('PERMISSION_UNKNOWN', { codes: unknown.join(', ') });
  const valid = [...new Set(permissions)] as Permission[];
  if (!ctx.actor.scope.all && valid.some((p) => !ctx.actor.permissions.has(p))) throw new AppError('FORBIDDEN');
  return valid.sort();
}

/**
 * Roles are shared by every company. A caller limited to part of the organisation may change or
 * delete a role only while everyone holding it, and every scope it is held in, lies inside that
 * part: otherwise editing the role would change what users elsewhere may do (or strip the group
 * administrator of its permissions).
 */
async function checkHolders(deps: Deps, ctx: AuthedContext, roleId: string): Promise<void> {
  const scope = ctx.actor.scope;
  if (scope.all) return;
  const holders = await deps.db
    .select({
      userOrgPath: appUser.orgPath,
      scopeKind: roleAssignment.scopeKind,
      scopeOrgPath: organization.path,
      scopeProjectIds: roleAssignment.scopeProjectIds,
    })
    .from(roleAssignment)
    .innerJoin(appUser, eq(appUser.id, roleAssignment.userId))
    .leftJoin(organization, eq(organization.id, roleAssignment.scopeOrgId))
    .where(eq(roleAssignment.roleId, roleId));
  const projectIds = [...new Set(holders.flatMap((h) => h.scopeProjectIds))];
  const projects = projectIds.length
    ? await deps.db
        .select({ id: project.id, orgPath: project.orgPath })
        .from(project)
        .where(inArray(project.id, projectIds))
    : [];
  const inside = (h: (typeof holders)[number]): boolean => {
    if (!scopeCoversPath(scope, h.userOrgPath)) return false;
    if (h.scopeKind === 'all') return false;
    if (h.scopeKind === 'org') return scopeContains(scope, { kind: 'org', path: h.scopeOrgPath ?? '' });
    const held = projects.filter((p) => h.scopeProjectIds.includes(p.id));
    return held.length === h.scopeProjectIds.length && scopeContains(scope, { kind: 'projects', projects: held });
  };
  if (!holders.every(inside)) throw new AppError('FORBIDDEN');
}

async function codeTaken(db: DbOrTx, code: string, exceptId?: string) {
  const rows = await db.select({ id: role.id }).from(role).where(eq(role.code, code));
  return rows.some((r) => r.id !== exceptId);
}

export async function createRole(
  deps: Deps,
  ctx: AuthedContext,
  input: { code: string; name: string; description?: string | null; permissions: string[] },
): Promise<RoleDto> {
  const permissions = checkPermissions(ctx, input.permissions);
  if (await codeTaken(deps.db, input.code)) throw new AppError('CODE_TAKEN', { code: input.code });
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(role)
      .values({ code: input.code, name: input.name, description: input.description ?? null, permissions })
      .returning();
    if (!row) throw new Error('insert role returned nothing');
    audit.record({
      action: 'role.create',
      entityType: 'role',
      entityId: row.id,
      summary: `新建角色「${row.name}」`,
      after: row,
    });
    return present(row, 0);
  });
}

export async function updateRole(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: { code: string; name: string; description?: string | null; permissions: string[] },
): Promise<RoleDto> {
  const [before] = await deps.db.select().from(role).where(eq(role.id, id));
  if (!before) throw new AppError('ROLE_NOT_FOUND');
  await checkHolders(deps, ctx, id);
  const permissions = checkPermissions(ctx, input.permissions);
  // A built-in role keeps its code: the seed and upgrades find it by that code.
  const code = before.builtin ? before.code : input.code;
  if (await codeTaken(deps.db, code, id)) throw new AppError('CODE_TAKEN', { code });
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(role)
      .set({ code, name: input.name, description: input.description ?? null, permissions, updatedAt: deps.clock() })
      .where(eq(role.id, id))
      .returning();
    if (!row) throw new AppError('ROLE_NOT_FOUND');
    audit.record({
      action: 'role.update',
      entityType: 'role',
      entityId: id,
      summary: `修改角色「${row.name}」`,
      before,
      after: row,
    });
    const counts = await userCounts(tx);
    return present(row, counts.get(id) ?? 0);
  });
}

export async function deleteRole(deps: Deps, ctx: AuthedContext, id: string): Promise<void> {
  const [before] = await deps.db.select().from(role).where(eq(role.id, id));
  if (!before) throw new AppError('ROLE_NOT_FOUND');
  if (before.builtin) throw new AppError('ROLE_BUILTIN');
  await checkHolders(deps, ctx, id);
  const users = (await userCounts(deps.db)).get(id) ?? 0;
  if (users > 0) throw new AppError('ROLE_IN_USE', { count: users });
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(role).where(eq(role.id, id));
    audit.record({
      action: 'role.delete',
      entityType: 'role',
      entityId: id,
      summary: `删除角色「${before.name}」`,
      before,
    });
  });
}
