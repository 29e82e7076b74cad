import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Factory, type ProjectRow } from './factories.js';
import {
  createTestApp,
  expectInvalid,
  expectProblem,
  json,
  ok,
  type Page,
  sheetRows,
  type TestApp,
} from './harness.js';

let t: TestApp;
let admin: Factory;
let adminCookie: string;
/** The demo projects by code, and a project of its own for counting what generation creates. */
let p: { llhy: ProjectRow; bjyh: ProjectRow; csy: ProjectRow; xxyl: ProjectRow; fresh: ProjectRow };
let shProjects: ProjectRow[];

beforeAll(async () => {
  t = await createTestApp();
  adminCookie = await t.login('admin');
  admin = new Factory(t, adminCookie);
  const office = await admin.orgByCode('SH-PD');
  p = {
    llhy: await admin.projectByCode('SH-LLHY'),
    bjyh: await admin.projectByCode('SH-BJYH'),
    csy: await admin.projectByCode('SH-CSY'),
    xxyl: await admin.projectByCode('HZ-XXYL'),
    fresh: await admin.createProject({ orgId: office.id, name: '房源新苑' }),
  };
  shProjects = [p.llhy, p.bjyh, p.csy];
});

afterAll(async () => {
  await t?.close();
});

interface Building {
  id: string;
  projectId: string;
  code: string;
  name: string;
  sortOrder: number;
  roomCount: number;
  units: { id: string; code: string; name: string; roomCount: number }[];
}

interface Room {
  id: string;
  projectId: string;
  projectName: string;
  buildingId: string;
  buildingName: string;
  unitId: string | null;
  unitName: string | null;
  floor: number;
  number: string;
  code: string;
  type: string;
  grossArea: number | null;
  netArea: number | null;
  layout: string | null;
  orientation: string | null;
  status: string;
  deliveryDate: string | null;
  updatedAt: string;
}

interface Preview {
  buildingExists: boolean;
  total: number;
  existing: number;
  toCreate: number;
  units: { code: string; floors: { floor: number; rooms: { number: string; code: string; exists: boolean }[] }[] }[];
}

