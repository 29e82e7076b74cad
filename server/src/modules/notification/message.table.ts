import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customer } from '../customer/customer.table.js';
import { ticket } from '../ticket/ticket.table.js';
import { appUser } from '../user/user.table.js';

/** Outbound channels; in-app messages are the `notification` rows. */
export const messageChannels = ['sms', 'email', 'wechat'] as const;
export type MessageChannel = (typeof messageChannels)[number];

/** Who sends for a channel. `outbox` stores what would have been sent and shows it in the UI. */
export const messageProviders = ['outbox', 'aliyun_sms', 'tencent_sms', 'smtp', 'wechat_mp'] as const;
export type MessageProvider = (typeof messageProviders)[number];

/** The business events that send messages (the rules say to whom, the templates what). */
export const messageEvents = [
  'dispatched',
  'accepted',
  'resolved',
  'sla_warning',
  'overdue',
  'escalated',
  'instruction',
  'visit_due',
  'callback_due',
] as const;
export type MessageEvent = (typeof messageEvents)[number];

export const messageStates = ['queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled'] as const;
export type MessageState = (typeof messageStates)[number];

/**
 * 消息模板: what one event says on one channel, with {{variables}} (customer name, ticket number,
 * room, deadline, handler …). `enabled` is the rule switch: a disabled template sends nothing.
 * SMS providers need the signature and their own template code; WeChat its template id.
 */
export const messageTemplate = pgTable(
  'message_template',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    event: text('event', { enum: messageEvents }).notNull(),
    channel: text('channel', { enum: messageChannels }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** E-mail subject; WeChat first line. */
    subject: text('subject'),
    body: text('body').notNull(),
    smsSignName: text('sms_sign_name'),
    smsTemplateCode: text('sms_template_code'),
    wechatTemplateId: text('wechat_template_id'),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => appUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('message_template_event_channel_idx').on(t.event, t.channel)],
);

/**
 * 发送通道: one row per channel — which provider sends, its settings (plain) and credentials
 * (encrypted, never answered), and quiet hours in the given time zone (SMS not at night unless
 * urgent).
 */
export const messageChannel = pgTable('message_channel', {
  channel: text('channel', { enum: messageChannels }).primaryKey(),
  provider: text('provider', { enum: messageProviders }).notNull().default('outbox'),
  enabled: boolean('enabled').notNull().default(true),
  settings: jsonb('settings').$type<Record<string, string>>().notNull().default({}),
  /** Encrypted JSON of the provider's secrets (platform/secrets.ts). */
  credentialsEnc: text('credentials_enc'),
  /** 'HH:MM' start and end of quiet hours (may wrap midnight); null = none. */
  quietStart: text('quiet_start'),
  quietEnd: text('quiet_end'),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').references(() => appUser.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 发送记录: one message to one recipient on one channel, written in the transaction of the
 * business change that caused it and sent afterwards by the send job (retries with backoff;
 * held until quiet hours end). The address is encrypted, with a keyed hash to find it and a
 * masked copy to show.
 */
export const outboundMessage = pgTable(
  'outbound_message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel', { enum: messageChannels }).notNull(),
    event: text('event', { enum: messageEvents }).notNull(),
    templateId: uuid('template_id').references(() => messageTemplate.id, { onDelete: 'set null' }),
    recipientUserId: uuid('recipient_user_id').references(() => appUser.id),
    recipientCustomerId: uuid('recipient_customer_id').references(() => customer.id),
    recipientName: text('recipient_name'),
    addressEnc: text('address_enc').notNull(),
    addressHash: text('address_hash').notNull(),
    addressMasked: text('address_masked').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    /** The template variables, for providers that take them rather than the text (SMS, WeChat). */
    params: jsonb('params').$type<Record<string, string>>().notNull().default({}),
    ticketId: uuid('ticket_id').references(() => ticket.id, { onDelete: 'set null' }),
    /** The company whose business caused it, for scoping the sent log. */
    companyId: uuid('company_id'),
    urgent: boolean('urgent').notNull().default(false),
    state: text('state', { enum: messageStates }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** When the send job may try it (next) — later after a failure or during quiet hours. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    provider: text('provider', { enum: messageProviders }),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outbound_message_due_idx').on(t.nextAttemptAt).where(sql`${t.state} = 'queued'`),
    index('outbound_message_created_idx').on(t.createdAt),
    index('outbound_message_ticket_idx').on(t.ticketId),
    index('outbound_message_address_idx').on(t.addressHash),
    index('outbound_message_provider_idx').on(t.provider, t.providerMessageId),
  ],
);
