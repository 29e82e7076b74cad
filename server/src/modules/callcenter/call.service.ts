// 通话记录: the call log, the screen pop, linking a call to its customer and reception record,
// call-backs and click-to-call. Policy first (permission on the route, data scope here), then
// the work inside an audited write.
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskMobile } from '../../platform/mask.js';
import { normaliseCallNumber } from '../../platform/phone.js';
import { scopeStaff } from '../../platform/scope.js';
import { roomWarranties } from '../contractor/warranty.service.js';
import { customerScope, occupanciesOf } from '../customer/customer.repository.js';
import { contactRecord, customer, customerPhone } from '../customer/customer.table.js';
import { loadNames, presentSummaries, receptionVisible, ticketVisible } from '../ticket/ticket.repository.js';
import { openStates } from '../ticket/ticket.states.js';
import { receptionRecord, ticket } from '../ticket/ticket.table.js';
import { appUser } from '../user/user.table.js';
import type { CallDto, CallFilter, CallPopDto, CallUpdateInput, DialInput } from './call.schema.js';
import { callRecord } from './call.table.js';
import { cleanNumber, customerNumber, maskNumber } from './cti.service.js';
import { type DialLogger, dialAdapter } from './dial.adapter.js';

export type CallRow = typeof callRecord.$inferSelect;

// ── scope ──────────────────────────────────────────────────────────────────

/**
 * A call is visible to its agent, and to whoever's scope covers the agent's place in the
 * organisation (a supervisor sees the calls of the agents of their office). Calls that rang no
 * known extension are visible to group-wide users only.
 */
export function callVisible(ctx: AuthedContext): SQL | undefined {
  const scope = ctx.actor.scope;
  if (scope.all) return undefined;
  return or(
    eq(callRecord.agentUserId, ctx.actor.id),
    sql`exists (select 1 from ${appUser} where ${appUser.id} = ${callRecord.agentUserId} and ${scopeStaff(scope, appUser.orgPath)})`,
  );
}

export async function callRow(db: DbOrTx, ctx: AuthedContext, id: string): Promise<CallRow> {
  const [row] = await db
    .select()
    .from(callRecord)
    .where(and(eq(callRecord.id, id), callVisible(ctx)));
  if (!row) throw new AppError('CALL_NOT_FOUND');
  return row;
}

