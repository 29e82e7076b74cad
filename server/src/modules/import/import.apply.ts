// Rows that passed their own checks → the ledger. Per batch: read what the ledger already has
// for these rows, decide each row against it (accept, or reject with a reason), and in write mode
// apply the accepted rows. A row is applied whole or not at all; applying the same rows twice
// changes nothing (upsert by room code, by ID number, by name and mobile).
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../platform/context.js';
import type { Locale } from '../../platform/locale.js';
import { maskIdNumber } from '../../platform/mask.js';
import { nameKeys } from '../customer/customer.names.js';
import { nextCode } from '../customer/customer.service.js';
import { customer, customerPhone, moveIn, type OccupancyRole, occupancy } from '../customer/customer.table.js';
import { building, type RoomStatus, room, unit } from '../property/property.table.js';
import type { CustomerData, RoomData, RowData } from './import.rows.js';

export interface ProjectRef {
  id: string;
  name: string;
  code: string;
  companyId: string;
  companyPath: string;
}

/** The projects the importer may write to, found by id, code or name. */
export class ProjectIndex {
  private readonly byCode = new Map<string, ProjectRef>();
  private readonly byName = new Map<string, ProjectRef>();
  private readonly byId = new Map<string, ProjectRef>();

  constructor(projects: ProjectRef[]) {
    for (const p of projects) {
      this.byId.set(p.id, p);
      this.byCode.set(p.code.toUpperCase(), p);
      this.byName.set(p.name.replace(/\s/g, ''), p);
    }
  }

  find(row: Pick<RowData, 'projectCode' | 'projectName'>, defaultId: string | null): ProjectRef | undefined {
    if (row.projectCode) return this.byCode.get(row.projectCode);
    if (row.projectName) {
      const name = row.projectName.replace(/\s/g, '');
      return this.byName.get(name) ?? this.byCode.get(name.toUpperCase());
    }
    return defaultId ? this.byId.get(defaultId) : undefined;
  }
}

interface RoomState {
  id: string;
  projectId: string;
  floor: number;
  fields: Required<{ [K in keyof RoomData]: RoomData[K] | null }>;
}

interface CustomerState {
  id: string;
  name: string;
  companyId: string;
  gender: 'male' | 'female' | null;
  phones: Set<string>;
}

interface OccupancyState {
  customerId: string;
  customerName: string;
  role: OccupancyRole;
  fromDate: string;
  toDate: string | null;
}

export interface BatchOutcome {
  accepted: number;
  rejected: { row: number; reason: string }[];
  created: number;
  updated: number;
  counts: Record<
    'rooms' | 'customers' | 'occupancies' | 'moveIns' | 'buildings' | 'units',
    { created: number; updated: number }
  >;
}

const messages = {
  project: {
    'zh-CN': (p: string) =>
      p ? `项目“${p}”不存在或不在您的管辖范围内` : '缺少项目：表中没有项目列，导入时也未选择项目',
    'en-US': (p: string) => (p ? `Project "${p}" does not exist or is outside your scope` : 'No project given'),
  },
  duplicate: {
    'zh-CN': (code: string, row: number) => `房间 ${code} 与第 ${row} 行重复（同一房间同一身份只能有一行）`,
    'en-US': (code: string, row: number) => `Room ${code} repeats row ${row} (one row per room and role)`,
  },
  renamed: {
    'zh-CN': (name: string) => `证件号码已登记为客户「${name}」，与表中姓名不一致；更改姓名请提交更名申请`,
    'en-US': (name: string) =>
      `The ID number belongs to customer "${name}" under another name; names change by a rename request`,
  },
  otherOwner: {
    'zh-CN': (code: string, name: string) => `房间 ${code} 已有业主「${name}」；更换业主请办理过户`,
    'en-US': (code: string, name: string) =>
      `Room ${code} already has the owner "${name}"; a change of owner is a transfer`,
  },
  otherTenant: {
    'zh-CN': (code: string, name: string) => `房间 ${code} 已有租户「${name}」；请先办理迁出`,
    'en-US': (code: string, name: string) => `Room ${code} already has the tenant "${name}"; move them out first`,
  },
  overlap: {
    'zh-CN': (code: string, to: string) => `入伙日期早于房间 ${code} 上一任业主的迁出日期 ${to}，业主期间不能重叠`,
    'en-US': (code: string, to: string) =>
      `The move-in date is before the previous owner of ${code} left (${to}); owner periods cannot overlap`,
  },
} as const;

