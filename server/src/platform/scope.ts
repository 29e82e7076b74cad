import { inArray, like, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { AppError } from './errors.js';
import { escapeLike } from './like.js';

/**
 * The caller's data scope, the union of their role assignments, computed once per request and
 * passed to every repository. `projectOrgPaths` are the org paths of the listed projects, so
 * that staff and organisation nodes around those projects can be resolved without a join.
 */
export type DataScope =
  | { all: true }
  | { all: false; orgPaths: string[]; projectIds: string[]; projectOrgPaths: string[] };

export const NO_SCOPE: DataScope = { all: false, orgPaths: [], projectIds: [], projectOrgPaths: [] };

/** The company node id of an org path /group/company/…/ (null above the companies). */
export function companyIdOfPath(path: string): string | null {
  return path.split('/').filter(Boolean)[1] ?? null;
}

/**
 * The companies a scope reaches — every row it can see belongs to one of them — or null when it
 * reaches them all (all data, or a node above the companies). Lets a lookup that would otherwise
 * read every company's matches ask an index keyed by company first.
 */
export function scopeCompanies(scope: DataScope): string[] | null {
  if (scope.all) return null;
  const companies = new Set<string>();
  for (const path of [...scope.orgPaths, ...scope.projectOrgPaths]) {
    const company = companyIdOfPath(path);
    if (!company) return null;
    companies.add(company);
  }
  return [...companies];
}

function under(column: AnyPgColumn, paths: readonly string[]): SQL[] {
  return paths.map((p) => like(column, `${escapeLike(p)}%`));
}

function anyOf(conditions: SQL[]): SQL {
  if (conditions.length === 0) return sql`false`;
  return or(...conditions) as SQL;
}

/** Rows that belong to a project or sit somewhere in the organisation tree (tickets, audit entries, projects). */
export function scopeRows(scope: DataScope, columns: { path?: AnyPgColumn; projectId?: AnyPgColumn }): SQL | undefined {
  if (scope.all) return undefined;
  const conditions: SQL[] = [];
  if (columns.path) conditions.push(...under(columns.path, scope.orgPaths));
  if (columns.projectId && scope.projectIds.length > 0) conditions.push(inArray(columns.projectId, scope.projectIds));
  return anyOf(conditions);
}

/** Staff: within a scoped subtree, or working in the office that runs a scoped project. */
export function scopeStaff(scope: DataScope, orgPath: AnyPgColumn): SQL | undefined {
  if (scope.all) return undefined;
  return anyOf(under(orgPath, [...scope.orgPaths, ...scope.projectOrgPaths]));
}

/** Organisation nodes: a scoped subtree, plus the chain of nodes above each scoped project. */
export function scopeOrgNodes(scope: DataScope, path: AnyPgColumn): SQL | undefined {
  if (scope.all) return undefined;
  const ancestors = new Set<string>();
  for (const p of scope.projectOrgPaths) {
    const ids = p.split('/').filter(Boolean);
    for (let i = 1; i <= ids.length; i++) ancestors.add(`/${ids.slice(0, i).join('/')}/`);
  }
  const conditions = under(path, scope.orgPaths);
  if (ancestors.size > 0) conditions.push(inArray(path, [...ancestors]));
  return anyOf(conditions);
}

/** Whether a path (a node, or a project's owning node) lies inside the scope. */
export function scopeCoversPath(scope: DataScope, path: string): boolean {
  return scope.all || scope.orgPaths.some((p) => path.startsWith(p));
}

/**
 * The narrowest organisation path that covers everything the scope reaches: '/' for all data,
 * else the deepest node shared by the scoped subtrees and the offices of the scoped projects.
 */
export function scopeRoot(scope: DataScope): string {
  if (scope.all) return '/';
  const paths = [...scope.orgPaths, ...scope.projectOrgPaths].map((p) => p.split('/').filter(Boolean));
  const [first, ...rest] = paths;
  if (!first) return '/';
  let shared = first.length;
  for (const other of rest) {
    let i = 0;
    while (i < shared && i < other.length && other[i] === first[i]) i++;
    shared = i;
  }
  return shared === 0 ? '/' : `/${first.slice(0, shared).join('/')}/`;
}

/** Whether `inner` grants nothing that `outer` does not (used before granting a scope to someone else). */
export function scopeContains(
  outer: DataScope,
  inner:
    | { kind: 'all' }
    | { kind: 'org'; path: string }
    | { kind: 'projects'; projects: { id: string; orgPath: string }[] },
): boolean {
  if (outer.all) return true;
  if (inner.kind === 'all') return false;
  if (inner.kind === 'org') return scopeCoversPath(outer, inner.path);
  return inner.projects.every((p) => outer.projectIds.includes(p.id) || scopeCoversPath(outer, p.orgPath));
}

/**
 * Settings shared by every company (dictionaries, business parameters) are changed only by
 * someone whose scope is the whole group; a company administrator could otherwise change
 * another company's password policy.
 */
export function requireGroupScope(scope: DataScope): void {
  if (!scope.all) throw new AppError('GROUP_SETTING');
}