// ── presenting ─────────────────────────────────────────────────────────────

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Numbers of the customer's side masked (QUALITY.md 17); the company's own side shown. */
export async function presentCalls(db: DbOrTx, rows: CallRow[]): Promise<CallDto[]> {
  const names = await loadNames(db, {
    users: rows.flatMap((r) => [r.agentUserId, r.callbackUserId]),
    customers: rows.map((r) => r.customerId),
  });
  const receptionIds = [...new Set(rows.map((r) => r.receptionId).filter((x): x is string => !!x))];
  const receptions = receptionIds.length
    ? await db
        .select({ id: receptionRecord.id, publicNo: receptionRecord.publicNo })
        .from(receptionRecord)
        .where(inArray(receptionRecord.id, receptionIds))
    : [];
  const receptionNo = new Map(receptions.map((r) => [r.id, r.publicNo]));
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    direction: r.direction,
    state: r.state,
    callerNumber: r.direction === 'inbound' ? maskNumber(r.callerNumber) : r.callerNumber,
    calledNumber: r.direction === 'outbound' ? maskNumber(r.calledNumber) : r.calledNumber,
    extension: r.extension,
    agentUserId: r.agentUserId,
    agentName: r.agentUserId ? (names.users.get(r.agentUserId) ?? null) : null,
    ringingAt: iso(r.ringingAt),
    answeredAt: iso(r.answeredAt),
    endedAt: iso(r.endedAt),
    durationSeconds: r.durationSeconds,
    recordingUrl: r.recordingUrl,
    customerId: r.customerId,
    customerName: r.customerId ? (names.customers.get(r.customerId) ?? null) : null,
    receptionId: r.receptionId,
    receptionNo: r.receptionId ? (receptionNo.get(r.receptionId) ?? null) : null,
    callbackState: r.callbackState,
    callbackUserName: r.callbackUserId ? (names.users.get(r.callbackUserId) ?? null) : null,
    callbackAt: iso(r.callbackAt),
    callbackNote: r.callbackNote,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function presentCall(db: DbOrTx, row: CallRow): Promise<CallDto> {
  const [dto] = await presentCalls(db, [row]);
  return dto as CallDto;
}

// ── the call log ───────────────────────────────────────────────────────────

function conditions(ctx: AuthedContext, f: CallFilter): SQL | undefined {
  const list: (SQL | undefined)[] = [callVisible(ctx)];
  if (f.direction) list.push(eq(callRecord.direction, f.direction));
  if (f.state) list.push(eq(callRecord.state, f.state));
  if (f.callback) list.push(eq(callRecord.callbackState, f.callback));
  if (f.agentUserId) list.push(eq(callRecord.agentUserId, f.agentUserId));
  if (f.customerId) list.push(eq(callRecord.customerId, f.customerId));
  if (f.from) list.push(gte(callRecord.createdAt, new Date(f.from)));
  if (f.to) list.push(lt(callRecord.createdAt, new Date(f.to)));
  if (f.number) {
    // An exact number: as normalised, so 138-0013-8000 finds 13800138000; an invalid one finds nothing.
    const n = normaliseCallNumber(f.number).number ?? f.number.replace(/\D/g, '');
    list.push(or(eq(callRecord.callerNumber, n), eq(callRecord.calledNumber, n)));
  }
  return and(...list);
}

export async function listCalls(deps: Deps, ctx: AuthedContext, q: CallFilter & { current: number; pageSize: number }) {
  const where = conditions(ctx, q);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(callRecord)
      .where(where)
      .orderBy(desc(callRecord.createdAt), asc(callRecord.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(callRecord).where(where),
  ]);
  return { data: await presentCalls(deps.db, rows), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function countCalls(deps: Deps, ctx: AuthedContext, f: CallFilter): Promise<number> {
  const [row] = await deps.db.select({ n: count() }).from(callRecord).where(conditions(ctx, f));
  return row?.n ?? 0;
}

export async function exportCallRows(deps: Deps, ctx: AuthedContext, f: CallFilter, limit: number) {
  const rows = await deps.db
    .select()
    .from(callRecord)
    .where(conditions(ctx, f))
    .orderBy(desc(callRecord.createdAt), asc(callRecord.id))
    .limit(limit);
  return presentCalls(deps.db, rows);
}

/** 待回拨: missed inbound calls in my call log nobody has called back yet. */
export async function pendingCallbackCount(deps: Deps, ctx: AuthedContext): Promise<number> {
  if (!ctx.actor.permissions.has('call.read')) return 0;
  const [row] = await deps.db
    .select({ n: count() })
    .from(callRecord)
    .where(and(eq(callRecord.callbackState, 'pending'), callVisible(ctx)));
  return row?.n ?? 0;
}

// ── the screen pop ─────────────────────────────────────────────────────────

const POP_TICKETS = 10;
const POP_CONTACTS = 5;
const POP_RECEPTIONS = 5;

/**
 * Who is calling: every customer the caller may see with this number (of the call's company),
 * each with their current rooms and roles, open tickets with their time limits, the last contact
 * and reception records, and the warranty of the rooms. Personal data masked as elsewhere.
 */
export async function callPop(deps: Deps, ctx: AuthedContext, id: string): Promise<CallPopDto> {
  const call = await callRow(deps.db, ctx, id);
  const number = customerNumber(call);
  const now = deps.clock();
  const matches =
    number === 'anonymous'
      ? []
      : await deps.db
          .selectDistinct({ customer })
          .from(customerPhone)
          .innerJoin(customer, eq(customer.id, customerPhone.customerId))
          .where(
            and(
              eq(customerPhone.number, number),
              eq(customer.active, true),
              customerScope(ctx),
              call.companyId ? eq(customer.companyId, call.companyId) : undefined,
            ),
          )
          .orderBy(asc(customer.code))
          .limit(10);
  const rows = matches.map((m) => m.customer);
  // The customer the call is linked to comes first.
  rows.sort((a, b) => Number(b.id === call.customerId) - Number(a.id === call.customerId));
  const ids = rows.map((r) => r.id);
  const scope = ctx.actor.scope;
  const [rooms, phones, tickets, contacts, receptions] = await Promise.all([
    occupanciesOf(deps.db, scope, ids, true),
    ids.length
      ? deps.db
          .select()
          .from(customerPhone)
          .where(and(inArray(customerPhone.customerId, ids), eq(customerPhone.isPrimary, true)))
      : Promise.resolve([]),
    ids.length
      ? deps.db
          .select()
          .from(ticket)
          .where(and(inArray(ticket.customerId, ids), inArray(ticket.state, [...openStates]), ticketVisible(scope)))
          .orderBy(sql`${ticket.resolutionDueAt} asc nulls last`, desc(ticket.createdAt))
          .limit(POP_TICKETS * ids.length)
      : Promise.resolve([]),
    Promise.all(
      ids.map((cid) =>
        deps.db
          .select()
          .from(contactRecord)
          .where(eq(contactRecord.customerId, cid))
          .orderBy(desc(contactRecord.occurredAt))
          .limit(POP_CONTACTS),
      ),
    ),
    Promise.all(
      ids.map((cid) =>
        deps.db
          .select()
          .from(receptionRecord)
          .where(and(eq(receptionRecord.customerId, cid), receptionVisible(scope)))
          .orderBy(desc(receptionRecord.receivedAt))
          .limit(POP_RECEPTIONS),
      ),
    ),
  ]);
  const roomIds = [...new Set(rooms.map((r) => r.roomId))];
  // The warranty answer carries the room's delivery date too; rooms and the names the answer
  // shows are read side by side.
  const [roomAnswers, ticketDtos, staff, callDto] = await Promise.all([
    Promise.all(roomIds.map((roomId) => roomWarranties(deps, ctx, roomId, now).catch(() => null))),
    presentSummaries(deps.db, tickets, now),
    loadNames(deps.db, { users: receptions.flat().map((r) => r.agentId) }),
    presentCall(deps.db, call),
  ]);
  const deliveryOf = new Map<string, string | null>();
  const warranties = new Map<string, CallPopDto['customers'][number]['rooms'][number]['warranty']>();
  roomIds.forEach((roomId, i) => {
    const w = roomAnswers[i];
    deliveryOf.set(roomId, w?.deliveryDate ?? null);
    warranties.set(
      roomId,
      (w?.items ?? [])
        .filter((item) => item.contractor !== null)
        .map((item) => ({
          trade: item.trade,
          tradeLabel: item.tradeLabel,
          inWarranty: item.inWarranty,
          end: item.end,
          contractorName: item.contractor?.name ?? null,
        })),
    );
  });
  // One entry per room, with every role the customer holds there (owner and resident, say).
  const roomsOf = (customerId: string) => {
    const out: CallPopDto['customers'][number]['rooms'] = [];
    for (const r of rooms.filter((x) => x.customerId === customerId)) {
      const seen = out.find((x) => x.roomId === r.roomId);
      if (seen) {
        if (!seen.roles.includes(r.role)) seen.roles.push(r.role);
        if (r.fromDate < seen.fromDate) seen.fromDate = r.fromDate;
        continue;
      }
      out.push({
        roomId: r.roomId,
        roomCode: r.roomCode,
        projectId: r.projectId,
        projectName: r.projectName,
        roles: [r.role],
        fromDate: r.fromDate,
        deliveryDate: deliveryOf.get(r.roomId) ?? null,
        warranty: warranties.get(r.roomId) ?? [],
      });
    }
    return out;
  };
  const customers = rows.map((c, i) => {
    const primary = phones.find((p) => p.customerId === c.id);
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      kind: c.kind,
      tags: c.tags,
      mobile: primary ? maskMobile(primary.number) : null,
      rooms: roomsOf(c.id),
      openTickets: ticketDtos.filter((t) => t.customerId === c.id).slice(0, POP_TICKETS),
      contacts: (contacts[i] ?? []).map((r) => ({
        id: r.id,
        channel: r.channel,
        occurredAt: r.occurredAt.toISOString(),
        summary: r.summary,
        staffName: r.staffName,
      })),
      receptions: (receptions[i] ?? []).map((r) => ({
        id: r.id,
        publicNo: r.publicNo,
        receivedAt: r.receivedAt.toISOString(),
        content: r.content,
        agentName: staff.users.get(r.agentId) ?? '',
      })),
    };
  });
  return {
    call: callDto,
    number: maskNumber(number),
    matched: customers.length > 0,
    customers,
    // An unknown caller on this agent's line: the number prefills 新建客户 (nobody else gets it).
    ...(customers.length === 0 && call.agentUserId === ctx.actor.id && number !== 'anonymous'
      ? { fullNumber: number }
      : {}),
  };
}

// ── linking, call-backs ────────────────────────────────────────────────────

async function visibleCustomer(deps: Deps, ctx: AuthedContext, call: CallRow, customerId: string) {
  const [c] = await deps.db
    .select({ id: customer.id, companyId: customer.companyId })
    .from(customer)
    .where(and(eq(customer.id, customerId), customerScope(ctx)));
  if (!c || (call.companyId && c.companyId !== call.companyId)) throw new AppError('CUSTOMER_NOT_FOUND');
  return c;
}

export async function updateCall(deps: Deps, ctx: AuthedContext, id: string, input: CallUpdateInput): Promise<CallDto> {
  const before = await callRow(deps.db, ctx, id);
  const patch: Partial<CallRow> = {};
  if (input.customerId !== undefined) {
    patch.customerId = input.customerId ? (await visibleCustomer(deps, ctx, before, input.customerId)).id : null;
  }
  if (input.receptionId !== undefined) {
    if (input.receptionId) {
      const [rec] = await deps.db
        .select({ id: receptionRecord.id, customerId: receptionRecord.customerId })
        .from(receptionRecord)
        .where(and(eq(receptionRecord.id, input.receptionId), receptionVisible(ctx.actor.scope)));
      if (!rec) throw new AppError('RECEPTION_NOT_FOUND');
      patch.receptionId = rec.id;
      if (input.customerId === undefined && !before.customerId && rec.customerId) patch.customerId = rec.customerId;
    } else {
      patch.receptionId = null;
    }
  }
  const after = await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(callRecord)
      .set({ ...patch, updatedAt: deps.clock() })
      .where(eq(callRecord.id, id))
      .returning();
    audit.record({
      action: 'call.link',
      entityType: 'call',
      entityId: id,
      summary: '通话记录关联客户或接待记录',
      before: { customerId: before.customerId, receptionId: before.receptionId },
      after: { customerId: row?.customerId, receptionId: row?.receptionId },
    });
    return row as CallRow;
  });
  return presentCall(deps.db, after);
}

