import { count, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { type AuditRecorder, write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_MAX_ROWS } from '../../platform/excel.js';
import { maskEmail, maskMobile } from '../../platform/mask.js';
import { checkPasswordPolicy, generatePassword, hashPassword, passwordReasons } from '../../platform/password.js';
import type { Permission } from '../../platform/permissions.js';
import { scopeContains, scopeCoversPath } from '../../platform/scope.js';
import { revokeSessions } from '../auth/session.service.js';
import { findOrgInScope } from '../org/org.repository.js';
import { project } from '../project/project.table.js';
import { role, roleAssignment } from '../role/role.table.js';
import {
  type AssignmentRow,
  assignmentsOf,
  findUserInScope,
  pageUsers,
  projectNames,
  selectUsers,
  type UserFilter,
  type UserWithOrg,
  userConditions,
} from './user.repository.js';
import type { AssignmentInput, UserDto } from './user.schema.js';
import { appUser } from './user.table.js';

async function present(db: DbOrTx, rows: UserWithOrg[], now: Date, locale: 'zh-CN' | 'en-US'): Promise<UserDto[]> {
  const assignments = await assignmentsOf(
    db,
    rows.map((r) => r.user.id),
  );
  const allProjectIds = [...assignments.values()].flat().flatMap((a) => a.scopeProjectIds);
  const names = await projectNames(db, [...new Set(allProjectIds)]);
  const scopeLabel = (a: AssignmentRow) => {
    if (a.scopeKind === 'all') return locale === 'zh-CN' ? '全部数据' : 'All data';
    if (a.scopeKind === 'org') return a.scopeOrgName ?? '';
    return a.scopeProjectIds.map((id) => names.get(id) ?? id).join('、');
  };
  return rows.map(({ user, orgName }) => ({
    id: user.id,
    username: user.username,
    name: user.name,
    mobile: user.mobile ? maskMobile(user.mobile) : null,
    email: user.email ? maskEmail(user.email) : null,
    extension: user.extension,
    orgId: user.orgId,
    orgName,
    positions: user.positions,
    active: user.active,
    locked: !!user.lockedUntil && user.lockedUntil > now,
    lockedUntil: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil.toISOString() : null,
    mustChangePassword: user.mustChangePassword,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    assignments: (assignments.get(user.id) ?? []).map((a) => ({
      id: a.id,
      roleId: a.roleId,
      roleName: a.roleName,
      scopeKind: a.scopeKind,
      scopeOrgId: a.scopeOrgId,
      scopeProjectIds: a.scopeProjectIds,
      scopeLabel: scopeLabel(a),
    })),
  }));
}

export async function listUsers(deps: Deps, ctx: AuthedContext, q: UserFilter & { current: number; pageSize: number }) {
  const where = await userConditions(deps.db, ctx.actor.scope, q);
  const { rows, total } = await pageUsers(deps.db, where, q.pageSize, (q.current - 1) * q.pageSize);
  return {
    data: await present(deps.db, rows, deps.clock(), ctx.locale),
    total,
    current: q.current,
    pageSize: q.pageSize,
  };
}

/** How many users an export with these filters would hold. */
export async function countUsers(deps: Deps, ctx: AuthedContext, filter: UserFilter): Promise<number> {
  const where = await userConditions(deps.db, ctx.actor.scope, filter);
  const [row] = await deps.db.select({ n: count() }).from(appUser).where(where);
  return row?.n ?? 0;
}

export async function exportUsers(deps: Deps, ctx: AuthedContext, filter: UserFilter): Promise<UserDto[]> {
  const where = await userConditions(deps.db, ctx.actor.scope, filter);
  const rows = await selectUsers(deps.db).where(where).orderBy(appUser.username).limit(EXPORT_MAX_ROWS);
  return present(deps.db, rows, deps.clock(), ctx.locale);
}

export async function getUser(deps: Deps, ctx: AuthedContext, id: string): Promise<UserDto> {
  const row = await findUserInScope(deps.db, ctx.actor.scope, id);
  if (!row) throw new AppError('USER_NOT_FOUND');
  const [dto] = await present(deps.db, [row], deps.clock(), ctx.locale);
  return dto as UserDto;
}

/** The user must be visible and inside the caller's management scope, or it does not exist for them. */
async function managedUser(deps: Deps, ctx: AuthedContext, id: string): Promise<UserWithOrg> {
  const row = await findUserInScope(deps.db, ctx.actor.scope, id);
  if (!row || !scopeCoversPath(ctx.actor.scope, row.user.orgPath)) throw new AppError('USER_NOT_FOUND');
  return row;
}

async function placeInOrg(deps: Deps, ctx: AuthedContext, orgId: string) {
  const org = await findOrgInScope(deps.db, ctx.actor.scope, orgId);
  if (!org || !scopeCoversPath(ctx.actor.scope, org.path)) throw new AppError('ORG_NOT_FOUND');
  return org;
}

/**
 * Grants are checked before they are written: the role exists, its permissions are ones the
 * granter holds, and the scope lies inside the granter's own scope. A granter limited to part of
 * the organisation is refused the same way for an id outside it whether or not that id exists,
 * so the answer does not reveal another company's organisations or projects.
 */
async function checkAssignments(deps: Deps, ctx: AuthedContext, assignments: AssignmentInput[]): Promise<void> {
  const zh = ctx.locale === 'zh-CN';
  const missing = (reason: string) =>
    ctx.actor.scope.all ? new AppError('SCOPE_INVALID', { reason }) : new AppError('SCOPE_NOT_ALLOWED');
  for (const a of assignments) {
    const [r] = await deps.db.select().from(role).where(eq(role.id, a.roleId));
    if (!r) throw new AppError('ROLE_NOT_FOUND');
    if (!ctx.actor.scope.all && r.permissions.some((p) => !ctx.actor.permissions.has(p as Permission))) {
      throw new AppError('SCOPE_NOT_ALLOWED');
    }
    if (a.scopeKind === 'all') {
      if (!scopeContains(ctx.actor.scope, { kind: 'all' })) throw new AppError('SCOPE_NOT_ALLOWED');
    } else if (a.scopeKind === 'org') {
      const org = await findOrgInScope(deps.db, ctx.actor.scope, a.scopeOrgId);
      if (!org) throw missing(zh ? '所选组织不存在' : 'the organisation does not exist');
      if (!scopeContains(ctx.actor.scope, { kind: 'org', path: org.path })) throw new AppError('SCOPE_NOT_ALLOWED');
    } else {
      const ids = [...new Set(a.scopeProjectIds)];
      const projects = await deps.db
        .select({ id: project.id, orgPath: project.orgPath })
        .from(project)
        .where(inArray(project.id, ids));
      if (projects.length !== ids.length) throw missing(zh ? '所选项目不存在' : 'a chosen project does not exist');
      if (!scopeContains(ctx.actor.scope, { kind: 'projects', projects })) throw new AppError('SCOPE_NOT_ALLOWED');
    }
  }
}

async function replaceAssignments(tx: Tx, userId: string, assignments: AssignmentInput[]): Promise<void> {
  await tx.delete(roleAssignment).where(eq(roleAssignment.userId, userId));
  for (const a of assignments) {
    await tx.insert(roleAssignment).values({
      userId,
      roleId: a.roleId,
      scopeKind: a.scopeKind,
      scopeOrgId: a.scopeKind === 'org' ? a.scopeOrgId : null,
      scopeProjectIds: a.scopeKind === 'projects' ? [...new Set(a.scopeProjectIds)] : [],
    });
  }
}

async function usernameTaken(db: DbOrTx, username: string): Promise<boolean> {
  const rows = await db
    .select({ id: appUser.id })
    .from(appUser)
    .where(sql`lower(${appUser.username}) = lower(${username})`);
  return rows.length > 0;
}

/** An extension rings one agent: 409 naming who holds it already. */
async function checkExtension(db: DbOrTx, extension: string | null | undefined, userId?: string): Promise<void> {
  if (!extension) return;
  const [holder] = await db
    .select({ id: appUser.id, name: appUser.name })
    .from(appUser)
    .where(eq(appUser.extension, extension));
  if (holder && holder.id !== userId) throw new AppError('EXTENSION_TAKEN', { extension, name: holder.name });
}

async function issuedPassword(
  deps: Deps,
  ctx: AuthedContext,
  given?: string,
): Promise<{ plain: string; hash: string }> {
  const plain = given ?? generatePassword();
  const reason = checkPasswordPolicy(plain, await deps.parameters.get('security.password_policy'));
  if (reason) throw new AppError('PASSWORD_TOO_WEAK', { reason: passwordReasons[reason][ctx.locale] });
  return { plain, hash: await hashPassword(plain) };
}

export async function createUser(
  deps: Deps,
  ctx: AuthedContext,
  input: {
    username: string;
    name: string;
    mobile?: string | null;
    email?: string | null;
    extension?: string | null;
    orgId: string;
    positions: string[];
    password?: string;
    assignments: AssignmentInput[];
  },
): Promise<{ user: UserDto; issuedPassword: string }> {
  const org = await placeInOrg(deps, ctx, input.orgId);
  if (await usernameTaken(deps.db, input.username)) throw new AppError('USERNAME_TAKEN', { username: input.username });
  await checkExtension(deps.db, input.extension);
  await checkAssignments(deps, ctx, input.assignments);
  const password = await issuedPassword(deps, ctx, input.password);
  const id = await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(appUser)
      .values({
        username: input.username,
        name: input.name,
        mobile: input.mobile ?? null,
        email: input.email ?? null,
        extension: input.extension ?? null,
        orgId: org.id,
        orgPath: org.path,
        companyId: org.companyId,
        positions: input.positions,
        passwordHash: password.hash,
        mustChangePassword: true,
      })
      .returning();
    if (!row) throw new Error('insert user returned nothing');
    await replaceAssignments(tx, row.id, input.assignments);
    audit.record({
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      orgPath: row.orgPath,
      summary: `新建用户「${row.name}」(${row.username})`,
      after: { ...row, assignments: input.assignments },
    });
    return row.id;
  });
  return { user: await getUser(deps, ctx, id), issuedPassword: password.plain };
}

