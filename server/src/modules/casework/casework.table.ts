import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ticketTypes } from '../catalogue/catalogue.table.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { ticket } from '../ticket/ticket.table.js';
import { appUser } from '../user/user.table.js';

/**
 * 解决方案库: answers for consultations and standard fixes, linked to catalogue nodes and ticket
 * types, searchable by title, pinyin initials and keywords from the reception screen. Each use
 * (an answer given from it) is counted. Group-wide when `companyId` is null.
 */
export const solutionArticle = pgTable(
  'solution_article',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id').references(() => organization.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    titlePinyin: text('title_pinyin').notNull(),
    titleInitials: text('title_initials').notNull(),
    body: text('body').notNull(),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    catalogueNodeIds: uuid('catalogue_node_ids').array().notNull().default(sql`'{}'::uuid[]`),
    ticketTypes: text('ticket_types', { enum: ticketTypes }).array().notNull().default(sql`'{}'::text[]`),
    usageCount: integer('usage_count').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('solution_article_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('solution_article_catalogue_idx').using('gin', t.catalogueNodeIds),
    index('solution_article_initials_idx').using('btree', sql`${t.titleInitials} text_pattern_ops`),
  ],
);

/** One use of an article: which ticket it answered, by whom. */
export const solutionUse = pgTable(
  'solution_use',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => solutionArticle.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').references(() => ticket.id, { onDelete: 'set null' }),
    userId: uuid('user_id'),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('solution_use_article_idx').on(t.articleId, t.usedAt)],
);

export const topicStates = ['open', 'closed'] as const;

/**
 * 投诉专题: a group complaint or hot issue (电梯频繁故障, 地库渗水) — one master ticket and many
 * linked tickets (`ticket.topic_id`). One progress update on the topic goes to every linked
 * ticket's timeline, visible to its customer.
 */
export const complaintTopic = pgTable(
  'complaint_topic',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    /** ZT-20261126-0001. */
    publicNo: text('public_no').notNull().unique(),
    title: text('title').notNull(),
    description: text('description'),
    masterTicketId: uuid('master_ticket_id').references(() => ticket.id),
    state: text('state', { enum: topicStates }).notNull().default('open'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('complaint_topic_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('complaint_topic_project_idx').on(t.projectId, t.createdAt),
  ],
);

/**
 * 赔付审批档位: the approval chain for compensation up to an amount (fen; null = no upper
 * bound), as ordered role codes (e.g. ≤ ¥500: 客服主管; ≤ ¥5,000: 客服主管 → 项目经理; above:
 * 客服主管 → 项目经理 → 公司领导). A company's tiers replace the group's.
 */
export const compensationTier = pgTable(
  'compensation_tier',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id').references(() => organization.id),
    orgPath: text('org_path').notNull(),
    maxAmountFen: bigint('max_amount_fen', { mode: 'number' }),
    roleCodes: text('role_codes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('compensation_tier_company_idx').on(t.companyId)],
);

export const compensationStates = ['pending', 'approved', 'rejected', 'withdrawn', 'paid'] as const;

/** 赔付: a request on a ticket, amount in integer fen, approved step by step along its tier's chain. */
export const compensationRequest = pgTable(
  'compensation_request',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => ticket.id),
    /** PF-20261126-0001. */
    publicNo: text('public_no').notNull().unique(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    /** The chain fixed at request time. */
    roleCodes: text('role_codes').array().notNull(),
    /** Index into roleCodes of the step awaiting a decision. */
    currentStep: integer('current_step').notNull().default(0),
    state: text('state', { enum: compensationStates }).notNull().default('pending'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => appUser.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    paymentNote: text('payment_note'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('compensation_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('compensation_project_idx').on(t.projectId, t.requestedAt),
    index('compensation_ticket_idx').on(t.ticketId),
    index('compensation_state_idx').on(t.state, t.currentStep),
  ],
);

/** One decision on one step of a compensation request. */
export const compensationApproval = pgTable(
  'compensation_approval',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => compensationRequest.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    roleCode: text('role_code').notNull(),
    approverId: uuid('approver_id')
      .notNull()
      .references(() => appUser.id),
    decision: text('decision', { enum: ['approved', 'rejected'] }).notNull(),
    comment: text('comment'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('compensation_approval_step_idx').on(t.requestId, t.step)],
);
