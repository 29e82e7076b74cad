import { createHash, randomUUID } from 'node:crypto';
import { count, eq, inArray, max } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, customerPhone, occupancy } from '../src/modules/customer/customer.table.js';
import { checkResidentId, residentIdCheckChar, usccCheckChar } from '../src/platform/identity.js';
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
  expectInvalid,
  expectProblem,
  hasChinese,
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
let as: Record<'kefu' | 'handler' | 'supervisor' | 'leader' | 'delivery' | 'hz', string>;
let p: { llhy: ProjectRow; bjyh: ProjectRow; csy: ProjectRow; xxyl: ProjectRow };
let company: { sh: OrgNode; hz: OrgNode };
/** 张三丰, owner of 邻里花园 2-1-1201 since its delivery: the customer most tests look at. */
let zhang: { customer: CustomerRow; idNumber: string; mobile: string; room: Room };

interface Room {
  id: string;
  projectId: string;
  code: string;
  number: string;
}

beforeAll(async () => {
  t = await createTestApp();
  adminCookie = await t.login('admin');
  admin = new Factory(t, adminCookie);
  as = {
    kefu: await t.login('kefu'),
    handler: await t.login('handler'),
    supervisor: await t.login('supervisor'),
    leader: await t.login('leader'),
    delivery: await t.login('delivery'),
    hz: await t.login('hz_admin'),
  };
  p = {
    llhy: await admin.projectByCode('SH-LLHY'),
    bjyh: await admin.projectByCode('SH-BJYH'),
    csy: await admin.projectByCode('SH-CSY'),
    xxyl: await admin.projectByCode('HZ-XXYL'),
  };
  company = { sh: await admin.orgByCode('SH'), hz: await admin.orgByCode('HZ') };
  const room = await admin.roomByCode(p.llhy.id, '2-1-1201');
  const idNumber = residentId();
  // Fixed, so that the negative searches below (other last four digits, room numbers) stay negative.
  const mobile = '16688881234';
  const created = await admin.createCustomer({
    name: '张三丰',
    idType: 'resident_id',
    idNumber,
    mobile,
    gender: 'male',
    moveIn: { roomId: room.id, role: 'owner', fromDate: '2023-06-30' },
  });
  zhang = { customer: created, idNumber, mobile, room };
});

