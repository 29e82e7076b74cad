import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../src/platform/identity.js';
import { createTestApp, json, type TestApp } from './harness.js';

interface ImportResult {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  totalRows: number;
  acceptedRows: number;
  rejectedCount: number;
  rejectedRows: { row: number; reason: string }[];
  created: number;
  updated: number;
  headerRow: number;
  error: string | null;
}

function residentIdFor(birth: string, seq: number): string {
  const first17 = `310115${birth}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function withWrongCheckDigit(id: string): string {
  const last = id.at(-1) === '0' ? '1' : '0';
  return id.slice(0, 17) + last;
}

async function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const form = new FormData();
  if (file) form.append('file', new Blob([new Uint8Array(file.data)]), file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { 'content-type': response.headers.get('content-type') as string },
  };
}

const header = [
  '项目名称',
  '楼栋',
  '单元',
  '楼层',
  '房号',
  '房屋类型',
  '建筑面积（㎡）',
  '户型',
  '客户姓名',
  '客户类型',
  '证件号码',
  '手机号码',
  '客户身份',
  '入伙日期',
  '购房合同号',
];

/**
 * A sheet as people make them: a merged title, a note line, a group row over the header, then
 * the header and the rows. Returns the XLSX bytes; the first data row is spreadsheet row 5.
 */
async function workbook(rows: unknown[][], title = '邻里花园 9栋 房间及业主资料'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow(['导出日期：2026年11月20日']);
  ws.mergeCells(2, 1, 2, header.length);
  ws.addRow(['房间信息', '', '', '', '', '', '', '', '业主信息']);
  ws.mergeCells(3, 1, 3, 8);
  ws.mergeCells(3, 9, 3, header.length);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(14).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('spreadsheet import of rooms and customers', () => {
  let t: TestApp;
  let admin: string;
  let rooms: unknown[][];
  const ids = [residentIdFor('19800101', 11), residentIdFor('19850615', 22), residentIdFor('19900320', 33)];

  async function upload(fields: Record<string, string>, file?: { name: string; data: Buffer }, cookie = admin) {
    const body = await multipart(fields, file);
    return t.inject({ method: 'POST', url: '/api/imports', cookie, ...body });
  }

  async function finished(response: LightMyRequestResponse, cookie = admin): Promise<ImportResult> {
    expect(response.statusCode, response.body).toBe(202);
    const { id } = json<{ id: string }>(response);
    for (let i = 0; i < 200; i++) {
      const r = await t.inject({ method: 'GET', url: `/api/imports/${id}`, cookie });
      const body = json<ImportResult>(r);
      if (body.status === 'done' || body.status === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error('import did not finish');
  }

  async function roomByCode(code: string) {
    const r = await t.inject({
      method: 'GET',
      url: `/api/rooms?keyword=${encodeURIComponent(code)}&pageSize=5`,
      cookie: admin,
    });
    return json<{ data: { id: string; code: string; grossArea: number | null; status: string }[] }>(r).data.find(
      (x) => x.code === code,
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    rooms = [
      [
        '邻里花园',
        '9栋',
        '1单元',
        1,
        '101',
        '住宅',
        89.5,
        '两室两厅',
        '王建国',
        '个人',
        ids[0],
        '138 0013 8001',
        '业主',
        new Date(Date.UTC(2024, 2, 5)),
        'HT-001',
      ],
      [
        '邻里花园',
        '9栋',
        '1单元',
        1,
        '102',
        '住宅',
        '128.56',
        '三室两厅',
        '李秀英',
        '个人',
        ids[1],
        '+86 139-0013-8002',
        '业主',
        '2024/3/6',
        'HT-002',
      ],
      [
        '邻里花园',
        '9栋',
        '1单元',
        2,
        '201',
        '住宅',
        '89.50㎡',
        '两室两厅',
        '赵敏',
        '个人',
        ids[2],
        '13700138003',
        '业主',
        '2024年3月7日',
        '',
      ],
      [
        '邻里花园',
        '9栋',
        '1单元',
        2,
        '201',
        '住宅',
        '89.50',
        '两室两厅',
        '孙丽',
        '个人',
        '',
        '13600138004',
        '租户',
        '2025-01-10',
        '',
      ],
      ['邻里花园', '9栋', '1单元', 2, '202', '住宅', 89.5, '两室两厅', '', '', '', '', '', '', ''],
      [],
      [
        '邻里花园',
        '9栋',
        '2单元',
        3,
        '301',
        '商铺',
        65,
        '',
        '上海邻里餐饮管理有限公司',
        '单位',
        '',
        '13500138005',
        '业主',
        '',
        '',
      ],
    ];
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds the header under title rows and merged cells and maps the Chinese column names', async () => {
    const body = await multipart({}, { name: '9栋.xlsx', data: await workbook(rooms) });
    const r = await t.inject({ method: 'POST', url: '/api/imports/preview', cookie: admin, ...body });
    expect(r.statusCode, r.body).toBe(200);
    const preview = json<{ headerRow: number; mapping: Record<string, number>; missing: string[]; sample: unknown[] }>(
      r,
    );
    expect(preview.headerRow).toBe(4);
    expect(preview.mapping).toMatchObject({
      projectName: 0,
      building: 1,
      unit: 2,
      floor: 3,
      roomNumber: 4,
      grossArea: 6,
      customerName: 8,
      idNumber: 10,
      mobile: 11,
      role: 12,
      moveInDate: 13,
      contractNo: 14,
    });
    expect(preview.missing).toEqual([]);
    expect(preview.sample).toHaveLength(6);
  });

  it('imports rooms, customers, relations and move-ins in the background, then nothing changes on a second run', async () => {
    const data = await workbook(rooms);
    const first = await finished(await upload({ type: 'rooms-customers' }, { name: '9栋.xlsx', data }));
    expect(first.status, JSON.stringify(first)).toBe('done');
    expect(first.totalRows).toBe(6);
    expect(first.acceptedRows).toBe(6);
    expect(first.rejectedRows).toEqual([]);
    // building 9, units 1 and 2, rooms 101 102 201 202 301, five customers, five relations, two move-ins with a date and an owner
    expect(first.created).toBe(1 + 2 + 5 + 5 + 5 + 3);
    expect(first.updated).toBe(0);

    const room101 = await roomByCode('9-1-101');
    expect(room101).toMatchObject({ grossArea: 89.5, status: 'occupied' });
    expect((await roomByCode('9-1-202'))?.status).toBe('unsold');
    const occupants = json<{ customerName: string; role: string; fromDate: string }[]>(
      await t.inject({
        method: 'GET',
        url: `/api/rooms/${(await roomByCode('9-1-201'))?.id}/occupancies`,
        cookie: admin,
      }),
    );
    expect(occupants.map((o) => [o.customerName, o.role, o.fromDate]).sort()).toEqual([
      ['孙丽', 'tenant', '2025-01-10'],
      ['赵敏', 'owner', '2024-03-07'],
    ]);
    // Found by the search box: pinyin initials and the normalised mobile's last four digits.
    const byInitials = json<{ data: { name: string; mobile: string }[] }>(
      await t.inject({ method: 'GET', url: '/api/customers?q=wjg', cookie: admin }),
    );
    expect(byInitials.data.map((c) => c.name)).toContain('王建国');
    const byPhone = json<{ data: { name: string }[] }>(
      await t.inject({ method: 'GET', url: '/api/customers?q=8002', cookie: admin }),
    );
    expect(byPhone.data.map((c) => c.name)).toContain('李秀英');

    const again = await finished(await upload({}, { name: '9栋.xlsx', data }));
    expect(again).toMatchObject({ status: 'done', acceptedRows: 6, created: 0, updated: 0, rejectedRows: [] });
  });

  it('updates what a later sheet changes, and only that', async () => {
    const changed = rooms.map((r) => [...r]);
    (changed[0] as unknown[])[6] = 90.12;
    (changed[1] as unknown[])[11] = '13900138099';
    const result = await finished(await upload({}, { name: '9栋-更正.xlsx', data: await workbook(changed) }));
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'done', created: 0, updated: 2 });
    expect((await roomByCode('9-1-101'))?.grossArea).toBe(90.12);
  });

  it('lets a later row of the same sheet change what an earlier row created (written together at the end of a batch)', async () => {
    const owner = residentIdFor('19750505', 44);
    const tenant = residentIdFor('19950909', 55);
    const sheet = [
      [
        '邻里花园',
        '8栋',
        '1单元',
        1,
        '101',
        '住宅',
        80,
        '两室一厅',
        '周新',
        '个人',
        owner,
        '13600136001',
        '业主',
        '2024/5/1',
        '',
      ],
      // The tenant row of the same room corrects its area.
      [
        '邻里花园',
        '8栋',
        '1单元',
        1,
        '101',
        '住宅',
        81.5,
        '两室一厅',
        '吴租',
        '个人',
        tenant,
        '13600136002',
        '租户',
        '',
        '',
      ],
      // The same owner (by ID number) in a second room with a second mobile.
      [
        '邻里花园',
        '8栋',
        '1单元',
        1,
        '102',
        '住宅',
        95,
        '三室两厅',
        '周新',
        '个人',
        owner,
        '13600136003',
        '业主',
        '2024/5/2',
        '',
      ],
    ];
    const result = await finished(await upload({}, { name: '8栋.xlsx', data: await workbook(sheet) }));
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'done', acceptedRows: 3, rejectedRows: [] });
    expect((await roomByCode('8-1-101'))?.grossArea).toBe(81.5);
    const found = json<{ data: { id: string; name: string }[] }>(
      await t.inject({ method: 'GET', url: `/api/customers?q=${owner.slice(-6)}`, cookie: admin }),
    ).data.filter((c) => c.name === '周新');
    expect(found).toHaveLength(1);
    const detail = json<{ phones: { isPrimary: boolean }[]; rooms: { roomCode: string }[] }>(
      await t.inject({ method: 'GET', url: `/api/customers/${found[0]?.id}`, cookie: admin }),
    );
    expect(detail.phones.map((p) => p.isPrimary).sort()).toEqual([false, true]);
    expect(detail.rooms).toHaveLength(2);
  });

  it('a sheet of several batches: later rows build on the rooms and customers earlier batches wrote', async () => {
    // 1 000 owners in 17栋 (two batches of 500), then rows that refer back to them.
    const given = '建国秀英丽敏军华明强';
    const owners = Array.from({ length: 1000 }, (_, i) => {
      const floor = Math.floor(i / 10) + 1;
      return {
        number: `${floor}${String((i % 10) + 1).padStart(2, '0')}`,
        floor,
        name: `张${given[i % 10]}${given[Math.floor(i / 10) % 10]}`,
        id: residentIdFor(`1981${String(Math.floor(i / 100) + 1).padStart(2, '0')}15`, i % 100),
        mobile: `1370${String(i).padStart(7, '0')}`,
      };
    });
    const row = (
      o: { number: string; floor: number },
      area: number,
      name: string,
      id: string,
      mobile: string,
      role: string,
    ) => [
      '邻里花园',
      '17栋',
      '1单元',
      o.floor,
      o.number,
      '住宅',
      area,
      '',
      name,
      '个人',
      id,
      mobile,
      role,
      role === '业主' ? '2024/6/1' : '',
      '',
    ];
    const first = owners[0] as (typeof owners)[number];
    const second = owners[1] as (typeof owners)[number];
    const third = owners[2] as (typeof owners)[number];
    const extraRoom = { number: '10101', floor: 101 };
    const sheet = [
      ...owners.map((o) => row(o, 88, o.name, o.id, o.mobile, '业主')),
      // A tenant for the first batch's first room, correcting its area.
      row(first, 88.8, '钱租客', residentIdFor('19960202', 66), '13799990001', '租户'),
      // The second owner again (by ID number) in a new room, with a second mobile.
      row(extraRoom, 120, second.name, second.id, '13799990002', '业主'),
      // The third owner's room and role again: a repeat of a row two batches back.
      row(third, 88, third.name, third.id, third.mobile, '业主'),
    ];
    const data = await workbook(sheet, '邻里花园 17栋 业主资料');
    const result = await finished(await upload({}, { name: '17栋.xlsx', data }));
    expect(result.status, JSON.stringify(result.error)).toBe('done');
    expect(result).toMatchObject({ totalRows: 1003, acceptedRows: 1002, rejectedCount: 1 });
    // Data starts on spreadsheet row 5: the third owner is row 7, the repeat row 1007.
    expect(result.rejectedRows.map((r) => r.row)).toEqual([1007]);
    expect(result.rejectedRows[0]?.reason).toContain('第 7 行');
    expect((await roomByCode(`17-1-${first.number}`))?.grossArea).toBe(88.8);
    const occupants = json<{ customerName: string; role: string }[]>(
      await t.inject({
        method: 'GET',
        url: `/api/rooms/${(await roomByCode(`17-1-${first.number}`))?.id}/occupancies`,
        cookie: admin,
      }),
    );
    expect(occupants.map((o) => [o.customerName, o.role]).sort()).toEqual([
      [first.name, 'owner'],
      ['钱租客', 'tenant'],
    ]);
    const found = json<{ data: { id: string; name: string }[] }>(
      await t.inject({ method: 'GET', url: `/api/customers?q=${second.id.slice(-6)}`, cookie: admin }),
    ).data.filter((c) => c.name === second.name);
    expect(found).toHaveLength(1);
    const detail = json<{ code: string; phones: { isPrimary: boolean }[]; rooms: { roomCode: string }[] }>(
      await t.inject({ method: 'GET', url: `/api/customers/${found[0]?.id}`, cookie: admin }),
    );
    expect(detail.phones.map((p) => p.isPrimary).sort()).toEqual([false, true]);
    expect(detail.rooms.map((r) => r.roomCode).sort()).toEqual([`17-1-${extraRoom.number}`, `17-1-${second.number}`]);
    // Building and unit, 1 001 rooms, 1 001 customers (their codes given batch by batch), 1 002
    // relations and 1 001 move-ins; the corrected area and the second mobile are the updates.
    expect(result).toMatchObject({ created: 1 + 1 + 1001 + 1001 + 1002 + 1001, updated: 2 });

    // Again: nothing new (the first room's two rows still disagree on its area, so it is set twice).
    const again = await finished(await upload({}, { name: '17栋.xlsx', data }));
    expect(again).toMatchObject({ status: 'done', acceptedRows: 1002, created: 0, updated: 2 });
  });

  it('rejects each bad row with its spreadsheet row number and a reason naming the field, and imports the rest', async () => {
    const bad = [
      [
        '邻里花园',
        '10栋',
        '1单元',
        1,
        '101',
        '住宅',
        88,
        '',
        '周杰',
        '个人',
        withWrongCheckDigit(residentIdFor('19700101', 44)),
        '13800138011',
        '业主',
        '',
        '',
      ],
      ['邻里花园', '10栋', '1单元', 1, '102', '住宅', 88, '', '吴刚', '个人', '', '1380013801', '业主', '', ''],
      ['邻里花园', '10栋', '1单元', 1, '', '住宅', 88, '', '', '', '', '', '', '', ''],
      ['邻里花园', '10栋', '1单元', 1, '103', '住宅', '约89', '', '', '', '', '', '', '', ''],
      ['邻里花园', '10栋', '1单元', 1, '104', '住宅', 88, '', '郑和', '个人', '', '13800138012', '业主', '', ''],
      ['邻里花园', '10栋', '1单元', 1, '104', '住宅', 88, '', '冯远', '个人', '', '13800138013', '业主', '', ''],
      [
        '邻里花园',
        '10栋',
        '1单元',
        1,
        '105',
        '住宅',
        88,
        '',
        '陈静',
        '个人',
        '',
        '13800138014',
        '业主',
        '2024年13月5日',
        '',
      ],
      ['邻里花园', '10栋', '1单元', 1, '106', '别墅区', 88, '', '', '', '', '', '', '', ''],
      ['不存在的项目', '10栋', '1单元', 1, '107', '住宅', 88, '', '', '', '', '', '', '', ''],
      [
        '邻里花园',
        '10栋',
        '1单元',
        1,
        '108',
        '住宅',
        88,
        '',
        '韩梅',
        '个人',
        3.1011519800101126e17, // an 18-digit ID typed into a number cell
        '13800138015',
        '业主',
        '',
        '',
      ],
    ];
    const result = await finished(
      await upload({ mode: 'skip-bad-rows' }, { name: '10栋.xlsx', data: await workbook(bad) }),
    );
    expect(result.status).toBe('done');
    expect(result.totalRows).toBe(10);
    expect(result.acceptedRows).toBe(1);
    const reasons = Object.fromEntries(result.rejectedRows.map((r) => [r.row, r.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([5, 6, 7, 8, 10, 11, 12, 13, 14]);
    expect(reasons[5]).toMatch(/证件号码.*校验/);
    expect(reasons[6]).toMatch(/手机号码“1380013801”不是有效的手机号码/);
    expect(reasons[7]).toMatch(/房号不能为空/);
    expect(reasons[8]).toMatch(/建筑面积“约89”不是数字/);
    expect(reasons[10]).toMatch(/房间 10-1-104 与第 9 行重复/);
    expect(reasons[11]).toMatch(/入伙日期“2024年13月5日”不是有效日期/);
    expect(reasons[12]).toMatch(/房屋类型“别墅区”无法识别/);
    expect(reasons[13]).toMatch(/项目“不存在的项目”不存在/);
    expect(reasons[14]).toMatch(/证件号码被表格程序存成了数字/);
    expect(await roomByCode('10-1-104')).toBeDefined();
    expect(await roomByCode('10-1-103')).toBeUndefined();

    // The rejected rows come back as a workbook with a reason column, to correct and import again.
    const download = await t.inject({ method: 'GET', url: `/api/imports/${result.id}/rejections`, cookie: admin });
    expect(download.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).getCell(2).value).toBe('错误原因');
    expect(sheet?.getRow(1).getCell(3).value).toBe('项目名称');
    expect(sheet?.rowCount).toBe(10);
    expect(String(sheet?.getRow(3).getCell(2).value)).toMatch(/手机号码/);
  });

  it('all-or-nothing writes nothing when one row is bad', async () => {
    const rowsWithOneBad = [
      ['邻里花园', '11栋', '1单元', 1, '101', '住宅', 88, '', '', '', '', '', '', '', ''],
      ['邻里花园', '11栋', '1单元', 1, '102', '住宅', 'abc', '', '', '', '', '', '', '', ''],
    ];
    const result = await finished(
      await upload({ mode: 'all-or-nothing' }, { name: '11栋.xlsx', data: await workbook(rowsWithOneBad) }),
    );
    expect(result).toMatchObject({ status: 'failed', created: 0, updated: 0, acceptedRows: 0 });
    expect(result.rejectedRows.map((r) => r.row)).toEqual([6]);
    expect(result.error).toMatch(/未导入任何数据/);
    expect(await roomByCode('11-1-101')).toBeUndefined();
  });

  it('refuses a different owner for a room that has one: a change of owner is a transfer', async () => {
    const sheet = [
      ['邻里花园', '9栋', '1单元', 1, '101', '住宅', 90.12, '', '钱多多', '个人', '', '13800138020', '业主', '', ''],
    ];
    const result = await finished(await upload({}, { name: 'owner.xlsx', data: await workbook(sheet) }));
    expect(result.rejectedRows[0]?.reason).toMatch(/房间 9-1-101 已有业主「王建国」；更换业主请办理过户/);
    expect(result.created).toBe(0);
  });

  it('reads CSV in UTF-8 with a BOM, dates as text, and a mapping given by header text', async () => {
    const csv = `\ufeff楼栋号X,单元,房号,建筑面积,客户姓名,手机号码,入伙日期\n12栋,1,101,88.8,林一,13800138030,2023-05-01\n12栋,1,102,"1,088.80",,,\n`;
    const result = await finished(
      await upload(
        { mapping: JSON.stringify({ building: '楼栋号X' }), projectId: await projectId('SH-LLHY') },
        { name: '12栋.csv', data: Buffer.from(csv, 'utf8') },
      ),
    );
    expect(result).toMatchObject({ status: 'done', acceptedRows: 2, headerRow: 1 });
    expect((await roomByCode('12-1-102'))?.grossArea).toBe(1088.8);
  });

  async function projectId(code: string): Promise<string> {
    const r = await t.inject({ method: 'GET', url: '/api/projects?pageSize=50', cookie: admin });
    const p = json<{ data: { id: string; code: string }[] }>(r).data.find((x) => x.code === code);
    if (!p) throw new Error(`no project ${code}`);
    return p.id;
  }

  it('answers bad uploads at once with a clear problem', async () => {
    const noFile = await upload({ mode: 'skip-bad-rows' });
    expect(noFile.statusCode).toBe(422);
    expect(json(noFile).code).toBe('IMPORT_FILE_MISSING');

    const xls = await upload(
      {},
      { name: 'old.xls', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) },
    );
    expect(xls.statusCode).toBe(415);
    expect(json<{ detail: string }>(xls).detail).toMatch(/另存为” \.xlsx/);

    const binary = await upload({}, { name: 'x.xlsx', data: Buffer.from([0, 1, 2, 3, 0, 5]) });
    expect(binary.statusCode).toBe(415);

    const noHeader = await upload({}, { name: 'notes.csv', data: Buffer.from('随便写的内容\n第二行\n', 'utf8') });
    expect(noHeader.statusCode).toBe(422);
    expect(json(noHeader).code).toBe('IMPORT_NO_HEADER');

    const data = await workbook(rooms);
    const badJson = await upload({ mapping: '{building:' }, { name: 'a.xlsx', data });
    expect(json(badJson).code).toBe('IMPORT_MAPPING_INVALID');
    const unknownField = await upload({ mapping: '{"colour": 1}' }, { name: 'a.xlsx', data });
    expect(json<{ detail: string }>(unknownField).detail).toMatch(/未知字段 colour/);
    const unmapped = await upload({ mapping: '{"roomNumber": null}' }, { name: 'a.xlsx', data });
    expect(json<{ detail: string }>(unmapped).detail).toMatch(/房号 没有对应的列/);
    const badMode = await upload({ mode: 'some' }, { name: 'a.xlsx', data });
    expect(badMode.statusCode).toBe(422);

    const noProject = await upload({}, { name: 'p.csv', data: Buffer.from('楼栋,房号\n12栋,103\n', 'utf8') });
    expect(json(noProject).code).toBe('IMPORT_PROJECT_REQUIRED');
  });

  it('refuses a file over the size limit', async () => {
    const small = await t.buildApp({ IMPORT_MAX_MB: '1' });
    const body = await multipart({}, { name: 'big.csv', data: Buffer.alloc(1024 * 1024 + 10, 0x41) });
    const r = await small.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { ...body.headers, cookie: admin },
      payload: body.payload,
    });
    expect(r.statusCode).toBe(413);
    expect(json(r).code).toBe('IMPORT_FILE_TOO_LARGE');
  });

  it("keeps imports within scope: another company's administrator cannot see one, nor import into its projects", async () => {
    const list = json<{ data: { id: string }[] }>(
      await t.inject({ method: 'GET', url: '/api/imports', cookie: admin }),
    );
    const someId = list.data[0]?.id as string;
    const hz = await t.login('hz_admin');
    expect((await t.inject({ method: 'GET', url: `/api/imports/${someId}`, cookie: hz })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: `/api/imports/${someId}/rejections`, cookie: hz })).statusCode).toBe(
      404,
    );
    const sheet = [['邻里花园', '13栋', '1单元', 1, '101', '住宅', 88, '', '', '', '', '', '', '', '']];
    const result = await finished(await upload({}, { name: 'hz.xlsx', data: await workbook(sheet) }, hz), hz);
    expect(result.rejectedRows[0]?.reason).toMatch(/不在您的管辖范围内/);
    expect(await roomByCode('13-1-101')).toBeUndefined();
  });

  it('records the import in the audit log', async () => {
    const r = await t.inject({ method: 'GET', url: '/api/audit?entityType=import&pageSize=50', cookie: admin });
    const actions = json<{ data: { action: string }[] }>(r).data.map((e) => e.action);
    expect(actions).toContain('import.create');
    expect(actions).toContain('import.rows');
    expect(actions).toContain('import.rejections_export');
  });
});
