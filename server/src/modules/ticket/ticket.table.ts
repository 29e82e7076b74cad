import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { catalogueNode, severities, ticketTypes } from '../catalogue/catalogue.table.js';
import { contractor } from '../contractor/contractor.table.js';
import { customer } from '../customer/customer.table.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { appUser } from '../user/user.table.js';
import { ticketStates } from './ticket.states.js';

export const receptionChannels = [
  'phone',
  'walk_in',
  'portal',
  'wechat',
  'email',
  'inspection',
  'handover',
  'other',
] as const;
export type ReceptionChannel = (typeof receptionChannels)[number];

/**
 * 接待记录: one contact at the service desk — who called or came, about which customer and room
 * (either may be unknown and linked later), what they said. Raises one or more tickets.
 */
export const receptionRecord = pgTable(
  'reception_record',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    /** JD-20261126-0001: readable on the phone. */
    publicNo: text('public_no').notNull().unique(),
    channel: text('channel', { enum: receptionChannels }).notNull(),
    callerName: text('caller_name'),
    /** Normalised mobile or landline as dialled. */
    callerPhone: text('caller_phone'),
    customerId: uuid('customer_id').references(() => customer.id),
    roomId: uuid('room_id').references(() => room.id),
    content: text('content').notNull(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => appUser.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reception_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('reception_project_idx').on(t.projectId, t.receivedAt),
    index('reception_customer_idx').on(t.customerId),
    index('reception_caller_phone_idx').on(t.callerPhone),
  ],
);

export const handlerKinds = ['user', 'department', 'contractor'] as const;
export type HandlerKind = (typeof handlerKinds)[number];
export const dispatchMethods = ['rule', 'duty', 'load', 'warranty', 'department', 'manual'] as const;
export type DispatchMethod = (typeof dispatchMethods)[number];
export const clockModes = ['business', 'calendar'] as const;

/**
 * 报事/任务: the unit of work. The row is the current state; `ticket_event` is the story.
 * `round` counts dispatch rounds: 1 at creation, +1 at each reopen; the SLA timers and
 * escalations of a round are unique per round, which is what makes the sweep safe to repeat.
 * Deadlines are instants computed on the ticket's calendar (business or calendar time); while
 * the ticket waits on the customer `pausedAt` is set and the timers hold no fire time.
 */
