import { createHash } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import { bulkInsert } from '../db/bulk-insert.js';
import type { Tx } from '../db/client.js';
import { auditEntry } from '../modules/audit/audit.table.js';
import type { Deps, RequestContext } from './context.js';
import { maskPersonal } from './mask.js';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string | null;
  summary?: string | null;
  before?: unknown;
  after?: unknown;
  /** Where the entity sits in the organisation tree (for scoped reading of the log). */
  orgPath?: string | null;
  projectId?: string | null;
  /** Who acted, when the request has no session yet (a login names the user logging in). */
  actor?: { id: string; name: string };
}

export interface AuditRecorder {
  record(entry: AuditRecord): void;
}

export const GENESIS_HASH = '0'.repeat(64);
// One constant advisory lock serialises appends so that each entry links to the one before it.
const AUDIT_CHAIN_LOCK = 7_291_001;

/** JSON with object keys sorted at every level: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface ChainedFields {
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  orgPath: string | null;
  projectId: string | null;
  ip: string | null;
  requestId: string | null;
}

export function chainHash(prevHash: string, fields: ChainedFields): string {
  const content = canonicalJson({ ...fields, occurredAt: fields.occurredAt.toISOString(), prevHash });
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The one path for every write: runs `work` in a short transaction and appends the audit
 * entries it recorded, in that same transaction, so a change and its audit entry commit or fail
 * together. A write that records nothing is a programming error and is rolled back.
 */
export async function write<T>(
  deps: Deps,
  ctx: RequestContext,
  work: (tx: Tx, audit: AuditRecorder) => Promise<T>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const records: AuditRecord[] = [];
    const result = await work(tx, { record: (entry) => records.push(entry) });
    if (records.length === 0) throw new Error('write() finished without an audit entry');
    await appendAudit(tx, deps.clock(), ctx, records);
    return result;
  });
}

export async function appendAudit(tx: Tx, now: Date, ctx: RequestContext, records: AuditRecord[]): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditEntry.hash }).from(auditEntry).orderBy(desc(auditEntry.seq)).limit(1);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = records.map((r) => {
    const fields: ChainedFields = {
      occurredAt: now,
      actorId: ctx.actor?.id ?? r.actor?.id ?? null,
      actorName: ctx.actor?.name ?? r.actor?.name ?? null,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId ?? null,
      summary: r.summary ?? null,
      before: r.before === undefined ? null : maskPersonal(r.before),
      after: r.after === undefined ? null : maskPersonal(r.after),
      orgPath: r.orgPath ?? null,
      projectId: r.projectId ?? null,
      ip: ctx.ip || null,
      requestId: ctx.requestId || null,
    };
    const hash = chainHash(prevHash, fields);
    const row = { ...fields, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One statement, rows in chain order: bulkInsert keeps the order, so identity order matches it.
  await bulkInsert(tx, auditEntry, rows);
}
