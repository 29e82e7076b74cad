import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organization } from '../org/org.table.js';

export const importTypes = ['rooms-customers'] as const;
export const importModes = ['skip-bad-rows', 'all-or-nothing'] as const;
export const importStatuses = ['queued', 'running', 'done', 'failed'] as const;
export const importPhases = ['counting', 'checking', 'writing'] as const;

/**
 * One spreadsheet import: the uploaded file (kept in the file store), the column mapping, and
 * the progress and outcome a background job writes as it goes.
 */
export const importJob = pgTable(
  'import_job',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type', { enum: importTypes }).notNull(),
    mode: text('mode', { enum: importModes }).notNull(),
    status: text('status', { enum: importStatuses }).notNull().default('queued'),
    /**
     * While running: checking the rows (all-or-nothing) or writing them. `counting` is from runs
     * before the rows were counted beside the work (see import.count.ts).
     */
    phase: text('phase', { enum: importPhases }),
    fileName: text('file_name').notNull(),
    fileKey: text('file_key').notNull(),
    fileSize: integer('file_size').notNull(),
    fileSha256: text('file_sha256').notNull(),
    /** Field → column index (0-based) in the header row. */
    mapping: jsonb('mapping').$type<Record<string, number>>().notNull(),
    headerRow: integer('header_row'),
    /** The data rows of the file; 0 until counted (a worker counts them while the run goes on). */
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    acceptedRows: integer('accepted_rows').notNull().default(0),
    rejectedCount: integer('rejected_count').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    error: text('error'),
    /** The importer's language: rejection reasons are written in it. */
    locale: text('locale').notNull().default('zh-CN'),
    /** The project for rows that name none (the sheet has no project column). */
    defaultProjectId: uuid('default_project_id'),
    companyId: uuid('company_id').references(() => organization.id),
    orgPath: text('org_path').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_job_created_by_idx').on(t.createdBy, t.createdAt)],
);

/** A row the import turned away: its number as the spreadsheet shows it, why, and its cells. */
export const importRejection = pgTable(
  'import_rejection',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    importId: uuid('import_id')
      .notNull()
      .references(() => importJob.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    reason: text('reason').notNull(),
    cells: jsonb('cells').$type<string[]>().notNull(),
  },
  (t) => [index('import_rejection_import_idx').on(t.importId, t.row)],
);
