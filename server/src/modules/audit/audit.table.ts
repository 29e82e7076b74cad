import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail. Rows are chained: `hash` = SHA-256 over the previous row's hash and
 * this row's canonical content, so editing or deleting a row breaks every hash after it
 * (`npm run audit:verify`). A trigger (migration 0001) refuses UPDATE and DELETE.
 */
export const auditEntry = pgTable(
  'audit_entry',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    summary: text('summary'),
    before: jsonb('before'),
    after: jsonb('after'),
    orgPath: text('org_path'),
    projectId: uuid('project_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_entry_occurred_idx').on(t.occurredAt),
    index('audit_entry_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_entry_entity_idx').on(t.entityType, t.entityId),
  ],
);