interface Grid {
  building: { id: string; code: string; name: string; projectId: string; projectName: string };
  units: { id: string | null; code: string; name: string }[];
  floors: {
    floor: number;
    rooms: { id: string; code: string; number: string; unitId: string | null; status: string }[];
  }[];
  statusCounts: Record<string, number>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const send = (method: Method, url: string, payload?: object, cookie = adminCookie, headers = {}) =>
  t.inject({ method, url, cookie, headers, ...(payload ? { payload } : {}) });

/** A building code no other test uses: letters and digits only, at most 10. */
const buildingCode = () => `Q${randomBytes(3).toString('hex').toUpperCase()}`;

const rule = (projectId: string, extra: Record<string, unknown> = {}) => ({
  projectId,
  buildingCode: buildingCode(),
  units: 2,
  floorFrom: 1,
  floorTo: 6,
  skipFloors: [4],
  roomsPerFloor: 2,
  ...extra,
});

const buildingsOf = async (projectId: string, cookie = adminCookie) =>
  ok<Building[]>(await send('GET', `/api/buildings?projectId=${projectId}`, undefined, cookie));

async function buildingOf(projectId: string, code: string): Promise<Building> {
  const found = (await buildingsOf(projectId)).find((b) => b.code === code);
  if (!found) throw new Error(`no building ${code}`);
  return found;
}

const roomPage = async (query: string, cookie = adminCookie) =>
  ok<Page<Room>>(await send('GET', `/api/rooms?${query}`, undefined, cookie));

/** Every room the query finds, read page by page. */
async function allRooms(query: string, cookie = adminCookie): Promise<Room[]> {
  const out: Room[] = [];
  for (let current = 1; ; current++) {
    const page = await roomPage(`pageSize=200&current=${current}${query ? `&${query}` : ''}`, cookie);
    out.push(...page.data);
    if (out.length >= page.total || page.data.length === 0) {
      expect(out).toHaveLength(page.total);
      return out;
    }
  }
}

/**
 * GET /api/rooms/{id} without its billing target (收费对象, covered in move-in-rename.test.ts),
 * so it compares with the same room as listed or as saved.
 */
async function roomDetail(id: string, cookie?: string): Promise<Room> {
  const { billingTarget: _, ...rest } = ok<Room & { billingTarget?: unknown }>(
    await send('GET', `/api/rooms/${id}`, undefined, cookie),
  );
  return rest;
}

/** A valid PUT /api/rooms/{id} body. */
const update = (extra: Record<string, unknown> = {}) => ({
  type: 'residence',
  grossArea: 128.56,
  netArea: 105.32,
  layout: '三室两厅两卫',
  orientation: '南北通透',
  status: 'delivered',
  deliveryDate: '2026-12-31',
  ...extra,
});

const demoLlhy = ['1', '2', '3'];

describe('room generation', () => {
  it('previews a rule without writing: counts, units, floors highest first', async () => {
    const body = rule(p.fresh.id);
    const preview = ok<Preview>(await send('POST', '/api/room-generation/preview', body));
    expect(preview).toMatchObject({ buildingExists: false, total: 20, existing: 0, toCreate: 20 });
    expect(preview.units.map((u) => u.code)).toEqual(['1', '2']);
    for (const unit of preview.units) {
      expect(unit.floors.map((f) => f.floor)).toEqual([6, 5, 3, 2, 1]);
      for (const floor of unit.floors) {
        expect(floor.rooms).toEqual([
          { number: `${floor.floor}01`, code: `${body.buildingCode}-${unit.code}-${floor.floor}01`, exists: false },
          { number: `${floor.floor}02`, code: `${body.buildingCode}-${unit.code}-${floor.floor}02`, exists: false },
        ]);
      }
    }
    expect((await buildingsOf(p.fresh.id)).map((b) => b.code)).not.toContain(body.buildingCode);
    const three = ok<Preview>(await send('POST', '/api/room-generation/preview', { ...body, suffixDigits: 3 }));
    expect(three.total).toBe(20);
    expect(three.units[0]?.floors[0]?.rooms.map((r) => r.code)).toEqual([
      `${body.buildingCode}-1-6001`,
      `${body.buildingCode}-1-6002`,
    ]);
  });

  it('previews basement floors as B-numbers, below floor 1 and without a floor 0', async () => {
    const preview = ok<Preview>(
      await send('POST', '/api/room-generation/preview', rule(p.fresh.id, { units: 1, floorFrom: -2, floorTo: 2 })),
    );
    expect(preview.total).toBe(8);
    expect(preview.units[0]?.floors.map((f) => [f.floor, f.rooms.map((r) => r.number)])).toEqual([
      [2, ['201', '202']],
      [1, ['101', '102']],
      [-1, ['B101', 'B102']],
      [-2, ['B201', 'B202']],
    ]);
  });

  it('applies a rule: building, units and rooms, idempotent, and a wider rule adds only the new rooms', async () => {
    const body = rule(p.fresh.id);
    const applied = await send('POST', '/api/room-generation', body);
    const result = ok<{ buildingId: string; created: number; skipped: number }>(applied);
    expect(result).toMatchObject({ created: 20, skipped: 0 });

    const entries = await t.auditEntries(applied);
    expect(entries.map((e) => e.action)).toEqual(['building.create', 'room.generate']);
    expect(entries[1]).toMatchObject({
      entityType: 'building',
      entityId: result.buildingId,
      projectId: p.fresh.id,
      after: { created: 20, skipped: 0 },
    });
    expect(entries[1]?.summary).toContain('新增 20 间');

    const b = await buildingOf(p.fresh.id, body.buildingCode);
    expect(b).toMatchObject({ id: result.buildingId, name: `${body.buildingCode}栋`, roomCount: 20 });
    expect(b.units.map((u) => [u.code, u.name, u.roomCount])).toEqual([
      ['1', '1单元', 10],
      ['2', '2单元', 10],
    ]);
    const rooms = await allRooms(`buildingId=${b.id}`);
    expect(rooms.map((r) => r.code).sort()).toEqual(
      [1, 2]
        .flatMap((u) => [1, 2, 3, 5, 6].flatMap((f) => [1, 2].map((i) => `${body.buildingCode}-${u}-${f}0${i}`)))
        .sort(),
    );
    expect(rooms.every((r) => r.type === 'residence' && r.status === 'unsold' && r.grossArea === null)).toBe(true);

    // The same rule again: everything exists, nothing is created.
    const again = ok<Preview>(await send('POST', '/api/room-generation/preview', body));
    expect(again).toMatchObject({ buildingExists: true, total: 20, existing: 20, toCreate: 0 });
    expect(again.units.flatMap((u) => u.floors.flatMap((f) => f.rooms)).every((r) => r.exists)).toBe(true);
    const repeat = await send('POST', '/api/room-generation', body);
    expect(ok(repeat)).toEqual({ buildingId: b.id, created: 0, skipped: 20 });
    expect((await t.auditEntries(repeat)).map((e) => e.action)).toEqual(['room.generate']);
    expect((await roomPage(`buildingId=${b.id}`)).total).toBe(20);

    // One floor more: only its rooms are new.
    const wider = { ...body, floorTo: 7 };
    expect(json(await send('POST', '/api/room-generation/preview', wider))).toMatchObject({
      buildingExists: true,
      total: 24,
      existing: 20,
      toCreate: 4,
    });
    expect(ok(await send('POST', '/api/room-generation', wider))).toEqual({
      buildingId: b.id,
      created: 4,
      skipped: 20,
    });
    const after = await allRooms(`buildingId=${b.id}`);
    expect(after).toHaveLength(24);
    const fresh = after.filter((r) => !rooms.some((old) => old.id === r.id));
    expect(fresh.map((r) => r.code).sort()).toEqual(
      ['1-701', '1-702', '2-701', '2-702'].map((s) => `${body.buildingCode}-${s}`),
    );
    // Rooms that existed were not touched.
    for (const old of rooms) expect(after.find((r) => r.id === old.id)).toEqual(old);

    // One unit more: a third unit with its rooms, the first two unchanged.
    const moreUnits = { ...wider, units: 3 };
    expect(ok(await send('POST', '/api/room-generation', moreUnits))).toEqual({
      buildingId: b.id,
      created: 12,
      skipped: 24,
    });
    const withUnit = await buildingOf(p.fresh.id, body.buildingCode);
    expect(withUnit.units.map((u) => [u.code, u.roomCount])).toEqual([
      ['1', 12],
      ['2', 12],
      ['3', 12],
    ]);
    expect(withUnit.roomCount).toBe(36);
  });

  it('two people applying the same rule at once create each room once', async () => {
    const body = rule(p.fresh.id, { units: 1, floorFrom: 1, floorTo: 3, skipFloors: [] });
    const [a, b] = await Promise.all([
      send('POST', '/api/room-generation', body),
      send('POST', '/api/room-generation', body),
    ]);
    const results = [ok<{ created: number; skipped: number }>(a), ok<{ created: number; skipped: number }>(b)];
    expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(6);
    expect(results.reduce((sum, r) => sum + r.skipped, 0)).toBe(6);
    expect((await buildingOf(p.fresh.id, body.buildingCode)).roomCount).toBe(6);
  });

  it('puts a generated building after the existing ones', async () => {
    const body = rule(p.fresh.id, { units: 1, floorFrom: 1, floorTo: 1 });
    ok(await send('POST', '/api/room-generation', body));
    const buildings = await buildingsOf(p.fresh.id);
    expect(buildings.at(-1)?.code).toBe(body.buildingCode);
  });

  it('lists rooms as the building is arranged: unit, floor, then number as a number', async () => {
    const body = rule(p.fresh.id, { units: 1, floorFrom: 9, floorTo: 10, skipFloors: [], roomsPerFloor: 1 });
    const { buildingId } = ok<{ buildingId: string }>(await send('POST', '/api/room-generation', body));
    const list = ok<{ data: { number: string }[] }>(await send('GET', `/api/rooms?buildingId=${buildingId}`));
    expect(list.data.map((r) => r.number)).toEqual(['901', '1001']);
  });

  it('adds rooms to an existing building under its existing name', async () => {
    const created = ok<Building>(
      await send('POST', '/api/buildings', { projectId: p.fresh.id, code: buildingCode(), name: '会所' }),
    );
    const result = ok<{ buildingId: string; created: number }>(
      await send(
        'POST',
        '/api/room-generation',
        rule(p.fresh.id, {
          buildingCode: created.code,
          buildingName: '不会改名',
          units: 1,
          floorFrom: 1,
          floorTo: 1,
          roomsPerFloor: 3,
          type: 'shop',
          grossArea: 65.5,
          netArea: 58,
          status: 'sold',
        }),
      ),
    );
    expect(result).toMatchObject({ buildingId: created.id, created: 3 });
    expect((await buildingOf(p.fresh.id, created.code)).name).toBe('会所');
    const rooms = await allRooms(`buildingId=${created.id}`);
    expect(rooms.map((r) => [r.type, r.grossArea, r.netArea, r.status])).toEqual([
      ['shop', 65.5, 58, 'sold'],
      ['shop', 65.5, 58, 'sold'],
      ['shop', 65.5, 58, 'sold'],
    ]);
  });

  it('refuses a rule that makes no rooms (422 GENERATION_EMPTY) and writes nothing', async () => {
    for (const extra of [
      { floorFrom: 4, floorTo: 4, skipFloors: [4] },
      { floorFrom: 0, floorTo: 0, skipFloors: [] },
      { floorFrom: 13, floorTo: 14, skipFloors: [13, 14] },
    ]) {
      const body = rule(p.fresh.id, extra);
      for (const url of ['/api/room-generation/preview', '/api/room-generation']) {
        const problem = expectProblem(await send('POST', url, body), 422, 'GENERATION_EMPTY');
        expect(problem.detail).toBe('规则没有生成任何房间，请检查楼层范围和跳过的楼层');
      }
      expect((await buildingsOf(p.fresh.id)).map((b) => b.code)).not.toContain(body.buildingCode);
    }
  });

  it('refuses more than 5000 rooms in one run (422 GENERATION_TOO_LARGE) and writes nothing', async () => {
    const body = rule(p.fresh.id, { units: 2, floorFrom: 1, floorTo: 100, skipFloors: [], roomsPerFloor: 30 });
    for (const url of ['/api/room-generation/preview', '/api/room-generation']) {
      const problem = expectProblem(await send('POST', url, body), 422, 'GENERATION_TOO_LARGE');
      expect(problem.detail).toBe('一次最多生成 5000 间，当前规则会生成 6000 间，请分楼栋生成');
    }
    const en = expectProblem(
      await send('POST', '/api/room-generation/preview', body, adminCookie, { 'accept-language': 'en-US' }),
      422,
      'GENERATION_TOO_LARGE',
    );
    expect(en.detail).toBe('At most 5000 rooms per run; this rule would make 6000. Generate one building at a time');
    expect((await buildingsOf(p.fresh.id)).map((b) => b.code)).not.toContain(body.buildingCode);
    // Exactly 5000 is allowed.
    const limit = rule(p.fresh.id, { units: 5, floorFrom: 1, floorTo: 100, skipFloors: [], roomsPerFloor: 10 });
    expect(json(await send('POST', '/api/room-generation/preview', limit))).toMatchObject({
      total: 5000,
      toCreate: 5000,
    });
  });

  it('refuses floorFrom above floorTo, naming floorTo', async () => {
    for (const url of ['/api/room-generation/preview', '/api/room-generation']) {
      const problem = expectInvalid(
        await send('POST', url, rule(p.fresh.id, { floorFrom: 10, floorTo: 5 })),
        'floorTo',
      );
      expect(problem.errors).toEqual([{ field: 'floorTo', in: 'body', message: '起始楼层不能高于结束楼层' }]);
    }
  });

  it('refuses a bad building code, naming buildingCode', async () => {
    for (const code of ['3栋', '', '   ', '3-2', 'A'.repeat(11), '1/2']) {
      const problem = expectInvalid(
        await send('POST', '/api/room-generation/preview', rule(p.fresh.id, { buildingCode: code })),
        'buildingCode',
      );
      expect(problem.errors?.find((e) => e.field === 'buildingCode')?.message, code).toBe(
        '楼栋编码须为 1–10 位字母或数字',
      );
      expectInvalid(
        await send('POST', '/api/room-generation', rule(p.fresh.id, { buildingCode: code })),
        'buildingCode',
      );
    }
  });

  it('refuses unknown fields and out-of-range numbers', async () => {
    for (const extra of [
      { buildingId: randomUUID() },
      { createdAt: '2026-01-01T00:00:00Z' },
      { codePattern: '{b}-{u}-{n}' },
    ]) {
      const problem = expectProblem(
        await send('POST', '/api/room-generation', rule(p.fresh.id, extra)),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.[0]?.message).toMatch(/未知的键|unrecognized/i);
    }
    expectInvalid(await send('POST', '/api/room-generation', rule(p.fresh.id, { units: 0 })), 'units');
    expectInvalid(await send('POST', '/api/room-generation', rule(p.fresh.id, { roomsPerFloor: 51 })), 'roomsPerFloor');
    expectInvalid(await send('POST', '/api/room-generation', rule(p.fresh.id, { suffixDigits: 4 })), 'suffixDigits');
    expectInvalid(await send('POST', '/api/room-generation', rule(p.fresh.id, { grossArea: 1.005 })), 'grossArea');
    expectInvalid(await send('POST', '/api/room-generation', rule(p.fresh.id, { projectId: 'SH-LLHY' })), 'projectId');
    expectProblem(await send('POST', '/api/room-generation', rule(randomUUID())), 404, 'PROJECT_NOT_FOUND');
  });
});

describe('buildings', () => {
  it('lists the buildings of a project with their units and room counts', async () => {
    const llhy = (await buildingsOf(p.llhy.id)).filter((b) => demoLlhy.includes(b.code));
    expect(llhy.map((b) => [b.code, b.name, b.roomCount])).toEqual([
      ['1', '1栋', 60],
      ['2', '2栋', 60],
      ['3', '3栋', 60],
    ]);
    for (const b of llhy) {
      expect(b.projectId).toBe(p.llhy.id);
      expect(b.units.map((u) => [u.code, u.name, u.roomCount])).toEqual([
        ['1', '1单元', 30],
        ['2', '2单元', 30],
      ]);
    }
    const bjyh = (await buildingsOf(p.bjyh.id)).filter((b) => ['1', 'S'].includes(b.code));
    expect(bjyh.map((b) => [b.code, b.name, b.roomCount, b.units.length])).toEqual([
      ['1', '1号楼', 112, 1],
      ['S', '沿街商铺', 12, 1],
    ]);
    // The counts agree with the room list.
    for (const b of [...llhy, ...bjyh]) {
      expect((await roomPage(`buildingId=${b.id}&pageSize=1`)).total).toBe(b.roomCount);
      for (const u of b.units) expect((await roomPage(`unitId=${u.id}&pageSize=1`)).total).toBe(u.roomCount);
    }
    expectInvalid(await send('GET', '/api/buildings'), 'projectId');
    expectProblem(await send('GET', `/api/buildings?projectId=${randomUUID()}`), 404, 'PROJECT_NOT_FOUND');
  });

  it('creates a building, audited, and refuses a code taken in the same project (409 CODE_TAKEN)', async () => {
    const code = buildingCode();
    const response = await send('POST', '/api/buildings', { projectId: p.fresh.id, code, name: '9号楼', sortOrder: 9 });
    const created = ok<Building>(response);
    expect(created).toMatchObject({
      projectId: p.fresh.id,
      code,
      name: '9号楼',
      sortOrder: 9,
      roomCount: 0,
      units: [],
    });
    expect((await t.auditEntries(response)).map((e) => [e.action, e.entityId])).toEqual([
      ['building.create', created.id],
    ]);
    expect((await buildingsOf(p.fresh.id)).map((b) => b.id)).toContain(created.id);

    const taken = expectProblem(
      await send('POST', '/api/buildings', { projectId: p.fresh.id, code, name: '重复' }),
      409,
      'CODE_TAKEN',
    );
    expect(taken.detail).toBe(`编码“${code}”已被使用`);
    expectProblem(
      await send('POST', '/api/buildings', { projectId: p.llhy.id, code: '1', name: '重复' }),
      409,
      'CODE_TAKEN',
    );
    // Codes are per project: the same code elsewhere is fine.
    const elsewhere = await admin.createProject({ orgId: (await admin.orgByCode('SH-PD')).id });
    expect((await send('POST', '/api/buildings', { projectId: elsewhere.id, code, name: '9号楼' })).statusCode).toBe(
      200,
    );

    expectInvalid(await send('POST', '/api/buildings', { projectId: p.fresh.id, code: '9栋', name: '9栋' }), 'code');
    expectInvalid(
      await send('POST', '/api/buildings', { projectId: p.fresh.id, code: buildingCode(), name: ' ' }),
      'name',
    );
    expectInvalid(
      await send('POST', '/api/buildings', { projectId: p.fresh.id, code: buildingCode(), name: '某楼', roomCount: 5 }),
      '',
    );
  });

  it('updates a building; its code only while it has no rooms (409 BUILDING_HAS_ROOMS)', async () => {
    const empty = ok<Building>(
      await send('POST', '/api/buildings', { projectId: p.fresh.id, code: buildingCode(), name: '空楼' }),
    );
    const renamed = buildingCode();
    expect(
      ok<Building>(await send('PUT', `/api/buildings/${empty.id}`, { code: renamed, name: '空楼改', sortOrder: 3 })),
    ).toMatchObject({ id: empty.id, code: renamed, name: '空楼改', sortOrder: 3 });

    const withRooms = await buildingOf(p.llhy.id, '1');
    const changeCode = await send('PUT', `/api/buildings/${withRooms.id}`, { code: '9', name: '1栋', sortOrder: 1 });
    const problem = expectProblem(changeCode, 409, 'BUILDING_HAS_ROOMS');
    expect(problem.detail).toBe('楼栋下已有房间，不能删除或修改编码');
    expectProblem(
      await send('PUT', `/api/buildings/${withRooms.id}`, { code: '2', name: '1栋', sortOrder: 1 }),
      409,
      'CODE_TAKEN',
    );
    expect((await buildingOf(p.llhy.id, '1')).id).toBe(withRooms.id);

    // Its name and order may change while the code stays.
    const generated = ok<{ buildingId: string }>(
      await send('POST', '/api/room-generation', rule(p.fresh.id, { units: 1, floorFrom: 1, floorTo: 1 })),
    );
    const before = (await buildingsOf(p.fresh.id)).find((b) => b.id === generated.buildingId) as Building;
    const rename = await send('PUT', `/api/buildings/${before.id}`, {
      code: before.code,
      name: '改名楼',
      sortOrder: 7,
    });
    expect(ok<Building>(rename)).toMatchObject({ code: before.code, name: '改名楼', sortOrder: 7, roomCount: 2 });
    expect((await t.auditEntries(rename)).map((e) => e.action)).toEqual(['building.update']);
    expectProblem(
      await send('PUT', `/api/buildings/${randomUUID()}`, { code: 'X1', name: '无', sortOrder: 0 }),
      404,
      'BUILDING_NOT_FOUND',
    );
    expectInvalid(
      await send('PUT', `/api/buildings/${before.id}`, {
        code: before.code,
        name: '改名楼',
        sortOrder: 7,
        projectId: p.llhy.id,
      }),
      '',
    );
  });

  it('deletes an empty building and refuses one with rooms (409 BUILDING_HAS_ROOMS)', async () => {
    const withRooms = await buildingOf(p.llhy.id, '2');
    expectProblem(await send('DELETE', `/api/buildings/${withRooms.id}`), 409, 'BUILDING_HAS_ROOMS');
    expect(await buildingOf(p.llhy.id, '2')).toEqual(withRooms);

    const empty = ok<Building>(
      await send('POST', '/api/buildings', { projectId: p.fresh.id, code: buildingCode(), name: '待拆' }),
    );
    const deleted = await send('DELETE', `/api/buildings/${empty.id}`);
    expect(ok(deleted)).toEqual({ ok: true });
    expect((await t.auditEntries(deleted)).map((e) => [e.action, e.entityId])).toEqual([['building.delete', empty.id]]);
    expect((await buildingsOf(p.fresh.id)).map((b) => b.id)).not.toContain(empty.id);
    expectProblem(await send('GET', `/api/buildings/${empty.id}/grid`), 404, 'BUILDING_NOT_FOUND');
    expectProblem(await send('DELETE', `/api/buildings/${empty.id}`), 404, 'BUILDING_NOT_FOUND');
  });
});

describe('rooms', () => {
  it('pages the list', async () => {
    const first = await roomPage(`projectId=${p.llhy.id}&pageSize=25`);
    expect(first).toMatchObject({ total: 180, current: 1, pageSize: 25 });
    expect(first.data).toHaveLength(25);
    const pages = [first];
    for (let current = 2; current <= 8; current++) {
      pages.push(await roomPage(`projectId=${p.llhy.id}&pageSize=25&current=${current}`));
    }
    expect(pages.map((page) => page.data.length)).toEqual([25, 25, 25, 25, 25, 25, 25, 5]);
    const ids = pages.flatMap((page) => page.data.map((r) => r.id));
    expect(new Set(ids).size).toBe(180);
    expect((await roomPage(`projectId=${p.llhy.id}&pageSize=25&current=9`)).data).toEqual([]);
    const sample = first.data[0] as Room;
    expect(sample).toMatchObject({ projectId: p.llhy.id, projectName: '邻里花园' });
    expect(sample.buildingName).toMatch(/^[123]栋$/);
    expect(sample.unitName).toMatch(/^[12]单元$/);
    expectInvalid(await send('GET', '/api/rooms?pageSize=201'), 'pageSize');
    expectInvalid(await send('GET', '/api/rooms?status=sold_out'), 'status');
    expectInvalid(await send('GET', '/api/rooms?floor=12'), '');
  });

  it('filters by project, building, unit, status and type', async () => {
    const llhy = await allRooms(`projectId=${p.llhy.id}`);
    expect(llhy).toHaveLength(180);
    expect(llhy.every((r) => r.projectId === p.llhy.id)).toBe(true);

    const b2 = await buildingOf(p.llhy.id, '2');
    const inB2 = await allRooms(`buildingId=${b2.id}`);
    expect(inB2).toHaveLength(60);
    expect(inB2.every((r) => r.buildingId === b2.id && r.code.startsWith('2-'))).toBe(true);

    const unit = b2.units[1] as Building['units'][number];
    const inUnit = await allRooms(`unitId=${unit.id}`);
    expect(inUnit).toHaveLength(30);
    expect(inUnit.every((r) => r.unitId === unit.id && r.unitName === '2单元' && r.code.startsWith('2-2-'))).toBe(true);

    const byStatus = new Map<string, number>();
    for (const r of llhy) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect(byStatus.size).toBeGreaterThan(1);
    for (const [status, n] of byStatus) {
      const found = await allRooms(`projectId=${p.llhy.id}&status=${status}`);
      expect(found, status).toHaveLength(n);
      expect(found.every((r) => r.status === status)).toBe(true);
    }
    expect((await roomPage(`buildingId=${b2.id}&unitId=${unit.id}&status=${[...byStatus.keys()][0]}`)).total).toBe(
      inUnit.filter((r) => r.status === [...byStatus.keys()][0]).length,
    );

    const shops = await allRooms(`projectId=${p.bjyh.id}&type=shop`);
    expect(shops).toHaveLength(12);
    expect(shops.every((r) => r.type === 'shop' && r.buildingName === '沿街商铺')).toBe(true);
    expect((await roomPage(`projectId=${p.bjyh.id}&type=residence&pageSize=1`)).total).toBe(112);
    expect((await roomPage(`projectId=${p.llhy.id}&type=parking&pageSize=1`)).total).toBe(0);
  });

  it('finds rooms by number across buildings, or by code prefix', async () => {
    const every = await allRooms('');
    const numbered = every.filter((r) => r.number === '1201');
    expect(numbered.length).toBeGreaterThanOrEqual(7);
    const found = await allRooms('keyword=1201');
    expect(found.map((r) => r.id).sort()).toEqual(numbered.map((r) => r.id).sort());
    expect(found.map((r) => r.code)).toEqual(
      expect.arrayContaining(['1-1-1201', '1-2-1201', '2-1-1201', '2-2-1201', '3-1-1201', '3-2-1201']),
    );
    expect(new Set(found.map((r) => r.projectName))).toEqual(new Set(['邻里花园', '滨江壹号']));
    expect((await allRooms(`keyword=1201&projectId=${p.llhy.id}`)).map((r) => r.code).sort()).toEqual(
      ['1-1-1201', '1-2-1201', '2-1-1201', '2-2-1201', '3-1-1201', '3-2-1201'].sort(),
    );

    const prefix = await allRooms(`keyword=3-2&projectId=${p.llhy.id}`);
    expect(prefix).toHaveLength(30);
    expect(prefix.every((r) => r.code.startsWith('3-2-'))).toBe(true);
    const anywhere = await allRooms('keyword=3-2');
    expect(anywhere.map((r) => r.id).sort()).toEqual(
      every
        .filter((r) => r.code.startsWith('3-2'))
        .map((r) => r.id)
        .sort(),
    );
    expect((await allRooms(`keyword=3-2-1201&projectId=${p.llhy.id}`)).map((r) => r.code)).toEqual(['3-2-1201']);
    // Wildcards are literal characters, not patterns.
    for (const k of ['%', '_', '3_2', '%1201']) {
      expect((await roomPage(`keyword=${encodeURIComponent(k)}`)).total, k).toBe(0);
    }
    expect((await roomPage('keyword=9999')).total).toBe(0);
  });

  it('reads one room', async () => {
    const listed = await admin.roomByCode<Room>(p.llhy.id, '1-1-1201');
    expect(await roomDetail(listed.id)).toEqual(listed);
    expect(listed).toMatchObject({
      floor: 12,
      number: '1201',
      buildingName: '1栋',
      unitName: '1单元',
      type: 'residence',
    });
    expectProblem(await send('GET', `/api/rooms/${randomUUID()}`), 404, 'ROOM_NOT_FOUND');
    expectInvalid(await send('GET', '/api/rooms/not-a-uuid'), 'id');
  });

  it('updates a room; two-decimal areas come back exactly, and the change is audited', async () => {
    const room = await admin.roomByCode<Room>(p.llhy.id, '2-1-1501');
    const response = await send('PUT', `/api/rooms/${room.id}`, update());
    const updated = ok<Room>(response);
    expect(updated).toMatchObject({ ...update(), id: room.id, code: '2-1-1501', number: '1501', floor: 15 });
    expect(await roomDetail(room.id)).toEqual(updated);
    const entries = await t.auditEntries(response);
    expect(entries.map((e) => [e.action, e.entityId, e.projectId])).toEqual([['room.update', room.id, p.llhy.id]]);

    for (const [grossArea, netArea] of [
      [0.01, 0.01],
      [89.37, 72.15],
      [0.29, 0.07],
      [99999.99, 12345.67],
      [1.1, 1],
      [100000, 0],
    ]) {
      const body = ok<Room>(await send('PUT', `/api/rooms/${room.id}`, update({ grossArea, netArea })));
      expect([body.grossArea, body.netArea]).toEqual([grossArea, netArea]);
      const read = ok<Room>(await send('GET', `/api/rooms/${room.id}`));
      expect([read.grossArea, read.netArea]).toEqual([grossArea, netArea]);
    }

    const cleared = ok<Room>(
      await send(
        'PUT',
        `/api/rooms/${room.id}`,
        update({
          type: 'storage',
          grossArea: null,
          netArea: null,
          layout: null,
          orientation: null,
          status: 'vacant',
          deliveryDate: null,
        }),
      ),
    );
    expect(cleared).toMatchObject({
      type: 'storage',
      grossArea: null,
      netArea: null,
      layout: null,
      orientation: null,
      status: 'vacant',
      deliveryDate: null,
    });
    // Either area alone is fine.
    expect(ok<Room>(await send('PUT', `/api/rooms/${room.id}`, update({ grossArea: null, netArea: 80 }))).netArea).toBe(
      80,
    );
  });

  it('refuses a net area above the gross area (422 ROOM_AREA_INVALID) and keeps the room', async () => {
    const room = await admin.roomByCode<Room>(p.llhy.id, '2-1-1601');
    const problem = expectProblem(
      await send('PUT', `/api/rooms/${room.id}`, update({ grossArea: 89.37, netArea: 89.38 })),
      422,
      'ROOM_AREA_INVALID',
    );
    expect(problem.detail).toBe('套内面积不能大于建筑面积');
    expect(await roomDetail(room.id)).toEqual(room);
    // Equal areas are allowed.
    expect(ok<Room>(await send('PUT', `/api/rooms/${room.id}`, update({ grossArea: 60, netArea: 60 }))).netArea).toBe(
      60,
    );
  });

  it('refuses bad dates, areas with three decimals and fields that may not be set (400)', async () => {
    const room = await admin.roomByCode<Room>(p.llhy.id, '2-1-1701');
    for (const deliveryDate of ['2026-13-01', '2026-02-30', '2026-00-10', '2026/12/31', '20261231', '明天', '']) {
      const problem = expectInvalid(
        await send('PUT', `/api/rooms/${room.id}`, update({ deliveryDate })),
        'deliveryDate',
      );
      expect(problem.errors?.find((e) => e.field === 'deliveryDate')?.message, deliveryDate).toBe('日期无效');
    }
    for (const [field, value] of [
      ['grossArea', 128.567],
      ['netArea', 0.001],
      ['grossArea', -1],
      ['grossArea', 100000.01],
      ['grossArea', '128.56'],
    ] as const) {
      expectInvalid(await send('PUT', `/api/rooms/${room.id}`, update({ [field]: value })), field);
    }
    const decimals = expectInvalid(
      await send('PUT', `/api/rooms/${room.id}`, update({ grossArea: 128.567 })),
      'grossArea',
    );
    expect(decimals.errors).toEqual([{ field: 'grossArea', in: 'body', message: '面积最多两位小数' }]);
    for (const extra of [{ code: '9-9-9999' }, { projectId: p.bjyh.id }, { buildingId: randomUUID() }, { floor: 99 }]) {
      const problem = expectInvalid(await send('PUT', `/api/rooms/${room.id}`, update(extra)), '');
      expect(problem.errors?.[0]?.message).toMatch(/未知的键|unrecognized/i);
    }
    expectInvalid(await send('PUT', `/api/rooms/${room.id}`, update({ status: 'demolished' })), 'status');
    expectInvalid(await send('PUT', `/api/rooms/${room.id}`, { type: 'residence' }), 'status');
    // Nothing was written by any of them.
    expect(await roomDetail(room.id)).toEqual(room);
    const leap = ok<Room>(await send('PUT', `/api/rooms/${room.id}`, update({ deliveryDate: '2028-02-29' })));
    expect(leap).toMatchObject({ deliveryDate: '2028-02-29', code: '2-1-1701', projectId: p.llhy.id });
  });

  it('exports rooms to Excel with Chinese headers, honouring the filters, audited', async () => {
    const b1 = await buildingOf(p.llhy.id, '1');
    const response = await send('GET', `/api/rooms/export?projectId=${p.llhy.id}&buildingId=${b1.id}`);
    const rows = await sheetRows(response);
    expect(rows[0]).toEqual([
      '项目名称',
      '楼栋',
      '单元',
      '楼层',
      '房号',
      '房间编码',
      '房间类型',
      '建筑面积',
      '套内面积',
      '户型',
      '朝向',
      '房态',
      '交付日期',
    ]);
    const body = rows.slice(1);
    expect(body).toHaveLength(60);
    expect(body.every((r) => r[0] === '邻里花园' && r[1] === '1栋' && r[5]?.startsWith('1-'))).toBe(true);
    const r1201 = body.find((r) => r[5] === '1-1-1201');
    expect(r1201?.slice(0, 7)).toEqual(['邻里花园', '1栋', '1单元', '12', '1201', '1-1-1201', '住宅']);
    const listed = await admin.roomByCode<Room>(p.llhy.id, '1-1-1201');
    expect(r1201?.[7]).toBe(String(listed.grossArea));

    const entries = await t.auditEntries(response);
    expect(entries.map((e) => [e.action, e.entityType])).toEqual([['room.export', 'room']]);
    expect(entries[0]?.summary).toBe('导出房间 60 条');
    expect(entries[0]?.after).toEqual({ projectId: p.llhy.id, buildingId: b1.id });

    const shops = (await sheetRows(await send('GET', `/api/rooms/export?projectId=${p.bjyh.id}&type=shop`))).slice(1);
    expect(shops).toHaveLength(12);
    expect(new Set(shops.map((r) => r[6]))).toEqual(new Set(['商铺']));
    const numbered = (
      await sheetRows(await send('GET', `/api/rooms/export?keyword=1201&projectId=${p.llhy.id}`))
    ).slice(1);
    expect(numbered.map((r) => r[5]).sort()).toEqual(
      ['1-1-1201', '1-2-1201', '2-1-1201', '2-2-1201', '3-1-1201', '3-2-1201'].sort(),
    );
    const en = await sheetRows(
      await send('GET', `/api/rooms/export?buildingId=${b1.id}`, undefined, adminCookie, {
        'accept-language': 'en-US',
      }),
    );
    expect(en[0]?.slice(0, 6)).toEqual(['Project', 'Building', 'Unit', 'Floor', 'Room', 'Room code']);
    expect(en[1]?.[6]).toBe('Residence');
    expectInvalid(await send('GET', '/api/rooms/export?pageSize=10'), '');
  });
});

describe('room-status grid', () => {
  it('shows floors highest first, rooms by unit then number, and status counts that add up', async () => {
    const b1 = await buildingOf(p.llhy.id, '1');
    const grid = ok<Grid>(await send('GET', `/api/buildings/${b1.id}/grid`));
    expect(grid.building).toEqual({
      id: b1.id,
      code: '1',
      name: '1栋',
      projectId: p.llhy.id,
      projectName: '邻里花园',
    });
    expect(grid.units).toEqual(b1.units.map((u) => ({ id: u.id, code: u.code, name: u.name })));
    expect(grid.floors.map((f) => f.floor)).toEqual([18, 17, 16, 15, 12, 11, 10, 9, 8, 7, 6, 5, 3, 2, 1]);
    const [u1, u2] = b1.units.map((u) => u.id);
    for (const floor of grid.floors) {
      expect(floor.rooms.map((r) => [r.unitId, r.number])).toEqual([
        [u1, `${floor.floor}01`],
        [u1, `${floor.floor}02`],
        [u2, `${floor.floor}01`],
        [u2, `${floor.floor}02`],
      ]);
    }
    const total = Object.values(grid.statusCounts).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(b1.roomCount);
    expect(total).toBe(grid.floors.flatMap((f) => f.rooms).length);
    expect(Object.keys(grid.statusCounts).sort()).toEqual(
      ['decorating', 'delivered', 'occupied', 'sold', 'unsold', 'vacant'].sort(),
    );
    for (const [status, n] of Object.entries(grid.statusCounts)) {
      expect((await roomPage(`buildingId=${b1.id}&status=${status}&pageSize=1`)).total, status).toBe(n);
    }
  });

  it('orders numbers numerically within a floor and shows every floor of a tall building', async () => {
    const tower = await buildingOf(p.bjyh.id, '1');
    const grid = ok<Grid>(await send('GET', `/api/buildings/${tower.id}/grid`));
    expect(grid.floors).toHaveLength(28);
    expect(grid.floors[0]?.rooms.map((r) => r.number)).toEqual(['3201', '3202', '3203', '3204']);
    expect(grid.floors.at(-1)?.rooms.map((r) => r.number)).toEqual(['101', '102', '103', '104']);
    expect(grid.floors.map((f) => f.floor)).not.toContain(24);
    expect(Object.values(grid.statusCounts).reduce((sum, n) => sum + n, 0)).toBe(112);

    // A generated building with basements and three-digit numbers: B-floors last, 1001 … 1012 in order.
    const gen = ok<{ buildingId: string }>(
      await send(
        'POST',
        '/api/room-generation',
        rule(p.fresh.id, { units: 1, floorFrom: -1, floorTo: 1, skipFloors: [], roomsPerFloor: 12, suffixDigits: 3 }),
      ),
    );
    const g = ok<Grid>(await send('GET', `/api/buildings/${gen.buildingId}/grid`));
    expect(g.floors.map((f) => f.floor)).toEqual([1, -1]);
    expect(g.floors[0]?.rooms.map((r) => r.number)).toEqual(
      Array.from({ length: 12 }, (_, i) => `1${String(i + 1).padStart(3, '0')}`),
    );
    expect(g.floors[1]?.rooms[0]?.number).toBe('B1001');
    expect(g.statusCounts.unsold).toBe(24);
  });

  it('shows an empty building with no floors', async () => {
    const empty = ok<Building>(
      await send('POST', '/api/buildings', { projectId: p.fresh.id, code: buildingCode(), name: '在建' }),
    );
    const grid = ok<Grid>(await send('GET', `/api/buildings/${empty.id}/grid`));
    expect(grid).toMatchObject({ units: [], floors: [] });
    expect(Object.values(grid.statusCounts).every((n) => n === 0)).toBe(true);
  });
});

describe('data scopes and IDOR', () => {
  let hz: string;
  let shBuildings: Building[];
  /** A few rooms of every Shanghai project. */
  let shRooms: Room[];

  beforeAll(async () => {
    hz = await t.login('hz_admin');
    shBuildings = (await Promise.all(shProjects.map((project) => buildingsOf(project.id)))).flat();
    shRooms = (await Promise.all(shProjects.map((project) => roomPage(`projectId=${project.id}&pageSize=5`)))).flatMap(
      (page) => page.data,
    );
    expect(shBuildings.length).toBeGreaterThanOrEqual(7);
    expect(shRooms).toHaveLength(15);
  });

  it('hz_admin reads and changes Shanghai buildings as if they did not exist (404)', async () => {
    for (const b of shBuildings) {
      expectProblem(await send('GET', `/api/buildings/${b.id}/grid`, undefined, hz), 404, 'BUILDING_NOT_FOUND');
      expectProblem(
        await send('PUT', `/api/buildings/${b.id}`, { code: b.code, name: '越权修改', sortOrder: 0 }, hz),
        404,
        'BUILDING_NOT_FOUND',
      );
      expectProblem(await send('DELETE', `/api/buildings/${b.id}`, undefined, hz), 404, 'BUILDING_NOT_FOUND');
    }
    // Including an empty one, which the administrator could delete.
    const empty = ok<Building>(
      await send('POST', '/api/buildings', { projectId: p.csy.id, code: buildingCode(), name: '空楼' }),
    );
    expectProblem(await send('DELETE', `/api/buildings/${empty.id}`, undefined, hz), 404, 'BUILDING_NOT_FOUND');
    expectProblem(
      await send('PUT', `/api/buildings/${empty.id}`, { code: buildingCode(), name: '越权', sortOrder: 0 }, hz),
      404,
      'BUILDING_NOT_FOUND',
    );
    // Nothing changed.
    const after = (await Promise.all(shProjects.map((project) => buildingsOf(project.id)))).flat();
    for (const b of shBuildings) expect(after.find((a) => a.id === b.id)).toEqual(b);
    expect(after.find((a) => a.id === empty.id)).toMatchObject({ code: empty.code, name: '空楼' });
    // The answer is the same as for an id that does not exist.
    const strip = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: json(r).code, detail: json(r).detail });
    expect(strip(await send('GET', `/api/buildings/${randomUUID()}/grid`, undefined, hz))).toEqual(
      strip(await send('GET', `/api/buildings/${shBuildings[0]?.id}/grid`, undefined, hz)),
    );
  });

