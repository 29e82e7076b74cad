// 入伙: an owner takes the keys. The room's previous customers move out, the customer becomes its
// owner, and the registration keeps the purchase contract and handover-letter numbers.
import { and, asc, count, desc, eq, gte, ilike, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { beijingDay } from '../../platform/locale.js';
import { maskMobile } from '../../platform/mask.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { type RoomStatus, room } from '../property/property.table.js';
import { appUser } from '../user/user.table.js';
import { customerRow, roleLabels } from './customer.repository.js';
import { customer, customerPhone, moveIn, occupancy } from './customer.table.js';
import type { MoveInDto, MoveInRegisterInput } from './move-in.schema.js';
import { openOccupancy, roomInScope } from './occupancy.service.js';

/**
 * A room in these states becomes 已入住 with the move-in. A room 装修中 stays so until the works
 * are done (the owner has the keys but does not live there yet); an occupied room stays occupied.
 */
const becomesOccupied: readonly RoomStatus[] = ['unsold', 'sold', 'delivered', 'vacant'];
const statusLabels: Record<RoomStatus, string> = {
  unsold: '未售',
  sold: '已售',
  delivered: '已交付',
  occupied: '已入住',
  vacant: '空置',
  decorating: '装修中',
};

// ── reading ────────────────────────────────────────────────────────────────

export interface MoveInFilter {
  projectId?: string;
  dateFrom?: string;
  dateTo?: string;
  q?: string;
}

function selectMoveIns(db: DbOrTx) {
  return db
    .select({
      moveIn,
      roomCode: room.code,
      projectName: project.name,
      customerCode: customer.code,
      customerName: customer.name,
      occupancyEnded: occupancy.toDate,
      createdByName: appUser.name,
      mobile: sql<
        string | null
      >`(select ${customerPhone.number} from ${customerPhone} where ${customerPhone.customerId} = ${customer.id} order by ${customerPhone.isPrimary} desc, ${customerPhone.createdAt} asc limit 1)`,
    })
    .from(moveIn)
    .innerJoin(room, eq(room.id, moveIn.roomId))
    .innerJoin(project, eq(project.id, moveIn.projectId))
    .innerJoin(customer, eq(customer.id, moveIn.customerId))
    .leftJoin(occupancy, eq(occupancy.id, moveIn.occupancyId))
    .leftJoin(appUser, eq(appUser.id, moveIn.createdBy));
}

type MoveInJoined = Awaited<ReturnType<ReturnType<typeof selectMoveIns>['execute']>>[number];

function present(r: MoveInJoined): MoveInDto {
  return {
    id: r.moveIn.id,
    roomId: r.moveIn.roomId,
    roomCode: r.roomCode,
    projectId: r.moveIn.projectId,
    projectName: r.projectName,
    customerId: r.moveIn.customerId,
    customerCode: r.customerCode,
    customerName: r.customerName,
    customerMobile: r.mobile ? maskMobile(r.mobile) : null,
    occupancyId: r.moveIn.occupancyId,
    current: r.moveIn.occupancyId !== null && r.occupancyEnded === null,
    moveInDate: r.moveIn.moveInDate,
    contractNo: r.moveIn.contractNo,
    handoverLetterNo: r.moveIn.handoverLetterNo,
    inspectionNote: r.moveIn.inspectionNote,
    createdBy: r.moveIn.createdBy,
    createdByName: r.createdByName,
    createdAt: r.moveIn.createdAt.toISOString(),
  };
}

function conditions(ctx: AuthedContext, f: MoveInFilter): SQL | undefined {
  const list: (SQL | undefined)[] = [scopeByProject(ctx.actor.scope, moveIn.projectId)];
  if (f.projectId) list.push(eq(moveIn.projectId, f.projectId));
  if (f.dateFrom) list.push(gte(moveIn.moveInDate, f.dateFrom));
  if (f.dateTo) list.push(lte(moveIn.moveInDate, f.dateTo));
  if (f.q) {
    const q = f.q.replace(/\s/g, '');
    const k = escapeLike(q);
    list.push(
      or(
        eq(room.number, q.toUpperCase()),
        ilike(room.code, `${k}%`),
        ilike(customer.name, `%${k}%`),
        ilike(moveIn.contractNo, `%${k}%`),
        ilike(moveIn.handoverLetterNo, `%${k}%`),
      ),
    );
  }
  return and(...list);
}

const order = [desc(moveIn.moveInDate), desc(moveIn.createdAt), asc(room.code)];

export async function listMoveIns(
  deps: Deps,
  ctx: AuthedContext,
  q: MoveInFilter & { current: number; pageSize: number },
) {
  const where = conditions(ctx, q);
  const [rows, [total]] = await Promise.all([
    selectMoveIns(deps.db)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db
      .select({ n: count() })
      .from(moveIn)
      .innerJoin(room, eq(room.id, moveIn.roomId))
      .innerJoin(customer, eq(customer.id, moveIn.customerId))
      .where(where),
  ]);
  return { data: rows.map(present), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function countMoveIns(deps: Deps, ctx: AuthedContext, f: MoveInFilter): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(moveIn)
    .innerJoin(room, eq(room.id, moveIn.roomId))
    .innerJoin(customer, eq(customer.id, moveIn.customerId))
    .where(conditions(ctx, f));
  return row?.n ?? 0;
}

export async function exportMoveIns(deps: Deps, ctx: AuthedContext, f: MoveInFilter, limit: number) {
  const rows = await selectMoveIns(deps.db)
    .where(conditions(ctx, f))
    .orderBy(...order)
    .limit(limit);
  return rows.map(present);
}

export async function roomMoveIns(deps: Deps, ctx: AuthedContext, roomId: string) {
  const r = await roomInScope(deps, ctx, roomId);
  const rows = await selectMoveIns(deps.db)
    .where(eq(moveIn.roomId, r.id))
    .orderBy(...order);
  return rows.map(present);
}

async function moveInById(deps: Deps, id: string): Promise<MoveInDto> {
  const [row] = await selectMoveIns(deps.db).where(eq(moveIn.id, id));
  if (!row) throw new Error('move-in vanished after it was written');
  return present(row);
}

// ── registering ────────────────────────────────────────────────────────────

/**
 * 入伙登记, in one transaction: every current relation of the room ends on the move-in date
 * (previous owners, tenants and residents); the customer becomes owner from that date (an owner
 * relation they already hold is kept and linked); the registration is recorded; the room
 * becomes 已入住 unless it is being decorated.
 */
export async function registerMoveIn(deps: Deps, ctx: AuthedContext, roomId: string, input: MoveInRegisterInput) {
  const locale = ctx.locale;
  const r = await roomInScope(deps, ctx, roomId);
  const c = await customerRow(deps, ctx, input.customerId).catch((error: unknown) => {
    throw error instanceof AppError ? fieldError(error.code, locale, 'customerId') : error;
  });
  if (c.anonymisedAt) throw fieldError('CUSTOMER_ANONYMISED', locale, 'customerId');
  if (!c.active) throw fieldError('CUSTOMER_DISABLED', locale, 'customerId');
  // A customer of another company would carry the room across the tenant boundary.
  if (c.companyId !== r.companyId) throw fieldError('MOVE_IN_COMPANY_MISMATCH', locale, 'customerId', { name: c.name });
  const today = beijingDay(deps.clock());
  if (input.moveInDate > today) throw fieldError('MOVE_IN_DATE_FUTURE', locale, 'moveInDate', { today });
  const contractNo = input.contractNo || null;
  const [projectRow] = await deps.db
    .select({ orgPath: project.orgPath })
    .from(project)
    .where(eq(project.id, r.projectId));

  const id = await write(deps, ctx, async (tx, audit) => {
    // The room row is locked first: two registrations of one room run one after the other.
    const [locked] = await tx.select().from(room).where(eq(room.id, r.id)).for('update');
    if (!locked) throw new AppError('ROOM_NOT_FOUND');
    const current = await tx
      .select({ occupancy, customerName: customer.name, orgPath: customer.orgPath })
      .from(occupancy)
      .innerJoin(customer, eq(customer.id, occupancy.customerId))
      .where(and(eq(occupancy.roomId, r.id), isNull(occupancy.toDate)))
      .orderBy(desc(occupancy.fromDate))
      .for('update', { of: occupancy });
    const latest = current[0];
    if (latest && input.moveInDate < latest.occupancy.fromDate) {
      throw fieldError('MOVE_IN_DATE_TOO_EARLY', locale, 'moveInDate', {
        role: roleLabels[latest.occupancy.role][locale],
        name: latest.customerName,
        from: latest.occupancy.fromDate,
      });
    }
    // The customer's own owner relation (say, registered at the sale) stays and is linked; so does
    // living there. A tenant who bought the flat stops being its tenant.
    const kept = current.filter((o) => o.occupancy.customerId === c.id && o.occupancy.role !== 'tenant');
    const keptOwner = kept.find((o) => o.occupancy.role === 'owner');
    if (keptOwner) {
      const [earlier] = await tx
        .select({ moveInDate: moveIn.moveInDate })
        .from(moveIn)
        .where(eq(moveIn.occupancyId, keptOwner.occupancy.id));
      if (earlier)
        throw fieldError('MOVE_IN_ALREADY', locale, 'customerId', { name: c.name, date: earlier.moveInDate });
    } else {
      // An earlier owner period of the same customer may not overlap the new one.
      const [overlap] = await tx
        .select()
        .from(occupancy)
        .where(
          and(
            eq(occupancy.customerId, c.id),
            eq(occupancy.roomId, r.id),
            eq(occupancy.role, 'owner'),
            sql`${occupancy.toDate} >= ${input.moveInDate}`,
          ),
        );
      if (overlap) {
        throw fieldError('OCCUPANCY_OVERLAP', locale, 'moveInDate', {
          role: roleLabels.owner[locale],
          from: overlap.fromDate,
        });
      }
    }
    if (contractNo) {
      // Serialises registrations carrying the same contract number in the project.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`move_in:${r.projectId}:${contractNo.toUpperCase()}`}))`,
      );
      const [taken] = await tx
        .select({ roomCode: room.code })
        .from(moveIn)
        .innerJoin(room, eq(room.id, moveIn.roomId))
        .where(and(eq(moveIn.projectId, r.projectId), sql`upper(${moveIn.contractNo}) = ${contractNo.toUpperCase()}`))
        .limit(1);
      if (taken)
        throw fieldError('MOVE_IN_CONTRACT_TAKEN', locale, 'contractNo', { contractNo, roomCode: taken.roomCode });
    }

    for (const o of current) {
      if (kept.includes(o)) continue;
      await tx
        .update(occupancy)
        .set({ toDate: input.moveInDate, endedAt: deps.clock() })
        .where(eq(occupancy.id, o.occupancy.id));
      audit.record({
        action: 'occupancy.move_out',
        entityType: 'customer',
        entityId: o.occupancy.customerId,
        orgPath: o.orgPath,
        projectId: r.projectId,
        summary: `${r.code} 入伙：「${o.customerName}」（${roleLabels[o.occupancy.role]['zh-CN']}）迁出（${input.moveInDate}），新业主「${c.name}」`,
        before: o.occupancy,
        after: { toDate: input.moveInDate },
      });
    }
    const ownerOccupancyId =
      keptOwner?.occupancy.id ??
      (await openOccupancy(tx, audit, c, r, { roomId: r.id, role: 'owner', fromDate: input.moveInDate })).id;

    const [row] = await tx
      .insert(moveIn)
      .values({
        roomId: r.id,
        projectId: r.projectId,
        customerId: c.id,
        occupancyId: ownerOccupancyId,
        moveInDate: input.moveInDate,
        contractNo,
        handoverLetterNo: input.handoverLetterNo || null,
        inspectionNote: input.inspectionNote || null,
        createdBy: ctx.actor.id,
        createdAt: deps.clock(),
      })
      .returning();
    if (!row) throw new Error('insert move_in returned nothing');
    audit.record({
      action: 'move_in.create',
      entityType: 'move_in',
      entityId: row.id,
      orgPath: c.orgPath,
      projectId: r.projectId,
      summary: `${r.code} 入伙登记：「${c.name}」（${input.moveInDate}${contractNo ? `，合同号 ${contractNo}` : ''}）`,
      after: row,
    });

    if (becomesOccupied.includes(locked.status)) {
      await tx.update(room).set({ status: 'occupied', updatedAt: deps.clock() }).where(eq(room.id, r.id));
      audit.record({
        action: 'room.update',
        entityType: 'room',
        entityId: r.id,
        orgPath: projectRow?.orgPath ?? null,
        projectId: r.projectId,
        summary: `${r.code} 入伙：房态由${statusLabels[locked.status]}改为已入住`,
        before: { status: locked.status },
        after: { status: 'occupied' },
      });
    }
    return row.id;
  });
  return moveInById(deps, id);
}
