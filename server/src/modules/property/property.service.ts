import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { scopeByProject } from '../project/project.scope.js';
import { getProject } from '../project/project.service.js';
import { project } from '../project/project.table.js';
import type { BuildingDto, GenerationInput, RoomDto } from './property.schema.js';
import { building, type RoomStatus, type RoomType, room, roomStatuses, unit } from './property.table.js';
import { generateRooms, MAX_ROOMS_PER_RULE } from './room-generation.js';

type RoomRow = typeof room.$inferSelect;

const toArea = (n: number | null | undefined) => (n === null || n === undefined ? null : n.toFixed(2));
const fromArea = (s: string | null) => (s === null ? null : Number(s));

/** Recorded on audit entries beside the project id, so that company- and office-scoped readers see them. */
async function projectOrgPath(db: DbOrTx, projectId: string): Promise<string | null> {
  const [row] = await db.select({ orgPath: project.orgPath }).from(project).where(eq(project.id, projectId));
  return row?.orgPath ?? null;
}

// ── buildings ──────────────────────────────────────────────────────────────

export async function listBuildings(deps: Deps, ctx: AuthedContext, projectId: string): Promise<BuildingDto[]> {
  await getProject(deps, ctx, projectId);
  const [buildings, units, roomCounts] = await Promise.all([
    deps.db
      .select()
      .from(building)
      .where(eq(building.projectId, projectId))
      .orderBy(asc(building.sortOrder), asc(building.code)),
    deps.db.select().from(unit).where(eq(unit.projectId, projectId)).orderBy(asc(unit.sortOrder), asc(unit.code)),
    deps.db
      .select({ buildingId: room.buildingId, unitId: room.unitId, n: count() })
      .from(room)
      .where(eq(room.projectId, projectId))
      .groupBy(room.buildingId, room.unitId),
  ]);
  return buildings.map((b) => ({
    id: b.id,
    projectId: b.projectId,
    code: b.code,
    name: b.name,
    sortOrder: b.sortOrder,
    roomCount: roomCounts.filter((c) => c.buildingId === b.id).reduce((sum, c) => sum + c.n, 0),
    units: units
      .filter((u) => u.buildingId === b.id)
      .map((u) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        roomCount: roomCounts.find((c) => c.unitId === u.id)?.n ?? 0,
      })),
  }));
}

async function buildingInScope(deps: Deps, ctx: AuthedContext, id: string) {
  const [row] = await deps.db
    .select()
    .from(building)
    .where(and(eq(building.id, id), scopeByProject(ctx.actor.scope, building.projectId)));
  if (!row) throw new AppError('BUILDING_NOT_FOUND');
  return row;
}

async function buildingCodeTaken(db: DbOrTx, projectId: string, code: string, exceptId?: string) {
  const rows = await db
    .select({ id: building.id })
    .from(building)
    .where(and(eq(building.projectId, projectId), eq(building.code, code)));
  return rows.some((r) => r.id !== exceptId);
}

export async function createBuilding(
  deps: Deps,
  ctx: AuthedContext,
  input: { projectId: string; code: string; name: string; sortOrder: number },
) {
  const p = await getProject(deps, ctx, input.projectId);
  if (await buildingCodeTaken(deps.db, p.id, input.code)) throw new AppError('CODE_TAKEN', { code: input.code });
  const id = await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx.insert(building).values(input).returning();
    if (!row) throw new Error('insert building returned nothing');
    audit.record({
      action: 'building.create',
      entityType: 'building',
      entityId: row.id,
      orgPath: await projectOrgPath(tx, p.id),
      projectId: p.id,
      summary: `${p.name} 新建楼栋「${row.name}」`,
      after: row,
    });
    return row.id;
  });
  return (await listBuildings(deps, ctx, p.id)).find((b) => b.id === id) as BuildingDto;
}

export async function updateBuilding(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: { code: string; name: string; sortOrder: number },
) {
  const before = await buildingInScope(deps, ctx, id);
  if (await buildingCodeTaken(deps.db, before.projectId, input.code, id)) {
    throw new AppError('CODE_TAKEN', { code: input.code });
  }
  const [rooms] = await deps.db.select({ n: count() }).from(room).where(eq(room.buildingId, id));
  // Room codes start with the building code; renaming the code under existing rooms would
  // leave them pointing at a building that no longer matches.
  if (input.code !== before.code && (rooms?.n ?? 0) > 0) throw new AppError('BUILDING_HAS_ROOMS');
  await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(building)
      .set({ ...input, updatedAt: deps.clock() })
      .where(eq(building.id, id))
      .returning();
    audit.record({
      action: 'building.update',
      entityType: 'building',
      entityId: id,
      orgPath: await projectOrgPath(tx, before.projectId),
      projectId: before.projectId,
      summary: `修改楼栋「${input.name}」`,
      before,
      after: row,
    });
  });
  return (await listBuildings(deps, ctx, before.projectId)).find((b) => b.id === id) as BuildingDto;
}