class Rejection extends Error {}

function emptyCounts(): BatchOutcome['counts'] {
  const c = () => ({ created: 0, updated: 0 });
  return { rooms: c(), customers: c(), occupancies: c(), moveIns: c(), buildings: c(), units: c() };
}

const roomFieldNames = ['type', 'grossArea', 'netArea', 'layout', 'orientation', 'status', 'deliveryDate'] as const;

/**
 * What the ledger holds for the rows being imported, kept across the batches of a check run
 * (where nothing is written, rooms and customers "created" by earlier rows live only here) and
 * rebuilt for every batch of a write run.
 */
export class ImportState {
  rooms = new Map<string, RoomState>();
  buildings = new Map<string, string>();
  units = new Map<string, string>();
  customersByHash = new Map<string, CustomerState>();
  customersByMobileName = new Map<string, CustomerState>();
  occupancies = new Map<string, OccupancyState[]>();
  moveIns = new Set<string>();
  loadedBuildings = new Set<string>();
  private virtualIds = 0;

  virtualId(): string {
    this.virtualIds += 1;
    return `virtual-${this.virtualIds}`;
  }
}

/**
 * The rows a write batch creates, inserted together at its end (a few multi-row INSERTs instead of
 * half a dozen round trips per spreadsheet row). Ids are made here so that later rows of the
 * batch can point at records not yet inserted; a later row changing such a record changes the
 * values still to be inserted.
 */
class PendingInserts {
  buildings: (typeof building.$inferInsert)[] = [];
  units: (typeof unit.$inferInsert)[] = [];
  rooms = new Map<string, typeof room.$inferInsert>();
  customers = new Map<string, typeof customer.$inferInsert>();
  phones: (typeof customerPhone.$inferInsert)[] = [];
  occupancies: (typeof occupancy.$inferInsert)[] = [];
  moveIns: (typeof moveIn.$inferInsert)[] = [];
  /** The next customer code number per company, from the company's highest at the batch's first new customer. */
  codes = new Map<string, number>();

  async flush(q: DbOrTx): Promise<void> {
    // Parents before children; one statement per table (bulkInsert sends a column as one array).
    await bulkInsert(q, building, this.buildings);
    await bulkInsert(q, unit, this.units);
    await bulkInsert(q, room, [...this.rooms.values()]);
    await bulkInsert(q, customer, [...this.customers.values()]);
    await bulkInsert(q, customerPhone, this.phones);
    await bulkInsert(q, occupancy, this.occupancies);
    await bulkInsert(q, moveIn, this.moveIns);
  }
}

/** The next free customer code of a company within this batch (KH000001 …). */
async function customerCode(o: ApplyOptions, pending: PendingInserts, companyId: string): Promise<string> {
  let n = pending.codes.get(companyId);
  if (n === undefined) n = Number((await nextCode(o.q, companyId)).slice(2));
  pending.codes.set(companyId, n + 1);
  return `KH${String(n).padStart(6, '0')}`;
}

export interface ApplyOptions {
  deps: Deps;
  /** A transaction in write mode; the plain database in check mode. */
  q: DbOrTx;
  write: boolean;
  state: ImportState;
  projects: ProjectIndex;
  defaultProjectId: string | null;
  locale: Locale;
  today: string;
  /** Room (+ role) → first row naming it, across the whole file. */
  seen: Map<string, number>;
  /** Who imports: recorded on move-in registrations. */
  actorId: string;
}

