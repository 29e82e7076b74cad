import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customer } from '../customer/customer.table.js';
import { organization } from '../org/org.table.js';
import { receptionRecord } from '../ticket/ticket.table.js';
import { appUser } from '../user/user.table.js';

export const callDirections = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof callDirections)[number];

/** ringing → answered → ended; ringing → missed (hung up before anyone answered). */
export const callStates = ['ringing', 'answered', 'ended', 'missed'] as const;
export type CallState = (typeof callStates)[number];

/** A missed inbound call becomes a call-back to-do (pending) until someone calls back (done). */
export const callbackStates = ['none', 'pending', 'done'] as const;
export type CallbackState = (typeof callbackStates)[number];

/** What a switch or cloud telephony service reports about one call. */
export const ctiEventKinds = ['ringing', 'answered', 'hangup', 'missed'] as const;
export type CtiEventKind = (typeof ctiEventKinds)[number];

/**
 * 通话记录: one call, built up from the telephony events about it (keyed by the provider's call
 * id), or started here by click-to-call. Numbers are stored normalised (digits; mainland mobiles
 * without +86) and masked in answers unless the reader may reveal them.
 */
export const callRecord = pgTable(
  'call_record',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Which integration reported it ('cti' for the signed endpoint, 'dial' for click-to-call). */
    source: text('source').notNull().default('cti'),
    /** The provider's call id; unique per source. */
    externalId: text('external_id').notNull(),
    direction: text('direction', { enum: callDirections }).notNull(),
    callerNumber: text('caller_number').notNull(),
    calledNumber: text('called_number').notNull(),
    /** The agent's extension the call rang at (inbound) or was placed from (outbound). */
    extension: text('extension'),
    agentUserId: uuid('agent_user_id').references(() => appUser.id),
    /** The agent's company at the time, for scoping the call log. */
    companyId: uuid('company_id').references(() => organization.id),
    state: text('state', { enum: callStates }).notNull(),
    ringingAt: timestamp('ringing_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Talk time in seconds (answered → ended); 0 for a missed call. */
    durationSeconds: integer('duration_seconds'),
    recordingUrl: text('recording_url'),
    /** The customer the agent linked the call to (or the only one the number matched). */
    customerId: uuid('customer_id').references(() => customer.id),
    receptionId: uuid('reception_id').references(() => receptionRecord.id),
    callbackState: text('callback_state', { enum: callbackStates }).notNull().default('none'),
    callbackUserId: uuid('callback_user_id').references(() => appUser.id),
    callbackAt: timestamp('callback_at', { withTimezone: true }),
    callbackNote: text('callback_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('call_record_external_idx').on(t.source, t.externalId),
    index('call_record_created_idx').on(t.createdAt),
    index('call_record_agent_idx').on(t.agentUserId, t.createdAt),
    index('call_record_caller_idx').on(t.callerNumber),
    index('call_record_customer_idx').on(t.customerId),
    index('call_record_callback_idx').on(t.companyId, t.createdAt).where(sql`${t.callbackState} = 'pending'`),
  ],
);

/**
 * Every signed telephony event as received: the call log's evidence and the replay guard (the
 * same signature is accepted once; stale timestamps are refused before they get here).
 */
export const ctiEvent = pgTable(
  'cti_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id').references(() => callRecord.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ctiEventKinds }).notNull(),
    /** SHA-256 of the request's signature: unique, so a replayed request is refused. */
    signatureHash: text('signature_hash').notNull(),
    /** The time the sender put in the signed request. */
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    uniqueIndex('cti_event_signature_idx').on(t.signatureHash),
    index('cti_event_call_idx').on(t.callId),
    index('cti_event_received_idx').on(t.receivedAt),
  ],
);
