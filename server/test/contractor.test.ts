import { desc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import { usccCheckChar } from '../src/platform/identity.js';
import { Factory, type ProjectRow, unique } from './factories.js';
import { createTestApp, json, type TestApp } from './harness.js';

let t: TestApp;
let admin: Factory;
let cookies: Record<'admin' | 'kefu' | 'handler' | 'hz' | 'delivery' | 'leader', string>;
let p: { llhy: ProjectRow; bjyh: ProjectRow; csy: ProjectRow; xxyl: ProjectRow };
let shCompanyId: string;
let hzCompanyId: string;
/** Buildings of the demo projects by project key and building code. */
let buildings: Record<string, Record<string, string>>;

interface Period {
  unit: 'months' | 'heating_seasons';
  value: number;
  label: string;
}
interface Contractor {
  id: string;
  companyId: string;
  companyName: string;
  code: string;
  name: string;
  uscc: string | null;
  contactName: string | null;
  contactMobile: string | null;
  phone: string | null;
  notes: string | null;
  active: boolean;
  projects: { id: string; name: string }[];
  trades: { code: string; label: string }[];
  scopeCount: number;
  editable: boolean;
}
interface Scope {
  id: string;
  contractorId: string;
  projectId: string;
  projectName: string;
  buildingId: string | null;
  buildingName: string | null;
  trade: string;
  tradeLabel: string;
  warranty: Period;
  startDate: string | null;
  statutoryMinimum: Period | null;
}
interface Warranty {
  roomId: string;
  trade: string;
  tradeLabel: string;
  at: string;
  contractor: { id: string; code: string; name: string; contactMobile: string | null } | null;
  scopeId: string | null;
  basis: 'building' | 'project' | null;
  warranty: Period | null;
  startBasis: 'delivery_date' | 'scope_start_date' | null;
  start: string | null;
  end: string | null;
  inWarranty: boolean;
  reason: string | null;
  statutoryMinimum: Period | null;
}
interface Page<T> {
  data: T[];
  total: number;
}

/** A credit code with a correct check character (GB 32100), different each time. */
function uscc(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '';
  for (let i = 0; i < 9; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  const first17 = `91310115${body}`;
  return first17 + usccCheckChar(first17);
}

const get = (url: string, cookie = cookies.admin, headers: Record<string, string> = {}) =>
  t.inject({ method: 'GET', url, cookie, headers });
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, cookie = cookies.admin) =>
  t.inject({ method, url, cookie, ...(payload ? { payload } : {}) });
const expectProblem = (response: LightMyRequestResponse, status: number, code: string) =>
  expect({ status: response.statusCode, code: json(response).code }, response.body).toEqual({ status, code });

async function createContractor(payload: Record<string, unknown> = {}, cookie = cookies.admin): Promise<Contractor> {
  const response = await send(
    'POST',
    '/api/contractors',
    { companyId: shCompanyId, name: `测试承建商${unique('')}`, ...payload },
    cookie,
  );
  expect(response.statusCode, response.body).toBe(201);
  return json<Contractor>(response);
}

async function addScope(contractorId: string, payload: Record<string, unknown>, cookie = cookies.admin) {
  return send('POST', `/api/contractors/${contractorId}/scopes`, payload, cookie);
}

async function contractorByCode(code: string, companyId = shCompanyId): Promise<Contractor> {
  const page = json<Page<Contractor>>(await get(`/api/contractors?q=${code}&companyId=${companyId}`));
  const found = page.data.find((c) => c.code === code);
  if (!found) throw new Error(`no contractor ${code}`);
  return found;
}

/** A room of a demo building in the given status. */
async function roomOf(project: ProjectRow, buildingCode: string, status: string) {
  const buildingId = buildings[project.code]?.[buildingCode];
  const page = json<Page<{ id: string; code: string; deliveryDate: string | null }>>(
    await get(`/api/rooms?projectId=${project.id}&buildingId=${buildingId}&status=${status}&pageSize=1`),
  );
  const room = page.data[0];
  if (!room) throw new Error(`no ${status} room in ${project.code} ${buildingCode}`);
  return room;
}

/** A new project of 上海浦东管理处 with buildings 1 and 2, so that scopes added there disturb no other test. */
async function freshProject(): Promise<{ id: string; b1: string; b2: string }> {
  const office = await admin.orgByCode('SH-PD');
  const project = await admin.createProject({ orgId: office.id, name: `保修新苑${unique('')}` });
  const ids: string[] = [];
  for (const code of ['1', '2']) {
    const created = await send('POST', '/api/buildings', { projectId: project.id, code, name: `${code}号楼` });
    ids.push(String(json(created).id));
  }
  return { id: project.id, b1: ids[0] as string, b2: ids[1] as string };
}

const warranty = async (roomId: string, trade: string, at?: string, cookie = cookies.admin) =>
  get(`/api/rooms/${roomId}/warranty?trade=${trade}${at ? `&at=${at}` : ''}`, cookie);

beforeAll(async () => {
  t = await createTestApp();
  cookies = {
    admin: await t.login('admin'),
    kefu: await t.login('kefu'),
    handler: await t.login('handler'),
    hz: await t.login('hz_admin'),
    delivery: await t.login('delivery'),
    leader: await t.login('leader'),
  };
  admin = new Factory(t, cookies.admin);
  p = {
    llhy: await admin.projectByCode('SH-LLHY'),
    bjyh: await admin.projectByCode('SH-BJYH'),
    csy: await admin.projectByCode('SH-CSY'),
    xxyl: await admin.projectByCode('HZ-XXYL'),
  };
  shCompanyId = (await admin.orgByCode('SH')).id;
  hzCompanyId = (await admin.orgByCode('HZ')).id;
  buildings = {};
  for (const project of Object.values(p)) {
    const list = json<{ id: string; code: string }[]>(await get(`/api/buildings?projectId=${project.id}`));
    buildings[project.code] = Object.fromEntries(list.map((b) => [b.code, b.id]));
  }
});

afterAll(async () => {
  await t?.close();
});

describe('contractor list, search and export', () => {
  it('lists the demo contractors with their projects and trades; contact mobiles in full', async () => {
    const page = json<Page<Contractor>>(await get('/api/contractors?pageSize=50'));
    expect(page.total).toBe(8);
    const zj = page.data.find((c) => c.name === '中建八局第三建设有限公司');
    expect(zj).toMatchObject({
      code: 'CJS0001',
      companyName: '邻里物业上海公司',
      contactName: '王建军',
      contactMobile: '13951700281',
      active: true,
      projects: [{ id: p.llhy.id, name: '邻里花园' }],
      scopeCount: 3,
      editable: true,
    });
    expect(zj?.trades.map((tr) => tr.label)).toEqual(
      expect.arrayContaining(['屋面防水', '地基基础和主体结构', '卫生间、厨房和外墙防渗漏']),
    );
  });

  it('finds by part of the name, pinyin initials, code, credit code, contact and mobile digits', async () => {
    const names = async (q: string, extra = '') =>
      json<Page<Contractor>>(await get(`/api/contractors?q=${encodeURIComponent(q)}${extra}`)).data.map((c) => c.name);
    expect(await names('雨虹')).toEqual(['上海东方雨虹防水工程有限公司']);
    expect(await names('zjbj')).toEqual(['中建八局第三建设有限公司']);
    expect(await names('dongfang')).toEqual(['上海东方雨虹防水工程有限公司']);
    expect(await names('CJS0005', `&companyId=${shCompanyId}`)).toEqual(['苏州金螳螂建筑装饰股份有限公司']);
    expect(await names('沈佳怡')).toEqual(['苏州金螳螂建筑装饰股份有限公司']);
    expect(await names('7265590')).toEqual(['上海东方雨虹防水工程有限公司']);
    const zj = await contractorByCode('CJS0001');
    expect(await names(String(zj.uscc))).toEqual(['中建八局第三建设有限公司']);
    // A search term is text, never a pattern.
    expect(await names('%')).toEqual([]);
  });

  it('filters by project, trade, status and company', async () => {
    const codes = async (query: string) =>
      json<Page<Contractor>>(await get(`/api/contractors?pageSize=50&${query}`))
        .data.map((c) => c.name)
        .sort();
    expect(await codes(`projectId=${p.bjyh.id}`)).toEqual(
      [
        '上海东方雨虹防水工程有限公司',
        '上海市安装工程集团有限公司',
        '上海浦兴给排水安装工程有限公司',
        '上海建工四建集团有限公司',
        '苏州金螳螂建筑装饰股份有限公司',
      ].sort(),
    );
    expect(await codes('trade=decoration')).toEqual(['苏州金螳螂建筑装饰股份有限公司']);
    expect(await codes('active=false')).toEqual(['上海申美门窗有限公司']);
    expect(await codes(`companyId=${hzCompanyId}`)).toEqual(['浙江省建工集团有限责任公司']);
  });

  it('shows each caller the contractors of its scope: the company, or the projects it sees', async () => {
    const names = async (cookie: string) =>
      json<Page<Contractor>>(await get('/api/contractors?pageSize=50', cookie)).data;
    expect((await names(cookies.kefu)).length).toBe(7);
    expect((await names(cookies.hz)).map((c) => c.name)).toEqual(['浙江省建工集团有限责任公司']);
    // The handler of 邻里花园 sees who built it, and only its part of their scopes.
    const handlerView = await names(cookies.handler);
    expect(handlerView.map((c) => c.code).sort()).toEqual(['CJS0001', 'CJS0002', 'CJS0003', 'CJS0004', 'CJS0007']);
    const yuhong = handlerView.find((c) => c.code === 'CJS0002');
    expect(yuhong?.projects).toEqual([{ id: p.llhy.id, name: '邻里花园' }]);
    expect(yuhong?.editable).toBe(false);
    const scopes = json<Scope[]>(await get(`/api/contractors/${yuhong?.id}/scopes`, cookies.handler));
    expect(scopes.map((s) => s.projectName)).toEqual(['邻里花园']);
    // Someone else's contractor does not exist for the Hangzhou administrator.
    const bjyhOnly = await contractorByCode('CJS0005');
    expectProblem(await get(`/api/contractors/${bjyhOnly.id}`, cookies.handler), 404, 'CONTRACTOR_NOT_FOUND');
  });

  it('exports the filtered list to Excel, scopes and contacts included, and logs it', async () => {
    const response = await get(`/api/contractors/export?projectId=${p.llhy.id}&active=true`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(String(response.headers['content-disposition'])).toContain(encodeURIComponent('承建商.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows = (sheet?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    expect(rows[0]).toContain('施工范围与保修期');
    const zj = rows.find((r) => r.includes('中建八局第三建设有限公司'));
    expect(zj).toContain('13951700281');
    expect(zj?.join('|')).toContain('邻里花园 全部楼栋 屋面防水 5年');
    expect(rows).toHaveLength(1 + 4);
    const [entry] = await t.deps.db
      .select()
      .from(auditEntry)
      .where(eq(auditEntry.action, 'contractor.export'))
      .orderBy(desc(auditEntry.seq))
      .limit(1);
    expect(entry?.summary).toBe('导出承建商 4 家');
  });
});

describe('creating and changing contractors', () => {
  it('creates with a normalised mobile and credit code and the next automatic code', async () => {
    const code = uscc();
    const created = await createContractor({
      name: '上海恒信机电安装有限公司',
      uscc: `${code.slice(0, 6)} ${code.slice(6).toLowerCase()}`,
      contactName: '钱立',
      contactMobile: '+86 139-1234-5678',
      phone: '021-5888-1200 转 8',
    });
    expect(created).toMatchObject({
      code: 'CJS0008',
      uscc: code,
      contactMobile: '13912345678',
      phone: '021-5888-1200 转 8',
      active: true,
      scopeCount: 0,
      projects: [],
    });
    expect(json(await get(`/api/contractors/${created.id}`))).toMatchObject({ id: created.id, code: 'CJS0008' });
    // The audit image masks the contact's mobile like every other.
    const [entry] = await t.deps.db
      .select()
      .from(auditEntry)
      .where(eq(auditEntry.entityId, created.id))
      .orderBy(desc(auditEntry.seq))
      .limit(1);
    expect(entry?.action).toBe('contractor.create');
    expect(JSON.stringify(entry?.after)).toContain('139****5678');
  });

  it('takes the only company in reach, and asks when there are several', async () => {
    const hz = await createContractor({ companyId: undefined, name: '杭州西子园林工程有限公司' }, cookies.hz);
    expect(hz).toMatchObject({ companyId: hzCompanyId, code: 'CJS0002' });
    const ambiguous = await send('POST', '/api/contractors', { name: '无公司承建商' });
    expectProblem(ambiguous, 422, 'CONTRACTOR_COMPANY_REQUIRED');
    expect(json(ambiguous).errors).toEqual([expect.objectContaining({ field: 'companyId' })]);
    const otherCompany = await send(
      'POST',
      '/api/contractors',
      { companyId: shCompanyId, name: '越权承建商' },
      cookies.hz,
    );
    expectProblem(otherCompany, 404, 'ORG_NOT_FOUND');
  });

  it('refuses bad credit codes, mobiles and phones, naming the field', async () => {
    const good = uscc();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    for (const [field, value] of [
      ['uscc', bad],
      ['uscc', '12345'],
      ['contactMobile', '12345678901'],
      ['contactMobile', '021-5888-1200'],
      ['phone', 'call me'],
    ] as const) {
      const response = await send('POST', '/api/contractors', {
        companyId: shCompanyId,
        name: '坏数据',
        [field]: value,
      });
      expectProblem(response, 422, 'IDENTIFIER_INVALID');
      expect(json(response).errors, `${field}=${value}`).toEqual([expect.objectContaining({ field })]);
    }
    const message = json(await send('POST', '/api/contractors', { companyId: shCompanyId, name: '坏数据', uscc: bad }));
    expect(message.detail).toBe('统一社会信用代码不正确：证件号码校验位不正确');
    expectProblem(
      await send('POST', '/api/contractors', { companyId: shCompanyId, name: '坏', code: '中文' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await send('POST', '/api/contractors', { companyId: shCompanyId, name: '坏', active: false }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await send('POST', '/api/contractors', { companyId: shCompanyId, name: '' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses a name, code or credit code the company already has (409), not another company’s', async () => {
    const zj = await contractorByCode('CJS0001');
    expectProblem(
      await send('POST', '/api/contractors', { companyId: shCompanyId, name: '中建八局第三建设有限公司' }),
      409,
      'CONTRACTOR_NAME_TAKEN',
    );
    expectProblem(
      await send('POST', '/api/contractors', { companyId: shCompanyId, name: '新名', code: 'CJS0002' }),
      409,
      'CODE_TAKEN',
    );
    const taken = await send('POST', '/api/contractors', { companyId: shCompanyId, name: '新名二', uscc: zj.uscc });
    expectProblem(taken, 409, 'CONTRACTOR_USCC_TAKEN');
    expect(json(taken).detail).toContain('中建八局第三建设有限公司');
    // Hangzhou may register the same builder under its own code.
    const hz = await createContractor({ companyId: hzCompanyId, name: '中建八局第三建设有限公司', uscc: zj.uscc });
    expect(hz.companyId).toBe(hzCompanyId);
  });

  it('updates the details, keeping them unique', async () => {
    const c = await createContractor({ name: '上海旧名装饰工程有限公司' });
    const updated = await send('PUT', `/api/contractors/${c.id}`, {
      code: 'ZS-01',
      name: '上海新名装饰工程有限公司',
      contactName: '孙红',
      contactMobile: '13700001111',
      phone: null,
      notes: '改名换证',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(json(updated)).toMatchObject({
      code: 'ZS-01',
      name: '上海新名装饰工程有限公司',
      contactMobile: '13700001111',
      notes: '改名换证',
    });
    const clash = await send('PUT', `/api/contractors/${c.id}`, {
      code: 'ZS-01',
      name: '苏州金螳螂建筑装饰股份有限公司',
    });
    expectProblem(clash, 409, 'CONTRACTOR_NAME_TAKEN');
    expectProblem(await send('PUT', `/api/contractors/${c.id}`, { name: '缺编码' }), 400, 'VALIDATION_FAILED');
  });

  it('answers in English when asked', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/contractors',
      cookie: cookies.admin,
      headers: { 'accept-language': 'en-US' },
      payload: { companyId: shCompanyId, name: 'Bad', contactMobile: '123' },
    });
    expect(json(response).detail).toBe('Contact mobile is not valid: "123" is not a valid mobile number');
  });
});

describe('work scopes', () => {
  it('defaults a new scope to the statutory minimum of its trade', async () => {
    const c = await createContractor();
    const fresh = await freshProject();
    const roof = await addScope(c.id, { projectId: fresh.id, buildingId: fresh.b1, trade: 'roof_waterproofing' });
    expect(roof.statusCode, roof.body).toBe(201);
    expect(json(roof)).toMatchObject({
      buildingName: '1号楼',
      tradeLabel: '屋面防水',
      warranty: { unit: 'months', value: 60, label: '5年' },
      statutoryMinimum: { unit: 'months', value: 60, label: '5年' },
      startDate: null,
    });
    const heating = await addScope(c.id, { projectId: fresh.id, trade: 'heating' });
    expect(json(heating)).toMatchObject({ warranty: { unit: 'heating_seasons', value: 2, label: '2个采暖期' } });
    const structure = await addScope(c.id, { projectId: fresh.id, buildingId: fresh.b2, trade: 'structure' });
    expect(json(structure)).toMatchObject({ warranty: { value: 600, label: '50年' } });
    const list = json<Scope[]>(await get(`/api/contractors/${c.id}/scopes`));
    expect(list.map((s) => `${s.buildingName ?? '全部楼栋'} ${s.tradeLabel}`)).toEqual([
      '全部楼栋 供热与供冷系统',
      '1号楼 屋面防水',
      '2号楼 地基基础和主体结构',
    ]);
    const detail = json<Contractor>(await get(`/api/contractors/${c.id}`));
    expect(detail).toMatchObject({
      scopeCount: 3,
      projects: [{ id: fresh.id, name: expect.stringContaining('保修新苑') }],
    });
  });

  it('refuses a warranty shorter than the statutory minimum, naming it (422)', async () => {
    const c = await createContractor();
    const fresh = await freshProject();
    const short = await addScope(c.id, {
      projectId: fresh.id,
      trade: 'roof_waterproofing',
      warrantyUnit: 'months',
      warrantyValue: 36,
    });
    expectProblem(short, 422, 'WARRANTY_BELOW_STATUTORY');
    expect(json(short).detail).toBe(
      '“屋面防水”的保修期不得短于法定最低保修期5年（《建设工程质量管理条例》第四十条第一款第（二）项），当前填写的是3年',
    );
    expect(json(short).errors).toEqual([expect.objectContaining({ field: 'warrantyValue' })]);
    // Two years are not two heating seasons whatever the start…
    const heating = await addScope(c.id, {
      projectId: fresh.id,
      trade: 'heating',
      warrantyUnit: 'months',
      warrantyValue: 24,
    });
    expectProblem(heating, 422, 'WARRANTY_BELOW_STATUTORY');
    expect(json(heating).detail).toContain('2个采暖期');
    // …28 months are, whatever the start.
    expect(
      (await addScope(c.id, { projectId: fresh.id, trade: 'heating', warrantyUnit: 'months', warrantyValue: 28 }))
        .statusCode,
    ).toBe(201);
    const structure = await addScope(c.id, { projectId: fresh.id, trade: 'structure', warrantyValue: 360 });
    expect(json(structure).detail).toContain('50年');
    // Longer than the minimum is fine.
    const long = await addScope(c.id, { projectId: fresh.id, trade: 'electrical', warrantyValue: 36 });
    expect(json(long)).toMatchObject({ warranty: { label: '3年' }, statutoryMinimum: { label: '2年' } });
    // A trade without a statutory minimum needs the contract's period.
    expectProblem(await addScope(c.id, { projectId: fresh.id, trade: 'landscape' }), 422, 'WARRANTY_REQUIRED');
    const landscape = await addScope(c.id, { projectId: fresh.id, trade: 'landscape', warrantyValue: 12 });
    expect(json(landscape)).toMatchObject({ warranty: { label: '1年' }, statutoryMinimum: null });
  });

  it('refuses an unknown trade, a building of another project and a project of another company', async () => {
    const c = await createContractor();
    expectProblem(await addScope(c.id, { projectId: p.csy.id, trade: 'plumbingx' }), 422, 'DICTIONARY_CODE_INVALID');
    const wrongBuilding = await addScope(c.id, {
      projectId: p.csy.id,
      buildingId: buildings['SH-LLHY']?.['1'],
      trade: 'plumbing',
    });
    expectProblem(wrongBuilding, 404, 'BUILDING_NOT_FOUND');
    const otherCompany = await addScope(c.id, { projectId: p.xxyl.id, trade: 'plumbing' });
    expectProblem(otherCompany, 422, 'CONTRACTOR_PROJECT_COMPANY');
    expect(json(otherCompany).detail).toBe('项目“西溪云庐”不属于承建商所属的邻里物业上海公司，不能加入其施工范围');
    expectProblem(
      await addScope(c.id, { projectId: p.csy.id, trade: 'plumbing', startDate: '2026-02-30' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await addScope(c.id, { projectId: p.csy.id, trade: 'plumbing', warrantyValue: 0 }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses a scope another active contractor holds (409, naming it); a building scope may narrow a project scope', async () => {
    const c = await createContractor();
    const taken = await addScope(c.id, { projectId: p.bjyh.id, trade: 'decoration' });
    expectProblem(taken, 409, 'CONTRACTOR_SCOPE_TAKEN');
    expect(json(taken).detail).toContain('“苏州金螳螂建筑装饰股份有限公司”');
    expect(json(taken).detail).toContain('滨江壹号 全部楼栋的“装修工程”');
    const narrower = await addScope(c.id, {
      projectId: p.bjyh.id,
      buildingId: buildings['SH-BJYH']?.S,
      trade: 'decoration',
    });
    expect(narrower.statusCode, narrower.body).toBe(201);
    // Its own scope twice is refused too.
    const twice = await addScope(c.id, {
      projectId: p.bjyh.id,
      buildingId: buildings['SH-BJYH']?.S,
      trade: 'decoration',
    });
    expectProblem(twice, 409, 'CONTRACTOR_SCOPE_TAKEN');
    // A disabled contractor's scope is free to take (上海申美门窗 held 邻里花园 doors and windows).
    const doors = await addScope(c.id, { projectId: p.llhy.id, trade: 'doors_windows', warrantyValue: 24 });
    expect(doors.statusCode, doors.body).toBe(201);
    // …and enabling the old one again is refused while the new one holds it.
    const shenmei = await contractorByCode('CJS0007');
    const enable = await send('POST', `/api/contractors/${shenmei.id}/enable`);
    expectProblem(enable, 409, 'CONTRACTOR_SCOPE_TAKEN');
    expect(json(enable).detail).toContain(c.name);
  });

  it('updates and removes a scope', async () => {
    const c = await createContractor();
    const fresh = await freshProject();
    const created = json<Scope>(await addScope(c.id, { projectId: fresh.id, trade: 'equipment' }));
    const url = `/api/contractors/${c.id}/scopes/${created.id}`;
    const updated = await send('PUT', url, {
      projectId: fresh.id,
      buildingId: fresh.b2,
      trade: 'equipment',
      warrantyUnit: 'months',
      warrantyValue: 30,
      startDate: '2016-03-01',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(json(updated)).toMatchObject({
      buildingName: '2号楼',
      warranty: { label: '2年6个月' },
      startDate: '2016-03-01',
    });
    // Unchanged, it does not clash with itself.
    expect(
      (await send('PUT', url, { projectId: fresh.id, buildingId: fresh.b2, trade: 'equipment', warrantyValue: 30 }))
        .statusCode,
    ).toBe(200);
    expectProblem(
      await send('PUT', url, { projectId: fresh.id, trade: 'equipment', warrantyValue: 12 }),
      422,
      'WARRANTY_BELOW_STATUTORY',
    );
    expect((await send('DELETE', url)).statusCode).toBe(200);
    expect(json<Scope[]>(await get(`/api/contractors/${c.id}/scopes`))).toEqual([]);
    expectProblem(await send('DELETE', url), 404, 'CONTRACTOR_SCOPE_NOT_FOUND');
    const other = await createContractor();
    expectProblem(
      await send('PUT', `/api/contractors/${other.id}/scopes/${created.id}`, {
        projectId: fresh.id,
        trade: 'equipment',
      }),
      404,
      'CONTRACTOR_SCOPE_NOT_FOUND',
    );
  });

  it('lets a project-scoped manager keep the scopes of its project but not the company’s master data', async () => {
    const role = await admin.createRole({
      permissions: ['contractor.read', 'contractor.manage', 'project.read', 'property.read'],
    });
    const office = await admin.orgByCode('SH-PD');
    const { cookie } = await admin.activeUser({
      orgId: office.id,
      assignments: [{ roleId: role.id, scopeKind: 'projects', scopeProjectIds: [p.llhy.id] }],
    });
    const zj = await contractorByCode('CJS0001');
    const scope = await addScope(zj.id, { projectId: p.llhy.id, trade: 'landscape', warrantyValue: 24 }, cookie);
    expect(scope.statusCode, scope.body).toBe(201);
    expectProblem(
      await addScope(zj.id, { projectId: p.bjyh.id, trade: 'landscape', warrantyValue: 24 }, cookie),
      404,
      'PROJECT_NOT_FOUND',
    );
    const rename = await send('PUT', `/api/contractors/${zj.id}`, { code: zj.code, name: '改名' }, cookie);
    expectProblem(rename, 403, 'CONTRACTOR_COMPANY_SCOPE');
    expect(json(rename).detail).toContain('邻里物业上海公司');
    expectProblem(
      await send('POST', `/api/contractors/${zj.id}/disable`, undefined, cookie),
      403,
      'CONTRACTOR_COMPANY_SCOPE',
    );
    expectProblem(
      await send('POST', '/api/contractors', { companyId: shCompanyId, name: '项目新建' }, cookie),
      404,
      'ORG_NOT_FOUND',
    );
  });
});

describe('the warranty lookup', () => {
  it('answers per trade: the building scope over the project scope, in and out of warranty', async () => {
    const room1 = await roomOf(p.llhy, '1', 'occupied');
    const room3 = await roomOf(p.llhy, '3', 'occupied');
    expect(room1.deliveryDate).toBe('2023-06-30');
    const roof1 = json<Warranty>(await warranty(room1.id, 'roof_waterproofing'));
    expect(roof1).toMatchObject({
      at: '2026-11-24',
      contractor: { name: '中建八局第三建设有限公司', contactMobile: '13951700281' },
      basis: 'project',
      startBasis: 'delivery_date',
      start: '2023-06-30',
      end: '2028-06-30',
      inWarranty: true,
      reason: null,
      statutoryMinimum: { label: '5年' },
    });
    const roof3 = json<Warranty>(await warranty(room3.id, 'roof_waterproofing'));
    expect(roof3).toMatchObject({
      contractor: { name: '上海东方雨虹防水工程有限公司' },
      basis: 'building',
      warranty: { label: '8年' },
      end: '2031-06-30',
      inWarranty: true,
    });
    const electrical = json<Warranty>(await warranty(room1.id, 'electrical'));
    expect(electrical).toMatchObject({
      contractor: { name: '上海市安装工程集团有限公司' },
      end: '2025-06-30',
      inWarranty: false,
      reason: 'expired',
    });
    // The last day is still inside, the next is not.
    expect(json<Warranty>(await warranty(room1.id, 'electrical', '2025-06-30')).inWarranty).toBe(true);
    expect(json<Warranty>(await warranty(room1.id, 'electrical', '2025-07-01')).inWarranty).toBe(false);
    expect(json<Warranty>(await warranty(room1.id, 'electrical', '2025-06-30T15:59:00Z')).inWarranty).toBe(true);
    expect(json<Warranty>(await warranty(room1.id, 'electrical', '2025-06-30T16:00:00Z')).inWarranty).toBe(false);
    expect(json<Warranty>(await warranty(room1.id, 'heating'))).toMatchObject({
      warranty: { label: '2个采暖期' },
      end: '2025-03-15',
      inWarranty: false,
    });
    // Before the delivery, not yet.
    expect(json<Warranty>(await warranty(room1.id, 'structure', '2023-01-01'))).toMatchObject({
      inWarranty: false,
      reason: 'not_started',
    });
    // Nobody for landscape in 滨江壹号.
    const bjyhRoom = await roomOf(p.bjyh, '1', 'delivered');
    expect(json<Warranty>(await warranty(bjyhRoom.id, 'landscape'))).toMatchObject({
      contractor: null,
      basis: null,
      inWarranty: false,
      reason: 'no_scope',
      statutoryMinimum: null,
    });
  });

  it('a disabled contractor no longer answers; its room falls to the property company', async () => {
    const room = await roomOf(p.csy, '1', 'occupied');
    const before = json<Warranty>(await warranty(room.id, 'plumbing'));
    expect(before).toMatchObject({
      contractor: { name: '上海浦兴给排水安装工程有限公司' },
      inWarranty: false,
      reason: 'expired',
    });
    const pux = await contractorByCode('CJS0004');
    expect(json(await send('POST', `/api/contractors/${pux.id}/disable`)).active).toBe(false);
    expect(json<Warranty>(await warranty(room.id, 'plumbing'))).toMatchObject({ contractor: null, reason: 'no_scope' });
    const enabled = await send('POST', `/api/contractors/${pux.id}/enable`);
    expect(json(enabled).active).toBe(true);
    expect(json<Warranty>(await warranty(room.id, 'plumbing')).contractor?.name).toBe('上海浦兴给排水安装工程有限公司');
  });

  it('a room without a delivery date has no warranty yet, and says why', async () => {
    const sold = await roomOf(p.bjyh, '1', 'sold');
    expect(sold.deliveryDate).toBeNull();
    expect(json<Warranty>(await warranty(sold.id, 'decoration'))).toMatchObject({
      contractor: { name: '苏州金螳螂建筑装饰股份有限公司' },
      start: null,
      end: null,
      inWarranty: false,
      reason: 'no_start_date',
    });
  });

  it('lists every trade of a room: 滨江壹号 in warranty, 春申苑 out of most', async () => {
    const bjyhRoom = await roomOf(p.bjyh, '1', 'delivered');
    const bjyh = json<{ roomCode: string; deliveryDate: string; at: string; items: Warranty[] }>(
      await get(`/api/rooms/${bjyhRoom.id}/warranties`),
    );
    expect(bjyh).toMatchObject({ roomCode: bjyhRoom.code, deliveryDate: '2026-09-30', at: '2026-11-24' });
    expect(bjyh.items.map((i) => i.trade)).toEqual([
      'roof_waterproofing',
      'wet_room_waterproofing',
      'structure',
      'electrical',
      'plumbing',
      'heating',
      'decoration',
      'doors_windows',
      'equipment',
      'landscape',
      'public',
      'service',
    ]);
    const byTrade = Object.fromEntries(bjyh.items.map((i) => [i.trade, i]));
    expect(byTrade.decoration).toMatchObject({ inWarranty: true, end: '2028-09-30' });
    expect(byTrade.heating).toMatchObject({ inWarranty: true, end: '2028-03-15' });
    expect(byTrade.wet_room_waterproofing).toMatchObject({
      contractor: { name: '上海东方雨虹防水工程有限公司' },
      basis: 'building',
      end: '2036-09-30',
    });
    const csyRoom = await roomOf(p.csy, '2', 'occupied');
    const csy = json<{ items: Warranty[] }>(await get(`/api/rooms/${csyRoom.id}/warranties`)).items;
    expect(csy.filter((i) => i.contractor).map((i) => [i.trade, i.inWarranty])).toEqual([
      ['roof_waterproofing', false],
      ['wet_room_waterproofing', false],
      ['structure', true],
      ['plumbing', false],
    ]);
    const early = json<{ items: Warranty[] }>(await get(`/api/rooms/${csyRoom.id}/warranties?at=2017-01-01`));
    expect(early.items.find((i) => i.trade === 'roof_waterproofing')?.inWarranty).toBe(true);
  });

  it('refuses an unknown trade or date, and rooms outside the caller’s scope (404)', async () => {
    const room = await roomOf(p.llhy, '1', 'occupied');
    expectProblem(await warranty(room.id, 'nonsense'), 422, 'DICTIONARY_CODE_INVALID');
    expectProblem(await warranty(room.id, 'roof_waterproofing', '2026-13-01'), 400, 'VALIDATION_FAILED');
    expectProblem(await get(`/api/rooms/${room.id}/warranty`), 400, 'VALIDATION_FAILED');
    expectProblem(await warranty(room.id, 'roof_waterproofing', undefined, cookies.hz), 404, 'ROOM_NOT_FOUND');
    expectProblem(await get(`/api/rooms/${room.id}/warranties`, cookies.hz), 404, 'ROOM_NOT_FOUND');
    expect((await warranty(room.id, 'roof_waterproofing', undefined, cookies.handler)).statusCode).toBe(200);
    const bjyhRoom = await roomOf(p.bjyh, '1', 'delivered');
    expectProblem(await warranty(bjyhRoom.id, 'decoration', undefined, cookies.handler), 404, 'ROOM_NOT_FOUND');
  });

  it('lists the statutory minimums for the scope form', async () => {
    const minimums = json<{ trade: string; minimum: Period | null; basis: string | null }[]>(
      await get('/api/warranty-minimums', cookies.kefu),
    );
    expect(minimums.find((m) => m.trade === 'heating')).toMatchObject({
      minimum: { unit: 'heating_seasons', value: 2, label: '2个采暖期' },
      basis: '《建设工程质量管理条例》第四十条第一款第（三）项',
    });
    expect(minimums.find((m) => m.trade === 'doors_windows')).toMatchObject({ minimum: null, basis: null });
  });
});

describe('access', () => {
  it('the Hangzhou administrator cannot see or change a Shanghai contractor (404)', async () => {
    const zj = await contractorByCode('CJS0001');
    const scopes = json<Scope[]>(await get(`/api/contractors/${zj.id}/scopes`));
    const scopeUrl = `/api/contractors/${zj.id}/scopes/${scopes[0]?.id}`;
    const hz = cookies.hz;
    expectProblem(await get(`/api/contractors/${zj.id}`, hz), 404, 'CONTRACTOR_NOT_FOUND');
    expectProblem(await get(`/api/contractors/${zj.id}/scopes`, hz), 404, 'CONTRACTOR_NOT_FOUND');
    expectProblem(
      await send('PUT', `/api/contractors/${zj.id}`, { code: 'X', name: '越权' }, hz),
      404,
      'CONTRACTOR_NOT_FOUND',
    );
    expectProblem(await send('POST', `/api/contractors/${zj.id}/disable`, undefined, hz), 404, 'CONTRACTOR_NOT_FOUND');
    expectProblem(await send('POST', `/api/contractors/${zj.id}/enable`, undefined, hz), 404, 'CONTRACTOR_NOT_FOUND');
    expectProblem(
      await addScope(zj.id, { projectId: p.xxyl.id, trade: 'landscape', warrantyValue: 12 }, hz),
      404,
      'CONTRACTOR_NOT_FOUND',
    );
    expectProblem(
      await send('PUT', scopeUrl, { projectId: p.xxyl.id, trade: 'structure' }, hz),
      404,
      'CONTRACTOR_NOT_FOUND',
    );
    expectProblem(await send('DELETE', scopeUrl, undefined, hz), 404, 'CONTRACTOR_NOT_FOUND');
    const search = json<Page<Contractor>>(await get('/api/contractors?q=zjbj', hz));
    expect(search.data.map((c) => c.companyId)).toEqual([hzCompanyId]);
    // A Hangzhou contractor cannot take a Shanghai project either.
    const hzContractor = await contractorByCode('CJS0001', hzCompanyId);
    expectProblem(
      await addScope(hzContractor.id, { projectId: p.llhy.id, trade: 'landscape', warrantyValue: 12 }, hz),
      404,
      'PROJECT_NOT_FOUND',
    );
    expect(json<Scope[]>(await get(`/api/contractors/${zj.id}/scopes`)).length).toBe(scopes.length);
  });

  it('needs contractor.read to read and contractor.manage to change (403)', async () => {
    const zj = await contractorByCode('CJS0001');
    const room = await roomOf(p.llhy, '1', 'occupied');
    expectProblem(await get('/api/contractors', cookies.delivery), 403, 'FORBIDDEN');
    expectProblem(await warranty(room.id, 'structure', undefined, cookies.delivery), 403, 'FORBIDDEN');
    expectProblem(await get(`/api/rooms/${room.id}/warranties`, cookies.leader), 403, 'FORBIDDEN');
    expectProblem(await send('POST', '/api/contractors', { name: '无权新建' }, cookies.kefu), 403, 'FORBIDDEN');
    expectProblem(
      await send('PUT', `/api/contractors/${zj.id}`, { code: zj.code, name: zj.name }, cookies.kefu),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await addScope(zj.id, { projectId: p.llhy.id, trade: 'landscape' }, cookies.handler),
      403,
      'FORBIDDEN',
    );
    expect((await get(`/api/contractors/${zj.id}`, cookies.kefu)).statusCode).toBe(200);
    expect(json(await get(`/api/contractors/${zj.id}`, cookies.kefu)).contactMobile).toBe('13951700281');
  });
});