async function prefetch(o: ApplyOptions, rows: { data: RowData; project: ProjectRef }[]): Promise<void> {
  const { q, state, deps } = o;
  // Buildings and units of each project involved (a project has tens of buildings).
  for (const projectId of new Set(rows.map((r) => r.project.id))) {
    if (state.loadedBuildings.has(projectId)) continue;
    state.loadedBuildings.add(projectId);
    for (const b of await q
      .select({ id: building.id, code: building.code })
      .from(building)
      .where(eq(building.projectId, projectId))) {
      state.buildings.set(`${projectId}|${b.code}`, b.id);
    }
    for (const u of await q
      .select({ id: unit.id, code: unit.code, buildingId: unit.buildingId })
      .from(unit)
      .where(eq(unit.projectId, projectId))) {
      state.units.set(`${u.buildingId}|${u.code}`, u.id);
    }
  }
  // Rooms by code, with their whole occupancy history.
  const byProject = new Map<string, string[]>();
  for (const r of rows) {
    const key = `${r.project.id}|${r.data.code}`;
    if (state.rooms.has(key)) continue;
    byProject.set(r.project.id, [...(byProject.get(r.project.id) ?? []), r.data.code]);
  }
  const newRoomIds: string[] = [];
  for (const [projectId, codes] of byProject) {
    const found = await q
      .select()
      .from(room)
      .where(and(eq(room.projectId, projectId), inArray(room.code, [...new Set(codes)])));
    for (const r of found) {
      state.rooms.set(`${projectId}|${r.code}`, {
        id: r.id,
        projectId,
        floor: r.floor,
        fields: {
          type: r.type,
          grossArea: r.grossArea,
          netArea: r.netArea,
          layout: r.layout,
          orientation: r.orientation,
          status: r.status,
          deliveryDate: r.deliveryDate,
        },
      });
      newRoomIds.push(r.id);
    }
  }
  if (newRoomIds.length) {
    const history = await q
      .select({
        roomId: occupancy.roomId,
        customerId: occupancy.customerId,
        customerName: customer.name,
        role: occupancy.role,
        fromDate: occupancy.fromDate,
        toDate: occupancy.toDate,
      })
      .from(occupancy)
      .innerJoin(customer, eq(customer.id, occupancy.customerId))
      .where(inArray(occupancy.roomId, newRoomIds));
    for (const h of history) {
      const list = state.occupancies.get(h.roomId) ?? [];
      list.push(h);
      state.occupancies.set(h.roomId, list);
    }
    for (const m of await q
      .select({ roomId: moveIn.roomId, customerId: moveIn.customerId })
      .from(moveIn)
      .where(inArray(moveIn.roomId, newRoomIds))) {
      state.moveIns.add(`${m.roomId}|${m.customerId}`);
    }
  }
  // Customers by ID number (keyed hash), and by mobile for rows without one.
  const hashes = new Set<string>();
  const mobiles = new Set<string>();
  for (const r of rows) {
    const c = r.data.customer;
    if (!c) continue;
    if (c.idNumber) {
      const hash = deps.secrets.hash(c.idNumber);
      if (!state.customersByHash.has(`${r.project.companyId}|${hash}`)) hashes.add(hash);
    } else if (c.mobile) mobiles.add(c.mobile);
  }
  const companyIds = [...new Set(rows.map((r) => r.project.companyId))];
  const matched: (typeof customer.$inferSelect)[] = [];
  if (hashes.size) {
    matched.push(
      ...(await q
        .select()
        .from(customer)
        .where(and(inArray(customer.companyId, companyIds), inArray(customer.idNumberHash, [...hashes])))),
    );
  }
  if (mobiles.size) {
    const viaPhone = await q
      .select({ customer })
      .from(customerPhone)
      .innerJoin(customer, eq(customer.id, customerPhone.customerId))
      .where(and(inArray(customer.companyId, companyIds), inArray(customerPhone.number, [...mobiles])));
    matched.push(...viaPhone.map((v) => v.customer));
  }
  if (matched.length) {
    const ids = [...new Set(matched.map((m) => m.id))];
    const phones = await q
      .select({ customerId: customerPhone.customerId, number: customerPhone.number })
      .from(customerPhone)
      .where(inArray(customerPhone.customerId, ids));
    for (const m of matched) {
      const s: CustomerState = {
        id: m.id,
        name: m.name,
        companyId: m.companyId,
        gender: m.gender,
        phones: new Set(phones.filter((p) => p.customerId === m.id).map((p) => p.number)),
      };
      if (m.idNumberHash) state.customersByHash.set(`${m.companyId}|${m.idNumberHash}`, s);
      for (const number of s.phones) state.customersByMobileName.set(`${m.companyId}|${number}|${m.name}`, s);
    }
  }
}

