// Who lives where: move in, move out, ownership transfer and the histories they leave.
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { type AuditRecorder, write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { beijingDay } from '../../platform/locale.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { type BillingTarget, billingTarget } from './billing-target.js';
import { type CustomerRow, customerRow, occupanciesOf, presentOccupancy, roleLabels } from './customer.repository.js';
import { customer, type OccupancyRole, occupancy } from './customer.table.js';

export async function customerOccupancies(deps: Deps, ctx: AuthedContext, id: string) {
  await customerRow(deps, ctx, id);
  return occupanciesOf(deps.db, ctx.actor.scope, [id], false);
}

export async function roomOccupancies(deps: Deps, ctx: AuthedContext, roomId: string) {
  const [r] = await deps.db
    .select({ id: room.id })
    .from(room)
    .where(and(eq(room.id, roomId), scopeByProject(ctx.actor.scope, room.projectId)));
  if (!r) throw new AppError('ROOM_NOT_FOUND');
  const rows = await deps.db
    .select({ occupancy, customerName: customer.name, roomCode: room.code, projectName: project.name })
    .from(occupancy)
    .innerJoin(customer, eq(customer.id, occupancy.customerId))
    .innerJoin(room, eq(room.id, occupancy.roomId))
    .innerJoin(project, eq(project.id, occupancy.projectId))
    .where(eq(occupancy.roomId, roomId))
    .orderBy(desc(occupancy.fromDate), asc(occupancy.role));
  return rows.map(presentOccupancy);
}

/** 收费对象 of a room now: its current relations through the resident → tenant → owner rule. */
export async function roomBillingTarget(db: DbOrTx, roomId: string): Promise<BillingTarget | null> {
  const rows = await db
    .select({
      customerId: occupancy.customerId,
      name: customer.name,
      role: occupancy.role,
      fromDate: occupancy.fromDate,
    })
    .from(occupancy)
    .innerJoin(customer, eq(customer.id, occupancy.customerId))
    .where(and(eq(occupancy.roomId, roomId), isNull(occupancy.toDate)));
  return billingTarget(rows);
}

export type ScopedRoom = { id: string; projectId: string; code: string; companyId: string };

/** A move is recorded when it has happened: a future date would show a current occupant who is not there yet. */
export function refuseFutureDate(deps: Deps, day: string): void {
  if (day > beijingDay(deps.clock())) throw new AppError('OCCUPANCY_DATE_FUTURE');
}
export type MoveInInput = { roomId: string; role: OccupancyRole; fromDate: string; note?: string | null };

/** A room the caller may see, with the company its project belongs to. */
export async function roomInScope(deps: Deps, ctx: AuthedContext, roomId: string): Promise<ScopedRoom> {
  const [r] = await deps.db
    .select({ id: room.id, projectId: room.projectId, code: room.code, companyId: project.companyId })
    .from(room)
    .innerJoin(project, eq(project.id, room.projectId))
    .where(and(eq(room.id, roomId), scopeByProject(ctx.actor.scope, room.projectId)));
  if (!r) throw new AppError('ROOM_NOT_FOUND');
  return r;
}

export async function openOccupancy(
  tx: Tx,
  audit: AuditRecorder,
  c: Pick<CustomerRow, 'id' | 'name' | 'orgPath'>,
  r: ScopedRoom,
  input: MoveInInput,
) {
  const [row] = await tx
    .insert(occupancy)
    .values({
      customerId: c.id,
      roomId: r.id,
      projectId: r.projectId,
      role: input.role,
      fromDate: input.fromDate,
      note: input.note ?? null,
    })
    .returning();
  if (!row) throw new Error('insert occupancy returned nothing');
  audit.record({
    action: 'occupancy.move_in',
    entityType: 'customer',
    entityId: c.id,
    orgPath: c.orgPath,
    projectId: r.projectId,
    summary: `「${c.name}」以${roleLabels[input.role]['zh-CN']}身份迁入 ${r.code}（${input.fromDate}）`,
    after: row,
  });
  return row;
}

/**
 * 迁入: opens a relation in a room of the customer's own company; the same customer, room and
 * role may not overlap an earlier period.
 */
export async function moveIn(deps: Deps, ctx: AuthedContext, customerId: string, input: MoveInInput) {
  const c = await customerRow(deps, ctx, customerId);
  if (c.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
  if (!c.active) throw new AppError('CUSTOMER_DISABLED');
  refuseFutureDate(deps, input.fromDate);
  const r = await roomInScope(deps, ctx, input.roomId);
  // A room of another company would carry the customer across the tenant boundary.
  if (r.companyId !== c.companyId) throw new AppError('OCCUPANCY_COMPANY_MISMATCH');
  const overlapping = await deps.db
    .select()
    .from(occupancy)
    .where(
      and(
        eq(occupancy.customerId, customerId),
        eq(occupancy.roomId, r.id),
        eq(occupancy.role, input.role),
        or(isNull(occupancy.toDate), sql`${occupancy.toDate} >= ${input.fromDate}`),
      ),
    );
  if (overlapping[0]) {
    throw new AppError('OCCUPANCY_OVERLAP', {
      role: roleLabels[input.role][ctx.locale],
      from: overlapping[0].fromDate,
    });
  }
  const id = await write(deps, ctx, async (tx, audit) => (await openOccupancy(tx, audit, c, r, input)).id);
  return (await customerOccupancies(deps, ctx, customerId)).find((o) => o.id === id);
}

/** 迁出: closes a relation on a date; the row stays as history. */
export async function moveOut(
  deps: Deps,
  ctx: AuthedContext,
  occupancyId: string,
  input: { toDate: string; note?: string | null },
) {
  const [o] = await deps.db
    .select({ occupancy, roomCode: room.code })
    .from(occupancy)
    .innerJoin(room, eq(room.id, occupancy.roomId))
    .where(and(eq(occupancy.id, occupancyId), scopeByProject(ctx.actor.scope, occupancy.projectId)));
  if (!o) throw new AppError('OCCUPANCY_NOT_FOUND');
  if (o.occupancy.toDate !== null) throw new AppError('OCCUPANCY_ENDED');
  if (input.toDate < o.occupancy.fromDate) throw new AppError('OCCUPANCY_DATES_INVALID');
  refuseFutureDate(deps, input.toDate);
  const c = await customerRow(deps, ctx, o.occupancy.customerId);
  await write(deps, ctx, async (tx, audit) => {
    await tx
      .update(occupancy)
      .set({
        toDate: input.toDate,
        endedAt: deps.clock(),
        note: input.note ? [o.occupancy.note, input.note].filter(Boolean).join('；') : o.occupancy.note,
      })
      .where(eq(occupancy.id, occupancyId));
    audit.record({
      action: 'occupancy.move_out',
      entityType: 'customer',
      entityId: c.id,
      orgPath: c.orgPath,
      projectId: o.occupancy.projectId,
      summary: `「${c.name}」从 ${o.roomCode} 迁出（${input.toDate}）`,
      before: o.occupancy,
      after: { toDate: input.toDate },
    });
  });
  return (await customerOccupancies(deps, ctx, c.id)).find((x) => x.id === occupancyId);
}

/**
 * 过户: in one transaction, ends every current owner relation of the room on the date and opens
 * an owner relation from that date for each new owner. Tenants and residents stay as they are.
 */
export async function transferRoom(
  deps: Deps,
  ctx: AuthedContext,
  roomId: string,
  input: { toCustomerIds: string[]; date: string; note?: string | null },
) {
  const r = await roomInScope(deps, ctx, roomId);
  refuseFutureDate(deps, input.date);
  const newIds = [...new Set(input.toCustomerIds)];
  const newOwners: CustomerRow[] = [];
  for (const id of newIds) {
    const c = await customerRow(deps, ctx, id);
    if (c.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
    if (!c.active) throw new AppError('CUSTOMER_DISABLED');
    // An owner of another company would carry the room across the tenant boundary.
    if (c.companyId !== r.companyId) throw new AppError('OCCUPANCY_COMPANY_MISMATCH');
    newOwners.push(c);
  }
  await write(deps, ctx, async (tx, audit) => {
    // Read under lock, so two transfers of the same room cannot both close the same owners.
    const current = await tx
      .select({ occupancy, customerName: customer.name, orgPath: customer.orgPath })
      .from(occupancy)
      .innerJoin(customer, eq(customer.id, occupancy.customerId))
      .where(and(eq(occupancy.roomId, r.id), eq(occupancy.role, 'owner'), isNull(occupancy.toDate)))
      .orderBy(asc(occupancy.fromDate))
      .for('update', { of: occupancy });
    if (current.length === 0) throw new AppError('TRANSFER_NO_OWNER');
    const currentIds = new Set(current.map((o) => o.occupancy.customerId));
    if (currentIds.size === newIds.length && newIds.every((id) => currentIds.has(id))) {
      throw new AppError('TRANSFER_SAME_OWNER');
    }
    if (current.some((o) => input.date < o.occupancy.fromDate)) throw new AppError('OCCUPANCY_DATES_INVALID');
    // A new owner who owned the room before may not overlap that earlier period.
    const earlier = await tx
      .select()
      .from(occupancy)
      .where(
        and(
          inArray(occupancy.customerId, newIds),
          eq(occupancy.roomId, r.id),
          eq(occupancy.role, 'owner'),
          sql`${occupancy.toDate} >= ${input.date}`,
        ),
      );
    if (earlier[0]) {
      throw new AppError('OCCUPANCY_OVERLAP', { role: roleLabels.owner[ctx.locale], from: earlier[0].fromDate });
    }
    const fromNames = current.map((o) => `「${o.customerName}」`).join('、');
    const toNames = newOwners.map((c) => `「${c.name}」`).join('、');
    for (const o of current) {
      const note = input.note ? [o.occupancy.note, input.note].filter(Boolean).join('；') : o.occupancy.note;
      await tx
        .update(occupancy)
        .set({ toDate: input.date, endedAt: deps.clock(), note })
        .where(eq(occupancy.id, o.occupancy.id));
      audit.record({
        action: 'occupancy.transfer_out',
        entityType: 'customer',
        entityId: o.occupancy.customerId,
        orgPath: o.orgPath,
        projectId: r.projectId,
        summary: `${r.code} 过户：「${o.customerName}」不再是业主（${input.date}），新业主 ${toNames}`,
        before: o.occupancy,
        after: { toDate: input.date, toCustomerIds: newIds },
      });
    }
    for (const c of newOwners) {
      const [row] = await tx
        .insert(occupancy)
        .values({
          customerId: c.id,
          roomId: r.id,
          projectId: r.projectId,
          role: 'owner',
          fromDate: input.date,
          note: input.note ?? null,
        })
        .returning();
      audit.record({
        action: 'occupancy.transfer_in',
        entityType: 'customer',
        entityId: c.id,
        orgPath: c.orgPath,
        projectId: r.projectId,
        summary: `${r.code} 过户：「${c.name}」成为业主（${input.date}），原业主 ${fromNames}`,
        before: { fromCustomerIds: [...currentIds] },
        after: row,
      });
    }
  });
  return roomOccupancies(deps, ctx, r.id);
}
