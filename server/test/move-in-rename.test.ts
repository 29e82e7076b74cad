import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, moveIn, renameRequest } from '../src/modules/customer/customer.table.js';
import { room as roomTable } from '../src/modules/property/property.table.js';
import {
  type CustomerRow,
  Factory,
  hasFullMobile,
  maskMobile,
  mobileNumber,
  type OccupancyRow,
  type OrgNode,
  type ProjectRow,
  residentId,
} from './factories.js';
import {
  createTestApp,
  expectChineseProblem as expectProblem,
  json,
  ok,
  type Page,
  type Problem,
  sheetRows,
  type TestApp,
} from './harness.js';

let t: TestApp;
let admin: Factory;
let adminCookie: string;
let as: Record<'kefu' | 'handler' | 'supervisor' | 'delivery' | 'hz', string>;
let p: { llhy: ProjectRow; bjyh: ProjectRow; xxyl: ProjectRow };
let company: { sh: OrgNode; hz: OrgNode };

interface Room {
  id: string;
  projectId: string;
  code: string;
  status: string;
}
interface RoomDetail extends Room {
  billingTarget?: { customerId: string; name: string; role: string } | null;
}
interface MoveInRow {
  id: string;
  roomId: string;
  roomCode: string;
  projectId: string;
  projectName: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  customerMobile: string | null;
  occupancyId: string | null;
  current: boolean;
  moveInDate: string;
  contractNo: string | null;
  handoverLetterNo: string | null;
  inspectionNote: string | null;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
}
interface RenameRow {
  id: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  oldName: string;
  newName: string;
  reason: string;
  evidence: string | null;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  requestedBy: string;
  requestedByName: string;
  createdAt: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

beforeAll(async () => {
  t = await createTestApp();
  adminCookie = await t.login('admin');
  admin = new Factory(t, adminCookie);
  as = {
    kefu: await t.login('kefu'),
    handler: await t.login('handler'),
    supervisor: await t.login('supervisor'),
    delivery: await t.login('delivery'),
    hz: await t.login('hz_admin'),
  };
  p = {
    llhy: await admin.projectByCode('SH-LLHY'),
    bjyh: await admin.projectByCode('SH-BJYH'),
    xxyl: await admin.projectByCode('HZ-XXYL'),
  };
  company = { sh: await admin.orgByCode('SH'), hz: await admin.orgByCode('HZ') };
});

afterAll(async () => {
  await t?.close();
});

type Method = 'GET' | 'POST' | 'PUT';
const send = (method: Method, url: string, payload?: object, cookie = adminCookie, headers = {}) =>
  t.inject({ method, url, cookie, headers, ...(payload ? { payload } : {}) });

/** A refusal that names the field it is about, in Chinese, so the form can show it there. */
function expectFieldProblem(response: LightMyRequestResponse, status: number, code: string, field: string) {
  const body = expectProblem(response, status, code);
  expect(body.errors?.[0]).toMatchObject({ field, in: 'body' });
  expect(body.errors?.[0]?.message).toBe(body.detail);
  return body;
}

function expectInvalid(response: LightMyRequestResponse, field: string): Problem {
  const body = expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(body.errors?.map((e) => e.field)).toContain(field);
  return body;
}

/** New rooms in a new building of a project, in the given status (so the demo data stays out of the way). */
async function freshRooms(projectId: string, count: number, status = 'delivered'): Promise<Room[]> {
  const generated = ok<{ buildingId: string }>(
    await send('POST', '/api/room-generation', {
      projectId,
      buildingCode: `R${randomBytes(3).toString('hex')}`,
      units: 1,
      floorFrom: 1,
      floorTo: 1,
      roomsPerFloor: count,
      status,
    }),
  );
  const list = ok<Page<Room>>(await send('GET', `/api/rooms?buildingId=${generated.buildingId}&pageSize=50`));
  expect(list.data).toHaveLength(count);
  return list.data;
}
const freshRoom = async (projectId = p.llhy.id, status = 'delivered') =>
  (await freshRooms(projectId, 1, status))[0] as Room;

/** A person of a company, optionally holding a room from a date. */
function newCustomer(
  name: string,
  extra: { companyId?: string; roomId?: string; role?: string; fromDate?: string; mobile?: string } = {},
): Promise<CustomerRow> {
  return admin.createCustomer({
    kind: 'person',
    name,
    idType: 'resident_id',
    idNumber: residentId(),
    mobile: extra.mobile ?? mobileNumber(),
    companyId: extra.companyId ?? company.sh.id,
    ...(extra.roomId
      ? { moveIn: { roomId: extra.roomId, role: extra.role ?? 'owner', fromDate: extra.fromDate ?? '2024-01-01' } }
      : {}),
  });
}

const register = (roomId: string, payload: object, cookie = adminCookie) =>
  send('POST', `/api/rooms/${roomId}/move-ins`, payload, cookie);
const occupantsOf = async (roomId: string, cookie = adminCookie) =>
  ok<OccupancyRow[]>(await send('GET', `/api/rooms/${roomId}/occupancies`, undefined, cookie));
const roomDetail = async (roomId: string, cookie = adminCookie) =>
  ok<RoomDetail>(await send('GET', `/api/rooms/${roomId}`, undefined, cookie));
const contract = () => `HT-${randomBytes(4).toString('hex').toUpperCase()}`;

/** What a refused call must leave as it was: the room's relations, its status and its registrations. */
async function roomState(roomId: string) {
  return {
    occupants: (await occupantsOf(roomId)).map((o) => [o.customerId, o.role, o.fromDate, o.toDate]),
    status: (await roomDetail(roomId)).status,
    moveIns: (await t.deps.db.select({ id: moveIn.id }).from(moveIn).where(eq(moveIn.roomId, roomId))).length,
  };
}

// ── 入伙 ───────────────────────────────────────────────────────────────────

describe('registering a move-in (POST /api/rooms/{id}/move-ins)', () => {
  it('moves every previous customer out on the date, makes the customer owner, links the registration and marks the room occupied, all audited', async () => {
    const room = await freshRoom();
    const oldOwner = await newCustomer('原业主甲', { roomId: room.id, role: 'owner', fromDate: '2023-06-30' });
    const tenant = await newCustomer('原租户乙', { roomId: room.id, role: 'tenant', fromDate: '2025-03-01' });
    const resident = await newCustomer('原住户丙', { roomId: room.id, role: 'resident', fromDate: '2025-03-01' });
    const mobile = mobileNumber();
    const buyer = await newCustomer('新业主丁', { mobile });
    const contractNo = contract();

    const response = await register(
      room.id,
      {
        customerId: buyer.id,
        moveInDate: '2026-11-20',
        contractNo: `  ${contractNo} `,
        handoverLetterNo: 'SL2026-0101',
        inspectionNote: '客厅墙面一处裂缝，已登记整改',
      },
      as.kefu,
    );
    const created = ok<MoveInRow>(response, 201);
    expect(created).toMatchObject({
      roomId: room.id,
      roomCode: room.code,
      projectId: p.llhy.id,
      projectName: '邻里花园',
      customerId: buyer.id,
      customerCode: buyer.code,
      customerName: '新业主丁',
      customerMobile: maskMobile(mobile),
      current: true,
      moveInDate: '2026-11-20',
      contractNo,
      handoverLetterNo: 'SL2026-0101',
      inspectionNote: '客厅墙面一处裂缝，已登记整改',
      createdByName: '张晓梅',
    });

    const occupants = await occupantsOf(room.id);
    const now = occupants.filter((o) => o.current);
    expect(now.map((o) => [o.customerId, o.role, o.fromDate])).toEqual([[buyer.id, 'owner', '2026-11-20']]);
    expect(created.occupancyId).toBe(now[0]?.id);
    const ended = occupants.filter((o) => !o.current).map((o) => [o.customerId, o.role, o.toDate]);
    expect(ended.sort()).toEqual(
      [
        [oldOwner.id, 'owner', '2026-11-20'],
        [tenant.id, 'tenant', '2026-11-20'],
        [resident.id, 'resident', '2026-11-20'],
      ].sort(),
    );
    expect((await roomDetail(room.id)).status).toBe('occupied');

    const entries = await t.auditEntries(response);
    expect(entries.map((e) => e.action)).toEqual([
      'occupancy.move_out',
      'occupancy.move_out',
      'occupancy.move_out',
      'occupancy.move_in',
      'move_in.create',
      'room.update',
    ]);
    expect(entries.every((e) => e.actorName === '张晓梅' && e.projectId === p.llhy.id)).toBe(true);
    expect(entries.find((e) => e.action === 'move_in.create')).toMatchObject({
      entityType: 'move_in',
      entityId: created.id,
      summary: `${room.code} 入伙登记：「新业主丁」（2026-11-20，合同号 ${contractNo}）`,
    });
    expect(entries.find((e) => e.action === 'room.update')).toMatchObject({
      entityId: room.id,
      before: { status: 'delivered' },
      after: { status: 'occupied' },
    });

    // The room's registrations and the list both show it.
    const ofRoom = ok<MoveInRow[]>(await send('GET', `/api/rooms/${room.id}/move-ins`, undefined, as.handler));
    expect(ofRoom.map((m) => m.id)).toEqual([created.id]);
  });

  it('leaves a room being decorated as it is, and an occupied room occupied without touching its status', async () => {
    for (const status of ['decorating', 'occupied']) {
      const room = await freshRoom(p.llhy.id, status);
      const buyer = await newCustomer(`状态${status}`);
      const response = await register(room.id, { customerId: buyer.id, moveInDate: '2026-11-01' });
      ok(response, 201);
      expect((await roomDetail(room.id)).status).toBe(status);
      expect((await t.auditEntries(response)).map((e) => e.action)).not.toContain('room.update');
    }
    for (const status of ['unsold', 'sold', 'vacant']) {
      const room = await freshRoom(p.llhy.id, status);
      ok(await register(room.id, { customerId: (await newCustomer('空房入伙')).id, moveInDate: '2026-11-01' }), 201);
      expect((await roomDetail(room.id)).status, status).toBe('occupied');
    }
  });

  it("keeps the customer's own owner relation from the sale and links it; refuses registering it twice", async () => {
    const room = await freshRoom(p.llhy.id, 'sold');
    const owner = await newCustomer('售出业主', { roomId: room.id, role: 'owner', fromDate: '2025-05-01' });
    const created = ok<MoveInRow>(await register(room.id, { customerId: owner.id, moveInDate: '2026-10-08' }), 201);
    const occupants = await occupantsOf(room.id);
    expect(occupants.map((o) => [o.customerId, o.role, o.fromDate, o.toDate])).toEqual([
      [owner.id, 'owner', '2025-05-01', null],
    ]);
    expect(created.occupancyId).toBe(occupants[0]?.id);
    const before = await roomState(room.id);
    const again = expectFieldProblem(
      await register(room.id, { customerId: owner.id, moveInDate: '2026-11-01' }),
      409,
      'MOVE_IN_ALREADY',
      'customerId',
    );
    expect(again.detail).toBe('“售出业主”已于 2026-10-08 办理过该房间的入伙');
    expect(await roomState(room.id)).toEqual(before);
  });

  it('ends the tenancy of a tenant who buys the flat, and keeps them living there', async () => {
    const room = await freshRoom();
    const landlord = await newCustomer('房东', { roomId: room.id, role: 'owner', fromDate: '2023-06-30' });
    const tenant = await newCustomer('买房租户', { roomId: room.id, role: 'tenant', fromDate: '2024-03-01' });
    ok(
      await send('POST', `/api/customers/${tenant.id}/occupancies`, {
        roomId: room.id,
        role: 'resident',
        fromDate: '2024-03-01',
      }),
    );
    ok(await register(room.id, { customerId: tenant.id, moveInDate: '2026-11-11' }), 201);
    const current = (await occupantsOf(room.id)).filter((o) => o.current).map((o) => [o.customerId, o.role]);
    expect(current.sort()).toEqual(
      [
        [tenant.id, 'owner'],
        [tenant.id, 'resident'],
      ].sort(),
    );
    expect((await occupantsOf(room.id)).find((o) => o.customerId === landlord.id)?.toDate).toBe('2026-11-11');
  });

  it('refuses a future date, a date before the current relations began, and an overlap with an earlier ownership, naming the field', async () => {
    const room = await freshRoom();
    await newCustomer('现业主', { roomId: room.id, role: 'owner', fromDate: '2023-06-30' });
    await newCustomer('现租户', { roomId: room.id, role: 'tenant', fromDate: '2025-09-01' });
    const buyer = await newCustomer('日期买家');
    const before = await roomState(room.id);

    // Tomorrow in Beijing (the test clock stands at 2026-11-24 09:30 Beijing time).
    const future = expectFieldProblem(
      await register(room.id, { customerId: buyer.id, moveInDate: '2026-11-25' }),
      422,
      'MOVE_IN_DATE_FUTURE',
      'moveInDate',
    );
    expect(future.detail).toBe('入伙日期不能晚于今天（2026-11-24）');
    const early = expectFieldProblem(
      await register(room.id, { customerId: buyer.id, moveInDate: '2025-08-31' }),
      422,
      'MOVE_IN_DATE_TOO_EARLY',
      'moveInDate',
    );
    expect(early.detail).toBe('入伙日期不能早于房间当前租户「现租户」的迁入日期 2025-09-01');
    expect(await roomState(room.id)).toEqual(before);

    // An owner who sold the room may buy it back only after their earlier period ended.
    const formerOwner = await newCustomer('回购业主', { roomId: room.id, role: 'owner', fromDate: '2020-01-01' });
    const held = (await occupantsOf(room.id)).find((o) => o.customerId === formerOwner.id) as OccupancyRow;
    ok(await send('POST', `/api/occupancies/${held.id}/end`, { toDate: '2026-10-31' }));
    expectFieldProblem(
      await register(room.id, { customerId: formerOwner.id, moveInDate: '2026-10-01' }),
      409,
      'OCCUPANCY_OVERLAP',
      'moveInDate',
    );
    // Today itself is allowed.
    ok(await register(room.id, { customerId: formerOwner.id, moveInDate: '2026-11-24' }), 201);
  });

  it('refuses customers of another company, unknown or out-of-scope rooms and customers, disabled and anonymised customers', async () => {
    const room = await freshRoom();
    const before = await roomState(room.id);
    const hzCustomer = await newCustomer('杭州客户', { companyId: company.hz.id });
    const mismatch = expectFieldProblem(
      await register(room.id, { customerId: hzCustomer.id, moveInDate: '2026-11-01' }),
      422,
      'MOVE_IN_COMPANY_MISMATCH',
      'customerId',
    );
    expect(mismatch.detail).toBe('客户“杭州客户”与房间不属于同一公司，请选择房间所属公司的客户');

    const buyer = await newCustomer('范围买家');
    expectProblem(
      await register(randomUUID(), { customerId: buyer.id, moveInDate: '2026-11-01' }),
      404,
      'ROOM_NOT_FOUND',
    );
    // The Hangzhou administrator cannot see the Shanghai room: 404, as if it did not exist.
    expectProblem(
      await register(room.id, { customerId: hzCustomer.id, moveInDate: '2026-11-01' }, as.hz),
      404,
      'ROOM_NOT_FOUND',
    );
    expectFieldProblem(
      await register(room.id, { customerId: randomUUID(), moveInDate: '2026-11-01' }),
      404,
      'CUSTOMER_NOT_FOUND',
      'customerId',
    );
    // The delivery team does not see a customer who holds no room in its projects.
    expectFieldProblem(
      await register(room.id, { customerId: buyer.id, moveInDate: '2026-11-01' }, as.delivery),
      404,
      'CUSTOMER_NOT_FOUND',
      'customerId',
    );

    const disabled = await newCustomer('停用买家');
    ok(await send('POST', `/api/customers/${disabled.id}/disable`));
    expectFieldProblem(
      await register(room.id, { customerId: disabled.id, moveInDate: '2026-11-01' }),
      409,
      'CUSTOMER_DISABLED',
      'customerId',
    );
    const gone = await newCustomer('匿名买家');
    ok(await send('POST', `/api/customers/${gone.id}/anonymise`));
    expectFieldProblem(
      await register(room.id, { customerId: gone.id, moveInDate: '2026-11-01' }),
      409,
      'CUSTOMER_ANONYMISED',
      'customerId',
    );
    expect(await roomState(room.id)).toEqual(before);
  });

  it('refuses a purchase contract number already registered in the project (409), in any letter case', async () => {
    const [first, second] = await freshRooms(p.llhy.id, 2);
    const contractNo = contract();
    ok(
      await register((first as Room).id, {
        customerId: (await newCustomer('合同一')).id,
        moveInDate: '2026-11-01',
        contractNo,
      }),
      201,
    );
    const before = await roomState((second as Room).id);
    const buyer = await newCustomer('合同二');
    const taken = expectFieldProblem(
      await register((second as Room).id, {
        customerId: buyer.id,
        moveInDate: '2026-11-01',
        contractNo: contractNo.toLowerCase(),
      }),
      409,
      'MOVE_IN_CONTRACT_TAKEN',
      'contractNo',
    );
    expect(taken.detail).toBe(
      `购房合同号“${contractNo.toLowerCase()}”已用于本项目 ${(first as Room).code} 的入伙登记，请核对合同号`,
    );
    expect(await roomState((second as Room).id)).toEqual(before);
    // Another project may use the same number; an empty number is no number.
    const bjyhRoom = await freshRoom(p.bjyh.id);
    ok(await register(bjyhRoom.id, { customerId: buyer.id, moveInDate: '2026-11-01', contractNo }), 201);
    for (const r of [second as Room, await freshRoom()]) {
      ok(
        await register(r.id, {
          customerId: (await newCustomer('无合同号')).id,
          moveInDate: '2026-11-01',
          contractNo: ' ',
        }),
        201,
      );
    }
  });

  it('validates the body and needs customer.manage', async () => {
    const room = await freshRoom();
    const buyer = await newCustomer('校验买家');
    expectInvalid(await register(room.id, { moveInDate: '2026-11-01' }), 'customerId');
    expectInvalid(await register(room.id, { customerId: 'KH000001', moveInDate: '2026-11-01' }), 'customerId');
    expectInvalid(await register(room.id, { customerId: buyer.id, moveInDate: '2026-02-30' }), 'moveInDate');
    expectInvalid(await register(room.id, { customerId: buyer.id }), 'moveInDate');
    expectInvalid(
      await register(room.id, { customerId: buyer.id, moveInDate: '2026-11-01', contractNo: 'x'.repeat(41) }),
      'contractNo',
    );
    expectInvalid(
      await register(room.id, { customerId: buyer.id, moveInDate: '2026-11-01', inspectionNote: 'x'.repeat(501) }),
      'inspectionNote',
    );
    expectProblem(
      await register(room.id, { customerId: buyer.id, moveInDate: '2026-11-01', role: 'tenant' }),
      400,
      'VALIDATION_FAILED',
    );
    for (const cookie of [as.handler, as.supervisor]) {
      expectProblem(
        await register(room.id, { customerId: buyer.id, moveInDate: '2026-11-01' }, cookie),
        403,
        'FORBIDDEN',
      );
    }
    expect((await roomState(room.id)).moveIns).toBe(0);
  });
});

describe('the move-in list (GET /api/move-ins) and its export', () => {
  let registered: { llhy: MoveInRow; bjyh: MoveInRow };
  beforeAll(async () => {
    const llhyRoom = await freshRoom();
    const bjyhRoom = await freshRoom(p.bjyh.id);
    registered = {
      llhy: ok<MoveInRow>(
        await register(llhyRoom.id, {
          customerId: (await newCustomer('列表欧阳')).id,
          moveInDate: '2026-03-15',
          contractNo: 'LB-HT-0315',
          handoverLetterNo: 'LB-SL-0315',
        }),
        201,
      ),
      bjyh: ok<MoveInRow>(
        await register(bjyhRoom.id, { customerId: (await newCustomer('列表司马')).id, moveInDate: '2026-04-20' }),
        201,
      ),
    };
  });
  const list = async (query: string, cookie = adminCookie) =>
    ok<Page<MoveInRow>>(await send('GET', `/api/move-ins?pageSize=200&${query}`, undefined, cookie));
  const ids = async (query: string, cookie = adminCookie) => (await list(query, cookie)).data.map((m) => m.id);

  it('lists the demo registrations newest first, with contract and handover numbers', async () => {
    const page = await list('');
    expect(page.total).toBeGreaterThan(50);
    const dates = page.data.map((m) => m.moveInDate);
    expect(dates).toEqual([...dates].sort().reverse());
    const demo = page.data.find((m) => m.projectName === '邻里花园' && m.contractNo?.startsWith('SH-LLHY-HT'));
    expect(demo).toMatchObject({ current: true, createdByName: '刘洋' });
    expect(demo?.handoverLetterNo).toMatch(/^SL\d{9}$/);
    expect(demo?.customerMobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('filters by project, date range and one search box (room code, customer name, contract number), and pages', async () => {
    expect(await ids(`projectId=${p.bjyh.id}`)).toContain(registered.bjyh.id);
    expect(await ids(`projectId=${p.bjyh.id}`)).not.toContain(registered.llhy.id);
    expect((await list(`projectId=${p.bjyh.id}`)).data.every((m) => m.projectId === p.bjyh.id)).toBe(true);
    const range = await list('dateFrom=2026-03-15&dateTo=2026-03-31');
    expect(range.data.map((m) => m.id)).toContain(registered.llhy.id);
    expect(range.data.every((m) => m.moveInDate >= '2026-03-15' && m.moveInDate <= '2026-03-31')).toBe(true);
    expect(await ids('dateFrom=2026-03-16')).not.toContain(registered.llhy.id);
    expect(await ids(`q=${encodeURIComponent('欧阳')}`)).toEqual([registered.llhy.id]);
    expect(await ids(`q=${encodeURIComponent(registered.bjyh.roomCode)}`)).toEqual([registered.bjyh.id]);
    expect(await ids('q=lb-ht-0315')).toEqual([registered.llhy.id]);
    expect(await ids('q=LB-SL')).toEqual([registered.llhy.id]);
    expect(await ids(`q=${encodeURIComponent('%')}`)).toEqual([]);
    const all = await list('');
    const paged = ok<Page<MoveInRow>>(await send('GET', '/api/move-ins?pageSize=5&current=2'));
    expect(paged).toMatchObject({ total: all.total, current: 2, pageSize: 5 });
    expect(paged.data.map((m) => m.id)).toEqual(all.data.slice(5, 10).map((m) => m.id));
    expectInvalid(await send('GET', '/api/move-ins?dateFrom=2026-02-30'), 'dateFrom');
    expectInvalid(await send('GET', '/api/move-ins?pageSize=201'), 'pageSize');
  });

  it('shows each user only the projects in their scope', async () => {
    const handler = await list('', as.handler);
    expect(handler.data.every((m) => m.projectId === p.llhy.id)).toBe(true);
    expect(handler.data.map((m) => m.id)).toContain(registered.llhy.id);
    const hz = await list('', as.hz);
    expect(hz.total).toBeGreaterThan(0);
    expect(hz.data.every((m) => m.projectId === p.xxyl.id)).toBe(true);
    expectProblem(
      await send('GET', `/api/rooms/${registered.llhy.roomId}/move-ins`, undefined, as.hz),
      404,
      'ROOM_NOT_FOUND',
    );
    expectProblem(await send('GET', `/api/rooms/${randomUUID()}/move-ins`), 404, 'ROOM_NOT_FOUND');
  });

  it('exports the filtered list with Chinese headers and masked mobiles to customer.export holders, audited', async () => {
    const response = await send('GET', `/api/move-ins/export?projectId=${p.llhy.id}`, undefined, as.supervisor);
    const rows = await sheetRows(response);
    expect(rows[0]).toEqual([
      '项目',
      '房间',
      '客户编号',
      '业主',
      '手机号码',
      '入伙日期',
      '购房合同号',
      '收楼书号',
      '业主验收',
      '当前业主',
      '登记人',
    ]);
    const body = rows.slice(1);
    expect(body).toHaveLength((await list(`projectId=${p.llhy.id}`, as.supervisor)).total);
    expect(body.every((r) => r[0] === '邻里花园')).toBe(true);
    expect(body.find((r) => r[6] === 'LB-HT-0315')).toEqual([
      '邻里花园',
      registered.llhy.roomCode,
      registered.llhy.customerCode,
      '列表欧阳',
      registered.llhy.customerMobile as string,
      '2026-03-15',
      'LB-HT-0315',
      'LB-SL-0315',
      '',
      '是',
      '周敏',
    ]);
    const text = rows.map((r) => r.join('\t')).join('\n');
    expect(hasFullMobile(text)).toBe(false);
    expect(body.every((r) => r[4] === '' || /^1\d{2}\*{4}\d{4}$/.test(r[4] as string))).toBe(true);
    const entries = await t.auditEntries(response);
    expect(entries.map((e) => [e.action, e.entityType, e.actorName])).toEqual([
      ['move_in.export', 'move_in', '王海燕'],
    ]);
    expect(entries[0]?.summary).toBe(`导出入伙登记 ${body.length} 条（脱敏）`);

    const english = await sheetRows(
      await send('GET', '/api/move-ins/export?q=LB-HT-0315', undefined, as.supervisor, { 'accept-language': 'en-US' }),
    );
    expect(english[0]?.slice(0, 4)).toEqual(['Project', 'Room', 'Customer code', 'Owner']);
    expect(english).toHaveLength(2);
    for (const cookie of [as.kefu, as.handler, as.delivery]) {
      expectProblem(await send('GET', '/api/move-ins/export', undefined, cookie), 403, 'FORBIDDEN');
    }
  });
});

// ── 收费对象 ───────────────────────────────────────────────────────────────

describe('the billing target on the room detail (GET /api/rooms/{id})', () => {
  it('follows resident → tenant → owner as people move, and is null in a vacant room', async () => {
    const room = await freshRoom();
    expect((await roomDetail(room.id)).billingTarget).toBeNull();
    const owner = await newCustomer('计费业主', { roomId: room.id, role: 'owner', fromDate: '2023-06-30' });
    expect((await roomDetail(room.id)).billingTarget).toEqual({
      customerId: owner.id,
      name: '计费业主',
      role: 'owner',
    });
    const tenant = await newCustomer('计费租户', { roomId: room.id, role: 'tenant', fromDate: '2025-03-01' });
    expect((await roomDetail(room.id, as.handler)).billingTarget).toEqual({
      customerId: tenant.id,
      name: '计费租户',
      role: 'tenant',
    });
    const resident = await newCustomer('计费住户', { roomId: room.id, role: 'resident', fromDate: '2025-03-01' });
    expect((await roomDetail(room.id)).billingTarget).toMatchObject({ customerId: resident.id, role: 'resident' });
    // The resident moves out: the tenant is billed again.
    const living = (await occupantsOf(room.id)).find((o) => o.customerId === resident.id) as OccupancyRow;
    ok(await send('POST', `/api/occupancies/${living.id}/end`, { toDate: '2026-10-31' }));
    expect((await roomDetail(room.id)).billingTarget?.customerId).toBe(tenant.id);
    // A move-in ends everyone's relation: the new owner is billed.
    const buyer = await newCustomer('计费新业主');
    ok(await register(room.id, { customerId: buyer.id, moveInDate: '2026-11-01' }), 201);
    expect((await roomDetail(room.id)).billingTarget).toEqual({
      customerId: buyer.id,
      name: '计费新业主',
      role: 'owner',
    });
    // Everyone gone: vacant, nothing billed.
    const last = (await occupantsOf(room.id)).find((o) => o.current) as OccupancyRow;
    ok(await send('POST', `/api/occupancies/${last.id}/end`, { toDate: '2026-11-20' }));
    expect((await roomDetail(room.id)).billingTarget).toBeNull();
  });

  it('is left out for a user who may see rooms but not customers', async () => {
    const room = await freshRoom();
    await newCustomer('隐私业主', { roomId: room.id, role: 'owner', fromDate: '2023-06-30' });
    const role = await admin.createRole({ permissions: ['property.read', 'project.read'] });
    const office = await admin.orgByCode('SH-PD');
    const viewer = await admin.activeUser({
      orgId: office.id,
      assignments: [{ roleId: role.id, scopeKind: 'all' }],
    });
    const seen = await roomDetail(room.id, viewer.cookie);
    expect(seen.code).toBe(room.code);
    expect('billingTarget' in seen).toBe(false);
    expect(JSON.stringify(seen)).not.toContain('隐私业主');
  });
});

// ── 更名 ───────────────────────────────────────────────────────────────────

const requestRename = (customerId: string, payload: object, cookie = as.kefu) =>
  send('POST', `/api/customers/${customerId}/rename-requests`, payload, cookie);
const decide = (id: string, action: 'approve' | 'reject' | 'withdraw', payload: object | undefined, cookie: string) =>
  send('POST', `/api/rename-requests/${id}/${action}`, payload, cookie);
const renames = async (query: string, cookie = adminCookie) =>
  ok<Page<RenameRow>>(await send('GET', `/api/rename-requests?pageSize=200&${query}`, undefined, cookie));
const customerSearch = async (q: string) =>
  ok<Page<CustomerRow>>(await send('GET', `/api/customers?pageSize=200&q=${encodeURIComponent(q)}`)).data.map(
    (c) => c.id,
  );
async function storedCustomer(id: string) {
  const [row] = await t.deps.db.select().from(customer).where(eq(customer.id, id));
  if (!row) throw new Error(`no customer ${id}`);
  return row;
}
/** A Shanghai owner in 邻里花园, so that every Shanghai persona sees them. */
async function llhyOwner(name: string) {
  const room = await freshRoom();
  return newCustomer(name, { roomId: room.id, role: 'owner', fromDate: '2023-06-30' });
}

describe('rename requests (更名)', () => {
  it('an agent requests, a supervisor approves: the name and its pinyin keys change together, every step audited', async () => {
    const c = await llhyOwner('单田芳');
    expect(await customerSearch('stf')).toContain(c.id);
    const requested = await requestRename(c.id, {
      newName: ' 欧阳修远 ',
      reason: '本人已办理户籍更名',
      evidence: '派出所更名证明',
    });
    const request = ok<RenameRow>(requested, 201);
    expect(request).toMatchObject({
      customerId: c.id,
      customerCode: c.code,
      customerName: '单田芳',
      oldName: '单田芳',
      newName: '欧阳修远',
      reason: '本人已办理户籍更名',
      evidence: '派出所更名证明',
      status: 'pending',
      requestedByName: '张晓梅',
      decidedBy: null,
    });
    expect((await t.auditEntries(requested)).map((e) => [e.action, e.entityType, e.entityId])).toEqual([
      ['rename.request', 'rename_request', request.id],
    ]);
    // Nothing changes before the approval.
    expect((await storedCustomer(c.id)).name).toBe('单田芳');
    expect((await renames('status=pending', as.supervisor)).data.map((r) => r.id)).toContain(request.id);

    const approved = await decide(request.id, 'approve', { note: '已核对户口本' }, as.supervisor);
    expect(ok<RenameRow>(approved)).toMatchObject({
      status: 'approved',
      customerName: '欧阳修远',
      decidedByName: '王海燕',
      decisionNote: '已核对户口本',
    });
    const stored = await storedCustomer(c.id);
    expect(stored).toMatchObject({ name: '欧阳修远', namePinyin: 'ouyangxiuyuan', nameInitials: 'oyxy' });
    expect(await customerSearch('oyxy')).toContain(c.id);
    expect(await customerSearch('修远')).toContain(c.id);
    expect(await customerSearch('stf')).not.toContain(c.id);
    const entries = await t.auditEntries(approved);
    expect(entries.map((e) => [e.action, e.entityType, e.actorName])).toEqual([
      ['customer.rename', 'customer', '王海燕'],
      ['rename.approve', 'rename_request', '王海燕'],
    ]);
    expect(entries[0]).toMatchObject({
      entityId: c.id,
      before: { name: '单田芳', nameInitials: 'stf' },
      after: { name: '欧阳修远', nameInitials: 'oyxy', renameRequestId: request.id },
    });
    expect((await renames('status=approved')).data.map((r) => r.id)).toContain(request.id);
    expect((await renames('status=pending')).data.map((r) => r.id)).not.toContain(request.id);

    // Decided once: neither decided again nor withdrawn.
    const again = expectProblem(await decide(request.id, 'approve', {}, as.supervisor), 409, 'RENAME_NOT_PENDING');
    expect(again.detail).toBe('该更名申请已审批通过，不能再处理');
    expectProblem(await decide(request.id, 'reject', { note: '重复处理' }, adminCookie), 409, 'RENAME_NOT_PENDING');
    expectProblem(await decide(request.id, 'withdraw', undefined, as.kefu), 409, 'RENAME_NOT_PENDING');
  });

  it('keeps one pending request per customer (409) and refuses the same name (422)', async () => {
    const c = await llhyOwner('王秀英');
    const same = expectFieldProblem(
      await requestRename(c.id, { newName: ' 王秀英 ', reason: '重复提交' }),
      422,
      'RENAME_SAME_NAME',
      'newName',
    );
    expect(same.detail).toBe('新名称与客户当前名称相同');
    ok(await requestRename(c.id, { newName: '王秀瑛', reason: '按身份证更正' }), 201);
    const twice = expectProblem(
      await requestRename(c.id, { newName: '王秀颖', reason: '再次申请' }, adminCookie),
      409,
      'RENAME_PENDING_EXISTS',
    );
    expect(twice.detail).toBe('该客户已有一份待审批的更名申请（改为“王秀瑛”），请等待审批或先撤回');
    expect((await renames(`customerId=${c.id}`)).total).toBe(1);
  });

  it('refuses the requester deciding on their own request (403), with a clear message', async () => {
    const c = await llhyOwner('自批客户');
    const request = ok<RenameRow>(await requestRename(c.id, { newName: '自批新名', reason: '测试' }, adminCookie), 201);
    for (const action of ['approve', 'reject'] as const) {
      const refused = expectProblem(
        await decide(request.id, action, { note: '自己审批' }, adminCookie),
        403,
        'RENAME_SELF_APPROVAL',
      );
      expect(refused.detail).toBe('不能审批自己提交的更名申请，请由其他有审批权限的人员处理');
    }
    expect((await storedCustomer(c.id)).name).toBe('自批客户');
    expect(ok<RenameRow>(await decide(request.id, 'approve', {}, as.supervisor)).status).toBe('approved');
    expect((await storedCustomer(c.id)).name).toBe('自批新名');
  });

  it('rejects with a reason, leaving the name as it was', async () => {
    const c = await llhyOwner('驳回客户');
    const request = ok<RenameRow>(await requestRename(c.id, { newName: '配偶姓名', reason: '改为配偶姓名' }), 201);
    expectInvalid(await decide(request.id, 'reject', {}, as.supervisor), 'note');
    expectInvalid(await decide(request.id, 'reject', { note: ' ' }, as.supervisor), 'note');
    const rejected = await decide(request.id, 'reject', { note: '更换业主须办理过户' }, as.supervisor);
    expect(ok<RenameRow>(rejected)).toMatchObject({
      status: 'rejected',
      decisionNote: '更换业主须办理过户',
      decidedByName: '王海燕',
    });
    expect((await t.auditEntries(rejected)).map((e) => e.action)).toEqual(['rename.reject']);
    expect((await storedCustomer(c.id)).name).toBe('驳回客户');
    expect((await renames('status=rejected')).data.map((r) => r.id)).toContain(request.id);
    // A new request may follow.
    ok(await requestRename(c.id, { newName: '驳回客户新', reason: '补充材料后重新申请' }), 201);
  });

  it('lets only the requester withdraw, while it waits', async () => {
    const c = await llhyOwner('撤回客户');
    const request = ok<RenameRow>(await requestRename(c.id, { newName: '撤回新名', reason: '录入错误' }), 201);
    const other = expectProblem(
      await decide(request.id, 'withdraw', undefined, adminCookie),
      403,
      'RENAME_NOT_REQUESTER',
    );
    expect(other.detail).toBe('只有申请人本人可以撤回更名申请');
    const withdrawn = await decide(request.id, 'withdraw', undefined, as.kefu);
    expect(ok<RenameRow>(withdrawn).status).toBe('withdrawn');
    expect((await t.auditEntries(withdrawn)).map((e) => e.action)).toEqual(['rename.withdraw']);
    expectProblem(await decide(request.id, 'approve', {}, as.supervisor), 409, 'RENAME_NOT_PENDING');
    expect((await storedCustomer(c.id)).name).toBe('撤回客户');
    ok(await requestRename(c.id, { newName: '撤回新名', reason: '重新申请' }), 201);
  });

  it('refuses an approval when the name changed after the request', async () => {
    const c = await llhyOwner('中途改名');
    const request = ok<RenameRow>(await requestRename(c.id, { newName: '申请新名', reason: '测试' }), 201);
    const setting = '/api/parameters/customer.rename_requires_approval';
    ok(await send('PUT', setting, { value: false }));
    try {
      ok(await send('PUT', `/api/customers/${c.id}`, { name: '直接改名' }));
    } finally {
      ok(await send('PUT', setting, { value: true }));
    }
    const changed = expectProblem(await decide(request.id, 'approve', {}, as.supervisor), 409, 'RENAME_NAME_CHANGED');
    expect(changed.detail).toBe('提交申请后客户名称已改为“直接改名”，请驳回此申请后重新提交');
    expect((await storedCustomer(c.id)).name).toBe('直接改名');
  });

  it('validates requests, refuses anonymised customers, and needs the right permission', async () => {
    const c = await llhyOwner('校验更名');
    expectInvalid(await requestRename(c.id, { newName: '', reason: '原因' }), 'newName');
    expectInvalid(await requestRename(c.id, { newName: '新名', reason: '短' }), 'reason');
    expectInvalid(await requestRename(c.id, { newName: '新名' }), 'reason');
    expectInvalid(await requestRename(c.id, { newName: 'x'.repeat(61), reason: '原因足够' }), 'newName');
    expectProblem(
      await requestRename(c.id, { newName: '新名', reason: '原因足够', status: 'approved' }),
      400,
      'VALIDATION_FAILED',
    );
    expectInvalid(await send('GET', '/api/rename-requests?status=done'), 'status');
    expectProblem(
      await requestRename(randomUUID(), { newName: '新名', reason: '原因足够' }),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    expectProblem(await requestRename(c.id, { newName: '新名', reason: '原因足够' }, as.handler), 403, 'FORBIDDEN');
    expectProblem(await requestRename(c.id, { newName: '新名', reason: '原因足够' }, as.supervisor), 403, 'FORBIDDEN');
    const request = ok<RenameRow>(await requestRename(c.id, { newName: '新名', reason: '原因足够' }), 201);
    for (const cookie of [as.kefu, as.handler, as.delivery]) {
      expectProblem(await decide(request.id, 'approve', {}, cookie), 403, 'FORBIDDEN');
    }
    expectProblem(await decide(randomUUID(), 'approve', {}, as.supervisor), 404, 'RENAME_NOT_FOUND');

    const gone = await llhyOwner('匿名更名');
    const pending = ok<RenameRow>(await requestRename(gone.id, { newName: '匿名新名', reason: '原因足够' }), 201);
    ok(await send('POST', `/api/customers/${gone.id}/anonymise`));
    expectProblem(
      await requestRename(gone.id, { newName: '又一新名', reason: '原因足够' }),
      409,
      'CUSTOMER_ANONYMISED',
    );
    expectProblem(await decide(pending.id, 'approve', {}, as.supervisor), 409, 'CUSTOMER_ANONYMISED');
    expect((await storedCustomer(gone.id)).name).toBe(`已匿名客户 ${gone.code}`);
  });

  it('shows each user only the requests of customers they can see; out of scope is 404', async () => {
    const sh = await llhyOwner('范围更名');
    const request = ok<RenameRow>(await requestRename(sh.id, { newName: '范围新名', reason: '原因足够' }), 201);
    const hzRoom = await freshRoom(p.xxyl.id);
    const hzCustomer = await newCustomer('杭州更名', {
      companyId: company.hz.id,
      roomId: hzRoom.id,
      role: 'owner',
      fromDate: '2024-01-01',
    });
    const hzRequest = ok<RenameRow>(
      await requestRename(hzCustomer.id, { newName: '杭州新名', reason: '原因足够' }, as.hz),
      201,
    );
    const hzList = await renames('', as.hz);
    expect(hzList.data.map((r) => r.id)).toEqual([hzRequest.id]);
    expect((await renames('', as.kefu)).data.map((r) => r.id)).not.toContain(hzRequest.id);
    expect((await renames('', as.handler)).data.map((r) => r.id)).toContain(request.id);
    expectProblem(await decide(request.id, 'approve', {}, as.hz), 404, 'RENAME_NOT_FOUND');
    expectProblem(await decide(request.id, 'withdraw', undefined, as.hz), 404, 'RENAME_NOT_FOUND');
    expectProblem(
      await requestRename(sh.id, { newName: '越权', reason: '原因足够' }, as.hz),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    // The demo office's supervisor has the two demo requests waiting, oldest first.
    const waiting = await renames('status=pending', as.supervisor);
    const demo = waiting.data.filter((r) => r.requestedByName === '张晓梅' && r.reason.includes('身份证'));
    expect(demo.length).toBeGreaterThanOrEqual(2);
    const created = waiting.data.map((r) => r.createdAt);
    expect(created).toEqual([...created].sort());
    expect((await renames('q=%E8%8C%83%E5%9B%B4')).data.map((r) => r.id)).toEqual([request.id]);
  });
});

describe('editing a name directly (PUT /api/customers/{id}) and customer.rename_requires_approval', () => {
  it('refuses a name change by default, pointing at the rename request, and allows it when switched off', async () => {
    const c = await llhyOwner('直改客户');
    expect(
      json<{ renameRequiresApproval: boolean }>(await send('GET', '/api/auth/me', undefined, as.kefu)),
    ).toMatchObject({ renameRequiresApproval: true });
    const refused = expectFieldProblem(
      await send('PUT', `/api/customers/${c.id}`, { name: '直改新名' }, as.kefu),
      409,
      'CUSTOMER_RENAME_REQUIRES_APPROVAL',
      'name',
    );
    expect(refused.detail).toContain('申请更名');
    expect((await storedCustomer(c.id)).name).toBe('直改客户');
    // The rest of the record stays editable.
    expect(
      ok<CustomerRow>(await send('PUT', `/api/customers/${c.id}`, { name: '直改客户', notes: '只改备注' }, as.kefu))
        .notes,
    ).toBe('只改备注');

    const setting = '/api/parameters/customer.rename_requires_approval';
    const parameter = ok<{ type: string; value: unknown; isDefault: boolean }>(
      await send('PUT', setting, { value: false }),
    );
    expect(parameter).toMatchObject({ type: 'boolean', value: false, isDefault: false });
    try {
      expect(
        json<{ renameRequiresApproval: boolean }>(await send('GET', '/api/auth/me', undefined, as.kefu))
          .renameRequiresApproval,
      ).toBe(false);
      expect(ok<CustomerRow>(await send('PUT', `/api/customers/${c.id}`, { name: '直改新名' }, as.kefu)).name).toBe(
        '直改新名',
      );
      expect((await storedCustomer(c.id)).nameInitials).toBe('zgxm');
    } finally {
      ok(await send('PUT', setting, { value: true }));
    }
    expectProblem(await send('PUT', setting, { value: 'yes' }), 422, 'PARAMETER_INVALID');
  });
});

describe('demo data', () => {
  it('registers move-ins with contract and handover numbers and has rename requests in each state', async () => {
    const rows = await t.deps.db
      .select({ moveIn, code: roomTable.code })
      .from(moveIn)
      .innerJoin(roomTable, eq(roomTable.id, moveIn.roomId));
    const seeded = rows.filter((r) => r.moveIn.contractNo?.includes('-HT20'));
    expect(seeded.length).toBeGreaterThanOrEqual(60);
    expect(seeded.every((r) => r.moveIn.occupancyId !== null && r.moveIn.handoverLetterNo?.startsWith('SL'))).toBe(
      true,
    );
    expect(new Set(seeded.map((r) => r.moveIn.contractNo)).size).toBe(seeded.length);
    const statuses = (await t.deps.db.select({ status: renameRequest.status }).from(renameRequest)).map(
      (r) => r.status,
    );
    for (const status of ['pending', 'approved', 'rejected'] as const) expect(statuses).toContain(status);
  });
});
