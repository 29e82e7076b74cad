import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, isStorageFullError } from '../../db/client.js';
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

export type Grants = { permissions: Set<Permission>; scope: DataScope; roles: { code: string; name: string }[] };
type GrantRow = {
  code: string;
  name: string;
  permissions: string[];
  scopeKind: string;
  scopeOrgPath: string | null;
  scopeProjectIds: string[];
};

/** Permissions and data scope: the union over the user's role assignments. */
export async function loadGrants(db: DbOrTx, userId: string): Promise<Grants> {
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
  const projectIds = [...new Set(rows.flatMap((r) => (r.scopeKind === 'projects' ? r.scopeProjectIds : [])))];
  const projects =
    projectIds.length > 0 && !rows.some((r) => r.scopeKind === 'all')
      ? await db
          .select({ id: project.id, orgPath: project.orgPath })
          .from(project)
          .where(inArray(project.id, projectIds))
      : [];
  return grantsOf(rows, projects);
}

/** The union of role assignments: permissions, and a scope of org subtrees plus listed projects. */
function grantsOf(rows: GrantRow[], projects: { id: string; orgPath: string }[]): Grants {
  const permissions = new Set<Permission>();
  let all = false;
  const orgPaths = new Set<string>();
  for (const row of rows) {
    for (const p of row.permissions) if (isPermission(p)) permissions.add(p);
    if (row.scopeKind === 'all') all = true;
    else if (row.scopeKind === 'org' && row.scopeOrgPath) orgPaths.add(row.scopeOrgPath);
  }
  const roles = [...new Map(rows.map((r) => [r.code, { code: r.code, name: r.name }])).values()];
  if (all) return { permissions, scope: { all: true }, roles };
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

/**
 * The session's user's role assignments and the projects they list, as JSON beside the session
 * row: every request resolves its session, so this saves a round trip per request over
 * `loadGrants`, which tells the same (auth.test.ts compares the two for every kind of scope).
 */
const grantRowsOfSessionUser = sql<GrantRow[] | null>`(
  select json_agg(json_build_object(
    'code', ${role.code}, 'name', ${role.name}, 'permissions', ${role.permissions},
    'scopeKind', ${roleAssignment.scopeKind}, 'scopeOrgPath', ${organization.path},
    'scopeProjectIds', ${roleAssignment.scopeProjectIds}))
  from ${roleAssignment}
  join ${role} on ${role.id} = ${roleAssignment.roleId}
  left join ${organization} on ${organization.id} = ${roleAssignment.scopeOrgId}
  where ${roleAssignment.userId} = ${appUser.id})`;
const scopeProjectsOfSessionUser = sql<{ id: string; orgPath: string }[] | null>`(
  select json_agg(json_build_object('id', ${project.id}, 'orgPath', ${project.orgPath}))
  from ${project}
  where ${project.id} in (
    select unnest(${roleAssignment.scopeProjectIds}) from ${roleAssignment}
    where ${roleAssignment.userId} = ${appUser.id} and ${roleAssignment.scopeKind} = 'projects'))`;

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
    .select({
      session: userSession,
      user: appUser,
      grantRows: grantRowsOfSessionUser,
      scopeProjects: scopeProjectsOfSessionUser,
    })
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
    // With the database's disk full, reading goes on: the idle timer is simply not moved.
    await deps.db
      .update(userSession)
      .set({ lastSeenAt: now })
      .where(eq(userSession.id, id))
      .catch((error: unknown) => {
        if (!isStorageFullError(error)) throw error;
      });
  }
  const grants = grantsOf(row.grantRows ?? [], row.scopeProjects ?? []);
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
