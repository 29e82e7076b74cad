import { asc, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isPermission, type Permission } from '../../platform/permissions.js';
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
