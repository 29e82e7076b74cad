import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ticketTypes = ['complaint', 'repair', 'consultation', 'suggestion', 'query', 'praise'] as const;
export type TicketType = (typeof ticketTypes)[number];

export const severities = ['low', 'normal', 'high', 'urgent'] as const;
export type Severity = (typeof severities)[number];

export const catalogueNodeKinds = ['category', 'item'] as const;

/**
 * 投诉问题标准库: a tree of categories (房屋质量 › 渗漏) and items (卫生间渗漏). An item carries the
 * defaults a ticket takes from it: the ticket types it serves, the department that handles it,
 * severity, response and resolution limits (business minutes, or calendar minutes when
 * `calendarTime`), whether a return visit is required, and the trade (专业) that decides which
 * contractor's warranty covers it. Group-wide, maintained by all-data administrators.
 */
export const catalogueNode = pgTable(
  'catalogue_node',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id'),
    kind: text('kind', { enum: catalogueNodeKinds }).notNull(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    /** Materialised chain of ids, "/a/b/", for subtree queries. */
    path: text('path').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    ticketTypes: text('ticket_types', { enum: ticketTypes }).array().notNull().default(sql`'{}'::text[]`),
    /**
     * Dictionary `handling_department` (工程部, 客服部, 秩序部, 环境部, 财务部): the kind of
     * department that handles it; routing finds that department in the ticket's project office.
     */
    department: text('department'),
    severity: text('severity', { enum: severities }),
    responseMinutes: integer('response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    /** Count the limits in calendar time (24×7) instead of business time. */
    calendarTime: boolean('calendar_time').notNull().default(false),
    returnVisitRequired: boolean('return_visit_required').notNull().default(true),
    /** Dictionary `trade`: waterproofing, plumbing, electrical, decoration, heating … */
    trade: text('trade'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('catalogue_node_parent_idx').on(t.parentId, t.sortOrder),
    index('catalogue_node_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('catalogue_node_initials_idx').using('btree', sql`${t.nameInitials} text_pattern_ops`),
  ],
);