interface Plan {
  data: RowData;
  project: ProjectRef;
  roomKey: string;
  room: RoomState | undefined;
  roomChanges: Partial<RoomData> & { floor?: number };
  customer?: {
    data: CustomerData;
    existing: CustomerState | undefined;
    hash: string | null;
    gender: boolean;
    phone: boolean;
    openOccupancy: boolean;
    moveIn: boolean;
  };
}

function decide(o: ApplyOptions, data: RowData, project: ProjectRef): Plan {
  const { state, locale } = o;
  const roomKey = `${project.id}|${data.code}`;
  const existing = state.rooms.get(roomKey);
  const roomChanges: Plan['roomChanges'] = {};
  if (existing) {
    for (const f of roomFieldNames) {
      const value = data.room[f];
      if (value !== undefined && value !== existing.fields[f]) (roomChanges as Record<string, unknown>)[f] = value;
    }
    if (data.floor !== existing.floor) roomChanges.floor = data.floor;
  }
  const plan: Plan = { data, project, roomKey, room: existing, roomChanges };
  const c = data.customer;
  if (!c) return plan;

  const hash = c.idNumber ? o.deps.secrets.hash(c.idNumber) : null;
  let found = hash ? state.customersByHash.get(`${project.companyId}|${hash}`) : undefined;
  if (found && found.name !== c.name) throw new Rejection(messages.renamed[locale](found.name));
  if (!found && !hash && c.mobile)
    found = state.customersByMobileName.get(`${project.companyId}|${c.mobile}|${c.name}`);
  const history = existing ? (state.occupancies.get(existing.id) ?? []) : [];
  const current = history.filter((h) => h.toDate === null);
  // No ID and no mobile: the same name already living in the room is the same person.
  if (!found && !hash && !c.mobile) {
    const same = current.find((h) => h.customerName === c.name);
    if (same)
      found = {
        id: same.customerId,
        name: same.customerName,
        companyId: project.companyId,
        gender: null,
        phones: new Set(),
      };
  }
  const alreadyThere = found ? current.some((h) => h.customerId === found?.id && h.role === c.role) : false;
  if (!alreadyThere) {
    if (c.role === 'owner') {
      const owner = current.find((h) => h.role === 'owner');
      if (owner) throw new Rejection(messages.otherOwner[locale](data.code, owner.customerName));
      const from = c.moveInDate ?? o.today;
      const lastEnd = history
        .filter((h) => h.role === 'owner' && h.toDate !== null)
        .map((h) => h.toDate as string)
        .sort()
        .pop();
      if (lastEnd && lastEnd > from) throw new Rejection(messages.overlap[locale](data.code, lastEnd));
    }
    if (c.role === 'tenant') {
      const tenant = current.find((h) => h.role === 'tenant');
      if (tenant) throw new Rejection(messages.otherTenant[locale](data.code, tenant.customerName));
    }
  }
  plan.customer = {
    data: c,
    existing: found,
    hash,
    gender: Boolean(found && c.gender && found.gender !== c.gender),
    phone: Boolean(found && c.mobile && !found.phones.has(c.mobile)),
    openOccupancy: !alreadyThere,
    moveIn: c.role === 'owner' && c.moveInDate !== null,
  };
  return plan;
}

