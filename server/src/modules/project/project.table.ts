import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organization } from '../org/org.table.js';

/**
 * A residential development (项目). Belongs to a company, optionally through a project office;
 * `orgPath` copies the owning node's path so a scope check on projects needs no join.
 * The property model (buildings, rooms) hangs on this table in the ledger module.
 */
export const project = pgTable(
  'project',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    code: text('code').notNull().unique(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
    address: text('address'),
    /** The business calendar of its time limits; null: the company's default calendar. */
    calendarId: uuid('calendar_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('project_company_idx').on(t.companyId),
    index('project_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
  ],
);