export async function deleteBuilding(deps: Deps, ctx: AuthedContext, id: string) {
  const before = await buildingInScope(deps, ctx, id);
  const [rooms] = await deps.db.select({ n: count() }).from(room).where(eq(room.buildingId, id));
  if ((rooms?.n ?? 0) > 0) throw new AppError('BUILDING_HAS_ROOMS');
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(unit).where(eq(unit.buildingId, id));
    await tx.delete(building).where(eq(building.id, id));
    audit.record({
      action: 'building.delete',
      entityType: 'building',
      entityId: id,
      orgPath: await projectOrgPath(tx, before.projectId),
      projectId: before.projectId,
      summary: `删除楼栋「${before.name}」`,
      before,
    });
  });
}

// ── rooms ──────────────────────────────────────────────────────────────────

export interface RoomFilter {
  projectId?: string;
  buildingId?: string;
  unitId?: string;
  status?: RoomStatus;
  type?: RoomType;
  keyword?: string;
}

function roomConditions(ctx: AuthedContext, f: RoomFilter): SQL | undefined {
  const list: (SQL | undefined)[] = [scopeByProject(ctx.actor.scope, room.projectId)];
  if (f.projectId) list.push(eq(room.projectId, f.projectId));
  if (f.buildingId) list.push(eq(room.buildingId, f.buildingId));
  if (f.unitId) list.push(eq(room.unitId, f.unitId));
  if (f.status) list.push(eq(room.status, f.status));
  if (f.type) list.push(eq(room.type, f.type));
  if (f.keyword) {
    const k = escapeLike(f.keyword);
    // "1201" finds every 1201 of the project; "3-2-1201" or "3-2" narrows by code prefix.
    list.push(or(eq(room.number, f.keyword), ilike(room.code, `${k}%`)));
  }
  return and(...list);
}

function selectRooms(db: DbOrTx) {
  return db
    .select({ room, projectName: project.name, buildingName: building.name, unitName: unit.name })
    .from(room)
    .innerJoin(project, eq(project.id, room.projectId))
    .innerJoin(building, eq(building.id, room.buildingId))
    .leftJoin(unit, eq(unit.id, room.unitId));
}

type RoomJoined = { room: RoomRow; projectName: string; buildingName: string; unitName: string | null };

function presentRoom(r: RoomJoined): RoomDto {
  return {
    id: r.room.id,
    projectId: r.room.projectId,
    projectName: r.projectName,
    buildingId: r.room.buildingId,
    buildingName: r.buildingName,
    unitId: r.room.unitId,
    unitName: r.unitName,
    floor: r.room.floor,
    number: r.room.number,
    code: r.room.code,
    type: r.room.type,
    grossArea: fromArea(r.room.grossArea),
    netArea: fromArea(r.room.netArea),
    layout: r.room.layout,
    orientation: r.room.orientation,
    status: r.room.status,
    deliveryDate: r.room.deliveryDate,
    updatedAt: r.room.updatedAt.toISOString(),
  };
}

// Project, then the building and unit as they are arranged, then floor and room number
// (shorter numbers first, so 101 comes before 1001).
const roomOrder = [
  asc(project.name),
  asc(building.sortOrder),
  asc(building.code),
  sql`${unit.sortOrder} asc nulls last`,
  asc(room.floor),
  sql`length(${room.number})`,
  asc(room.number),
];