  it('hz_admin reads and changes Shanghai rooms as if they did not exist (404)', async () => {
    for (const room of shRooms) {
      expectProblem(await send('GET', `/api/rooms/${room.id}`, undefined, hz), 404, 'ROOM_NOT_FOUND');
      expectProblem(await send('PUT', `/api/rooms/${room.id}`, update(), hz), 404, 'ROOM_NOT_FOUND');
      expect(await roomDetail(room.id)).toEqual(room);
    }
  });

  it('hz_admin cannot list, create or generate buildings in a Shanghai project (404 PROJECT_NOT_FOUND)', async () => {
    for (const project of shProjects) {
      expectProblem(
        await send('GET', `/api/buildings?projectId=${project.id}`, undefined, hz),
        404,
        'PROJECT_NOT_FOUND',
      );
      const code = buildingCode();
      expectProblem(
        await send('POST', '/api/buildings', { projectId: project.id, code, name: '越权楼' }, hz),
        404,
        'PROJECT_NOT_FOUND',
      );
      const body = rule(project.id, { buildingCode: code });
      expectProblem(await send('POST', '/api/room-generation/preview', body, hz), 404, 'PROJECT_NOT_FOUND');
      expectProblem(await send('POST', '/api/room-generation', body, hz), 404, 'PROJECT_NOT_FOUND');
      // Generating over existing codes does not reveal them either.
      expectProblem(
        await send('POST', '/api/room-generation/preview', rule(project.id, { buildingCode: '1' }), hz),
        404,
        'PROJECT_NOT_FOUND',
      );
      expect((await buildingsOf(project.id)).map((b) => b.code)).not.toContain(code);
    }
    // Its own company works.
    const own = ok<Preview>(
      await send('POST', '/api/room-generation/preview', rule(p.xxyl.id, { buildingCode: '1', floorTo: 3 }), hz),
    );
    expect(own).toMatchObject({ buildingExists: true, total: 12, existing: 12, toCreate: 0 });
    expect((await buildingsOf(p.xxyl.id, hz)).map((b) => b.code)).toEqual(['1', '2', '3', '4']);
  });

