import { and, count, desc, eq, gte, ilike, lt, type SQL } from 'drizzle-orm';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { escapeLike } from '../../platform/like.js';
import { beijingDayStart } from '../../platform/locale.js';
import { scopeRows } from '../../platform/scope.js';
import { auditEntry } from './audit.table.js';

export interface AuditFilter {
  actorId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  keyword?: string;
  from?: string;
  to?: string;
}

function conditions(ctx: AuthedContext, f: AuditFilter): SQL | undefined {
  const list: (SQL | undefined)[] = [
    scopeRows(ctx.actor.scope, { path: auditEntry.orgPath, projectId: auditEntry.projectId }),
  ];
  if (f.actorId) list.push(eq(auditEntry.actorId, f.actorId));
  if (f.entityType) list.push(eq(auditEntry.entityType, f.entityType));
  if (f.entityId) list.push(eq(auditEntry.entityId, f.entityId));
  if (f.action) list.push(eq(auditEntry.action, f.action));
  if (f.keyword) list.push(ilike(auditEntry.summary, `%${escapeLike(f.keyword)}%`));
  if (f.from) list.push(gte(auditEntry.occurredAt, beijingDayStart(f.from)));
  if (f.to) list.push(lt(auditEntry.occurredAt, new Date(beijingDayStart(f.to).getTime() + 86_400_000)));
  return and(...list);
}

function present(row: typeof auditEntry.$inferSelect) {
  return {
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    summary: row.summary,
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip,
    requestId: row.requestId,
  };
}

export async function listAudit(
  deps: Deps,
  ctx: AuthedContext,
  q: AuditFilter & { current: number; pageSize: number },
) {
  const where = conditions(ctx, q);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(auditEntry)
      .where(where)
      .orderBy(desc(auditEntry.seq))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(auditEntry).where(where),
  ]);
  return { data: rows.map(present), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function exportAudit(deps: Deps, ctx: AuthedContext, f: AuditFilter, limit: number) {
  const rows = await deps.db
    .select()
    .from(auditEntry)
    .where(conditions(ctx, f))
    .orderBy(desc(auditEntry.seq))
    .limit(limit);
  return rows.map(present);
}