export const ticket = pgTable(
  'ticket',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id),
    /** BX-20261126-0007 (prefix by type). */
    publicNo: text('public_no').notNull().unique(),
    receptionId: uuid('reception_id').references(() => receptionRecord.id),
    type: text('type', { enum: ticketTypes }).notNull(),
    catalogueItemId: uuid('catalogue_item_id').references(() => catalogueNode.id),
    roomId: uuid('room_id').references(() => room.id),
    customerId: uuid('customer_id').references(() => customer.id),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    title: text('title').notNull(),
    content: text('content').notNull(),
    severity: text('severity', { enum: severities }).notNull().default('normal'),
    state: text('state', { enum: ticketStates }).notNull(),
    /** 受理人: the agent who stays responsible and does the return visit. */
    ownerAgentId: uuid('owner_agent_id')
      .notNull()
      .references(() => appUser.id),
    handlerKind: text('handler_kind', { enum: handlerKinds }),
    /** 责任人: the person doing the work (for a contractor, the dispatcher's contact on site). */
    handlerUserId: uuid('handler_user_id').references(() => appUser.id),
    handlerOrgId: uuid('handler_org_id').references(() => organization.id),
    contractorId: uuid('contractor_id').references(() => contractor.id),
    dispatchMethod: text('dispatch_method', { enum: dispatchMethods }),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    resolution: text('resolution'),
    round: integer('round').notNull().default(1),
    reopenCount: integer('reopen_count').notNull().default(0),
    // Time limits.
    calendarId: uuid('calendar_id'),
    clockMode: text('clock_mode', { enum: clockModes }).notNull().default('business'),
    responseMinutes: integer('response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    /** Start of the current round's clocks. */
    clockStartedAt: timestamp('clock_started_at', { withTimezone: true }),
    responseDueAt: timestamp('response_due_at', { withTimezone: true }),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    /** A deadline crossed into a year whose official holiday schedule is not yet entered. */
    deadlineProvisional: boolean('deadline_provisional').notNull().default(false),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    /** Business (or calendar) minutes spent waiting on the customer in this round. */
    pausedMinutes: integer('paused_minutes').notNull().default(0),
    responseOverdue: boolean('response_overdue').notNull().default(false),
    resolutionOverdue: boolean('resolution_overdue').notNull().default(false),
    slaWarned: boolean('sla_warned').notNull().default(false),
    /** Highest escalation level reached in this round; 0 = none. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    /** Escalations fired over the ticket's life; more than 3 → senior leadership. */
    escalationCount: integer('escalation_count').notNull().default(0),
    returnVisitRequired: boolean('return_visit_required').notNull().default(true),
    satisfaction: smallint('satisfaction'),
    topicId: uuid('topic_id'),
    mergedIntoId: uuid('merged_into_id'),
    cancelReason: text('cancel_reason'),
    /** Optimistic concurrency: bumped by every change of the row. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ticket_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('ticket_project_created_idx').on(t.projectId, t.createdAt),
    index('ticket_state_idx').on(t.state, t.createdAt),
    index('ticket_company_created_idx').on(t.companyId, t.createdAt),
    // The list's default order (newest first): a page of 20 walks the index instead of sorting the scope.
    index('ticket_created_idx').on(t.createdAt, t.id),
    // Open tickets are a few per cent of a long history: counting and listing them in a scope
    // reads this partial index, not every ticket of the company (measured at 5 M tickets).
    index('ticket_open_scope_idx')
      .on(t.orgPath.op('text_pattern_ops'), t.createdAt)
      .where(sql`${t.state} in ('new', 'dispatched', 'accepted', 'in_progress', 'waiting', 'reopened')`),
    // The list sorted by resolution deadline walks this instead of sorting the scope.
    index('ticket_resolution_due_idx').on(t.resolutionDueAt, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The list's search box (ticketTextMatch): pieces of the title and contact name, the number
    // by prefix, the contact phone reversed by prefix (its last digits).
    index('ticket_text_grams_idx').using(
      'gin',
      sql`customer_name_grams(${t.title} || ' ' || coalesce(${t.contactName}, ''))`,
    ),
    index('ticket_public_no_prefix_idx').using('btree', sql`${t.publicNo} text_pattern_ops`),
    index('ticket_contact_phone_suffix_idx').using('btree', sql`reverse(${t.contactPhone}) text_pattern_ops`),
    // The tickets merged into one (its detail lists them).
    index('ticket_merged_into_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    // Tickets whose deadlines wait for next year's official schedule (few; recomputed when it comes).
    index('ticket_provisional_idx').on(t.id).where(sql`${t.deadlineProvisional}`),
    index('ticket_handler_user_idx').on(t.handlerUserId, t.state),
    index('ticket_handler_org_idx').on(t.handlerOrgId, t.state),
    index('ticket_owner_agent_idx').on(t.ownerAgentId, t.state),
    index('ticket_customer_idx').on(t.customerId, t.createdAt),
    index('ticket_room_idx').on(t.roomId, t.createdAt),
    index('ticket_reception_idx').on(t.receptionId),
    index('ticket_contractor_idx').on(t.contractorId, t.state),
    index('ticket_topic_idx').on(t.topicId),
    index('ticket_catalogue_idx').on(t.catalogueItemId),
  ],
);

export const ticketEventKinds = [
  'created',
  'dispatched',
  'reassigned',
  'accepted',
  'progress',
  'note',
  'paused',
  'resumed',
  'reclassified',
  'deadline_recomputed',
  'sla_warning',
  'overdue',
  'escalated',
  'instruction',
  'resolved',
  'visited',
  'reopened',
  'closed',
  'cancelled',
  'merged',
  'topic_linked',
] as const;
export type TicketEventKind = (typeof ticketEventKinds)[number];
export const eventVisibilities = ['internal', 'customer'] as const;

/** The timeline: every state change, dispatch, note, attachment, escalation, instruction and visit. */
export const ticketEvent = pgTable(
  'ticket_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => ticket.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ticketEventKinds }).notNull(),
    fromState: text('from_state', { enum: ticketStates }),
    toState: text('to_state', { enum: ticketStates }),
    /** Null for the system (the SLA sweep). */
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    visibility: text('visibility', { enum: eventVisibilities }).notNull().default('internal'),
    body: text('body'),
    /** Kind-specific details: handler before/after, reason, level, satisfaction … */
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** Insertion order: events written in one transaction share their instant. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('ticket_event_ticket_idx').on(t.ticketId, t.occurredAt, t.seq)],
);