  it('hz_admin lists, searches and exports only Hangzhou rooms', async () => {
    const rooms = await allRooms('', hz);
    expect(rooms).toHaveLength(160);
    expect(new Set(rooms.map((r) => r.projectId))).toEqual(new Set([p.xxyl.id]));
    expect(rooms.filter((r) => shRooms.some((s) => s.id === r.id))).toEqual([]);
    for (const project of shProjects) {
      expect((await roomPage(`projectId=${project.id}`, hz)).total).toBe(0);
    }
    for (const b of shBuildings) expect((await roomPage(`buildingId=${b.id}`, hz)).total).toBe(0);
    expect((await roomPage('keyword=1201', hz)).total).toBe(0);
    expect((await roomPage(`keyword=1-1-1201&projectId=${p.llhy.id}`, hz)).total).toBe(0);
    const prefixed = await allRooms('keyword=3-2', hz);
    expect(prefixed).toHaveLength(20);
    expect(prefixed.every((r) => r.projectId === p.xxyl.id && r.code.startsWith('3-2-'))).toBe(true);

    const sheet = await sheetRows(await send('GET', '/api/rooms/export', undefined, hz));
    expect(sheet).toHaveLength(rooms.length + 1);
    expect(new Set(sheet.slice(1).map((r) => r[0]))).toEqual(new Set(['西溪云庐']));
    const text = JSON.stringify(sheet);
    for (const name of ['邻里花园', '滨江壹号', '春申苑', '沿街商铺']) expect(text).not.toContain(name);
    for (const project of shProjects) {
      expect(
        await sheetRows(await send('GET', `/api/rooms/export?projectId=${project.id}`, undefined, hz)),
      ).toHaveLength(1);
    }
  });