async function execute(o: ApplyOptions, plan: Plan, outcome: BatchOutcome, pending: PendingInserts): Promise<void> {
  const { q, state, write } = o;
  const { data, project } = plan;
  // Room: create (with its building and unit when new) or update what the sheet changes.
  let roomState = plan.room;
  if (!roomState) {
    const buildingKey = `${project.id}|${data.building}`;
    let buildingId = state.buildings.get(buildingKey);
    if (!buildingId) {
      buildingId = write ? randomUUID() : state.virtualId();
      if (write) {
        pending.buildings.push({
          id: buildingId,
          projectId: project.id,
          code: data.building,
          name: buildingName(data),
          sortOrder: sortOf(data.building),
        });
      }
      state.buildings.set(buildingKey, buildingId);
      outcome.counts.buildings.created += 1;
    }
    let unitId: string | null = null;
    if (data.unit) {
      const unitKey = `${buildingId}|${data.unit}`;
      unitId = state.units.get(unitKey) ?? null;
      if (!unitId) {
        unitId = write ? randomUUID() : state.virtualId();
        if (write) {
          pending.units.push({
            id: unitId,
            projectId: project.id,
            buildingId,
            code: data.unit,
            name: /单元|门|梯/.test(data.unitLabel ?? '') ? (data.unitLabel as string) : `${data.unit}单元`,
            sortOrder: sortOf(data.unit),
          });
        }
        state.units.set(unitKey, unitId);
        outcome.counts.units.created += 1;
      }
    }
    const status: RoomStatus =
      data.room.status ??
      (data.customer?.role === 'owner' ? (data.customer.moveInDate ? 'occupied' : 'sold') : 'unsold');
    const values = {
      projectId: project.id,
      buildingId,
      unitId,
      floor: data.floor,
      number: data.number,
      code: data.code,
      type: data.room.type ?? 'residence',
      grossArea: data.room.grossArea ?? null,
      netArea: data.room.netArea ?? null,
      layout: data.room.layout ?? null,
      orientation: data.room.orientation ?? null,
      status,
      deliveryDate: data.room.deliveryDate ?? null,
    } as const;
    const id = write ? randomUUID() : state.virtualId();
    if (write) pending.rooms.set(id, { id, ...values });
    roomState = {
      id,
      projectId: project.id,
      floor: data.floor,
      fields: {
        type: values.type,
        grossArea: values.grossArea,
        netArea: values.netArea,
        layout: values.layout,
        orientation: values.orientation,
        status,
        deliveryDate: values.deliveryDate,
      },
    };
    state.rooms.set(plan.roomKey, roomState);
    outcome.counts.rooms.created += 1;
  } else if (Object.keys(plan.roomChanges).length) {
    const unsaved = pending.rooms.get(roomState.id);
    if (unsaved) Object.assign(unsaved, plan.roomChanges);
    else if (write) {
      await q
        .update(room)
        .set({ ...plan.roomChanges, updatedAt: o.deps.clock() })
        .where(eq(room.id, roomState.id));
    }
    Object.assign(roomState.fields, plan.roomChanges);
    if (plan.roomChanges.floor !== undefined) roomState.floor = plan.roomChanges.floor;
    outcome.counts.rooms.updated += 1;
  }

  const pc = plan.customer;
  if (!pc) return;
  const c = pc.data;
  let cust = pc.existing;
  if (!cust) {
    const keys = nameKeys(c.name);
    const n = c.idNumber;
    const id = write ? randomUUID() : state.virtualId();
    if (write) {
      pending.customers.set(id, {
        id,
        companyId: project.companyId,
        orgPath: project.companyPath,
        code: await customerCode(o, pending, project.companyId),
        kind: c.kind,
        name: c.name,
        namePinyin: keys.pinyin,
        nameInitials: keys.initials,
        gender: c.gender,
        source: 'import',
        idType: c.idType,
        idNumberEncrypted: n ? o.deps.secrets.encrypt(n) : null,
        idNumberHash: pc.hash,
        idLast6Hash: n ? o.deps.secrets.hash(n.slice(-6)) : null,
        idNumberMasked: n ? (n.length > 10 ? maskIdNumber(n) : `${n.slice(0, 2)}****`) : null,
      });
      if (c.mobile) {
        pending.phones.push({ customerId: id, number: c.mobile, last4: c.mobile.slice(-4), isPrimary: true });
      }
    }
    cust = {
      id,
      name: c.name,
      companyId: project.companyId,
      gender: c.gender,
      phones: new Set(c.mobile ? [c.mobile] : []),
    };
    outcome.counts.customers.created += 1;
  } else if (pc.gender || pc.phone) {
    const unsaved = pending.customers.get(cust.id);
    if (write && pc.gender) {
      if (unsaved) unsaved.gender = c.gender;
      else
        await q.update(customer).set({ gender: c.gender, updatedAt: o.deps.clock() }).where(eq(customer.id, cust.id));
    }
    if (write && pc.phone && c.mobile) {
      // Every customer with a number has one primary number: a first number becomes it.
      pending.phones.push({
        customerId: cust.id,
        number: c.mobile,
        last4: c.mobile.slice(-4),
        isPrimary: cust.phones.size === 0,
      });
    }
    if (pc.gender) cust.gender = c.gender;
    if (pc.phone && c.mobile) cust.phones.add(c.mobile);
    outcome.counts.customers.updated += 1;
  }
  if (pc.hash) state.customersByHash.set(`${project.companyId}|${pc.hash}`, cust);
  if (c.mobile) state.customersByMobileName.set(`${project.companyId}|${c.mobile}|${c.name}`, cust);

  if (pc.openOccupancy) {
    const fromDate = c.moveInDate ?? o.today;
    const occupancyId = write ? randomUUID() : null;
    if (occupancyId) {
      pending.occupancies.push({
        id: occupancyId,
        customerId: cust.id,
        roomId: roomState.id,
        projectId: project.id,
        role: c.role,
        fromDate,
        note: '批量导入',
      });
    }
    const list = state.occupancies.get(roomState.id) ?? [];
    list.push({ customerId: cust.id, customerName: cust.name, role: c.role, fromDate, toDate: null });
    state.occupancies.set(roomState.id, list);
    outcome.counts.occupancies.created += 1;
    if (pc.moveIn && c.moveInDate && !state.moveIns.has(`${roomState.id}|${cust.id}`)) {
      if (write) {
        pending.moveIns.push({
          roomId: roomState.id,
          projectId: project.id,
          customerId: cust.id,
          occupancyId,
          moveInDate: c.moveInDate,
          contractNo: c.contractNo,
          handoverLetterNo: c.handoverLetterNo,
          inspectionNote: null,
          createdBy: o.actorId,
        });
      }
      state.moveIns.add(`${roomState.id}|${cust.id}`);
      outcome.counts.moveIns.created += 1;
    }
  }
}

