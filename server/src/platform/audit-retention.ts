import { sql } from 'drizzle-orm';
import { appendAudit } from './audit.js';
import type { Deps } from './context.js';

const DAY_MS = 86_400_000;

/**
 * Removes audit entries older than the retention period (业务参数 audit.retention_months, at
 * least 6 months; the database trigger independently refuses anything younger than 180 days).
 * Records its own audit entry; the chain then starts at the oldest remaining entry.
 */
export async function purgeAudit(deps: Deps): Promise<{ removed: number; before: Date }> {
  const months = await deps.parameters.get('audit.retention_months');
  const now = deps.clock();
  const before = new Date(Math.min(now.getTime() - 180 * DAY_MS, addMonths(now, -months).getTime()));
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('linli.audit_purge', 'on', true)`);
    // Only a prefix of the chain is removed (everything before the first entry still inside
    // retention), so the remaining entries still link one to the next.
    const result = await tx.execute(sql`
      delete from audit_entry
      where seq < coalesce(
        (select min(seq) from audit_entry where occurred_at >= ${before.toISOString()}::timestamptz),
        (select max(seq) + 1 from audit_entry)
      )`);
    const removed = Number(
      (result as { affectedRows?: number; rowCount?: number }).affectedRows ??
        (result as { rowCount?: number }).rowCount ??
        0,
    );
    await tx.execute(sql`select set_config('linli.audit_purge', 'off', true)`);
    if (removed > 0) {
      await appendAudit(tx, now, { actor: null, ip: '', requestId: 'audit-retention', locale: 'zh-CN' }, [
        {
          action: 'audit.purge',
          entityType: 'audit_entry',
          summary: `按保留期（${months} 个月）清理审计日志 ${removed} 条`,
          after: { removed, before: before.toISOString() },
        },
      ]);
    }
    return { removed, before };
  });
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