export const attachmentKinds = ['image', 'video'] as const;

/** Photos and videos of a progress update, stored in the file store by generated key. */
export const ticketAttachment = pgTable(
  'ticket_attachment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => ticket.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').references(() => ticketEvent.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: attachmentKinds }).notNull(),
    fileKey: text('file_key').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticket_attachment_ticket_idx').on(t.ticketId)],
);

export const slaClocks = ['response', 'resolution'] as const;
export type SlaClock = (typeof slaClocks)[number];
export const slaTimerKinds = ['warning', 'due', 'escalation'] as const;
export type SlaTimerKind = (typeof slaTimerKinds)[number];

/**
 * The sweep's schedule: one row per thing that must happen at a time (a warning at 80 % of a
 * limit, the overdue mark, each escalation level), unique per ticket × round × clock × kind ×
 * level. The sweep claims due rows (`fire_at <= now and fired_at is null`, through a partial
 * index, so its cost follows the due rows and not the table) and marks them fired in the same
 * transaction as their effect; a paused ticket's pending rows hold `fire_at = null`.
 */
export const slaTimer = pgTable(
  'sla_timer',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => ticket.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    clock: text('clock', { enum: slaClocks }).notNull(),
    kind: text('kind', { enum: slaTimerKinds }).notNull(),
    /** 0 for warning and due; the escalation level otherwise. */
    level: integer('level').notNull().default(0),
    fireAt: timestamp('fire_at', { withTimezone: true }),
    firedAt: timestamp('fired_at', { withTimezone: true }),
    /** Set when the ticket no longer needs it (accepted, resolved, cancelled). */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sla_timer_unique_idx').on(t.ticketId, t.round, t.clock, t.kind, t.level),
    index('sla_timer_due_idx')
      .on(t.fireAt)
      .where(sql`${t.firedAt} is null and ${t.cancelledAt} is null and ${t.fireAt} is not null`),
  ],
);

export const escalationTargetKinds = ['role', 'users'] as const;

/**
 * 升级规则: a ladder for a ticket type and/or catalogue subtree within a company (or the whole
 * group when `companyId` is null). The most specific active policy applies: catalogue item over
 * category over type over the default (neither).
 */