export async function completeCallback(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  note: string | undefined,
): Promise<CallDto> {
  await callRow(deps.db, ctx, id);
  const now = deps.clock();
  const after = await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(callRecord)
      .set({
        callbackState: 'done',
        callbackUserId: ctx.actor.id,
        callbackAt: now,
        callbackNote: note ?? null,
        updatedAt: now,
      })
      .where(and(eq(callRecord.id, id), eq(callRecord.callbackState, 'pending')))
      .returning();
    if (!row) throw new AppError('CALLBACK_NOT_PENDING');
    audit.record({
      action: 'call.callback',
      entityType: 'call',
      entityId: id,
      summary: '标记未接来电已回拨',
      after: { callbackState: 'done', callbackNote: row.callbackNote },
    });
    return row;
  });
  return presentCall(deps.db, after);
}

/**
 * A reception record raised from a screen pop links its call (inside the reception's own
 * transaction). The call takes the reception's customer when it has none.
 */
export async function linkCallToReception(
  tx: Tx,
  ctx: AuthedContext,
  callId: string,
  reception: { id: string; customerId: string | null },
  now: Date,
): Promise<CallRow> {
  const [call] = await tx
    .select()
    .from(callRecord)
    .where(and(eq(callRecord.id, callId), callVisible(ctx)));
  if (!call) throw new AppError('CALL_NOT_FOUND', {}, { errors: [{ field: 'callId', in: 'body' }] });
  const [row] = await tx
    .update(callRecord)
    .set({ receptionId: reception.id, customerId: call.customerId ?? reception.customerId, updatedAt: now })
    .where(eq(callRecord.id, callId))
    .returning();
  return row as CallRow;
}