afterAll(async () => {
  await t?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const send = (method: Method, url: string, payload?: object, cookie = adminCookie, headers = {}) =>
  t.inject({ method, url, cookie, headers, ...(payload ? { payload } : {}) });

/** A 422 IDENTIFIER_INVALID naming the field first, with a Chinese message. */
function expectIdentifierInvalid(response: LightMyRequestResponse, field: string): Problem {
  const body = expectProblem(response, 422, 'IDENTIFIER_INVALID');
  expect(body.errors?.[0]?.field).toBe(field);
  expect(body.errors?.[0]?.in).toBe('body');
  expect(body.errors?.[0]?.message).toMatch(hasChinese);
  expect(body.detail).toMatch(hasChinese);
  return body;
}

/** A person of the Shanghai company, as the administrator would register one (companyId given). */
const person = (extra: Record<string, unknown> = {}) => ({
  kind: 'person',
  name: '测试客户',
  mobile: mobileNumber(),
  companyId: company.sh.id,
  ...extra,
});
const create = (payload: object, cookie = adminCookie, headers = {}) =>
  send('POST', '/api/customers', payload, cookie, headers);

/** POST …/reveal with a reason, or without one when `reason` is null. */
const reveal = (id: string, field: string, cookie = adminCookie, reason: string | null = '核实来电人身份') =>
  send('POST', `/api/customers/${id}/reveal`, { field, ...(reason === null ? {} : { reason }) }, cookie);
async function revealed(id: string, field: 'idNumber' | 'mobile', cookie = adminCookie): Promise<string | null> {
  return ok<{ field: string; value: string | null }>(await reveal(id, field, cookie)).value;
}

const getCustomer = async (id: string, cookie = adminCookie) =>
  ok<CustomerRow>(await send('GET', `/api/customers/${id}`, undefined, cookie));
const search = async (q: string, cookie = adminCookie) =>
  ok<Page<CustomerRow>>(await send('GET', `/api/customers?pageSize=200&q=${encodeURIComponent(q)}`, undefined, cookie));
/** The ids a search box query finds. */
const found = async (q: string, cookie = adminCookie) => (await search(q, cookie)).data.map((c) => c.id);

/** Every customer a session can list (all pages). */
async function allCustomers(cookie: string, query = ''): Promise<CustomerRow[]> {
  const out: CustomerRow[] = [];
  for (let current = 1; ; current++) {
    const page = ok<Page<CustomerRow>>(
      await send('GET', `/api/customers?pageSize=200&current=${current}${query ? `&${query}` : ''}`, undefined, cookie),
    );
    out.push(...page.data);
    if (out.length >= page.total || page.data.length === 0) {
      expect(out).toHaveLength(page.total);
      return out;
    }
  }
}

const moveIn = (customerId: string, payload: object, cookie = adminCookie) =>
  send('POST', `/api/customers/${customerId}/occupancies`, payload, cookie);
const moveOut = (occupancyId: string, payload: object, cookie = adminCookie) =>
  send('POST', `/api/occupancies/${occupancyId}/end`, payload, cookie);
const historyOf = async (customerId: string, cookie = adminCookie) =>
  ok<OccupancyRow[]>(await send('GET', `/api/customers/${customerId}/occupancies`, undefined, cookie));

const maskId = (n: string) => `${n.slice(0, 6)}${'*'.repeat(n.length - 10)}${n.slice(-4)}`;

/** A valid resident ID number ending in the check character X. */
function residentIdEndingInX(): string {
  for (;;) {
    const id = residentId();
    if (id.endsWith('X')) return id;
  }
}

/** The same number with its check character replaced by a wrong one. */
function wrongCheckDigit(id: string): string {
  const right = residentIdCheckChar(id.slice(0, 17));
  return id.slice(0, 17) + (right === '1' ? '2' : '1');
}

/** A valid unified social credit code no other test uses. */
function uscc(): string {
  const first17 = `91310115MA1${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
  return first17 + usccCheckChar(first17);
}

async function storedCustomer(id: string) {
  const [row] = await t.deps.db.select().from(customer).where(eq(customer.id, id));
  if (!row) throw new Error(`no customer row ${id}`);
  return row;
}

/** Every string anywhere in a JSON value, and every key. */
function stringsAndKeys(value: unknown): { strings: string[]; keys: string[] } {
  const strings: string[] = [];
  const keys: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        keys.push(k);
        walk(inner);
      }
    }
  };
  walk(value);
  return { strings, keys };
}

/** Asserts a value shows none of the given full numbers, no ciphertext and no keyed hash. */
function expectNothingSecret(value: unknown, ...numbers: string[]) {
  const { strings, keys } = stringsAndKeys(value);
  const text = JSON.stringify(value);
  for (const n of numbers) {
    expect(strings).not.toContain(n);
    expect(text).not.toContain(n);
    expect(text).not.toContain(t.deps.secrets.hash(n));
    expect(text).not.toContain(t.deps.secrets.hash(n.slice(-6)));
  }
  expect(keys).not.toContain('idNumberEncrypted');
  expect(keys).not.toContain('idNumberHash');
  expect(keys).not.toContain('idLast6Hash');
  expect(text).not.toMatch(/v1:[A-Za-z0-9+/]{20,}/);
}

/** The ids of customers holding, or having held, a room in one of these projects (from the database). */
async function customersWithRoomsIn(projectIds: string[]): Promise<string[]> {
  const rows = await t.deps.db
    .selectDistinct({ id: occupancy.customerId })
    .from(occupancy)
    .where(inArray(occupancy.projectId, projectIds));
  return rows.map((r) => r.id);
}

describe('creating a customer (POST /api/customers)', () => {
  it('creates a person: 201 with an id, identifiers normalised before they are stored', async () => {
    const idNumber = residentIdEndingInX();
    // As an agent types it from a card: spaces and a lowercase x.
    const typed = ` ${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)} ${idNumber.slice(14, 17)}x `;
    const response = await create(
      person({ name: '王小明', idType: 'resident_id', idNumber: typed, mobile: '+86 138-0013-8000' }),
    );
    const created = ok<CustomerRow>(response, 201);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created).toMatchObject({
      kind: 'person',
      name: '王小明',
      companyId: company.sh.id,
      idType: 'resident_id',
      idNumber: maskId(idNumber),
      mobile: '138****8000',
      active: true,
      anonymised: false,
      rooms: [],
    });
    expect(created.code).toMatch(/^KH\d{6}$/);
    expect(created.phones).toEqual([{ id: expect.any(String), number: '138****8000', label: null, isPrimary: true }]);
    expect(await revealed(created.id, 'idNumber')).toBe(idNumber);
    expect(await revealed(created.id, 'mobile')).toBe('13800138000');
    expect(await getCustomer(created.id)).toEqual(created);
  });

  it('numbers customers per company, after the demo customers', async () => {
    const nextCode = async (companyId: string) => {
      const [row] = await t.deps.db
        .select({ max: max(customer.code) })
        .from(customer)
        .where(eq(customer.companyId, companyId));
      return `KH${String(Number(row?.max?.slice(2)) + 1).padStart(6, '0')}`;
    };
    const expectedSh = await nextCode(company.sh.id);
    expect(Number(expectedSh.slice(2))).toBeGreaterThan(200);
    expect((await admin.createCustomer(person())).code).toBe(expectedSh);
    const expectedHz = await nextCode(company.hz.id);
    expect(Number(expectedHz.slice(2))).toBeLessThan(Number(expectedSh.slice(2)));
    expect((await admin.createCustomer(person({ companyId: company.hz.id }))).code).toBe(expectedHz);
  });

  it('takes the only company in reach when companyId is omitted, and asks someone with two to choose', async () => {
    const byKefu = ok<CustomerRow>(
      await create({ kind: 'person', name: '客服登记', mobile: mobileNumber() }, as.kefu),
      201,
    );
    expect(byKefu.companyId).toBe(company.sh.id);
    const byHz = ok<CustomerRow>(
      await create({ kind: 'person', name: '杭州登记', mobile: mobileNumber() }, as.hz),
      201,
    );
    expect(byHz.companyId).toBe(company.hz.id);

    const problem = expectProblem(
      await create({ kind: 'person', name: '管理员登记', mobile: mobileNumber() }),
      422,
      'COMPANY_REQUIRED',
    );
    expect(problem.detail).toBe('请选择客户所属公司');
    const withCompany = ok<CustomerRow>(await create(person({ companyId: company.hz.id })), 201);
    expect(withCompany.companyId).toBe(company.hz.id);

    // A company outside the scope, an office that is not a company, or no such node: 404.
    expectProblem(await create(person({ companyId: company.hz.id }), as.kefu), 404, 'ORG_NOT_FOUND');
    expectProblem(await create(person({ companyId: company.sh.id }), as.hz), 404, 'ORG_NOT_FOUND');
    const office = await admin.orgByCode('SH-PD');
    expectProblem(await create(person({ companyId: office.id })), 404, 'ORG_NOT_FOUND');
    expectProblem(await create(person({ companyId: randomUUID() })), 404, 'ORG_NOT_FOUND');
  });

  it('lets a project-scoped user create a customer by moving them into a room of its projects', async () => {
    const room = await admin.roomByCode(p.bjyh.id, '1-1-2802');
    const name = '交付登记';
    // Without a room, no company is in a project-scoped user's reach.
    expectProblem(await create({ kind: 'person', name, mobile: mobileNumber() }, as.delivery), 422, 'COMPANY_REQUIRED');
    expectProblem(await create(person({ name }), as.delivery), 404, 'ORG_NOT_FOUND');
    const csyRoom = await admin.roomByCode(p.csy.id, '1-1-101');
    expectProblem(
      await create(
        { kind: 'person', name, moveIn: { roomId: csyRoom.id, role: 'owner', fromDate: '2026-11-01' } },
        as.delivery,
      ),
      404,
      'ROOM_NOT_FOUND',
    );
    expect(await found(name)).toEqual([]);

    const response = await create(
      {
        kind: 'person',
        name,
        mobile: mobileNumber(),
        moveIn: { roomId: room.id, role: 'owner', fromDate: '2026-11-01' },
      },
      as.delivery,
    );
    const created = ok<CustomerRow>(response, 201);
    expect(created.companyId).toBe(company.sh.id);
    expect(created.rooms).toMatchObject([
      {
        roomId: room.id,
        roomCode: '1-1-2802',
        projectName: '滨江壹号',
        role: 'owner',
        fromDate: '2026-11-01',
        current: true,
      },
    ]);
    expect((await t.auditEntries(response)).map((e) => e.action)).toEqual(['customer.create', 'occupancy.move_in']);
    expect((await getCustomer(created.id, as.delivery)).id).toBe(created.id);
    expect((await getCustomer(created.id, as.kefu)).id).toBe(created.id);
    expectProblem(await send('GET', `/api/customers/${created.id}`, undefined, as.handler), 404, 'CUSTOMER_NOT_FOUND');
  });

  it('takes the company from the room moved into, and refuses a room of another company', async () => {
    const hzRoom = await admin.roomByCode(p.xxyl.id, '1-1-101');
    const moveInHz = { roomId: hzRoom.id, role: 'tenant', fromDate: '2026-10-01' };
    const created = ok<CustomerRow>(
      await create({ kind: 'person', name: '杭州租户', mobile: mobileNumber(), moveIn: moveInHz }),
      201,
    );
    expect(created.companyId).toBe(company.hz.id);
    expectProblem(
      await create({ kind: 'person', name: '跨公司', companyId: company.sh.id, moveIn: moveInHz }),
      422,
      'OCCUPANCY_COMPANY_MISMATCH',
    );
    expectProblem(await create({ kind: 'person', name: '跨公司', moveIn: moveInHz }, as.kefu), 404, 'ROOM_NOT_FOUND');
    expect(await found('跨公司')).toEqual([]);
  });

  it('refuses a resident ID with a wrong check digit: 422 IDENTIFIER_INVALID naming idNumber, in Chinese', async () => {
    const [before] = await t.deps.db.select({ n: count() }).from(customer);
    const wrong = wrongCheckDigit(residentId());
    const problem = expectIdentifierInvalid(
      await create(person({ idType: 'resident_id', idNumber: wrong })),
      'idNumber',
    );
    expect(problem.detail).toBe('证件号码不正确：证件号码校验位不正确');
    expect(problem.errors).toEqual([{ field: 'idNumber', in: 'body', message: '证件号码校验位不正确' }]);
    // Without idType, a person's number is read as a resident ID.
    expectIdentifierInvalid(await create(person({ idNumber: wrong })), 'idNumber');

    const english = expectProblem(
      await create(person({ idType: 'resident_id', idNumber: wrong }), adminCookie, { 'accept-language': 'en-US' }),
      422,
      'IDENTIFIER_INVALID',
    );
    expect(english.detail).toBe('ID number is not valid: The check digit of the ID number is wrong');

    const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
    const cases: [string, string][] = [
      [withCheck('31011519900230123'), '身份证号码中的出生日期无效'],
      [withCheck('31011520300101123'), '身份证号码中的出生日期无效'],
      [withCheck('99011519900307123'), '身份证号码的地区码不存在'],
      ['3101151990030712', '证件号码格式不正确'],
    ];
    for (const [idNumber, message] of cases) {
      const body = expectIdentifierInvalid(await create(person({ idType: 'resident_id', idNumber })), 'idNumber');
      expect(body.errors?.[0]?.message, idNumber).toBe(message);
    }
    expectIdentifierInvalid(await create(person({ idType: 'passport', idNumber: 'E12#' })), 'idNumber');
    expectIdentifierInvalid(await create(person({ idType: 'resident_id' })), 'idNumber');
    const [after] = await t.deps.db.select({ n: count() }).from(customer);
    expect(after?.n).toBe(before?.n);
  });

  it('refuses an invalid mobile naming mobile, and an invalid number in phones naming phones', async () => {
    const problem = expectIdentifierInvalid(await create(person({ mobile: '1380013800' })), 'mobile');
    expect(problem.detail).toMatch(/^手机号码不正确/);
    expectIdentifierInvalid(await create(person({ mobile: '021-5888-1200' })), 'mobile');
    expectIdentifierInvalid(
      await create(person({ mobile: undefined, phones: [{ number: '13800138000' }, { number: '12345' }] })),
      'phones',
    );
  });

  it('keeps several phones with exactly one primary', async () => {
    const [a, b] = [mobileNumber(), mobileNumber()];
    const created = await admin.createCustomer(
      person({
        mobile: undefined,
        phones: [
          { number: a, label: '家' },
          { number: b, label: '单位', isPrimary: true },
        ],
      }),
    );
    expect(created.mobile).toBe(maskMobile(b));
    expect(created.phones.map((x) => [x.number, x.label, x.isPrimary])).toEqual([
      [maskMobile(b), '单位', true],
      [maskMobile(a), '家', false],
    ]);
    expect(await revealed(created.id, 'mobile')).toBe(b);
  });

  it('registers an organisation by its social credit code and refuses a wrong one', async () => {
    const cited = ok<CustomerRow>(
      await create({
        kind: 'organisation',
        name: '福建某某有限公司',
        idType: 'uscc',
        idNumber: '91350100M000100Y43',
        companyId: company.sh.id,
      }),
      201,
    );
    expect(cited).toMatchObject({ kind: 'organisation', idType: 'uscc', idNumber: '913501********0Y43' });
    // Typed in lower case and without idType: read as a social credit code and upper-cased.
    const code = uscc();
    const shop = ok<CustomerRow>(
      await create({
        kind: 'organisation',
        name: '上海鲜果商贸有限公司',
        idNumber: code.toLowerCase(),
        companyId: company.sh.id,
      }),
      201,
    );
    expect(shop.idType).toBe('uscc');
    expect(await revealed(shop.id, 'idNumber')).toBe(code);

    expectIdentifierInvalid(
      await create({
        kind: 'organisation',
        name: '错误代码公司',
        idType: 'uscc',
        idNumber: '91350100M000100Y44',
        companyId: company.sh.id,
      }),
      'idNumber',
    );
    expectIdentifierInvalid(
      await create({
        kind: 'organisation',
        name: '错误代码公司',
        idType: 'uscc',
        idNumber: '91350100I000100Y43',
        companyId: company.sh.id,
      }),
      'idNumber',
    );
    const personWithUscc = expectIdentifierInvalid(
      await create(person({ idType: 'uscc', idNumber: uscc() })),
      'idType',
    );
    expect(personWithUscc.detail).toBe('证件类型不正确：个人客户不能使用统一社会信用代码');
  });

  it('refuses an ID number already registered in the same company (409 ID_NUMBER_TAKEN), however typed', async () => {
    const problem = expectProblem(
      await create(person({ idType: 'resident_id', idNumber: zhang.idNumber })),
      409,
      'ID_NUMBER_TAKEN',
    );
    expect(problem.detail).toBe('该证件号码已登记为客户“张三丰”');
    const spaced = `${zhang.idNumber.slice(0, 6)} ${zhang.idNumber.slice(6).toLowerCase()}`;
    expectProblem(await create(person({ idNumber: spaced }), as.kefu), 409, 'ID_NUMBER_TAKEN');
    // Another company keeps its own customers: the same person may be a customer of both.
    const inHz = ok<CustomerRow>(await create(person({ idNumber: zhang.idNumber, companyId: company.hz.id })), 201);
    expect(inHz.idNumber).toBe(maskId(zhang.idNumber));
  });

  it('refuses unknown or server-owned fields and impossible dates (400), writing nothing', async () => {
    for (const extra of [
      { code: 'KH999999' },
      { active: false },
      { orgPath: '/x/' },
      { idNumberHash: 'abc' },
      { anonymisedAt: '2026-01-01T00:00:00Z' },
    ]) {
      const problem = expectProblem(await create(person({ name: '多余字段', ...extra })), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.[0]?.message).toMatch(/未知的键|unrecognized/i);
    }
    expectInvalid(await create(person({ name: '多余字段', birthday: '1990-02-30' })), 'birthday');
    expectInvalid(await create(person({ name: '多余字段', birthday: '1990-13-01' })), 'birthday');
    expectInvalid(await create(person({ name: '多余字段', kind: 'family' })), 'kind');
    expectInvalid(await create(person({ name: '' })), 'name');
    expectInvalid(await create(person({ name: '多余字段', companyId: 'SH' })), 'companyId');
    const room = await admin.roomByCode(p.llhy.id, '1-1-101');
    expectInvalid(
      await create(person({ name: '多余字段', moveIn: { roomId: room.id, role: 'owner', fromDate: '2026-02-30' } })),
      'moveIn.fromDate',
    );
    expect(await found('多余字段')).toEqual([]);
  });
});

describe('reading a customer never shows the full numbers', () => {
  it('masks the ID number and phones in the detail, the list and the search', async () => {
    const response = await send('GET', `/api/customers/${zhang.customer.id}`);
    const body = ok<CustomerRow>(response);
    expect(body).toMatchObject({
      name: '张三丰',
      idType: 'resident_id',
      idNumber: maskId(zhang.idNumber),
      mobile: maskMobile(zhang.mobile),
      phones: [{ number: maskMobile(zhang.mobile), isPrimary: true }],
      rooms: [{ roomId: zhang.room.id, roomCode: '2-1-1201', role: 'owner', current: true }],
    });
    expect(body.idNumber).toMatch(/^310115\*{8}[\dX]{4}$/);
    expectNothingSecret(body, zhang.idNumber, zhang.mobile);
    expect(response.body).not.toContain(zhang.idNumber);
    expect(response.body).not.toContain(zhang.mobile);

    for (const cookie of [adminCookie, as.kefu, as.supervisor, as.handler]) {
      const list = await send('GET', `/api/customers?q=${encodeURIComponent('张三丰')}`, undefined, cookie);
      expect(json<Page<CustomerRow>>(list).data.map((c) => c.id)).toContain(zhang.customer.id);
      expectNothingSecret(json(list), zhang.idNumber, zhang.mobile);
    }
    const byMobile = await send('GET', `/api/customers?q=${zhang.mobile}`);
    expectNothingSecret(json(byMobile), zhang.idNumber, zhang.mobile);
  });

  it('stores the ID number as ciphertext with keyed hashes, never in plain', async () => {
    const row = await storedCustomer(zhang.customer.id);
    expect(row.idNumberEncrypted).toMatch(/^v1:/);
    expect(row.idNumberEncrypted).not.toContain(zhang.idNumber);
    expect(t.deps.secrets.decrypt(row.idNumberEncrypted as string)).toBe(zhang.idNumber);
    expect(row.idNumberHash).toBe(t.deps.secrets.hash(zhang.idNumber));
    expect(row.idNumberHash).not.toBe(createHash('sha256').update(zhang.idNumber).digest('hex'));
    expect(row.idLast6Hash).toBe(t.deps.secrets.hash(zhang.idNumber.slice(-6)));
    expect(row.idNumberMasked).toBe(maskId(zhang.idNumber));
    const { strings } = stringsAndKeys({ ...row, createdAt: null, updatedAt: null });
    expect(strings).not.toContain(zhang.idNumber);
    expect(JSON.stringify(row)).not.toContain(zhang.idNumber);
  });
});

describe('revealing a full number (POST /api/customers/{id}/reveal)', () => {
  it('shows the full ID number and mobile to a supervisor, with a reason, audited without the number', async () => {
    const reason = '业主来电办理车位，需核对身份';
    const response = await reveal(zhang.customer.id, 'idNumber', as.supervisor, reason);
    expect(ok(response)).toEqual({ field: 'idNumber', value: zhang.idNumber });
    const entries = await t.auditEntries(response);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      action: 'customer.reveal',
      entityType: 'customer',
      entityId: zhang.customer.id,
      actorName: '王海燕',
      after: { field: 'idNumber', reason },
    });
    expect(entry?.summary).toContain(reason);
    expect(entry?.summary).toContain('张三丰');
    expectNothingSecret(entry, zhang.idNumber, zhang.mobile);

    const mobile = await reveal(zhang.customer.id, 'mobile', as.supervisor, reason);
    expect(ok(mobile)).toEqual({ field: 'mobile', value: zhang.mobile });
    const [mobileEntry] = await t.auditEntries(mobile);
    expect(mobileEntry?.after).toEqual({ field: 'mobile', reason });
    expectNothingSecret(mobileEntry, zhang.idNumber, zhang.mobile);
    expect(await revealed(zhang.customer.id, 'idNumber')).toBe(zhang.idNumber);
  });

  it('is refused without customer.reveal (403), without a reason (400), and shows null when there is nothing', async () => {
    for (const cookie of [as.kefu, as.handler, as.leader, as.delivery]) {
      expectProblem(await reveal(zhang.customer.id, 'idNumber', cookie), 403, 'FORBIDDEN');
    }
    for (const response of [
      await reveal(zhang.customer.id, 'idNumber', adminCookie, null),
      await reveal(zhang.customer.id, 'idNumber', adminCookie, ' '),
      await reveal(zhang.customer.id, 'idNumber', adminCookie, '看'),
    ]) {
      expectInvalid(response, 'reason');
      expect(await t.auditEntries(response)).toEqual([]);
    }
    expectInvalid(await reveal(zhang.customer.id, 'bankAccount'), 'field');
    expectProblem(await reveal(randomUUID(), 'idNumber'), 404, 'CUSTOMER_NOT_FOUND');
    const noId = await admin.createCustomer(person({ name: '无证件客户' }));
    expect(await revealed(noId.id, 'idNumber')).toBeNull();
  });
});

describe('the search box (GET /api/customers?q=)', () => {
  it('finds a customer by name or part of it, pinyin initials or full pinyin', async () => {
    for (const q of ['张三丰', '三丰', '张三', 'zsf', 'ZSF', 'zs', 'zhangsan', 'zhangsanfeng', 'ZhangSan']) {
      expect(await found(q), q).toContain(zhang.customer.id);
    }
    for (const q of ['李三丰', 'zsg', 'zhangsi']) {
      expect(await found(q), q).not.toContain(zhang.customer.id);
    }
  });

  it('finds a customer by mobile number, however typed, or by its last four digits', async () => {
    const m = zhang.mobile;
    for (const q of [m, `+86 ${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, m.slice(-4)]) {
      expect(await found(q), q).toContain(zhang.customer.id);
    }
    expect(await found(`${m.slice(0, 10)}${(Number(m.slice(-1)) + 1) % 10}`)).not.toContain(zhang.customer.id);
    expect(await found(m.slice(-3))).not.toContain(zhang.customer.id);
  });

  it('finds a customer by room number or room code prefix', async () => {
    for (const q of ['1201', '2-1-1201', '2-1-12', '2-1']) {
      expect(await found(q), q).toContain(zhang.customer.id);
    }
    for (const q of ['1202', '2-2-1201', '1-1-12']) {
      expect(await found(q), q).not.toContain(zhang.customer.id);
    }
  });

  it('finds a customer by the last six characters of the ID number, exactly', async () => {
    const last6 = zhang.idNumber.slice(-6);
    expect(await found(last6)).toContain(zhang.customer.id);
    expect(await found(last6.slice(1))).not.toContain(zhang.customer.id);
    const other = `${last6.slice(0, 5)}${last6.endsWith('0') ? '1' : '0'}`;
    expect(await found(other)).not.toContain(zhang.customer.id);
    // The whole number is not a search key: only its last six are.
    expect(await found(zhang.idNumber.slice(-7))).not.toContain(zhang.customer.id);

    const idNumber = residentIdEndingInX();
    const withX = await admin.createCustomer(person({ name: '末位X', idNumber }));
    expect(await found(idNumber.slice(-6).toLowerCase())).toContain(withX.id);
    expect(await found(idNumber.slice(-6))).toContain(withX.id);
  });

  it('filters by kind, project and active, and pages', async () => {
    const organisations = await allCustomers(adminCookie, 'kind=organisation');
    expect(organisations.length).toBeGreaterThan(0);
    expect(organisations.every((c) => c.kind === 'organisation')).toBe(true);
    const inLlhy = await allCustomers(adminCookie, `projectId=${p.llhy.id}&q=zsf`);
    expect(inLlhy.map((c) => c.id)).toContain(zhang.customer.id);
    expect((await allCustomers(adminCookie, `projectId=${p.csy.id}&q=zsf`)).map((c) => c.id)).not.toContain(
      zhang.customer.id,
    );
    const page = ok<Page<CustomerRow>>(await send('GET', '/api/customers?pageSize=5&current=2'));
    expect(page).toMatchObject({ current: 2, pageSize: 5 });
    expect(page.data).toHaveLength(5);
    expect(page.total).toBeGreaterThan(260);
    expect(page.totalCapped).toBe(false);
    const vip = await allCustomers(adminCookie, 'tag=vip');
    expect(vip.length).toBeGreaterThan(0);
    expect(vip.every((c) => c.tags.includes('vip'))).toBe(true);
    expect(await allCustomers(adminCookie, 'tag=no_such_tag')).toEqual([]);
    expectInvalid(await send('GET', '/api/customers?pageSize=201'), 'pageSize');
    expectInvalid(await send('GET', '/api/customers?active=yes'), 'active');
    expectInvalid(await send('GET', '/api/customers?idNumber=1'), '');
  });
});

