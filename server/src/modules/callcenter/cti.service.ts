// Telephony events → call records. Each signed event is kept (cti_event, the replay guard) and
// folded into its call's record, whatever order the events arrive in.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { Deps, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskMobile } from '../../platform/mask.js';
import { normaliseCallNumber } from '../../platform/phone.js';
import { publish } from '../../platform/realtime.js';
import { customer, customerPhone } from '../customer/customer.table.js';
import { appUser } from '../user/user.table.js';
import { notifyCallbackDue } from './call.notify.js';
import type { CtiEventInput } from './call.schema.js';
import { type CallDirection, type CtiEventKind, callRecord, ctiEvent } from './call.table.js';

type CallRow = typeof callRecord.$inferSelect;

const numberLabels = {
  callerNumber: { 'zh-CN': '主叫号码', 'en-US': 'Caller number' },
  calledNumber: { 'zh-CN': '被叫号码', 'en-US': 'Called number' },
} as const;

/** A number from the switch, normalised, or 422 naming the field. */
export function cleanNumber(ctx: RequestContext, field: keyof typeof numberLabels, value: string): string {
  const result = normaliseCallNumber(value);
  if (result.number !== undefined) return result.number;
  const params = { label: numberLabels[field][ctx.locale], number: value.slice(0, 40) };
  const zh = ctx.locale === 'zh-CN';
  const message = zh
    ? `${params.label}“${params.number}”不是有效的电话号码`
    : `${params.label} "${params.number}" is not a valid phone number`;
  throw new AppError('CALL_NUMBER_INVALID', params, {
    errors: [{ field, in: 'body', message, reason: result.problem }],
  });
}

/** The customer's side of a call: the caller of an inbound call, the called of an outbound one. */
export function customerNumber(row: Pick<CallRow, 'direction' | 'callerNumber' | 'calledNumber'>): string {
  return row.direction === 'outbound' ? row.calledNumber : row.callerNumber;
}

export function maskNumber(number: string): string {
  return number === 'anonymous' ? number : maskMobile(number);
}

/**
 * What an event does to a call: ringing only stamps the time; answered starts the talk; a
 * hangup ends it, with the talk time when it was answered, else as missed (an inbound one then
 * becomes a call-back to-do). An answered that arrives after the hangup turns the missed call
 * into an ended one, and its call-back to-do goes away unless someone already did it.
 */
export function transition(
  row: Pick<CallRow, 'state' | 'ringingAt' | 'answeredAt' | 'endedAt' | 'callbackState'>,
  kind: CtiEventKind,
  at: Date,
  direction: CallDirection,
): Partial<CallRow> {
  const talk = (answeredAt: Date, endedAt: Date) =>
    Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000));
  if (kind === 'ringing') return { ringingAt: row.ringingAt ?? at };
  if (kind === 'answered') {
    const answeredAt = row.answeredAt ?? at;
    if (row.endedAt) {
      return {
        answeredAt,
        state: 'ended',
        durationSeconds: talk(answeredAt, row.endedAt),
        callbackState: row.callbackState === 'pending' ? 'none' : row.callbackState,
      };
    }
    return { answeredAt, state: 'answered' };
  }
  const endedAt = row.endedAt ?? at;
  if (row.answeredAt) return { endedAt, state: 'ended', durationSeconds: talk(row.answeredAt, endedAt) };
  return {
    endedAt,
    state: 'missed',
    durationSeconds: 0,
    callbackState: direction === 'inbound' && row.callbackState === 'none' ? 'pending' : row.callbackState,
  };
}

const kindWords: Record<CtiEventKind, string> = {
  ringing: '振铃',
  answered: '接听',
  hangup: '挂机',
  missed: '未接',
};

async function agentOf(tx: Tx, extension: string) {
  const [row] = await tx
    .select({ id: appUser.id, companyId: appUser.companyId, orgPath: appUser.orgPath })
    .from(appUser)
    .where(and(eq(appUser.extension, extension), eq(appUser.active, true)));
  return row ?? null;
}