export async function listRooms(deps: Deps, ctx: AuthedContext, q: RoomFilter & { current: number; pageSize: number }) {
  const where = roomConditions(ctx, q);
  const [rows, [total]] = await Promise.all([
    selectRooms(deps.db)
      .where(where)
      .orderBy(...roomOrder)
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(room).where(where),
  ]);
  return { data: rows.map(presentRoom), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function exportRooms(deps: Deps, ctx: AuthedContext, f: RoomFilter, limit: number) {
  const rows = await selectRooms(deps.db)
    .where(roomConditions(ctx, f))
    .orderBy(...roomOrder)
    .limit(limit);
  return rows.map(presentRoom);
}

export async function getRoom(deps: Deps, ctx: AuthedContext, id: string): Promise<RoomDto> {
  const [row] = await selectRooms(deps.db)
    .where(and(eq(room.id, id), scopeByProject(ctx.actor.scope, room.projectId)))
    .limit(1);
  if (!row) throw new AppError('ROOM_NOT_FOUND');
  return presentRoom(row);
}

export async function updateRoom(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: {
    type: RoomType;
    grossArea: number | null;
    netArea: number | null;
    layout: string | null;
    orientation: string | null;
    status: RoomStatus;
    deliveryDate: string | null;
  },
): Promise<RoomDto> {
  const before = await getRoom(deps, ctx, id);
  if (input.grossArea !== null && input.netArea !== null && input.netArea > input.grossArea) {
    throw new AppError('ROOM_AREA_INVALID');
  }
  await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(room)
      .set({
        ...input,
        grossArea: toArea(input.grossArea),
        netArea: toArea(input.netArea),
        updatedAt: deps.clock(),
      })
      .where(eq(room.id, id))
      .returning();
    audit.record({
      action: 'room.update',
      entityType: 'room',
      entityId: id,
      orgPath: await projectOrgPath(tx, before.projectId),
      projectId: before.projectId,
      summary: `修改房间「${before.projectName} ${before.code}」`,
      before,
      after: row,
    });
  });
  return getRoom(deps, ctx, id);
}

// ── room generation ────────────────────────────────────────────────────────

async function existingCodes(db: DbOrTx, projectId: string, codes: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < codes.length; i += 1000) {
    const chunk = codes.slice(i, i + 1000);
    const rows = await db
      .select({ code: room.code })
      .from(room)
      .where(and(eq(room.projectId, projectId), inArray(room.code, chunk)));
    for (const r of rows) out.add(r.code);
  }
  return out;
}

function expand(input: GenerationInput) {
  const rooms = generateRooms({ ...input, suffixDigits: input.suffixDigits });
  if (rooms.length === 0) throw new AppError('GENERATION_EMPTY');
  if (rooms.length > MAX_ROOMS_PER_RULE) {
    throw new AppError('GENERATION_TOO_LARGE', { count: rooms.length, max: MAX_ROOMS_PER_RULE });
  }
  return rooms;
}

export async function previewGeneration(deps: Deps, ctx: AuthedContext, input: GenerationInput) {
  const p = await getProject(deps, ctx, input.projectId);
  const rooms = expand(input);
  const [existingBuilding] = await deps.db
    .select({ id: building.id })
    .from(building)
    .where(and(eq(building.projectId, p.id), eq(building.code, input.buildingCode)));
  const existing = await existingCodes(
    deps.db,
    p.id,
    rooms.map((r) => r.code),
  );
  const units = new Map<string, Map<number, { number: string; code: string; exists: boolean }[]>>();
  for (const r of rooms) {
    const floors = units.get(r.unitCode) ?? new Map();
    units.set(r.unitCode, floors);
    floors.set(r.floor, [
      ...(floors.get(r.floor) ?? []),
      { number: r.number, code: r.code, exists: existing.has(r.code) },
    ]);
  }
  return {
    buildingExists: !!existingBuilding,
    total: rooms.length,
    existing: existing.size,
    toCreate: rooms.length - existing.size,
    units: [...units].map(([code, floors]) => ({
      code,
      // Highest floor first, as the grid is read top-down like the building.
      floors: [...floors].sort(([a], [b]) => b - a).map(([floor, list]) => ({ floor, rooms: list })),
    })),
  };
}

/**
 * Creates the building, units and rooms the rule describes that do not exist yet; running the
 * same rule again creates nothing (rooms are matched by code).
 */
