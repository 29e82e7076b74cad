import { asc, gt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { auditEntry } from '../modules/audit/audit.table.js';
import { chainHash, GENESIS_HASH } from './audit.js';

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The first entry whose link or hash does not match, with the reason. */
  broken: { seq: number; reason: 'prev_hash' | 'hash' } | null;
}

/**
 * Walks the audit chain in sequence order, a page at a time, recomputing every hash. The first
 * remaining entry anchors the chain (earlier ones may have been removed by retention).
 */
export async function verifyAuditChain(db: DbOrTx, pageSize = 2000): Promise<ChainReport> {
  let lastSeq = 0;
  let prevHash: string | null = null;
  let checked = 0;
  let firstSeq: number | null = null;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEntry)
      .where(gt(auditEntry.seq, lastSeq))
      .orderBy(asc(auditEntry.seq))
      .limit(pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      firstSeq ??= row.seq;
      const expectedPrev = prevHash ?? (row.seq === firstSeq && checked === 0 ? row.prevHash : GENESIS_HASH);
      if (row.prevHash !== expectedPrev) {
        return { ok: false, checked, firstSeq, lastSeq: row.seq, broken: { seq: row.seq, reason: 'prev_hash' } };
      }
      const hash = chainHash(row.prevHash, {
        occurredAt: row.occurredAt,
        actorId: row.actorId,
        actorName: row.actorName,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        summary: row.summary,
        before: row.before,
        after: row.after,
        orgPath: row.orgPath,
        projectId: row.projectId,
        ip: row.ip,
        requestId: row.requestId,
      });
      if (hash !== row.hash) {
        return { ok: false, checked, firstSeq, lastSeq: row.seq, broken: { seq: row.seq, reason: 'hash' } };
      }
      prevHash = row.hash;
      lastSeq = row.seq;
      checked++;
    }
  }
  return { ok: true, checked, firstSeq, lastSeq: checked ? lastSeq : null, broken: null };
}