/** The only customer of the company with this mobile, if there is exactly one. */
async function onlyCustomer(tx: Tx, companyId: string, number: string): Promise<string | null> {
  const rows = await tx
    .selectDistinct({ id: customer.id })
    .from(customerPhone)
    .innerJoin(customer, eq(customer.id, customerPhone.customerId))
    .where(and(eq(customerPhone.number, number), eq(customer.companyId, companyId), eq(customer.active, true)))
    .limit(2);
  return rows.length === 1 ? (rows[0]?.id ?? null) : null;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * Takes one verified event. Answers nothing about the call or its customer: the sender only
 * learns that the event was accepted.
 */
export async function receiveCtiEvent(
  deps: Deps,
  ctx: RequestContext,
  input: CtiEventInput,
  signed: { sentAt: Date; signatureHash: string },
): Promise<void> {
  const callerNumber = cleanNumber(ctx, 'callerNumber', input.callerNumber);
  const calledNumber = cleanNumber(ctx, 'calledNumber', input.calledNumber);
  const at = input.occurredAt ? new Date(input.occurredAt) : signed.sentAt;
  const now = deps.clock();
  try {
    await write(deps, ctx, async (tx, audit) => {
      // A click-to-call placed here carries its provider id; its events fold into that record.
      const [dialled] = await tx
        .select({ id: callRecord.id })
        .from(callRecord)
        .where(and(eq(callRecord.source, 'dial'), eq(callRecord.externalId, input.callId)));
      const source = dialled ? 'dial' : 'cti';
      const inserted = dialled
        ? []
        : await tx
            .insert(callRecord)
            .values({
              source,
              externalId: input.callId,
              direction: input.direction,
              callerNumber,
              calledNumber,
              state: 'ringing',
              createdAt: now,
              updatedAt: now,
            })
            .onConflictDoNothing({ target: [callRecord.source, callRecord.externalId] })
            .returning({ id: callRecord.id });
      const created = inserted.length > 0;
      const [before] = await tx
        .select()
        .from(callRecord)
        .where(and(eq(callRecord.source, source), eq(callRecord.externalId, input.callId)))
        .for('update');
      if (!before) throw new Error('call record vanished');

      const patch: Partial<CallRow> = transition(before, input.event, at, before.direction);
      let agentOrgPath: string | null = null;
      let agentChanged = false;
      if (input.extension && (input.extension !== before.extension || !before.agentUserId)) {
        const agent = await agentOf(tx, input.extension);
        patch.extension = input.extension;
        patch.agentUserId = agent?.id ?? null;
        patch.companyId = agent?.companyId ?? before.companyId;
        agentOrgPath = agent?.orgPath ?? null;
        agentChanged = (agent?.id ?? null) !== before.agentUserId;
      }
      if (input.recordingUrl) patch.recordingUrl = input.recordingUrl;
      const companyId = patch.companyId ?? before.companyId;
      if (!before.customerId && companyId) {
        const only = await onlyCustomer(tx, companyId, customerNumber(before));
        if (only) patch.customerId = only;
      }
      const [after] = await tx
        .update(callRecord)
        .set({ ...patch, updatedAt: now })
        .where(eq(callRecord.id, before.id))
        .returning();
      if (!after) throw new Error('call record update returned nothing');
      await tx.insert(ctiEvent).values({
        callId: after.id,
        kind: input.event,
        signatureHash: signed.signatureHash,
        sentAt: signed.sentAt,
        receivedAt: now,
        payload: { ...input, callerNumber: maskNumber(callerNumber), calledNumber: maskNumber(calledNumber) },
      });
      if (!agentOrgPath && after.agentUserId) {
        const [agent] = await tx
          .select({ orgPath: appUser.orgPath })
          .from(appUser)
          .where(eq(appUser.id, after.agentUserId));
        agentOrgPath = agent?.orgPath ?? null;
      }
      audit.record({
        action: 'cti.event',
        entityType: 'call',
        entityId: after.id,
        orgPath: agentOrgPath,
        summary: `话务事件：${kindWords[input.event]}（通话 ${input.callId.slice(0, 64)}，分机 ${after.extension ?? '无'}）`,
        after: {
          event: input.event,
          direction: after.direction,
          state: after.state,
          extension: after.extension,
          durationSeconds: after.durationSeconds,
          created,
        },
      });
      if (before.callbackState !== 'pending' && after.callbackState === 'pending') {
        await notifyCallbackDue(tx, deps.secrets, after, now);
      }
      // The screen pop (and its updates) for the agent the call rang at or who answered it.
      if (after.agentUserId && (after.state !== before.state || created || agentChanged)) {
        await publish(tx, {
          type: 'call',
          userId: after.agentUserId,
          callId: after.id,
          number: maskNumber(customerNumber(after)),
          state: after.state,
        });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CTI_REPLAYED');
    throw error;
  }
}

/** A refused telephony request, in the audit log (bounded by the per-IP limit). */
export async function recordCtiRejection(deps: Deps, ctx: RequestContext, reason: string): Promise<void> {
  await write(deps, ctx, async (_tx, audit) => {
    audit.record({
      action: 'cti.rejected',
      entityType: 'cti_event',
      summary: `拒绝话务事件：${reason}（来源 ${ctx.ip}）`,
      after: { reason, ip: ctx.ip },
    });
  });
}
