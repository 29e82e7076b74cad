import { and, eq, inArray, sql } from 'drizzle-orm';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { formatDateTime } from '../../platform/locale.js';
import { maskMobile } from '../../platform/mask.js';
import {
  checkPasswordPolicy,
  dummyVerify,
  hashPassword,
  passwordReasons,
  verifyPassword,
} from '../../platform/password.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { roleAssignment } from '../role/role.table.js';
import { appUser } from '../user/user.table.js';
import type { MeResponse } from './auth.schema.js';
import { createSession, loadGrants, passwordExpired, revokeSession, revokeSessions } from './session.service.js';

export async function describeUser(deps: Deps, userId: string): Promise<MeResponse> {
  const [row] = await deps.db
    .select({ user: appUser, orgName: organization.name })
    .from(appUser)
    .innerJoin(organization, eq(organization.id, appUser.orgId))
    .where(eq(appUser.id, userId));
  if (!row) throw new AppError('USER_NOT_FOUND');
  const grants = await loadGrants(deps.db, userId);
  const policy = await deps.parameters.get('security.password_policy');
  const assignments = await deps.db
    .select({ scopeOrgId: roleAssignment.scopeOrgId })
    .from(roleAssignment)
    .where(and(eq(roleAssignment.userId, userId), eq(roleAssignment.scopeKind, 'org')));
  const orgIds = assignments.map((a) => a.scopeOrgId).filter((id): id is string => id !== null);
  const orgs = orgIds.length
    ? await deps.db
        .select({ id: organization.id, name: organization.name })
        .from(organization)
        .where(inArray(organization.id, orgIds))
    : [];
  const projectIds = grants.scope.all ? [] : grants.scope.projectIds;
  const projects = projectIds.length
    ? await deps.db.select({ id: project.id, name: project.name }).from(project).where(inArray(project.id, projectIds))
    : [];
  return {
    id: row.user.id,
    username: row.user.username,
    name: row.user.name,
    mobile: row.user.mobile ? maskMobile(row.user.mobile) : null,
    extension: row.user.extension,
    orgId: row.user.orgId,
    orgName: row.orgName,
    roles: grants.roles,
    permissions: [...grants.permissions].sort(),
    scope: { all: grants.scope.all, orgs, projects },
    mustChangePassword:
      row.user.mustChangePassword || passwordExpired(policy, row.user.passwordChangedAt, deps.clock()),
    passwordPolicy: policy,
    serviceName: await deps.parameters.get('service.name'),
    renameRequiresApproval: await deps.parameters.get('customer.rename_requires_approval'),
  };
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  userId: string;
}

/**
 * Password login with the database-held lockout (QUALITY.md 1–2). The failure counter is
 * committed before the error is raised, so a lockout survives restarts and other instances.
 */
export async function login(
  deps: Deps,
  ctx: RequestContext,
  input: { username: string; password: string; userAgent?: string },
): Promise<LoginResult> {
  const now = deps.clock();
  const [user] = await deps.db
    .select()
    .from(appUser)
    .where(sql`lower(${appUser.username}) = lower(${input.username})`)
    .limit(1);
  const threshold = await deps.parameters.get('security.lockout_threshold');
  if (!user) {
    await dummyVerify(input.password);
    throw new AppError('INVALID_CREDENTIALS', { threshold }, { countsAsFailure: true });
  }
  const lockedError = (until: Date) =>
    new AppError('ACCOUNT_LOCKED', { until: formatDateTime(until) }, { lockedUntil: until.toISOString() });
  if (user.lockedUntil && user.lockedUntil > now) {
    await dummyVerify(input.password);
    throw lockedError(user.lockedUntil);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  const subject = { orgPath: user.orgPath, entityType: 'user', entityId: user.id };
  const actorCtx: RequestContext = { ...ctx, actor: null };
  if (!ok) {
    const failures = user.failedLoginCount + 1;
    const lockMinutes = await deps.parameters.get('security.lockout_minutes');
    const lockedUntil = failures >= threshold ? new Date(now.getTime() + lockMinutes * 60_000) : null;
    await write(deps, actorCtx, async (tx, audit) => {
      await tx
        .update(appUser)
        .set({ failedLoginCount: lockedUntil ? 0 : failures, lockedUntil })
        .where(eq(appUser.id, user.id));
      audit.record({
        ...subject,
        action: lockedUntil ? 'auth.locked' : 'auth.login_failed',
        summary: lockedUntil
          ? `连续 ${failures} 次登录失败，账号锁定至 ${formatDateTime(lockedUntil)}`
          : `第 ${failures} 次登录失败`,
      });
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new AppError('INVALID_CREDENTIALS', { threshold }, { countsAsFailure: true });
  }
  if (!user.active) throw new AppError('ACCOUNT_DISABLED');
  const absoluteHours = await deps.parameters.get('security.session_absolute_hours');
  return write(deps, { ...actorCtx, actor: null }, async (tx, audit) => {
    await tx
      .update(appUser)
      .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now })
      .where(eq(appUser.id, user.id));
    const session = await createSession(tx, user.id, { ip: ctx.ip, userAgent: input.userAgent, now, absoluteHours });
    audit.record({
      ...subject,
      action: 'auth.login',
      summary: `${user.name} 登录`,
      actor: { id: user.id, name: user.name },
    });
    return { ...session, userId: user.id };
  });
}

export async function logout(deps: Deps, ctx: AuthedContext): Promise<void> {
  await write(deps, ctx, async (tx, audit) => {
    await revokeSession(tx, ctx.actor.sessionId, deps.clock());
    audit.record({
      action: 'auth.logout',
      entityType: 'user',
      entityId: ctx.actor.id,
      summary: `${ctx.actor.name} 退出登录`,
    });
  });
}

/** Changing the password ends every session of the user, then opens a fresh one for this browser. */
export async function changePassword(
  deps: Deps,
  ctx: AuthedContext,
  input: { currentPassword: string; newPassword: string; userAgent?: string },
): Promise<{ token: string; expiresAt: Date }> {
  const [user] = await deps.db.select().from(appUser).where(eq(appUser.id, ctx.actor.id));
  if (!user) throw new AppError('USER_NOT_FOUND');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new AppError('PASSWORD_WRONG');
  if (input.currentPassword === input.newPassword) throw new AppError('PASSWORD_REUSED');
  const policy = await deps.parameters.get('security.password_policy');
  const reason = checkPasswordPolicy(input.newPassword, policy);
  if (reason) throw new AppError('PASSWORD_TOO_WEAK', { reason: passwordReasons[reason][ctx.locale] });
  const passwordHash = await hashPassword(input.newPassword);
  const absoluteHours = await deps.parameters.get('security.session_absolute_hours');
  const now = deps.clock();
  return write(deps, ctx, async (tx, audit) => {
    await tx
      .update(appUser)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now })
      .where(eq(appUser.id, user.id));
    await revokeSessions(tx, user.id, now);
    const session = await createSession(tx, user.id, { ip: ctx.ip, userAgent: input.userAgent, now, absoluteHours });
    audit.record({
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
      orgPath: user.orgPath,
      summary: `${user.name} 修改了密码`,
    });
    return session;
  });
}