export async function updateUser(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: {
    name: string;
    mobile?: string | null;
    email?: string | null;
    extension?: string | null;
    orgId: string;
    positions: string[];
    assignments: AssignmentInput[];
  },
): Promise<UserDto> {
  const before = await managedUser(deps, ctx, id);
  await checkExtension(deps.db, input.extension, id);
  const org = await placeInOrg(deps, ctx, input.orgId);
  await checkAssignments(deps, ctx, input.assignments);
  const beforeAssignments = (await assignmentsOf(deps.db, [id])).get(id) ?? [];
  await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(appUser)
      .set({
        name: input.name,
        ...(input.mobile !== undefined ? { mobile: input.mobile } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.extension !== undefined ? { extension: input.extension } : {}),
        orgId: org.id,
        orgPath: org.path,
        companyId: org.companyId,
        positions: input.positions,
        updatedAt: deps.clock(),
      })
      .where(eq(appUser.id, id))
      .returning();
    await replaceAssignments(tx, id, input.assignments);
    audit.record({
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      orgPath: row?.orgPath,
      summary: `修改用户「${input.name}」`,
      before: {
        ...before.user,
        assignments: beforeAssignments.map(({ roleId, scopeKind, scopeOrgId, scopeProjectIds }) => ({
          roleId,
          scopeKind,
          scopeOrgId,
          scopeProjectIds,
        })),
      },
      after: { ...row, assignments: input.assignments },
    });
  });
  return getUser(deps, ctx, id);
}