export const escalationPolicy = pgTable(
  'escalation_policy',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id').references(() => organization.id),
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    ticketType: text('ticket_type', { enum: ticketTypes }),
    catalogueNodeId: uuid('catalogue_node_id').references(() => catalogueNode.id),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('escalation_policy_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`)],
);

/**
 * One rung: after `afterMinutes` past the clock's deadline (in the ticket's clock mode), notify
 * the holders of `roleCode` whose scope covers the ticket's project, or the named users.
 * Default ladder: 1 客服主管, 2 项目经理, 3 公司客服负责人, 4 公司领导.
 */
export const escalationLevel = pgTable(
  'escalation_level',
  {
    policyId: uuid('policy_id')
      .notNull()
      .references(() => escalationPolicy.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    name: text('name').notNull(),
    afterMinutes: integer('after_minutes').notNull(),
    targetKind: text('target_kind', { enum: escalationTargetKinds }).notNull(),
    roleCode: text('role_code'),
    userIds: uuid('user_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [primaryKey({ columns: [t.policyId, t.level] })],
);

/** Each escalation that fired: unique per ticket × round × clock × level. */
export const ticketEscalation = pgTable(
  'ticket_escalation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => ticket.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    clock: text('clock', { enum: slaClocks }).notNull(),
    level: integer('level').notNull(),
    levelName: text('level_name').notNull(),
    recipientIds: uuid('recipient_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** More than three escalations in the ticket's life: senior leadership is told too. */
    senior: boolean('senior').notNull().default(false),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('ticket_escalation_unique_idx').on(t.ticketId, t.round, t.clock, t.level),
    index('ticket_escalation_recipients_idx').using('gin', t.recipientIds),
  ],
);

/**
 * 派工规则: which department or person takes tickets of some projects, types and catalogue
 * subtrees. Evaluated by ascending `priority`; the first match wins.
 */
export const routingRule = pgTable(
  'routing_rule',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    priority: integer('priority').notNull().default(100),
    /** Empty: every project of the company. */
    projectIds: uuid('project_ids').array().notNull().default(sql`'{}'::uuid[]`),
    ticketTypes: text('ticket_types', { enum: ticketTypes }).array().notNull().default(sql`'{}'::text[]`),
    /** Catalogue categories or items; a category covers its subtree. Empty: any. */
    catalogueNodeIds: uuid('catalogue_node_ids').array().notNull().default(sql`'{}'::uuid[]`),
    targetKind: text('target_kind', { enum: ['user', 'department'] }).notNull(),
    targetUserId: uuid('target_user_id').references(() => appUser.id),
    targetOrgId: uuid('target_org_id').references(() => organization.id),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('routing_rule_company_idx').on(t.companyId, t.priority)],
);

/**
 * 受理职责共享 / 值班: who is on duty for which projects and ticket types, on which weekdays
 * (1 = Monday … 7 = Sunday) and hours. Dispatch by load picks, among those on duty now, the one
 * with the fewest open tickets.
 */
export const dutyAssignment = pgTable(
  'duty_assignment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organization.id),
    orgPath: text('org_path').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    projectIds: uuid('project_ids').array().notNull().default(sql`'{}'::uuid[]`),
    ticketTypes: text('ticket_types', { enum: ticketTypes }).array().notNull().default(sql`'{}'::text[]`),
    /** Dictionary `handling_department`: the kind of work they take (工程部 …); null: any. */
    department: text('department'),
    weekdays: smallint('weekdays').array().notNull().default(sql`'{1,2,3,4,5,6,7}'::smallint[]`),
    startTime: time('start_time').notNull().default('00:00'),
    endTime: time('end_time').notNull().default('24:00'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('duty_assignment_company_idx').on(t.companyId), index('duty_assignment_user_idx').on(t.userId)],
);

/** 回访: a follow-up task for the owner agent after resolution, one per round. */
export const returnVisit = pgTable(
  'return_visit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => ticket.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => appUser.id),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    visitedAt: timestamp('visited_at', { withTimezone: true }),
    visitedBy: uuid('visited_by'),
    reached: boolean('reached'),
    satisfaction: smallint('satisfaction'),
    comment: text('comment'),
    /** closed (satisfied), reopened (unsatisfied), unreached (tried, no answer). */
    outcome: text('outcome', { enum: ['closed', 'reopened', 'unreached'] }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('return_visit_ticket_round_idx').on(t.ticketId, t.round),
    index('return_visit_agent_idx').on(t.agentId, t.visitedAt),
    // Visits still to make, by due time: the reminder walks these in order.
    index('return_visit_pending_due_idx').on(t.dueAt).where(sql`${t.visitedAt} is null`),
  ],
);

/** In-app notifications (站内消息) with unread counts; other channels come with messaging. */
export const notification = pgTable(
  'notification',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** The values the title was made from, so the web can say it in the reader's language. */
    params: jsonb('params').$type<Record<string, string>>(),
    ticketId: uuid('ticket_id').references(() => ticket.id, { onDelete: 'cascade' }),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notification_user_idx').on(t.userId, t.createdAt),
    index('notification_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    // "Has this ticket's reminder been sent?" (the return-visit reminder asks it per visit).
    index('notification_ticket_idx').on(t.ticketId, t.kind),
  ],
);

/** A user's saved ticket list view: a name and the list's filters. */
export const ticketView = pgTable(
  'ticket_view',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ticket_view_user_name_idx').on(t.userId, t.name)],
);

/** Daily counters behind the public numbers (BX-20261126-0007). */
export const publicNumberCounter = pgTable(
  'public_number_counter',
  {
    prefix: text('prefix').notNull(),
    day: text('day').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.day] })],
);
