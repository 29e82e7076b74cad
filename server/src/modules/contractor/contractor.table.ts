import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { building } from '../property/property.table.js';

/**
 * 承建商: a builder or installer whose work in a company's projects is under warranty. Defects
 * inside its scope and warranty are routed to it; outside warranty, to the property company.
 */
export const contractor = pgTable(
  'contractor',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 统一社会信用代码 (GB 32100). */
    uscc: text('uscc'),
    contactName: text('contact_name'),
    contactMobile: text('contact_mobile'),
    phone: text('phone'),
    notes: text('notes'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contractor_company_code_idx').on(t.companyId, t.code),
    index('contractor_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
  ],
);

export const warrantyUnits = ['months', 'heating_seasons'] as const;

/**
 * What a contractor built and for how long it answers for it: a trade (专业) in a project, or in
 * one building of it, with a warranty counted from each room's delivery date (or `startDate`
 * when given). The statutory minimums (屋面防水 and 卫生间防渗漏 5 years; 电气管线, 给排水, 装修
 * 2 years; 供热供冷 2 heating seasons) are the defaults.
 */
export const contractorScope = pgTable(
  'contractor_scope',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractorId: uuid('contractor_id')
      .notNull()
      .references(() => contractor.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    /** Null: the whole project. */
    buildingId: uuid('building_id').references(() => building.id),
    /** Dictionary `trade`. */
    trade: text('trade').notNull(),
    warrantyUnit: text('warranty_unit', { enum: warrantyUnits }).notNull().default('months'),
    warrantyValue: integer('warranty_value').notNull(),
    /** The warranty starts here instead of at each room's delivery date. */
    startDate: date('start_date'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contractor_scope_contractor_idx').on(t.contractorId),
    index('contractor_scope_lookup_idx').on(t.projectId, t.trade, t.buildingId),
  ],
);