describe('changing a customer (PUT /api/customers/{id})', () => {
  it('keeps the identifiers that are omitted and replaces those sent, audited with masked numbers', async () => {
    const [idA, idB, m1, m2] = [residentId(), residentId(), mobileNumber(), mobileNumber()];
    const c = await admin.createCustomer(person({ name: '李四', idType: 'resident_id', idNumber: idA, mobile: m1 }));

    const kept = ok<CustomerRow>(await send('PUT', `/api/customers/${c.id}`, { name: '李四', notes: '老业主' }));
    expect(kept).toMatchObject({ idNumber: maskId(idA), mobile: maskMobile(m1), notes: '老业主' });
    expect(await revealed(c.id, 'idNumber')).toBe(idA);
    expect(await revealed(c.id, 'mobile')).toBe(m1);

    const response = await send('PUT', `/api/customers/${c.id}`, { name: '李四', idNumber: idB, mobile: m2 });
    const replaced = ok<CustomerRow>(response);
    expect(replaced).toMatchObject({ idType: 'resident_id', idNumber: maskId(idB), mobile: maskMobile(m2) });
    expect(replaced.phones).toHaveLength(1);
    expect(await revealed(c.id, 'idNumber')).toBe(idB);
    expect(await revealed(c.id, 'mobile')).toBe(m2);
    expect(await found(m1)).not.toContain(c.id);
    expect(await found(m2)).toContain(c.id);
    expect(await found(idA.slice(-6))).not.toContain(c.id);
    expect(await found(idB.slice(-6))).toContain(c.id);
    // The old number is free again; the new one is taken.
    expectProblem(await create(person({ idNumber: idB })), 409, 'ID_NUMBER_TAKEN');
    expect(ok<CustomerRow>(await create(person({ idNumber: idA })), 201).idNumber).toBe(maskId(idA));

    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({ action: 'customer.update', entityType: 'customer', entityId: c.id });
    expect(entry?.before).toMatchObject({ idNumber: maskId(idA), phones: [maskMobile(m1)] });
    expect(entry?.after).toMatchObject({ idNumber: maskId(idB), phones: [maskMobile(m2)] });
    expectNothingSecret(entry, idA, idB, m1, m2);

    // Sent as null, they are removed.
    const cleared = ok<CustomerRow>(
      await send('PUT', `/api/customers/${c.id}`, {
        name: '李四',
        idType: null,
        idNumber: null,
        mobile: null,
        phones: [],
      }),
    );
    expect(cleared).toMatchObject({ idType: null, idNumber: null, mobile: null, phones: [] });
    expect((await storedCustomer(c.id)).idNumberEncrypted).toBeNull();
  });

  it('moves the pinyin keys with a rename, where the company lets names be edited directly', async () => {
    const setting = '/api/parameters/customer.rename_requires_approval';
    ok(await send('PUT', setting, { value: false }));
    const c = await admin.createCustomer(person({ name: '单田芳' }));
    expect(await found('stf')).toContain(c.id);
    expect(await found('shantian')).toContain(c.id);
    const renamed = ok<CustomerRow>(await send('PUT', `/api/customers/${c.id}`, { name: '欧阳修远' }));
    expect(renamed.name).toBe('欧阳修远');
    expect(await found('oyxy')).toContain(c.id);
    expect(await found('ouyangxiu')).toContain(c.id);
    expect(await found('修远')).toContain(c.id);
    expect(await found('stf')).not.toContain(c.id);
    expect(await found('单田芳')).not.toContain(c.id);
    ok(await send('PUT', setting, { value: true }));
  });

  it('refuses an ID number another customer holds, validates like a create, and refuses fields it may not change', async () => {
    const c = await admin.createCustomer(person({ name: '周八', idNumber: residentId() }));
    const url = `/api/customers/${c.id}`;
    expect(
      expectProblem(await send('PUT', url, { name: '周八', idNumber: zhang.idNumber }), 409, 'ID_NUMBER_TAKEN').detail,
    ).toBe('该证件号码已登记为客户“张三丰”');
    const own = await revealed(c.id, 'idNumber');
    expect(ok<CustomerRow>(await send('PUT', url, { name: '周八', idNumber: own })).name).toBe('周八');
    expectIdentifierInvalid(
      await send('PUT', url, { name: '周八', idNumber: wrongCheckDigit(residentId()) }),
      'idNumber',
    );
    expectIdentifierInvalid(await send('PUT', url, { name: '周八', mobile: '12345' }), 'mobile');
    expectIdentifierInvalid(await send('PUT', url, { name: '周八', idType: 'uscc', idNumber: uscc() }), 'idType');
    for (const extra of [{ companyId: company.hz.id }, { kind: 'organisation' }, { code: 'KH000001' }]) {
      expectProblem(await send('PUT', url, { name: '周八', ...extra }), 400, 'VALIDATION_FAILED');
    }
    const room = await admin.roomByCode(p.llhy.id, '1-1-101');
    expectProblem(
      await send('PUT', url, { name: '周八', moveIn: { roomId: room.id, role: 'owner', fromDate: '2026-01-01' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await send('PUT', `/api/customers/${randomUUID()}`, { name: '无人' }), 404, 'CUSTOMER_NOT_FOUND');
    expect((await getCustomer(c.id)).companyId).toBe(company.sh.id);
  });
});

describe('disabling, enabling and anonymising', () => {
  it('disables and enables a customer, audited', async () => {
    const c = await admin.createCustomer(person({ name: '停用测试' }));
    const off = await send('POST', `/api/customers/${c.id}/disable`);
    expect(ok<CustomerRow>(off).active).toBe(false);
    expect((await t.auditEntries(off)).map((e) => [e.action, e.entityId])).toEqual([['customer.disable', c.id]]);
    expect(
      (await allCustomers(adminCookie, `active=false&q=${encodeURIComponent('停用测试')}`)).map((x) => x.id),
    ).toEqual([c.id]);
    expect(await allCustomers(adminCookie, `active=true&q=${encodeURIComponent('停用测试')}`)).toEqual([]);
    const on = await send('POST', `/api/customers/${c.id}/enable`, undefined, as.kefu);
    expect(ok<CustomerRow>(on).active).toBe(true);
    expect((await t.auditEntries(on)).map((e) => e.action)).toEqual(['customer.enable']);
  });

  it('anonymises on request: identity gone for good, room history kept', async () => {
    const [idNumber, mobile] = [residentId(), mobileNumber()];
    const room = await admin.roomByCode(p.llhy.id, '3-1-1501');
    const c = await admin.createCustomer(
      person({
        name: '钱匿名',
        idNumber,
        mobile,
        birthday: '1980-05-06',
        gender: 'female',
        tags: ['vip'],
        notes: '住 3-1-1501',
        moveIn: { roomId: room.id, role: 'owner', fromDate: '2024-01-01' },
      }),
    );
    const response = await send('POST', `/api/customers/${c.id}/anonymise`);
    const gone = ok<CustomerRow>(response);
    expect(gone).toMatchObject({
      id: c.id,
      code: c.code,
      name: `已匿名客户 ${c.code}`,
      idType: null,
      idNumber: null,
      mobile: null,
      phones: [],
      gender: null,
      birthday: null,
      notes: null,
      tags: [],
      active: false,
      anonymised: true,
    });
    expect(gone.rooms.map((r) => r.roomId)).toEqual([room.id]);
    expect((await t.auditEntries(response)).map((e) => [e.action, e.entityId])).toEqual([['customer.anonymise', c.id]]);
    expectNothingSecret(gone, idNumber, mobile);
    expect(JSON.stringify(gone)).not.toContain('钱匿名');

    const stored = await storedCustomer(c.id);
    expect(stored).toMatchObject({
      idNumberEncrypted: null,
      idNumberHash: null,
      idLast6Hash: null,
      idNumberMasked: null,
      namePinyin: '',
      nameInitials: '',
    });
    expect(await t.deps.db.select().from(customerPhone).where(eq(customerPhone.customerId, c.id))).toEqual([]);

    for (const field of ['idNumber', 'mobile']) {
      expectProblem(await reveal(c.id, field), 409, 'CUSTOMER_ANONYMISED');
    }
    expectProblem(await send('PUT', `/api/customers/${c.id}`, { name: '钱匿名' }), 409, 'CUSTOMER_ANONYMISED');
    expectProblem(await send('POST', `/api/customers/${c.id}/anonymise`), 409, 'CUSTOMER_ANONYMISED');
    const elsewhere = await admin.roomByCode(p.llhy.id, '3-1-1502');
    expectProblem(
      await moveIn(c.id, { roomId: elsewhere.id, role: 'owner', fromDate: '2026-01-01' }),
      409,
      'CUSTOMER_ANONYMISED',
    );

    // Room history stays, under the anonymous name.
    expect((await historyOf(c.id)).map((o) => [o.roomId, o.customerName])).toEqual([[room.id, `已匿名客户 ${c.code}`]]);
    const roomHistory = ok<OccupancyRow[]>(await send('GET', `/api/rooms/${room.id}/occupancies`));
    expect(roomHistory.find((o) => o.customerId === c.id)?.customerName).toBe(`已匿名客户 ${c.code}`);

    // Not found by what identified the person.
    for (const q of [mobile, mobile.slice(-4), idNumber.slice(-6), '钱匿名', 'qnm', 'qianniming']) {
      expect(await found(q), q).not.toContain(c.id);
    }
    // The person may register again as a new customer.
    const again = ok<CustomerRow>(await create(person({ name: '钱匿名', idNumber, mobile })), 201);
    expect(again.id).not.toBe(c.id);
  });
});

describe('who lives where (occupancies)', () => {
  it('moves in, refuses an overlap, moves out once, and moves in again after', async () => {
    const c = await admin.createCustomer(person({ name: '孙租户' }));
    const room = await admin.roomByCode(p.llhy.id, '3-2-1702');

    const first = await moveIn(c.id, { roomId: room.id, role: 'tenant', fromDate: '2026-03-01', note: '一年租约' });
    const tenancy = ok<OccupancyRow>(first);
    expect(tenancy).toMatchObject({
      customerId: c.id,
      customerName: '孙租户',
      roomId: room.id,
      roomCode: '3-2-1702',
      projectId: p.llhy.id,
      projectName: '邻里花园',
      role: 'tenant',
      fromDate: '2026-03-01',
      toDate: null,
      note: '一年租约',
      current: true,
    });
    const [inEntry] = await t.auditEntries(first);
    expect(inEntry).toMatchObject({
      action: 'occupancy.move_in',
      entityType: 'customer',
      entityId: c.id,
      projectId: p.llhy.id,
      orgPath: (await storedCustomer(c.id)).orgPath,
    });
    expect(inEntry?.summary).toBe('「孙租户」以租户身份迁入 3-2-1702（2026-03-01）');

    const overlap = expectProblem(
      await moveIn(c.id, { roomId: room.id, role: 'tenant', fromDate: '2026-05-01' }),
      409,
      'OCCUPANCY_OVERLAP',
    );
    expect(overlap.detail).toBe('该客户在此房间已有租户关系（自 2026-03-01 起），时间段不能重叠');
    expectProblem(
      await moveIn(c.id, { roomId: room.id, role: 'tenant', fromDate: '2025-01-01' }),
      409,
      'OCCUPANCY_OVERLAP',
    );
    // Another role in the same room is another relation.
    const residence = ok<OccupancyRow>(
      await moveIn(c.id, { roomId: room.id, role: 'resident', fromDate: '2026-03-01' }),
    );

    expectProblem(await moveOut(tenancy.id, { toDate: '2026-02-28' }), 422, 'OCCUPANCY_DATES_INVALID');
    const out = await moveOut(tenancy.id, { toDate: '2026-09-30', note: '租约到期' });
    expect(ok<OccupancyRow>(out)).toMatchObject({
      id: tenancy.id,
      fromDate: '2026-03-01',
      toDate: '2026-09-30',
      current: false,
      note: '一年租约；租约到期',
    });
    const [outEntry] = await t.auditEntries(out);
    expect(outEntry).toMatchObject({ action: 'occupancy.move_out', entityId: c.id, projectId: p.llhy.id });
    expect(outEntry?.summary).toBe('「孙租户」从 3-2-1702 迁出（2026-09-30）');
    expectProblem(await moveOut(tenancy.id, { toDate: '2026-10-31' }), 409, 'OCCUPANCY_ENDED');

    // The closed period still blocks a move-in that would overlap it; after it, moving in again works.
    expectProblem(
      await moveIn(c.id, { roomId: room.id, role: 'tenant', fromDate: '2026-09-15' }),
      409,
      'OCCUPANCY_OVERLAP',
    );
    const renewed = ok<OccupancyRow>(await moveIn(c.id, { roomId: room.id, role: 'tenant', fromDate: '2026-10-01' }));
    expect(renewed.current).toBe(true);

    const history = await historyOf(c.id);
    expect(history.map((o) => [o.id, o.role, o.fromDate, o.toDate, o.current])).toEqual(
      expect.arrayContaining([
        [renewed.id, 'tenant', '2026-10-01', null, true],
        [residence.id, 'resident', '2026-03-01', null, true],
        [tenancy.id, 'tenant', '2026-03-01', '2026-09-30', false],
      ]),
    );
    expect(history).toHaveLength(3);
    expect(history[0]?.id).toBe(renewed.id);
    expect((await getCustomer(c.id)).rooms.map((r) => r.id).sort()).toEqual([renewed.id, residence.id].sort());

    const roomHistory = ok<OccupancyRow[]>(
      await send('GET', `/api/rooms/${room.id}/occupancies`, undefined, as.handler),
    );
    expect(roomHistory.every((o) => o.roomId === room.id)).toBe(true);
    expect(
      roomHistory
        .filter((o) => o.customerId === c.id)
        .map((o) => o.id)
        .sort(),
    ).toEqual([renewed.id, residence.id, tenancy.id].sort());
    const dates = roomHistory.map((o) => o.fromDate);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('keeps co-owners and owner and tenant of one room side by side', async () => {
    const room = await admin.roomByCode(p.llhy.id, '2-1-1201');
    const spouse = await admin.createCustomer(
      person({ name: '张夫人', moveIn: { roomId: room.id, role: 'owner', fromDate: '2023-06-30' } }),
    );
    const tenant = await admin.createCustomer(
      person({ name: '王租客', moveIn: { roomId: room.id, role: 'tenant', fromDate: '2026-07-01' } }),
    );
    const current = ok<OccupancyRow[]>(await send('GET', `/api/rooms/${room.id}/occupancies`))
      .filter((o) => o.current)
      .map((o) => [o.customerId, o.role]);
    expect(current).toEqual(
      expect.arrayContaining([
        [zhang.customer.id, 'owner'],
        [spouse.id, 'owner'],
        [tenant.id, 'tenant'],
      ]),
    );
  });

  it('refuses rooms of another company, unknown rooms and relations, and bad input', async () => {
    const c = await admin.createCustomer(person({ name: '越界迁入' }));
    const hzRoom = await admin.roomByCode(p.xxyl.id, '2-1-101');
    expectProblem(
      await moveIn(c.id, { roomId: hzRoom.id, role: 'owner', fromDate: '2026-01-01' }),
      422,
      'OCCUPANCY_COMPANY_MISMATCH',
    );
    expect(await historyOf(c.id)).toEqual([]);
    expectProblem(
      await moveIn(c.id, { roomId: randomUUID(), role: 'owner', fromDate: '2026-01-01' }),
      404,
      'ROOM_NOT_FOUND',
    );
    expectProblem(
      await moveIn(randomUUID(), { roomId: hzRoom.id, role: 'owner', fromDate: '2026-01-01' }),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    expectProblem(await moveOut(randomUUID(), { toDate: '2026-01-01' }), 404, 'OCCUPANCY_NOT_FOUND');
    expectProblem(await send('GET', `/api/rooms/${randomUUID()}/occupancies`), 404, 'ROOM_NOT_FOUND');
    const room = await admin.roomByCode(p.llhy.id, '1-2-101');
    expectInvalid(await moveIn(c.id, { roomId: room.id, role: 'owner', fromDate: '2026-02-30' }), 'fromDate');
    expectInvalid(await moveIn(c.id, { roomId: room.id, role: 'landlord', fromDate: '2026-01-01' }), 'role');
    expectProblem(
      await moveIn(c.id, { roomId: room.id, role: 'owner', fromDate: '2026-01-01', toDate: '2026-02-01' }),
      400,
      'VALIDATION_FAILED',
    );
    const held = ok<OccupancyRow>(await moveIn(c.id, { roomId: room.id, role: 'owner', fromDate: '2026-01-01' }));
    expectInvalid(await moveOut(held.id, { toDate: '2026-13-01' }), 'toDate');
    expectInvalid(await moveOut(held.id, {}), 'toDate');
  });

  it('lets a project-scoped user move customers only within its projects', async () => {
    const c = await admin.createCustomer(person({ name: '交付迁入' }));
    const bjyhRoom = await admin.roomByCode(p.bjyh.id, '1-1-2901');
    const csyRoom = await admin.roomByCode(p.csy.id, '2-3-602');
    // Not visible to the delivery team until it holds a room in their projects.
    expectProblem(
      await moveIn(c.id, { roomId: bjyhRoom.id, role: 'owner', fromDate: '2026-11-01' }, as.delivery),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    const held = ok<OccupancyRow>(await moveIn(c.id, { roomId: bjyhRoom.id, role: 'owner', fromDate: '2026-11-01' }));
    expectProblem(
      await moveIn(c.id, { roomId: csyRoom.id, role: 'owner', fromDate: '2026-11-01' }, as.delivery),
      404,
      'ROOM_NOT_FOUND',
    );
    const csyHeld = ok<OccupancyRow>(
      await moveIn(c.id, { roomId: csyRoom.id, role: 'tenant', fromDate: '2026-11-01' }),
    );
    expectProblem(await moveOut(csyHeld.id, { toDate: '2026-11-20' }, as.delivery), 404, 'OCCUPANCY_NOT_FOUND');
    expect(ok<OccupancyRow>(await moveOut(held.id, { toDate: '2026-11-20' }, as.delivery)).current).toBe(false);
    expectProblem(
      await moveIn(c.id, { roomId: bjyhRoom.id, role: 'resident', fromDate: '2026-11-01' }, as.handler),
      403,
      'FORBIDDEN',
    );
  });
});

describe('export (GET /api/customers/export)', () => {
  it('exports masked customers with Chinese headers to customer.export holders, audited', async () => {
    const response = await send('GET', '/api/customers/export', undefined, as.supervisor);
    const rows = await sheetRows(response);
    expect(rows[0]).toEqual([
      '客户编号',
      '客户名称',
      '客户类型',
      '证件类型',
      '证件号码',
      '手机号码',
      '房间',
      '所属公司',
      '标签',
    ]);
    const body = rows.slice(1);
    const listed = await allCustomers(as.supervisor);
    expect(body).toHaveLength(listed.length);
    expect(body.map((r) => r[0]).sort()).toEqual(listed.map((c) => c.code).sort());
    const row = body.find((r) => r[0] === zhang.customer.code);
    expect(row).toEqual([
      zhang.customer.code,
      '张三丰',
      '个人',
      '居民身份证',
      maskId(zhang.idNumber),
      maskMobile(zhang.mobile),
      '邻里花园 2-1-1201（业主）',
      '邻里物业上海公司',
      '',
    ]);
    // No full ID number, social credit code or mobile number anywhere in the file.
    const text = rows.map((r) => r.join('\t')).join('\n');
    expect(text).not.toContain(zhang.idNumber);
    expect(text).not.toContain(zhang.mobile);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(hasFullMobile(text)).toBe(false);
    expect(body.every((r) => r[4] === '' || /^[0-9A-Z]{6}\*+[0-9A-Z]{4}$/.test(r[4] as string))).toBe(true);
    expect(body.every((r) => r[5] === '' || /^1\d{2}\*{4}\d{4}$/.test(r[5] as string))).toBe(true);

    const entries = await t.auditEntries(response);
    expect(entries.map((e) => [e.action, e.entityType, e.actorName])).toEqual([
      ['customer.export', 'customer', '王海燕'],
    ]);
    expect(entries[0]?.summary).toBe(`导出客户 ${body.length} 条（脱敏）`);

    const filtered = await sheetRows(await send('GET', '/api/customers/export?q=zsf', undefined, as.supervisor));
    expect(filtered.slice(1).map((r) => r[0])).toContain(zhang.customer.code);
    expect(filtered.length).toBeLessThan(rows.length);
    const [filterEntry] = await t.auditEntries(await send('GET', '/api/customers/export?q=zsf&kind=person'));
    expect(filterEntry?.after).toEqual({ q: 'zsf', kind: 'person' });

    const english = await sheetRows(
      await send('GET', '/api/customers/export?q=zsf', undefined, as.supervisor, { 'accept-language': 'en-US' }),
    );
    expect(english[0]).toEqual(['Code', 'Name', 'Kind', 'ID type', 'ID number', 'Mobile', 'Rooms', 'Company', 'Tags']);
    expect(english.find((r) => r[0] === zhang.customer.code)?.slice(2, 4)).toEqual(['Person', 'Resident ID']);
  });

  it('is refused without customer.export (403)', async () => {
    for (const cookie of [as.kefu, as.handler, as.leader, as.delivery]) {
      expectProblem(await send('GET', '/api/customers/export', undefined, cookie), 403, 'FORBIDDEN');
    }
    expectInvalid(await send('GET', '/api/customers/export?pageSize=10'), '');
  });
});

describe('data scopes and IDOR', () => {
  it('hz_admin reads and changes Shanghai customers as if they did not exist (404)', async () => {
    const id = zhang.customer.id;
    const hz = as.hz;
    const hzRoom = await admin.roomByCode(p.xxyl.id, '1-1-102');
    const notFound = async (method: Method, url: string, payload?: object) =>
      expectProblem(await send(method, url, payload, hz), 404, 'CUSTOMER_NOT_FOUND');
    await notFound('GET', `/api/customers/${id}`);
    await notFound('PUT', `/api/customers/${id}`, { name: '越权修改' });
    await notFound('POST', `/api/customers/${id}/reveal`, { field: 'idNumber', reason: '越权查看' });
    await notFound('POST', `/api/customers/${id}/disable`);
    await notFound('POST', `/api/customers/${id}/enable`);
    await notFound('POST', `/api/customers/${id}/anonymise`);
    await notFound('GET', `/api/customers/${id}/occupancies`);
    await notFound('POST', `/api/customers/${id}/occupancies`, {
      roomId: hzRoom.id,
      role: 'owner',
      fromDate: '2026-01-01',
    });
    expectProblem(await send('GET', `/api/rooms/${zhang.room.id}/occupancies`, undefined, hz), 404, 'ROOM_NOT_FOUND');
    const occupancyId = zhang.customer.rooms[0]?.id as string;
    expectProblem(await moveOut(occupancyId, { toDate: '2026-11-30' }, hz), 404, 'OCCUPANCY_NOT_FOUND');

    // Nothing changed.
    const after = await getCustomer(id);
    expect(after).toMatchObject({ name: '张三丰', active: true, anonymised: false });
    expect(after.rooms.map((r) => [r.id, r.current])).toEqual([[occupancyId, true]]);
    // And an id that does not exist answers the same.
    const strip = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: json(r).code, detail: json(r).detail });
    expect(strip(await send('GET', `/api/customers/${randomUUID()}`, undefined, hz))).toEqual(
      strip(await send('GET', `/api/customers/${id}`, undefined, hz)),
    );
  });

  it('hz_admin lists, searches and exports only Hangzhou customers', async () => {
    const listed = await allCustomers(as.hz);
    const [hzCount] = await t.deps.db
      .select({ n: count() })
      .from(customer)
      .where(eq(customer.companyId, company.hz.id));
    expect(listed.length).toBe(hzCount?.n);
    expect(listed.length).toBeGreaterThanOrEqual(60);
    expect(listed.every((c) => c.companyId === company.hz.id)).toBe(true);
    expect(listed.every((c) => c.rooms.every((r) => r.projectId === p.xxyl.id))).toBe(true);

    const m = zhang.mobile;
    for (const q of ['张三丰', '三丰', 'zsf', 'zhangsan', m, m.slice(-4), zhang.idNumber.slice(-6), '2-1-1201']) {
      expect(await found(q, as.hz), q).not.toContain(zhang.customer.id);
    }
    expect((await search('三丰', as.hz)).total).toBe(0);
    expect((await search('zsf', as.hz)).data.every((c) => c.companyId === company.hz.id)).toBe(true);
    expect(
      ok<Page<CustomerRow>>(await send('GET', `/api/customers?projectId=${p.llhy.id}`, undefined, as.hz)).total,
    ).toBe(0);

    const sheet = await sheetRows(await send('GET', '/api/customers/export', undefined, as.hz));
    expect(sheet.length - 1).toBe(listed.length);
    const text = sheet.map((r) => r.join('\t')).join('\n');
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('邻里花园');
    expect(text).not.toContain('滨江壹号');
    expect(text).not.toContain('春申苑');
    expect(text).toContain('西溪云庐');
  });

  it('a project-scoped handler sees exactly the customers who hold or held a room in its project', async () => {
    const listed = await allCustomers(as.handler);
    expect(listed.map((c) => c.id).sort()).toEqual((await customersWithRoomsIn([p.llhy.id])).sort());
    expect(listed.map((c) => c.id)).toContain(zhang.customer.id);
    // Visible through the room although the company (Shanghai) is outside the handler's scope.
    expect((await getCustomer(zhang.customer.id, as.handler)).companyId).toBe(company.sh.id);
    expect((await historyOf(zhang.customer.id, as.handler)).map((o) => o.roomId)).toEqual([zhang.room.id]);

    // A customer of another Shanghai project stays out of sight, by id, list, search and room.
    const bjyhRoom = await admin.roomByCode(p.bjyh.id, '1-1-3001');
    const other = await admin.createCustomer(
      person({
        name: '滨江业主',
        idNumber: residentId(),
        moveIn: { roomId: bjyhRoom.id, role: 'owner', fromDate: '2026-09-30' },
      }),
    );
    expectProblem(await send('GET', `/api/customers/${other.id}`, undefined, as.handler), 404, 'CUSTOMER_NOT_FOUND');
    expectProblem(
      await send('GET', `/api/customers/${other.id}/occupancies`, undefined, as.handler),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    expectProblem(
      await send('GET', `/api/rooms/${bjyhRoom.id}/occupancies`, undefined, as.handler),
      404,
      'ROOM_NOT_FOUND',
    );
    for (const q of ['滨江业主', 'bjyz', '3001', '1-1-3001']) {
      expect(await found(q, as.handler), q).not.toContain(other.id);
      expect(await found(q, as.kefu), q).toContain(other.id);
    }

    // Once it has lived in the handler's project, it stays visible there with its history.
    const llhyRoom = await admin.roomByCode(p.llhy.id, '1-2-1801');
    const stay = ok<OccupancyRow>(
      await moveIn(other.id, { roomId: llhyRoom.id, role: 'resident', fromDate: '2026-01-01' }),
    );
    ok(await moveOut(stay.id, { toDate: '2026-06-30' }));
    expect((await getCustomer(other.id, as.handler)).id).toBe(other.id);
    expect(await found('滨江业主', as.handler)).toContain(other.id);
  });

  it("shows only the rooms in the caller's projects", async () => {
    const llhyRoom = await admin.roomByCode(p.llhy.id, '3-2-1801');
    const bjyhRoom = await admin.roomByCode(p.bjyh.id, '1-1-3002');
    const both = await admin.createCustomer(
      person({
        name: '两处业主',
        mobile: '16600005678',
        moveIn: { roomId: llhyRoom.id, role: 'owner', fromDate: '2024-01-01' },
      }),
    );
    ok(await moveIn(both.id, { roomId: bjyhRoom.id, role: 'owner', fromDate: '2026-10-01' }));

    const byKefu = await getCustomer(both.id, as.kefu);
    expect(byKefu.rooms.map((r) => r.roomCode).sort()).toEqual(['1-1-3002', '3-2-1801']);
    const byHandler = await getCustomer(both.id, as.handler);
    expect(byHandler.rooms.map((r) => r.roomCode)).toEqual(['3-2-1801']);
    expect(JSON.stringify(byHandler)).not.toContain('滨江壹号');
    expect((await historyOf(both.id, as.handler)).map((o) => o.projectId)).toEqual([p.llhy.id]);
    const listed = (await search('两处业主', as.handler)).data.find((c) => c.id === both.id);
    expect(listed?.rooms.map((r) => r.roomCode)).toEqual(['3-2-1801']);
    // A room in another project is no search key for the handler either.
    expect(await found('3002', as.handler)).not.toContain(both.id);
    expect(await found('3002', as.kefu)).toContain(both.id);
  });

  it('the supervisor of a project office sees the customers of its projects only', async () => {
    const listed = await allCustomers(as.supervisor);
    expect(listed.map((c) => c.id).sort()).toEqual((await customersWithRoomsIn([p.llhy.id, p.bjyh.id])).sort());
    const csyRoom = await admin.roomByCode(p.csy.id, '1-2-501');
    const minhang = await admin.createCustomer(
      person({ name: '闵行业主', moveIn: { roomId: csyRoom.id, role: 'owner', fromDate: '2015-12-20' } }),
    );
    expectProblem(
      await send('GET', `/api/customers/${minhang.id}`, undefined, as.supervisor),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    expectProblem(
      await send('POST', `/api/customers/${minhang.id}/reveal`, { field: 'mobile', reason: '核实身份' }, as.supervisor),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    expect((await getCustomer(minhang.id, as.kefu)).id).toBe(minhang.id);
  });

  it('kefu (the Shanghai company) sees every Shanghai customer, rooms or not, and no Hangzhou one', async () => {
    const listed = await allCustomers(as.kefu);
    const [shCount] = await t.deps.db
      .select({ n: count() })
      .from(customer)
      .where(eq(customer.companyId, company.sh.id));
    expect(listed.length).toBe(shCount?.n);
    expect(listed.every((c) => c.companyId === company.sh.id)).toBe(true);
  });

  it('names a customer outside the scope only by its code when its ID number is taken', async () => {
    const idNumber = residentId();
    const csyRoom = await admin.roomByCode(p.csy.id, '1-3-201');
    const hidden = await admin.createCustomer(
      person({ name: '春申隐私', idNumber, moveIn: { roomId: csyRoom.id, role: 'owner', fromDate: '2015-12-20' } }),
    );
    const bjyhRoom = await admin.roomByCode(p.bjyh.id, '1-1-3101');
    const problem = expectProblem(
      await create(
        {
          kind: 'person',
          name: '重复登记',
          idNumber,
          moveIn: { roomId: bjyhRoom.id, role: 'owner', fromDate: '2026-11-01' },
        },
        as.delivery,
      ),
      409,
      'ID_NUMBER_TAKEN',
    );
    expect(problem.detail).not.toContain('春申隐私');
    expect(problem.detail).toBe(`该证件号码已登记为客户“${hidden.code}”`);
  });
});

describe('audit', () => {
  it('records creates, updates, move-ins and move-outs with masked numbers, never ciphertext or hashes', async () => {
    const [idNumber, mobile, newMobile] = [residentId(), mobileNumber(), mobileNumber()];
    const room = await admin.roomByCode(p.llhy.id, '1-1-1701');
    const created = await create(
      {
        kind: 'person',
        name: '审计客户',
        idType: 'resident_id',
        idNumber,
        mobile,
        moveIn: { roomId: room.id, role: 'owner', fromDate: '2023-06-30' },
      },
      as.kefu,
    );
    const c = ok<CustomerRow>(created, 201);
    const entries = await t.auditEntries(created);
    expect(entries.map((e) => e.action)).toEqual(['customer.create', 'occupancy.move_in']);
    const [createEntry, inEntry] = entries;
    expect(createEntry).toMatchObject({
      entityType: 'customer',
      entityId: c.id,
      actorName: '张晓梅',
      orgPath: (await storedCustomer(c.id)).orgPath,
      summary: `新建客户「审计客户」(${c.code})`,
    });
    expect(createEntry?.after).toMatchObject({
      name: '审计客户',
      code: c.code,
      idNumber: maskId(idNumber),
      idNumberMasked: maskId(idNumber),
      phones: [maskMobile(mobile)],
    });
    expect(inEntry).toMatchObject({ entityId: c.id, projectId: p.llhy.id });
    const stored = await storedCustomer(c.id);

    const updated = await send('PUT', `/api/customers/${c.id}`, { name: '审计客户', mobile: newMobile }, as.kefu);
    ok(updated);
    const [updateEntry] = await t.auditEntries(updated);
    expect(updateEntry?.before).toMatchObject({ idNumber: maskId(idNumber), phones: [maskMobile(mobile)] });
    expect(updateEntry?.after).toMatchObject({ idNumber: maskId(idNumber), phones: [maskMobile(newMobile)] });

    const out = await moveOut(c.rooms[0]?.id as string, { toDate: '2026-11-24' }, as.kefu);
    ok(out);
    const [outEntry] = await t.auditEntries(out);
    expect(outEntry).toMatchObject({ action: 'occupancy.move_out', entityId: c.id, projectId: p.llhy.id });

    for (const entry of [createEntry, inEntry, updateEntry, outEntry]) {
      expectNothingSecret(entry, idNumber, mobile, newMobile);
      const text = JSON.stringify(entry);
      expect(text).not.toContain(stored.idNumberEncrypted as string);
      expect(text).not.toContain(stored.idNumberHash as string);
      expect(text).not.toContain(stored.idLast6Hash as string);
    }

    // The entries reach the audit log of whoever oversees the company, masked there too.
    const log = ok<Page<unknown>>(await send('GET', `/api/audit?entityId=${c.id}&pageSize=50`));
    expect(log.total).toBe(4);
    expectNothingSecret(log, idNumber, mobile, newMobile);
  });
});

describe('demo customers', () => {
  it('fill every demo project, numbered per company from KH000001, with valid ID numbers', async () => {
    // About 200 in Shanghai, spread over its three projects, and 60 in Hangzhou.
    for (const project of [p.llhy, p.bjyh, p.csy, p.xxyl]) {
      const page = ok<Page<CustomerRow>>(await send('GET', `/api/customers?projectId=${project.id}&pageSize=1`));
      expect(page.total, project.code).toBeGreaterThanOrEqual(60);
    }
    const codes = await t.deps.db
      .select({ companyId: customer.companyId })
      .from(customer)
      .where(eq(customer.code, 'KH000001'));
    expect(codes.map((r) => r.companyId).sort()).toEqual([company.sh.id, company.hz.id].sort());

    // The first demo customers of 春申苑 (tests add customers with later codes).
    const sample = (await allCustomers(adminCookie, `projectId=${p.csy.id}&kind=person`))
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .slice(0, 5);
    expect(sample.length).toBe(5);
    for (const c of sample) {
      const idNumber = (await revealed(c.id, 'idNumber')) as string;
      expect(checkResidentId(idNumber, t.clock.now), idNumber).toBeNull();
      expect(c.idNumber).toBe(maskId(idNumber));
      expect(await revealed(c.id, 'mobile')).toMatch(/^1[3-9]\d{9}$/);
    }
  });
});

describe('rules added after review', () => {
  it('refuses move dates in the future, in Beijing days', async () => {
    const c = await admin.createCustomer(person({ name: '未来客户' }));
    const room = await admin.roomByCode(p.llhy.id, '2-1-1501');
    expectProblem(
      await moveIn(c.id, { roomId: room.id, role: 'tenant', fromDate: '2099-01-01' }),
      422,
      'OCCUPANCY_DATE_FUTURE',
    );
    const opened = ok<OccupancyRow>(await moveIn(c.id, { roomId: room.id, role: 'tenant', fromDate: '2025-01-01' }));
    expectProblem(await moveOut(opened.id, { toDate: '2099-01-01' }), 422, 'OCCUPANCY_DATE_FUTURE');
    expect((await historyOf(c.id)).find((o) => o.id === opened.id)?.current).toBe(true);
  });

  it('refuses to move a disabled customer in', async () => {
    const c = await admin.createCustomer(person({ name: '停用客户' }));
    ok(await send('POST', `/api/customers/${c.id}/disable`));
    const room = await admin.roomByCode(p.llhy.id, '2-1-1502');
    expectProblem(
      await moveIn(c.id, { roomId: room.id, role: 'tenant', fromDate: '2025-01-01' }),
      409,
      'CUSTOMER_DISABLED',
    );
  });

  it('anonymising needs its own permission, and an anonymised customer cannot be enabled again', async () => {
    const c = await admin.createCustomer(person({ name: '待匿名', companyId: company.sh.id }));
    const kefu = await t.login('kefu');
    expectProblem(await send('POST', `/api/customers/${c.id}/anonymise`, undefined, kefu), 403, 'FORBIDDEN');
    ok(await send('POST', `/api/customers/${c.id}/anonymise`));
    expectProblem(await send('POST', `/api/customers/${c.id}/enable`), 409, 'CUSTOMER_ANONYMISED');
  });

  it('changing only the mobile keeps the other phone numbers', async () => {
    const [first, second, replacement] = [mobileNumber(), mobileNumber(), mobileNumber()];
    const c = await admin.createCustomer(
      person({
        name: '多号码',
        mobile: undefined,
        phones: [
          { number: first, isPrimary: true },
          { number: second, label: '家庭' },
        ],
      }),
    );
    const updated = ok<CustomerRow>(
      await send('PUT', `/api/customers/${c.id}`, { name: '多号码', tags: [], mobile: replacement }),
    );
    expect(updated.phones.map((p) => p.number).sort()).toEqual([maskMobile(replacement), maskMobile(second)].sort());
    expect(updated.phones.find((p) => p.isPrimary)?.number).toBe(maskMobile(replacement));
    expect(updated.companyName).toBe('邻里物业上海公司');
  });
});

describe('过户 ownership transfer', () => {
  const transfer = (roomId: string, payload: object, cookie = adminCookie) =>
    send('POST', `/api/rooms/${roomId}/transfer`, payload, cookie);
  const roomHistory = async (roomId: string) =>
    ok<OccupancyRow[]>(await send('GET', `/api/rooms/${roomId}/occupancies`));
  /** A new, empty room of 邻里花园. */
  async function freshRoom(): Promise<string> {
    const generated = ok<{ buildingId: string }>(
      await send(
        'POST',
        '/api/room-generation',
        {
          projectId: p.llhy.id,
          buildingCode: `G${randomUUID().slice(0, 8)}`,
          units: 1,
          floorFrom: 1,
          floorTo: 1,
          roomsPerFloor: 1,
        },
        adminCookie,
      ),
    );
    const rooms = ok<Page<Room>>(await send('GET', `/api/rooms?buildingId=${generated.buildingId}`));
    return String(rooms.data[0]?.id);
  }
  /** A room owned by a new customer since 2024-05-01, with a tenant since 2025-03-01. */
  async function ownedRoom() {
    const roomId = await freshRoom();
    const owner = await admin.createCustomer(
      person({ name: '原业主', moveIn: { roomId, role: 'owner', fromDate: '2024-05-01' } }),
    );
    const tenant = await admin.createCustomer(
      person({ name: '在租户', moveIn: { roomId, role: 'tenant', fromDate: '2025-03-01' } }),
    );
    return { roomId, owner, tenant };
  }

  it('ends the old owner on the date, makes the new one current and leaves the tenant alone', async () => {
    const { roomId, owner, tenant } = await ownedRoom();
    const buyer = await admin.createCustomer(person({ name: '新业主' }));
    const response = await transfer(roomId, { toCustomerIds: [buyer.id], date: '2026-08-15', note: '二手房买卖' });
    const rows = ok<OccupancyRow[]>(response);
    expect(rows).toEqual(await roomHistory(roomId));
    const by = (id: string) => rows.filter((o) => o.customerId === id);
    expect(by(owner.id)).toMatchObject([
      { role: 'owner', fromDate: '2024-05-01', toDate: '2026-08-15', current: false, note: '二手房买卖' },
    ]);
    expect(by(buyer.id)).toMatchObject([
      { role: 'owner', fromDate: '2026-08-15', toDate: null, current: true, note: '二手房买卖' },
    ]);
    expect(by(tenant.id)).toMatchObject([{ role: 'tenant', fromDate: '2025-03-01', toDate: null, current: true }]);
    expect(rows.filter((o) => o.current && o.role === 'owner').map((o) => o.customerId)).toEqual([buyer.id]);
    expect((await getCustomer(owner.id)).rooms).toEqual([]);
    expect((await getCustomer(buyer.id)).rooms.map((o) => o.roomId)).toEqual([roomId]);

    const entries = await t.auditEntries(response);
    expect(entries.map((e) => [e.action, e.entityType, e.entityId, e.projectId])).toEqual([
      ['occupancy.transfer_out', 'customer', owner.id, p.llhy.id],
      ['occupancy.transfer_in', 'customer', buyer.id, p.llhy.id],
    ]);
    expect(entries[0]?.summary).toMatch(/过户：「原业主」不再是业主（2026-08-15），新业主 「新业主」$/);
    expect(entries[1]?.summary).toMatch(/过户：「新业主」成为业主（2026-08-15），原业主 「原业主」$/);
  });

  it('transfers from co-owners to co-owners in one go', async () => {
    const { roomId, owner } = await ownedRoom();
    const spouse = await admin.createCustomer(
      person({ name: '原业主配偶', moveIn: { roomId, role: 'owner', fromDate: '2024-06-01' } }),
    );
    const buyers = [
      await admin.createCustomer(person({ name: '买方甲' })),
      await admin.createCustomer(person({ name: '买方乙' })),
    ];
    const response = await transfer(roomId, { toCustomerIds: buyers.map((b) => b.id), date: '2026-09-01' });
    const rows = ok<OccupancyRow[]>(response);
    const owners = rows.filter((o) => o.role === 'owner');
    expect(
      owners
        .filter((o) => o.current)
        .map((o) => o.customerId)
        .sort(),
    ).toEqual(buyers.map((b) => b.id).sort());
    expect(
      owners
        .filter((o) => !o.current)
        .map((o) => [o.customerId, o.toDate])
        .sort(),
    ).toEqual(
      [
        [owner.id, '2026-09-01'],
        [spouse.id, '2026-09-01'],
      ].sort(),
    );
    expect(await t.auditEntries(response)).toHaveLength(4);
    // One of the new owners may later sell alone to the other: only the sets must differ.
    const next = ok<OccupancyRow[]>(await transfer(roomId, { toCustomerIds: [buyers[0]?.id], date: '2026-10-01' }));
    expect(next.filter((o) => o.current && o.role === 'owner').map((o) => o.customerId)).toEqual([buyers[0]?.id]);
  });

  it('refuses what cannot be transferred and changes nothing', async () => {
    const { roomId, owner } = await ownedRoom();
    const before = await roomHistory(roomId);
    const buyer = await admin.createCustomer(person({ name: '待过户' }));
    const go = (extra: object, cookie = adminCookie) =>
      transfer(roomId, { toCustomerIds: [buyer.id], date: '2026-08-01', ...extra }, cookie);

    expectProblem(
      await transfer(randomUUID(), { toCustomerIds: [buyer.id], date: '2026-08-01' }),
      404,
      'ROOM_NOT_FOUND',
    );
    expectProblem(await go({}, as.hz), 404, 'ROOM_NOT_FOUND');
    expectProblem(await go({ toCustomerIds: [randomUUID()] }), 404, 'CUSTOMER_NOT_FOUND');
    // The delivery team sees the room but not a customer with no room in its projects.
    expectProblem(await go({}, as.delivery), 404, 'CUSTOMER_NOT_FOUND');
    expectProblem(await go({}, as.handler), 403, 'FORBIDDEN');

    const disabled = await admin.createCustomer(person({ name: '已停用买方' }));
    ok(await send('POST', `/api/customers/${disabled.id}/disable`));
    expectProblem(await go({ toCustomerIds: [buyer.id, disabled.id] }), 409, 'CUSTOMER_DISABLED');
    const anonymised = await admin.createCustomer(person({ name: '已匿名买方' }));
    ok(await send('POST', `/api/customers/${anonymised.id}/anonymise`));
    expectProblem(await go({ toCustomerIds: [anonymised.id] }), 409, 'CUSTOMER_ANONYMISED');
    const hzBuyer = await admin.createCustomer(person({ name: '杭州买方', companyId: company.hz.id }));
    expectProblem(await go({ toCustomerIds: [hzBuyer.id] }), 422, 'OCCUPANCY_COMPANY_MISMATCH');

    const same = expectProblem(await go({ toCustomerIds: [owner.id] }), 422, 'TRANSFER_SAME_OWNER');
    expect(same.detail).toBe('新业主不能与当前业主相同');
    expectProblem(await go({ date: '2024-04-30' }), 422, 'OCCUPANCY_DATES_INVALID');
    expectProblem(await go({ date: '2099-01-01' }), 422, 'OCCUPANCY_DATE_FUTURE');

    expectInvalid(await go({ toCustomerIds: [] }), 'toCustomerIds');
    expectInvalid(await go({ toCustomerIds: Array.from({ length: 6 }, () => randomUUID()) }), 'toCustomerIds');
    expectInvalid(await go({ date: '2026-02-30' }), 'date');
    expectProblem(await go({ role: 'tenant' }), 400, 'VALIDATION_FAILED');

    expect(await roomHistory(roomId)).toEqual(before);

    // A room with only a tenant has no owner to transfer from.
    const rented = await freshRoom();
    await admin.createCustomer(
      person({ name: '只有租户', moveIn: { roomId: rented, role: 'tenant', fromDate: '2025-01-01' } }),
    );
    const none = expectProblem(
      await transfer(rented, { toCustomerIds: [buyer.id], date: '2026-08-01' }),
      409,
      'TRANSFER_NO_OWNER',
    );
    expect(none.detail).toBe('该房间当前没有业主，不能办理过户，请先办理迁入');
  });

  it('lets a project-scoped user transfer rooms of its projects to customers it sees', async () => {
    const { roomId, owner } = await ownedRoom();
    const buyer = await admin.createCustomer(
      person({ name: '交付买方', moveIn: { roomId: zhang.room.id, role: 'resident', fromDate: '2026-01-01' } }),
    );
    const rows = ok<OccupancyRow[]>(
      await transfer(roomId, { toCustomerIds: [buyer.id], date: '2026-07-01' }, as.delivery),
    );
    expect(rows.find((o) => o.customerId === owner.id)?.toDate).toBe('2026-07-01');
    // The old owner cannot come back on a day its own period still covers.
    expectProblem(await transfer(roomId, { toCustomerIds: [owner.id], date: '2026-07-01' }), 409, 'OCCUPANCY_OVERLAP');
    ok(await transfer(roomId, { toCustomerIds: [owner.id], date: '2026-07-02' }));
  });
});