async function simpleChange(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  action: string,
  summary: (name: string) => string,
  change: (tx: Tx, user: UserWithOrg['user'], audit: AuditRecorder) => Promise<Partial<typeof appUser.$inferInsert>>,
): Promise<UserDto> {
  const { user } = await managedUser(deps, ctx, id);
  await write(deps, ctx, async (tx, audit) => {
    const set = await change(tx, user, audit);
    await tx
      .update(appUser)
      .set({ ...set, updatedAt: deps.clock() })
      .where(eq(appUser.id, id));
    const after = Object.fromEntries(Object.keys(set).map((k) => [k, (set as Record<string, unknown>)[k]]));
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, (user as Record<string, unknown>)[k]]));
    audit.record({
      action,
      entityType: 'user',
      entityId: id,
      orgPath: user.orgPath,
      summary: summary(user.name),
      before,
      after,
    });
  });
  return getUser(deps, ctx, id);
}

export function disableUser(deps: Deps, ctx: AuthedContext, id: string): Promise<UserDto> {
  if (id === ctx.actor.id) throw new AppError('SELF_LOCKOUT');
  return simpleChange(
    deps,
    ctx,
    id,
    'user.disable',
    (n) => `停用用户「${n}」`,
    async (tx, user) => {
      await revokeSessions(tx, user.id, deps.clock());
      return { active: false };
    },
  );
}

export function enableUser(deps: Deps, ctx: AuthedContext, id: string): Promise<UserDto> {
  return simpleChange(
    deps,
    ctx,
    id,
    'user.enable',
    (n) => `启用用户「${n}」`,
    async () => ({ active: true }),
  );
}

export function unlockUser(deps: Deps, ctx: AuthedContext, id: string): Promise<UserDto> {
  return simpleChange(
    deps,
    ctx,
    id,
    'user.unlock',
    (n) => `解锁用户「${n}」`,
    async () => ({
      failedLoginCount: 0,
      lockedUntil: null,
    }),
  );
}

/** An administrator issues a new password: it must be changed at next login, and open sessions end. */
export async function resetPassword(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  given?: string,
): Promise<{ user: UserDto; issuedPassword: string }> {
  const password = await issuedPassword(deps, ctx, given);
  const user = await simpleChange(
    deps,
    ctx,
    id,
    'user.reset_password',
    (n) => `重置用户「${n}」的密码`,
    async (tx, u) => {
      await revokeSessions(tx, u.id, deps.clock());
      return { passwordHash: password.hash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null };
    },
  );
  return { user, issuedPassword: password.plain };
}