  it("property changes reach the audit log of whoever oversees the project's company or office, and no one else", async () => {
    const auditTotal = async (query: string, cookie: string) =>
      ok<{ total: number }>(await send('GET', `/api/audit?${query}`, undefined, cookie)).total;
    const supervisor = await t.login('supervisor');

    const hzRoom = (await roomPage('pageSize=1', hz)).data[0] as Room;
    expect(ok<Room>(await send('PUT', `/api/rooms/${hzRoom.id}`, update({ status: 'vacant' }), hz)).status).toBe(
      'vacant',
    );
    expect(await auditTotal(`entityId=${hzRoom.id}&action=room.update`, hz)).toBe(1);
    expect(await auditTotal(`entityId=${hzRoom.id}`, supervisor)).toBe(0);

    const shRoom = await admin.roomByCode<Room>(p.llhy.id, '3-1-101');
    expect((await send('PUT', `/api/rooms/${shRoom.id}`, update({ layout: '一室一厅' }))).statusCode).toBe(200);
    expect(await auditTotal(`entityId=${shRoom.id}&action=room.update`, supervisor)).toBe(1);
    expect(await auditTotal(`entityId=${shRoom.id}`, hz)).toBe(0);

    const generated = ok<{ buildingId: string }>(
      await send('POST', '/api/room-generation', rule(p.bjyh.id, { units: 1, floorFrom: 1, floorTo: 1 })),
    );
    // building.create and room.generate
    expect(await auditTotal(`entityId=${generated.buildingId}`, supervisor)).toBe(2);
    expect(await auditTotal(`entityId=${generated.buildingId}`, hz)).toBe(0);

    // The demo buildings' generation, too: four in Hangzhou, five in the Pudong office.
    expect(await auditTotal('action=room.generate&entityType=building&keyword=演示数据', hz)).toBe(4);
    expect(await auditTotal('action=room.generate&entityType=building&keyword=演示数据', supervisor)).toBe(5);
    const hzLog = JSON.stringify(ok(await send('GET', '/api/audit?pageSize=200', undefined, hz)));
    for (const name of ['邻里花园', '滨江壹号', '春申苑']) expect(hzLog).not.toContain(name);
  });