export async function applyGeneration(deps: Deps, ctx: AuthedContext, input: GenerationInput) {
  const p = await getProject(deps, ctx, input.projectId);
  const rooms = expand(input);
  const now = deps.clock();
  // Every insert skips what already exists (matched by the unique codes), so the same rule run
  // twice, or by two people at once, creates each building, unit and room once.
  return write(deps, ctx, async (tx, audit) => {
    const orgPath = await projectOrgPath(tx, p.id);
    const findBuilding = async () =>
      (
        await tx
          .select()
          .from(building)
          .where(and(eq(building.projectId, p.id), eq(building.code, input.buildingCode)))
      )[0];
    let b = await findBuilding();
    if (!b) {
      const [last] = await tx
        .select({ max: sql<number>`coalesce(max(${building.sortOrder}), 0)` })
        .from(building)
        .where(eq(building.projectId, p.id));
      const [created] = await tx
        .insert(building)
        .values({
          projectId: p.id,
          code: input.buildingCode,
          name: input.buildingName ?? `${input.buildingCode}栋`,
          sortOrder: Number(last?.max ?? 0) + 1,
        })
        .onConflictDoNothing({ target: [building.projectId, building.code] })
        .returning();
      if (created) {
        audit.record({
          action: 'building.create',
          entityType: 'building',
          entityId: created.id,
          orgPath,
          projectId: p.id,
          summary: `${p.name} 新建楼栋「${created.name}」`,
          after: created,
        });
      }
      b = created ?? (await findBuilding());
      if (!b) throw new Error('building vanished during generation');
    }
    const buildingRow = b;
    await tx
      .insert(unit)
      .values(
        Array.from({ length: input.units }, (_, i) => ({
          projectId: p.id,
          buildingId: buildingRow.id,
          code: String(i + 1),
          name: `${i + 1}单元`,
          sortOrder: i + 1,
        })),
      )
      .onConflictDoNothing({ target: [unit.buildingId, unit.code] });
    const unitIds = new Map(
      (await tx.select().from(unit).where(eq(unit.buildingId, buildingRow.id))).map((u) => [u.code, u.id]),
    );
    let created = 0;
    for (let i = 0; i < rooms.length; i += 500) {
      const inserted = await tx
        .insert(room)
        .values(
          rooms.slice(i, i + 500).map((r) => ({
            projectId: p.id,
            buildingId: buildingRow.id,
            unitId: unitIds.get(r.unitCode) ?? null,
            floor: r.floor,
            number: r.number,
            code: r.code,
            type: input.type,
            grossArea: toArea(input.grossArea),
            netArea: toArea(input.netArea),
            layout: input.layout ?? null,
            orientation: input.orientation ?? null,
            status: input.status,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing({ target: [room.projectId, room.code] })
        .returning({ id: room.id });
      created += inserted.length;
    }
    const skipped = rooms.length - created;
    audit.record({
      action: 'room.generate',
      entityType: 'building',
      entityId: buildingRow.id,
      orgPath,
      projectId: p.id,
      summary: `${p.name} ${buildingRow.name} 房源生成：新增 ${created} 间，已存在 ${skipped} 间`,
      after: { rule: input, created, skipped },
    });
    return { buildingId: buildingRow.id, created, skipped };
  });
}

// ── room-status grid ───────────────────────────────────────────────────────

export async function roomGrid(deps: Deps, ctx: AuthedContext, buildingId: string) {
  const b = await buildingInScope(deps, ctx, buildingId);
  const [p] = await deps.db.select({ name: project.name }).from(project).where(eq(project.id, b.projectId));
  const [units, rooms] = await Promise.all([
    deps.db.select().from(unit).where(eq(unit.buildingId, b.id)).orderBy(asc(unit.sortOrder), asc(unit.code)),
    deps.db.select().from(room).where(eq(room.buildingId, b.id)).orderBy(asc(room.number)),
  ]);
  const floors = new Map<number, RoomRow[]>();
  for (const r of rooms) floors.set(r.floor, [...(floors.get(r.floor) ?? []), r]);
  const unitOrder = new Map(units.map((u, i) => [u.id, i]));
  const statusCounts = Object.fromEntries(roomStatuses.map((s) => [s, 0])) as Record<RoomStatus, number>;
  for (const r of rooms) statusCounts[r.status]++;
  const hasUnitless = rooms.some((r) => r.unitId === null);
  return {
    building: { id: b.id, code: b.code, name: b.name, projectId: b.projectId, projectName: p?.name ?? '' },
    units: [
      ...units.map((u) => ({ id: u.id as string | null, code: u.code, name: u.name })),
      ...(hasUnitless ? [{ id: null, code: '-', name: '' }] : []),
    ],
    floors: [...floors]
      .sort(([a], [b]) => b - a)
      .map(([floor, list]) => ({
        floor,
        rooms: list
          .sort(
            (x, y) =>
              (unitOrder.get(x.unitId ?? '') ?? 999) - (unitOrder.get(y.unitId ?? '') ?? 999) ||
              x.number.localeCompare(y.number, 'zh-CN', { numeric: true }),
          )
          .map((r) => ({
            id: r.id,
            code: r.code,
            number: r.number,
            unitId: r.unitId,
            type: r.type,
            status: r.status,
            grossArea: fromArea(r.grossArea),
          })),
      })),
    statusCounts,
  };
}
