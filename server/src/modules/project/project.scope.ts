import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type DataScope, scopeRows } from '../../platform/scope.js';
import { project } from './project.table.js';

/**
 * Rows that hang under a project (buildings, rooms, later tickets) are visible when their
 * project is. Resolved with a subquery on the project table, so those rows need no copy of the
 * organisation path and stay right when a project moves between project offices.
 */
export function scopeByProject(scope: DataScope, projectIdColumn: AnyPgColumn): SQL | undefined {
  if (scope.all) return undefined;
  const visible = scopeRows(scope, { path: project.orgPath, projectId: project.id });
  return sql`${projectIdColumn} in (select ${project.id} from ${project} where ${visible})`;
}