  it('a project-scoped handler reads only its project and changes nothing (403 without property.manage)', async () => {
    const cookie = await t.login('handler');
    const rooms = await allRooms('', cookie);
    expect(rooms).toHaveLength(180);
    expect(new Set(rooms.map((r) => r.projectName))).toEqual(new Set(['邻里花园']));
    expect((await roomPage(`projectId=${p.bjyh.id}`, cookie)).total).toBe(0);
    expect((await allRooms('keyword=1201', cookie)).map((r) => r.code).sort()).toEqual(
      ['1-1-1201', '1-2-1201', '2-1-1201', '2-2-1201', '3-1-1201', '3-2-1201'].sort(),
    );
    const sheet = await sheetRows(await send('GET', '/api/rooms/export', undefined, cookie));
    expect(sheet).toHaveLength(181);
    expect(new Set(sheet.slice(1).map((r) => r[0]))).toEqual(new Set(['邻里花园']));

    const own = await admin.roomByCode<Room>(p.llhy.id, '1-1-101');
    expect(ok<Room>(await send('GET', `/api/rooms/${own.id}`, undefined, cookie)).id).toBe(own.id);
    const llhy1 = await buildingOf(p.llhy.id, '1');
    expect(ok<Grid>(await send('GET', `/api/buildings/${llhy1.id}/grid`, undefined, cookie)).building.id).toBe(
      llhy1.id,
    );
    expect((await buildingsOf(p.llhy.id, cookie)).length).toBeGreaterThanOrEqual(3);

    const bjyhRoom = shRooms.find((r) => r.projectId === p.bjyh.id) as Room;
    expectProblem(await send('GET', `/api/rooms/${bjyhRoom.id}`, undefined, cookie), 404, 'ROOM_NOT_FOUND');
    const tower = await buildingOf(p.bjyh.id, '1');
    expectProblem(await send('GET', `/api/buildings/${tower.id}/grid`, undefined, cookie), 404, 'BUILDING_NOT_FOUND');
    expectProblem(
      await send('GET', `/api/buildings?projectId=${p.bjyh.id}`, undefined, cookie),
      404,
      'PROJECT_NOT_FOUND',
    );

    expectProblem(await send('PUT', `/api/rooms/${own.id}`, update(), cookie), 403, 'FORBIDDEN');
    expectProblem(await send('POST', '/api/room-generation/preview', rule(p.llhy.id), cookie), 403, 'FORBIDDEN');
    expectProblem(await send('POST', '/api/room-generation', rule(p.llhy.id), cookie), 403, 'FORBIDDEN');
    expectProblem(
      await send('POST', '/api/buildings', { projectId: p.llhy.id, code: buildingCode(), name: '越权' }, cookie),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await send('PUT', `/api/buildings/${llhy1.id}`, { code: '1', name: '越权', sortOrder: 0 }, cookie),
      403,
      'FORBIDDEN',
    );
    expectProblem(await send('DELETE', `/api/buildings/${llhy1.id}`, undefined, cookie), 403, 'FORBIDDEN');
    expect(await roomDetail(own.id)).toEqual(own);
  });

