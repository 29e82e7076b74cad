import { sql } from 'drizzle-orm';
import { boolean, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idTypes } from '../../platform/identity.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';

export const customerKinds = ['person', 'organisation'] as const;
export const genders = ['male', 'female'] as const;

/**
 * 客户: a person or an organisation known to one company (the tenant boundary, `companyId`,
 * with the company's org path copied for scoping). The ID number is stored encrypted, with a
 * keyed hash for exact lookup, a keyed hash of its last six characters for the search box, and
 * its masked form for display; nothing here reveals it.
 */
export const customer = pgTable(
  'customer',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    code: text('code').notNull(),
    kind: text('kind', { enum: customerKinds }).notNull(),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    gender: text('gender', { enum: genders }),
    birthday: date('birthday'),
    idType: text('id_type', { enum: idTypes }),
    idNumberEncrypted: text('id_number_encrypted'),
    idNumberHash: text('id_number_hash'),
    idLast6Hash: text('id_last6_hash'),
    idNumberMasked: text('id_number_masked'),
    source: text('source'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    active: boolean('active').notNull().default(true),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customer_company_code_idx').on(t.companyId, t.code),
    uniqueIndex('customer_company_id_hash_idx').on(t.companyId, t.idNumberHash),
    index('customer_id_last6_idx').on(t.idLast6Hash),
    index('customer_initials_idx').using('btree', sql`${t.nameInitials} text_pattern_ops`),
    index('customer_pinyin_idx').using('btree', sql`${t.namePinyin} text_pattern_ops`),
    index('customer_name_idx').on(t.name),
    index('customer_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
  ],
);

/** A customer's phone numbers; exactly one is primary. `last4` serves the search box. */
export const customerPhone = pgTable(
  'customer_phone',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    last4: text('last4').notNull(),
    label: text('label'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_phone_customer_idx').on(t.customerId),
    index('customer_phone_number_idx').on(t.number),
    index('customer_phone_last4_idx').on(t.last4),
    uniqueIndex('customer_phone_one_primary_idx').on(t.customerId).where(sql`${t.isPrimary}`),
  ],
);

export const occupancyRoles = ['owner', 'tenant', 'resident'] as const;
export type OccupancyRole = (typeof occupancyRoles)[number];

/**
 * Who is where, when: a customer holds a role in a room from a date, until a date (null while
 * it lasts). History is never edited; moving out closes the row, moving in opens a new one.
 */
export const occupancy = pgTable(
  'occupancy',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id),
    roomId: uuid('room_id')
      .notNull()
      .references(() => room.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    role: text('role', { enum: occupancyRoles }).notNull(),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('occupancy_customer_idx').on(t.customerId),
    index('occupancy_room_idx').on(t.roomId, t.fromDate),
    index('occupancy_project_idx').on(t.projectId),
  ],
);
