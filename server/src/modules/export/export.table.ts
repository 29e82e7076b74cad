import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const exportRequestStatuses = ['pending', 'approved', 'rejected', 'used', 'expired'] as const;

/**
 * An export of personal data larger than the approval threshold (QUALITY.md 19) waits for an
 * approver. The request keeps the exact list and filters asked for, so what is approved is what
 * is downloaded, once, before it expires.
 */
export const exportRequest = pgTable(
  'export_request',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Which list: 'customers', 'rooms', 'audit' ... */
    resource: text('resource').notNull(),
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    rowCount: integer('row_count').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: exportRequestStatuses }).notNull().default('pending'),
    orgPath: text('org_path').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    requestedByName: text('requested_by_name').notNull(),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('export_request_requested_by_idx').on(t.requestedBy, t.createdAt),
    index('export_request_status_idx').on(t.status, t.createdAt),
  ],
);
