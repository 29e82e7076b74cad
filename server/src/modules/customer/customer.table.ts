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
    /** The name's one- and two-character pieces (migration 0011's function), for part-of-name search. */
    nameGrams: text('name_grams').array().notNull().generatedAlwaysAs(sql`customer_name_grams(name)`),
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
    /** The customer's WeChat Official Account openid (bound by the resident portal), for template messages. */
    wechatOpenId: text('wechat_open_id'),
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
    // The same prefixes within a company (the search box of a company's staff).
    index('customer_company_initials_idx').using('btree', t.companyId, sql`${t.nameInitials} text_pattern_ops`),
    index('customer_company_pinyin_idx').using('btree', t.companyId, sql`${t.namePinyin} text_pattern_ops`),
    index('customer_name_idx').on(t.name),
    index('customer_name_grams_idx').using('gin', t.nameGrams),
    index('customer_tags_idx').using('gin', t.tags),
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

export const contactKinds = ['family', 'emergency'] as const;

/**
 * 客户成员 and 紧急联系人: people related to a customer (spouse, children, a relative to call in an
 * emergency). Their mobile numbers are personal data, masked when shown.
 */
export const customerContact = pgTable(
  'customer_contact',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: contactKinds }).notNull(),
    name: text('name').notNull(),
    relation: text('relation').notNull(),
    mobile: text('mobile'),
    gender: text('gender', { enum: genders }),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customer_contact_customer_idx').on(t.customerId)],
);

/**
 * Bank accounts for collection by direct debit (银行托收). The account number is encrypted with a
 * keyed hash for exact lookup and a masked form for display; exactly one account is primary.
 */
export const customerBankAccount = pgTable(
  'customer_bank_account',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    bankName: text('bank_name').notNull(),
    branch: text('branch'),
    accountName: text('account_name').notNull(),
    accountNumberEncrypted: text('account_number_encrypted').notNull(),
    accountNumberHash: text('account_number_hash').notNull(),
    accountNumberMasked: text('account_number_masked').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_bank_account_customer_idx').on(t.customerId),
    uniqueIndex('customer_bank_account_number_idx').on(t.customerId, t.accountNumberHash),
    uniqueIndex('customer_bank_account_one_primary_idx').on(t.customerId).where(sql`${t.isPrimary}`),
  ],
);

export const contactChannels = ['call', 'visit', 'message', 'wechat', 'email', 'other'] as const;

/** 沟通记录: a call, visit or message with a customer, by whom, about what. */
export const contactRecord = pgTable(
  'contact_record',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id').references(() => room.id),
    channel: text('channel', { enum: contactChannels }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    summary: text('summary').notNull(),
    staffId: uuid('staff_id').notNull(),
    staffName: text('staff_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contact_record_customer_idx').on(t.customerId, t.occurredAt)],
);

/** 客户事件: something significant in a customer's history, kept for the record (category from a dictionary). */
export const customerEvent = pgTable(
  'customer_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id').references(() => room.id),
    category: text('category').notNull(),
    occurredOn: date('occurred_on').notNull(),
    description: text('description').notNull(),
    handlerId: uuid('handler_id').notNull(),
    handlerName: text('handler_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customer_event_customer_idx').on(t.customerId, t.occurredOn)],
);

/**
 * 入伙: an owner receives the keys. Recorded with the purchase contract and handover-letter
 * numbers; the owner occupancy it opens is linked.
 */
export const moveIn = pgTable(
  'move_in',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => room.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id),
    occupancyId: uuid('occupancy_id').references(() => occupancy.id),
    moveInDate: date('move_in_date').notNull(),
    contractNo: text('contract_no'),
    handoverLetterNo: text('handover_letter_no'),
    inspectionNote: text('inspection_note'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('move_in_room_idx').on(t.roomId), index('move_in_customer_idx').on(t.customerId)],
);

export const renameStatuses = ['pending', 'approved', 'rejected', 'withdrawn'] as const;

/**
 * 更名: a change to a customer's name goes through a request and an approval (many companies do
 * not allow editing the name directly). Approving it changes the name; the request keeps both.
 */
export const renameRequest = pgTable(
  'rename_request',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    orgPath: text('org_path').notNull(),
    oldName: text('old_name').notNull(),
    newName: text('new_name').notNull(),
    reason: text('reason').notNull(),
    evidence: text('evidence'),
    status: text('status', { enum: renameStatuses }).notNull().default('pending'),
    requestedBy: uuid('requested_by').notNull(),
    requestedByName: text('requested_by_name').notNull(),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rename_request_customer_idx').on(t.customerId),
    index('rename_request_status_idx').on(t.status, t.createdAt),
    uniqueIndex('rename_request_one_pending_idx').on(t.customerId).where(sql`${t.status} = 'pending'`),
  ],
);