function buildingName(data: RowData): string {
  return /栋|号楼|幢|座|楼/.test(data.buildingLabel) ? data.buildingLabel.replace(/\s/g, '') : `${data.building}栋`;
}

function sortOf(code: string): number {
  const n = Number.parseInt(code, 10);
  return Number.isFinite(n) ? n : 0;
}

/** Whether a room (and role) has been named by an earlier row of the file. */
function duplicateOf(o: ApplyOptions, data: RowData, project: ProjectRef): number | undefined {
  const c = data.customer;
  // Several residents may share a room; an owner row and a tenant row for one room are fine.
  const key =
    c?.role === 'resident'
      ? `${project.id}|${data.code}|resident|${c.idNumber ?? c.mobile ?? c.name}`
      : `${project.id}|${data.code}|${c?.role ?? '-'}`;
  const first = o.seen.get(key);
  if (first === undefined) o.seen.set(key, data.row);
  return first !== undefined && first !== data.row ? first : undefined;
}

/** Decides (and in write mode applies) one batch of rows, in file order. */
export async function applyBatch(o: ApplyOptions, rows: RowData[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { accepted: 0, rejected: [], created: 0, updated: 0, counts: emptyCounts() };
  const placed: { data: RowData; project: ProjectRef }[] = [];
  for (const data of rows) {
    const project = o.projects.find(data, o.defaultProjectId);
    if (!project) {
      outcome.rejected.push({
        row: data.row,
        reason: messages.project[o.locale](data.projectCode ?? data.projectName ?? ''),
      });
      continue;
    }
    const first = duplicateOf(o, data, project);
    if (first !== undefined) {
      outcome.rejected.push({ row: data.row, reason: messages.duplicate[o.locale](data.code, first) });
      continue;
    }
    placed.push({ data, project });
  }
  await prefetch(o, placed);
  const pending = new PendingInserts();
  for (const { data, project } of placed) {
    let plan: Plan;
    try {
      plan = decide(o, data, project);
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      outcome.rejected.push({ row: data.row, reason: error.message });
      continue;
    }
    await execute(o, plan, outcome, pending);
    outcome.accepted += 1;
  }
  if (o.write) await pending.flush(o.q);
  outcome.rejected.sort((a, b) => a.row - b.row);
  for (const c of Object.values(outcome.counts)) {
    outcome.created += c.created;
    outcome.updated += c.updated;
  }
  return outcome;
}
