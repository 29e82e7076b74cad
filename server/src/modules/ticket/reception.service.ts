// 接待记录: one contact at the service desk, raising 0–10 tickets in the same transaction.
import { and, count, desc, eq, gte, ilike, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import type { Locale } from '../../platform/locale.js';
import { normaliseMobile } from '../../platform/phone.js';
import { callerOfCall, linkCallToReception } from '../callcenter/call.service.js';
import { customerScope } from '../customer/customer.repository.js';
import { customer } from '../customer/customer.table.js';
import { referenceError } from './dispatch.service.js';
import { nextPublicNumber, RECEPTION_PREFIX } from './ticket.defaults.js';
import {
  presentReceptions,
  presentSummaries,
  type ReceptionRow,
  receptionRow,
  receptionVisible,
} from './ticket.repository.js';
import type {
  ReceptionDto,
  ReceptionFilter,
  ReceptionInput,
  ReceptionUpdateInput,
  TicketSummaryDto,
} from './ticket.schema.js';
import {
  boundary,
  insertTicket,
  type PreparedTicket,
  type ProjectRow,
  prepareTicket,
  projectInScope,
  roomOfProject,
  ticketSettings,
} from './ticket.service.js';
import { receptionRecord, ticket } from './ticket.table.js';
import { addEvent, auditTicket } from './ticket.workflow.js';

/** A landline, hotline or mobile as dialled: 021-5888-1200, 400-820-0000 转 3, 95598. */
const PHONE_PATTERN = /^\+?[\d\s\-()（）]{3,30}((转|ext\.?|#)\s*\d{1,6})?$/i;

/** A mobile is normalised (+86, spaces, hyphens); a landline is kept as typed if it looks like one. */
export function cleanCallerPhone(locale: Locale, value: string | null | undefined): string | null {
  const typed = value?.trim();
  if (!typed) return null;
  const mobile = normaliseMobile(typed);
  if (mobile) return mobile;
  const digits = typed.replace(/\D/g, '');
  // Ten to twelve digits starting with 1 (after any +86) meant a mobile, just a wrong one.
  const looksMobile = /^1\d{9,11}$/.test(digits.replace(/^(0086|86)(?=1\d{9})/, ''));
  if (looksMobile || !PHONE_PATTERN.test(typed) || digits.length < 3) {
    const zh = locale === 'zh-CN';
    const reason = zh ? `“${typed}”不是有效的电话号码` : `"${typed}" is not a valid phone number`;
    throw new AppError(
      'IDENTIFIER_INVALID',
      { label: zh ? '来电号码' : 'Caller phone', reason },
      { errors: [{ field: 'callerPhone', in: 'body', message: reason }] },
    );
  }
  return typed;
}

/** A customer the caller sees, of the project's company. */
async function customerFor(deps: Deps, ctx: AuthedContext, p: ProjectRow, customerId: string) {
  const [c] = await deps.db
    .select({ id: customer.id, name: customer.name, companyId: customer.companyId })
    .from(customer)
    .where(and(eq(customer.id, customerId), customerScope(ctx)));
  if (!c) throw referenceError(ctx.locale, 'customerId', 'not_found');
  if (c.companyId !== p.companyId) throw referenceError(ctx.locale, 'customerId', 'other_company');
  return c;
}

async function ticketsOf(deps: Deps, receptionIds: string[]): Promise<Map<string, number>> {
  if (receptionIds.length === 0) return new Map();
  const rows = await deps.db
    .select({ id: ticket.receptionId, n: count() })
    .from(ticket)
    .where(inArray(ticket.receptionId, receptionIds))
    .groupBy(ticket.receptionId);
  return new Map(rows.map((r) => [r.id as string, r.n]));
}

export async function presentReception(deps: Deps, row: ReceptionRow): Promise<ReceptionDto> {
  const [dto] = await presentReceptions(deps.db, [row], await ticketsOf(deps, [row.id]));
  return dto as ReceptionDto;
}

export async function createReception(
  deps: Deps,
  ctx: AuthedContext,
  input: ReceptionInput,
): Promise<{ reception: ReceptionDto; tickets: TicketSummaryDto[] }> {
  const p = await projectInScope(deps, ctx, input.projectId);
  // Raised from a screen pop: the caller's number comes from the call when the form has none.
  const fromCall = input.callId && !input.callerPhone ? await callerOfCall(deps, ctx, input.callId) : null;
  const callerPhone = cleanCallerPhone(ctx.locale, input.callerPhone ?? fromCall);
  const c = input.customerId ? await customerFor(deps, ctx, p, input.customerId) : null;
  if (input.roomId) await roomOfProject(deps.db, ctx.locale, input.roomId, p.id);
  const now = deps.clock();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const roomId = input.roomId ?? null;
  const prepared: PreparedTicket[] = [];
  for (const t of input.tickets) prepared.push(await prepareTicket(deps, ctx, p, { roomId }, t, now));
  const settings = await ticketSettings(deps);
  const { reception, tickets } = await write(deps, ctx, async (tx, audit) => {
    const [rec] = await tx
      .insert(receptionRecord)
      .values({
        companyId: p.companyId,
        orgPath: p.orgPath,
        projectId: p.id,
        publicNo: await nextPublicNumber(tx, deps.database, RECEPTION_PREFIX, receivedAt, p.timeZone),
        channel: input.channel,
        callerName: input.callerName ?? null,
        callerPhone,
        customerId: c?.id ?? null,
        roomId,
        content: input.content,
        agentId: ctx.actor.id,
        receivedAt,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!rec) throw new Error('insert reception returned nothing');
    audit.record({
      action: 'reception.create',
      entityType: 'reception',
      entityId: rec.id,
      orgPath: rec.orgPath,
      projectId: rec.projectId,
      summary: `登记接待记录 ${rec.publicNo}（${input.tickets.length} 个工单）`,
      after: rec,
    });
    if (input.callId) {
      const call = await linkCallToReception(tx, ctx, input.callId, rec, now);
      audit.record({
        action: 'call.link',
        entityType: 'call',
        entityId: call.id,
        orgPath: rec.orgPath,
        projectId: rec.projectId,
        summary: `通话关联接待记录 ${rec.publicNo}`,
        after: { receptionId: rec.id, customerId: call.customerId },
      });
    }
    const reception = { ...rec, callerName: rec.callerName ?? c?.name ?? null };
    const rows = [];
    for (const item of prepared) {
      rows.push(
        await insertTicket(tx, audit, {
          project: p,
          reception,
          prepared: item,
          owner: ctx.actor,
          now,
          settings,
          locale: ctx.locale,
          secrets: deps.secrets,
          database: deps.database,
        }),
      );
    }
    return { reception: rec, tickets: rows };
  });
  return {
    reception: await presentReception(deps, reception),
    tickets: await presentSummaries(deps.db, tickets, now),
  };
}

/**
 * Links an unknown caller to a customer and room afterwards (or corrects them); the reception's
 * tickets that have no customer or room yet take them too.
 */
export async function updateReception(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: ReceptionUpdateInput,
): Promise<ReceptionDto> {
  const before = await receptionRow(deps.db, ctx, id);
  const p = await projectInScope(deps, ctx, before.projectId);
  const c = input.customerId ? await customerFor(deps, ctx, p, input.customerId) : null;
  if (input.roomId) await roomOfProject(deps.db, ctx.locale, input.roomId, p.id);
  const patch: Partial<ReceptionRow> = {};
  if (input.customerId !== undefined) patch.customerId = c?.id ?? null;
  if (input.roomId !== undefined) patch.roomId = input.roomId ?? null;
  if (input.callerName !== undefined) patch.callerName = input.callerName ?? null;
  if (input.callerPhone !== undefined) patch.callerPhone = cleanCallerPhone(ctx.locale, input.callerPhone);
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    const [after] = await tx
      .update(receptionRecord)
      .set({ ...patch, updatedAt: now })
      .where(eq(receptionRecord.id, id))
      .returning();
    audit.record({
      action: 'reception.update',
      entityType: 'reception',
      entityId: id,
      orgPath: before.orgPath,
      projectId: before.projectId,
      summary: `补录接待记录 ${before.publicNo} 的客户与房间`,
      before,
      after,
    });
    if (patch.customerId || patch.roomId) {
      const linked = await tx
        .select()
        .from(ticket)
        .where(
          and(
            eq(ticket.receptionId, id),
            or(
              patch.customerId ? isNull(ticket.customerId) : undefined,
              patch.roomId ? isNull(ticket.roomId) : undefined,
            ),
          ),
        );
      for (const t of linked) {
        const set: Record<string, unknown> = { updatedAt: now, version: t.version + 1 };
        if (patch.customerId && !t.customerId) set.customerId = patch.customerId;
        if (patch.roomId && !t.roomId) set.roomId = patch.roomId;
        await tx.update(ticket).set(set).where(eq(ticket.id, t.id));
        await addEvent(tx, t.id, ctx.actor, now, {
          kind: 'note',
          body: ctx.locale === 'zh-CN' ? '补录客户与房间' : 'Customer and room linked',
          data: { customerId: set.customerId ?? null, roomId: set.roomId ?? null, receptionId: id },
        });
        auditTicket(audit, t, 'link', '补录客户与房间');
      }
    }
  });
  return presentReception(deps, await receptionRow(deps.db, ctx, id));
}

async function receptionConditions(ctx: AuthedContext, f: ReceptionFilter): Promise<SQL | undefined> {
  const list: (SQL | undefined)[] = [receptionVisible(ctx.actor.scope)];
  if (f.q) {
    const q = f.q.replace(/\s/g, '');
    const like = `%${escapeLike(q)}%`;
    const digits = q.replace(/\D/g, '');
    list.push(
      or(
        ilike(receptionRecord.publicNo, like),
        ilike(receptionRecord.callerName, like),
        digits.length >= 4 ? ilike(receptionRecord.callerPhone, `%${digits}%`) : undefined,
      ),
    );
  }
  if (f.projectId) list.push(eq(receptionRecord.projectId, f.projectId));
  if (f.channel) list.push(eq(receptionRecord.channel, f.channel));
  if (f.customerId) list.push(eq(receptionRecord.customerId, f.customerId));
  if (f.from) list.push(gte(receptionRecord.receivedAt, boundary(f.from, false)));
  if (f.to) list.push(lt(receptionRecord.receivedAt, boundary(f.to, true)));
  return and(...list);
}

export async function listReceptions(
  deps: Deps,
  ctx: AuthedContext,
  q: ReceptionFilter & { current: number; pageSize: number },
) {
  const where = await receptionConditions(ctx, q);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(receptionRecord)
      .where(where)
      .orderBy(desc(receptionRecord.receivedAt), desc(receptionRecord.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(receptionRecord).where(where),
  ]);
  return {
    data: await presentReceptions(
      deps.db,
      rows,
      await ticketsOf(
        deps,
        rows.map((r) => r.id),
      ),
    ),
    total: total?.n ?? 0,
    current: q.current,
    pageSize: q.pageSize,
  };
}

export async function countReceptions(deps: Deps, ctx: AuthedContext, f: ReceptionFilter): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(receptionRecord)
    .where(await receptionConditions(ctx, f));
  return row?.n ?? 0;
}

export async function exportReceptionRows(deps: Deps, ctx: AuthedContext, f: ReceptionFilter, limit: number) {
  const rows = await deps.db
    .select()
    .from(receptionRecord)
    .where(await receptionConditions(ctx, f))
    .orderBy(desc(receptionRecord.receivedAt), desc(receptionRecord.id))
    .limit(limit);
  return presentReceptions(
    deps.db,
    rows,
    await ticketsOf(
      deps,
      rows.map((r) => r.id),
    ),
  );
}

export async function getReception(deps: Deps, ctx: AuthedContext, id: string) {
  const row = await receptionRow(deps.db, ctx, id);
  const tickets = await deps.db
    .select()
    .from(ticket)
    .where(eq(ticket.receptionId, id))
    .orderBy(ticket.createdAt, ticket.publicNo);
  return {
    ...(await presentReception(deps, row)),
    tickets: await presentSummaries(deps.db, tickets, deps.clock()),
  };
}
