import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isPermission, type Permission } from '../../platform/permissions.js';
import type { DataScope } from '../../platform/scope.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { role, roleAssignment } from '../role/role.table.js';
import { appUser, userSession } from '../user/user.table.js';

export const SESSION_COOKIE = 'linli_session';
// A session's last-seen time is written at most this often: enough for a 30-minute idle limit
// without a write on every request.
const TOUCH_EVERY_MS = 60_000;
const PASSWORD_MAX_AGE_DAYS = 90;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Opens a session inside the caller's transaction. The lifetime is read by the caller before
 * the transaction starts: PGlite has one connection, so a query outside the transaction would
 * wait for it to finish.
 */
export async function createSession(
  tx: DbOrTx,
  userId: string,
  meta: { ip: string; userAgent?: string; now: Date; absoluteHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = meta.now;
  const expiresAt = new Date(now.getTime() + meta.absoluteHours * 3_600_000);
  await tx.insert(userSession).values({
    id: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

/** Ends every open session of a user (password change, reset, disable). */
export async function revokeSessions(tx: DbOrTx, userId: string, now: Date): Promise<void> {
  await tx
    .update(userSession)
    .set({ revokedAt: now })
    .where(and(eq(userSession.userId, userId), isNull(userSession.revokedAt)));
}

/** Ends one session (log out on this device; other devices stay logged in). */
export async function revokeSession(tx: DbOrTx, sessionId: string, now: Date): Promise<void> {
  await tx.update(userSession).set({ revokedAt: now }).where(eq(userSession.id, sessionId));
}

/** Permissions and data scope: the union over the user's role assignments. */
export async function loadGrants(
  db: DbOrTx,
  userId: string,
): Promise<{ permissions: Set<Permission>; scope: DataScope; roles: { code: string; name: string }[] }> {
  const rows = await db
    .select({
      code: role.code,
      name: role.name,
      permissions: role.permissions,
      scopeKind: roleAssignment.scopeKind,
      scopeOrgPath: organization.path,
      scopeProjectIds: roleAssignment.scopeProjectIds,
    })
    .from(roleAssignment)
    .innerJoin(role, eq(role.id, roleAssignment.roleId))
    .leftJoin(organization, eq(organization.id, roleAssignment.scopeOrgId))
    .where(eq(roleAssignment.userId, userId));

  const permissions = new Set<Permission>();
  let all = false;
  const orgPaths = new Set<string>();
  const projectIds = new Set<string>();
  for (const row of rows) {
    for (const p of row.permissions) if (isPermission(p)) permissions.add(p);
    if (row.scopeKind === 'all') all = true;
    else if (row.scopeKind === 'org' && row.scopeOrgPath) orgPaths.add(row.scopeOrgPath);
    else if (row.scopeKind === 'projects') for (const id of row.scopeProjectIds) projectIds.add(id);
  }
  const roles = [...new Map(rows.map((r) => [r.code, { code: r.code, name: r.name }])).values()];
  if (all) return { permissions, scope: { all: true }, roles };
  const projects =
    projectIds.size > 0
      ? await db
          .select({ id: project.id, orgPath: project.orgPath })
          .from(project)
          .where(inArray(project.id, [...projectIds]))
      : [];
  return {
    permissions,
    roles,
    scope: {
      all: false,
      orgPaths: [...orgPaths],
      projectIds: projects.map((p) => p.id),
      projectOrgPaths: [...new Set(projects.map((p) => p.orgPath))],
    },
  };
}

export function passwordExpired(policy: 'default' | 'dengbao', passwordChangedAt: Date | null, now: Date): boolean {
  if (policy !== 'dengbao' || !passwordChangedAt) return false;
  return now.getTime() - passwordChangedAt.getTime() > PASSWORD_MAX_AGE_DAYS * 86_400_000;
}

/**
 * Turns a session cookie into the acting user, or throws SESSION_EXPIRED. Checks revocation,
 * the absolute lifetime, the idle limit and that the user is still active, on every request.
 */
export async function resolveSession(deps: Deps, token: string): Promise<Actor> {
  const id = hashToken(token);
  const [row] = await deps.db
    .select({ session: userSession, user: appUser })
    .from(userSession)
    .innerJoin(appUser, eq(appUser.id, userSession.userId))
    .where(eq(userSession.id, id))
    .limit(1);
  const now = deps.clock();
  if (!row || row.session.revokedAt || !row.user.active) throw new AppError('SESSION_EXPIRED');
  const idleMinutes = await deps.parameters.get('security.session_idle_minutes');
  if (row.session.expiresAt <= now || row.session.lastSeenAt.getTime() + idleMinutes * 60_000 <= now.getTime()) {
    throw new AppError('SESSION_EXPIRED');
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await deps.db.update(userSession).set({ lastSeenAt: now }).where(eq(userSession.id, id));
  }
  const grants = await loadGrants(deps.db, row.user.id);
  const policy = await deps.parameters.get('security.password_policy');
  return {
    id: row.user.id,
    username: row.user.username,
    name: row.user.name,
    permissions: grants.permissions,
    scope: grants.scope,
    sessionId: id,
    mustChangePassword: row.user.mustChangePassword || passwordExpired(policy, row.user.passwordChangedAt, now),
  };
}
