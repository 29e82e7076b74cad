import { and, asc, count, eq, like, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type DataScope, scopeOrgNodes } from '../../platform/scope.js';
import { project } from '../project/project.table.js';
import { appUser } from '../user/user.table.js';
import { type OrgKind, organization } from './org.table.js';

export type OrgRow = typeof organization.$inferSelect;

export async function findOrgInScope(db: DbOrTx, scope: DataScope, id: string): Promise<OrgRow | undefined> {
  const [row] = await db
    .select()
    .from(organization)
    .where(and(eq(organization.id, id), scopeOrgNodes(scope, organization.path)))
    .limit(1);
  return row;
}

export async function listOrgsInScope(db: DbOrTx, scope: DataScope, kind?: OrgKind): Promise<OrgRow[]> {
  const conditions: (SQL | undefined)[] = [scopeOrgNodes(scope, organization.path)];
  if (kind) conditions.push(eq(organization.kind, kind));
  return db
    .select()
    .from(organization)
    .where(and(...conditions))
    .orderBy(asc(organization.sortOrder), asc(organization.code));
}

/** Staff and project counts per node, for the tree (each counted on the node it belongs to). */
export async function countsByOrg(db: DbOrTx): Promise<Map<string, { projects: number; users: number }>> {
  const [projects, users] = await Promise.all([
    db.select({ id: project.orgId, n: count() }).from(project).groupBy(project.orgId),
    db.select({ id: appUser.orgId, n: count() }).from(appUser).groupBy(appUser.orgId),
  ]);
  const out = new Map<string, { projects: number; users: number }>();
  for (const p of projects) out.set(p.id, { projects: p.n, users: 0 });
  for (const u of users) out.set(u.id, { projects: out.get(u.id)?.projects ?? 0, users: u.n });
  return out;
}

export async function hasDependents(db: DbOrTx, node: OrgRow): Promise<boolean> {
  const [children] = await db.select({ n: count() }).from(organization).where(eq(organization.parentId, node.id));
  const [projects] = await db
    .select({ n: count() })
    .from(project)
    .where(like(project.orgPath, `${node.path}%`));
  const [users] = await db
    .select({ n: count() })
    .from(appUser)
    .where(like(appUser.orgPath, `${node.path}%`));
  return (children?.n ?? 0) + (projects?.n ?? 0) + (users?.n ?? 0) > 0;
}

export async function codeTaken(db: DbOrTx, code: string, exceptId?: string): Promise<boolean> {
  const rows = await db.select({ id: organization.id }).from(organization).where(eq(organization.code, code));
  return rows.some((r) => r.id !== exceptId);
}