  it('the delivery team generates in its projects only', async () => {
    const cookie = await t.login('delivery');
    const body = rule(p.bjyh.id, { units: 1, floorFrom: 1, floorTo: 2, skipFloors: [], roomsPerFloor: 2 });
    expect(ok<Preview>(await send('POST', '/api/room-generation/preview', body, cookie)).toCreate).toBe(4);
    const result = ok<{ buildingId: string; created: number }>(
      await send('POST', '/api/room-generation', body, cookie),
    );
    expect(result.created).toBe(4);
    expect((await buildingOf(p.bjyh.id, body.buildingCode)).id).toBe(result.buildingId);
    const room = (await roomPage(`buildingId=${result.buildingId}`, cookie)).data[0] as Room;
    expect(ok<Room>(await send('PUT', `/api/rooms/${room.id}`, update(), cookie)).status).toBe('delivered');

    for (const project of [p.csy, p.xxyl]) {
      const elsewhere = rule(project.id);
      expectProblem(await send('POST', '/api/room-generation/preview', elsewhere, cookie), 404, 'PROJECT_NOT_FOUND');
      expectProblem(await send('POST', '/api/room-generation', elsewhere, cookie), 404, 'PROJECT_NOT_FOUND');
      expectProblem(
        await send('POST', '/api/buildings', { projectId: project.id, code: buildingCode(), name: '越权' }, cookie),
        404,
        'PROJECT_NOT_FOUND',
      );
      expect((await buildingsOf(project.id)).map((b) => b.code)).not.toContain(elsewhere.buildingCode);
    }
    const csyRoom = shRooms.find((r) => r.projectId === p.csy.id) as Room;
    expectProblem(await send('PUT', `/api/rooms/${csyRoom.id}`, update(), cookie), 404, 'ROOM_NOT_FOUND');
    const csyBuilding = shBuildings.find((b) => b.projectId === p.csy.id) as Building;
    expectProblem(
      await send(
        'PUT',
        `/api/buildings/${csyBuilding.id}`,
        { code: csyBuilding.code, name: '越权', sortOrder: 0 },
        cookie,
      ),
      404,
      'BUILDING_NOT_FOUND',
    );
    expect(await roomDetail(csyRoom.id)).toEqual(csyRoom);
  });
});