/** The caller's number for a reception raised from a call: the customer's side, in full. */
export async function callerOfCall(deps: Deps, ctx: AuthedContext, callId: string): Promise<string | null> {
  const call = await callRow(deps.db, ctx, callId);
  const n = customerNumber(call);
  return n === 'anonymous' ? null : n;
}

// ── click-to-call ──────────────────────────────────────────────────────────

export async function dialCall(deps: Deps, ctx: AuthedContext, input: DialInput, log: DialLogger): Promise<CallDto> {
  const [me] = await deps.db
    .select({ extension: appUser.extension, companyId: appUser.companyId, orgPath: appUser.orgPath })
    .from(appUser)
    .where(eq(appUser.id, ctx.actor.id));
  const extension = input.extension ?? me?.extension ?? null;
  if (!extension) throw new AppError('EXTENSION_REQUIRED', {}, { errors: [{ field: 'extension', in: 'body' }] });
  let number: string | null = null;
  let customerId: string | null = null;
  if (input.number !== undefined) {
    number = cleanNumber(ctx, 'calledNumber', input.number);
    if (number === 'anonymous') throw new AppError('DIAL_TARGET_MISSING');
  } else if (input.customerId) {
    const [c] = await deps.db
      .select({ id: customer.id, number: customerPhone.number })
      .from(customer)
      .leftJoin(customerPhone, and(eq(customerPhone.customerId, customer.id), eq(customerPhone.isPrimary, true)))
      .where(and(eq(customer.id, input.customerId), customerScope(ctx)));
    if (!c) throw new AppError('CUSTOMER_NOT_FOUND');
    if (!c.number) throw new AppError('DIAL_TARGET_MISSING');
    number = c.number;
    customerId = c.id;
  } else if (input.callId) {
    const call = await callRow(deps.db, ctx, input.callId);
    number = customerNumber(call);
    if (number === 'anonymous') throw new AppError('DIAL_TARGET_MISSING');
    customerId = call.customerId;
  }
  if (!number) throw new AppError('DIAL_TARGET_MISSING');
  if (!customerId && me?.companyId) {
    const found = await deps.db
      .selectDistinct({ id: customer.id })
      .from(customerPhone)
      .innerJoin(customer, eq(customer.id, customerPhone.customerId))
      .where(and(eq(customerPhone.number, number), eq(customer.companyId, me.companyId), customerScope(ctx)))
      .limit(2);
    if (found.length === 1) customerId = found[0]?.id ?? null;
  }
  const id = randomUUID();
  const adapter = dialAdapter();
  const placed = await adapter.dial({ callId: id, extension, number }, log);
  const now = deps.clock();
  const row = await write(deps, ctx, async (tx, audit) => {
    const [inserted] = await tx
      .insert(callRecord)
      .values({
        id,
        source: 'dial',
        externalId: placed.externalId,
        direction: 'outbound',
        callerNumber: extension,
        calledNumber: number,
        extension,
        agentUserId: ctx.actor.id,
        companyId: me?.companyId ?? null,
        state: 'ringing',
        ringingAt: now,
        customerId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    audit.record({
      action: 'call.dial',
      entityType: 'call',
      entityId: id,
      orgPath: me?.orgPath ?? null,
      summary: `点击外呼（分机 ${extension}，通道 ${adapter.name}）`,
      after: { extension, number: maskMobile(number), customerId, adapter: adapter.name },
    });
    return inserted as CallRow;
  });
  return presentCall(deps.db, row);
}
