import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../src/db/seeds/demo.js';
import { compensationRequest } from '../src/modules/casework/casework.table.js';
import { exportPermissions } from '../src/modules/export/export.registry.js';
import { messageChannel, messageTemplate, outboundMessage } from '../src/modules/notification/message.table.js';
import { builtinRoles, type Permission } from '../src/platform/permissions.js';
import { callId, recordId, sendCti } from './cti.js';
import {
  type CustomerRow,
  Factory,
  mobileNumber,
  type OrgNode,
  type ProjectRow,
  residentId,
  type UserRow,
  unique,
} from './factories.js';
import { createTestApp, json, type TestApp } from './harness.js';
import { createTicket, userId } from './ticket-fixtures.js';

let t: TestApp;
let admin: Factory;

beforeAll(async () => {
  // DEMO_TOOLS: the demo-only fast-forward route is on, so that the matrix exercises its guard.
  t = await createTestApp({ env: { DEMO_TOOLS: 'true' } });
  admin = await Factory.asAdmin(t);
});

afterAll(async () => {
  await t?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
interface OpenApiDocument {
  paths: Record<string, Partial<Record<Lowercase<Method>, unknown>>>;
}

async function openApiOperations(): Promise<{ method: Method; path: string }[]> {
  const response = await t.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  const doc = json<OpenApiDocument>(response);
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ method: method.toUpperCase() as Method, path })),
  );
}

/**
 * Every route the server registered, including any hidden from the OpenAPI document, read from
 * Fastify's route tree (`printRoutes` without a common prefix: one path segment chain per line).
 */
function registeredRoutes(): { method: Method; path: string }[] {
  const tree = t.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: { method: Method; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const match = /^(.*?)(?:├── |└── )(\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD') out.push({ method: method as Method, path: stack.join('') });
    }
  }
  return out;
}

/** `/api/users/{id}` → `/api/users/:id` (Fastify's spelling). */
const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** A concrete URL for a route template: random ids, plausible codes and keys. */
function concrete(path: string): string {
  return path.replace(/[{:](\w+)\}?/g, (_, name: string) => {
    if (name === 'code') return 'complaint_channel';
    if (name === 'key') return 'security.password_policy';
    return randomUUID();
  });
}

const publicRoutes = ['GET /api/health', 'POST /api/auth/login'];
// Public, but only with a valid signature or token: without one, 401 naming it (tested in
// callcenter.test.ts and message-receipts.test.ts).
const signedRouteRefusals: Record<string, string> = {
  'POST /api/cti/events': 'CTI_SIGNATURE_INVALID',
  'POST /api/message-receipts/{provider}': 'MESSAGE_RECEIPT_TOKEN_INVALID',
};
const signedRoutes = Object.keys(signedRouteRefusals);
// Served outside the document it describes; public so that tools can fetch the contract.
const hiddenPublicRoutes = ['GET /api/openapi.json'];

describe('deny by default (QUALITY 7)', () => {
  it('answers 401 to every documented route without a session, except the public allow-list', async () => {
    const operations = await openApiOperations();
    expect(operations.length).toBeGreaterThan(30);
    const answeredWithoutSession: string[] = [];
    for (const { method, path } of operations) {
      const url = concrete(path);
      const response = await t.inject({ method, url, ...(method === 'GET' ? {} : { payload: {} }) });
      const name = `${method} ${path}`;
      if (signedRoutes.includes(name)) {
        expect(response.statusCode, name).toBe(401);
        expect(json(response).code, name).toBe(signedRouteRefusals[name]);
        // A session is no substitute for the signature or token.
        const withSession = await t.inject({ method, url, payload: {}, cookie: await t.login('admin') });
        expect(withSession.statusCode, name).toBe(401);
        expect(json(withSession).code, name).toBe(signedRouteRefusals[name]);
        continue;
      }
      if (response.statusCode === 401) {
        expect(response.headers['content-type'], name).toMatch(/^application\/problem\+json/);
        expect(json(response).code, name).toBe('UNAUTHENTICATED');
      } else {
        answeredWithoutSession.push(name);
      }
      // A forged cookie is no better than none.
      if (!publicRoutes.includes(name)) {
        const forged = await t.inject({
          method,
          url,
          cookie: `linli_session=${'x'.repeat(43)}`,
          ...(method === 'GET' ? {} : { payload: {} }),
        });
        expect(forged.statusCode, name).toBe(401);
      }
    }
    expect(answeredWithoutSession.sort()).toEqual([...publicRoutes].sort());
  });

  it('documents every registered route, so the walk above misses none', async () => {
    const documented = (await openApiOperations()).map((o) => `${o.method} ${fastifyPath(o.path)}`);
    const registered = registeredRoutes().map((r) => `${r.method} ${r.path}`);
    expect(registered.length).toBeGreaterThan(30);
    expect(registered.sort()).toEqual([...documented, ...hiddenPublicRoutes].sort());
    for (const name of hiddenPublicRoutes) {
      const [method, url] = name.split(' ') as [Method, string];
      expect((await t.inject({ method, url })).statusCode).toBe(200);
    }
  });

  it('answers HEAD like GET', async () => {
    expect((await t.inject({ method: 'HEAD', url: '/api/users' })).statusCode).toBe(401);
    expect((await t.inject({ method: 'HEAD', url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('role × endpoint matrix (QUALITY 8)', () => {
  /** Builds the call for a persona allowed to make it (some calls act on the persona's own records). */
  type Build = (persona: {
    username: string;
    cookie: string;
  }) => Promise<Omit<InjectOptions, 'method' | 'url'> & { url?: string }>;
  interface Row {
    /** The permission the route needs; a list: any one of them. */
    permission: Permission | readonly Permission[] | null;
    /** Also requires an all-data scope (the audit chain spans every company). */
    allData?: boolean;
    /**
     * With allData: the 403 code answered to a persona holding the permission without all data
     * (the service refuses, naming why), for which the call is built as for an allowed persona.
     */
    scopeRefusal?: string;
    build?: Build;
  }

  let ids: {
    shOffice: OrgNode;
    kefu: UserRow;
    llhy: ProjectRow;
    /** Two rooms of SH-LLHY: each matrix customer is new, so sharing rooms makes no overlap. */
    llhyRooms: [string, string];
  };

  beforeAll(async () => {
    const llhy = await admin.projectByCode('SH-LLHY');
    const rooms = await t.inject({
      method: 'GET',
      url: `/api/rooms?projectId=${llhy.id}&pageSize=2`,
      cookie: await t.login('admin'),
    });
    const [first, second] = json<{ data: { id: string }[] }>(rooms).data;
    ids = {
      shOffice: await admin.orgByCode('SH-PD'),
      kefu: await admin.userByName('kefu'),
      llhy,
      llhyRooms: [String(first?.id), String(second?.id)],
    };
  });

  const path =
    (url: string): Build =>
    async () => ({ url });
  const body = (payload: () => Promise<object> | object, url?: () => Promise<string>): Build => {
    return async () => ({ payload: await payload(), ...(url ? { url: await url() } : {}) });
  };
  const freshOrg = () => admin.createOrg({ parentId: ids.shOffice.id }).then((o) => o.id);
  const freshRole = () => admin.createRole({ permissions: ['project.read'] }).then((r) => r.id);
  const anyTemplate = async () => {
    const [tpl] = await t.deps.db.select().from(messageTemplate).where(eq(messageTemplate.event, 'instruction'));
    if (!tpl) throw new Error('no message template');
    return tpl;
  };
  /** A failed message of no company: only all-data users see it (and may retry it). */
  const failedMessage = async () => {
    const [row] = await t.deps.db
      .insert(outboundMessage)
      .values({
        channel: 'sms',
        event: 'callback_due',
        addressEnc: t.deps.secrets.encrypt('13800138000'),
        addressHash: t.deps.secrets.hash('13800138000'),
        addressMasked: '138****8000',
        body: '测试',
        state: 'failed',
        error: '测试失败',
      })
      .returning({ id: outboundMessage.id });
    return row?.id ?? randomUUID();
  };
  const freshDictionary = () => admin.createDictionary().then((d) => d.id);
  const freshUser = () => admin.createUser({ orgId: ids.shOffice.id }).then((u) => u.user.id);
  async function freshItem() {
    const dictionaryId = await freshDictionary();
    const item = await t.inject({
      method: 'POST',
      url: `/api/dictionaries/${dictionaryId}/items`,
      cookie: await t.login('admin'),
      payload: { code: 'a', label: '甲' },
    });
    return `/api/dictionaries/${dictionaryId}/items/${json(item).id}`;
  }
  // Buildings and rooms in SH-LLHY, which every persona holding property.read or property.manage may see.
  const buildingCode = () => `M${randomBytes(4).toString('hex')}`;
  const generationRule = () => ({
    projectId: ids.llhy.id,
    buildingCode: buildingCode(),
    units: 1,
    floorFrom: 1,
    floorTo: 1,
    roomsPerFloor: 1,
  });
  async function freshBuilding() {
    const created = await t.inject({
      method: 'POST',
      url: '/api/buildings',
      cookie: await t.login('admin'),
      payload: { projectId: ids.llhy.id, code: buildingCode(), name: '矩阵楼' },
    });
    return String(json(created).id);
  }
  async function freshRoom() {
    const cookie = await t.login('admin');
    const generated = await t.inject({
      method: 'POST',
      url: '/api/room-generation',
      cookie,
      payload: generationRule(),
    });
    const rooms = await t.inject({ method: 'GET', url: `/api/rooms?buildingId=${json(generated).buildingId}`, cookie });
    return String(json<{ data: { id: string }[] }>(rooms).data[0]?.id);
  }
  async function llhyBuilding() {
    const cookie = await t.login('admin');
    const list = await t.inject({ method: 'GET', url: `/api/buildings?projectId=${ids.llhy.id}`, cookie });
    return String(json<{ id: string }[]>(list)[0]?.id);
  }
  // New customers of the Shanghai company who own a SH-LLHY room: every persona holding
  // customer.read sees them, by the company (kefu) or through the room (handler, supervisor, delivery).
  const customerBody = () => ({
    kind: 'person',
    name: '矩阵客户',
    idType: 'resident_id',
    idNumber: residentId(),
    mobile: mobileNumber(),
    moveIn: { roomId: ids.llhyRooms[0], role: 'owner', fromDate: '2026-01-01' },
  });
  async function freshCustomer(): Promise<CustomerRow> {
    return admin.createCustomer(customerBody());
  }
  // Export requests for the staff list (user.read, which every persona holding an export
  // permission has). An approver decides only requests inside their scope: the requests to
  // approve come from a clerk of 上海浦东管理处, inside every approving persona's scope.
  const exportRequestBody = () => ({ resource: 'users', query: {}, reason: '年度人员名册核对' });
  /** A request for a list the persona may export: staff if it reads users, else tickets. */
  const personaExportBody = (username: string) => {
    const persona = demoUsers.find((u) => u.username === username);
    const held = builtinRoles.find((r) => r.code === persona?.role)?.permissions ?? [];
    return held.includes('user.read')
      ? exportRequestBody()
      : { resource: 'tickets', query: {}, reason: '月度工单质量抽查' };
  };
  let pudongClerk: { username: string; password: string } | undefined;
  async function clerkRequest(): Promise<string> {
    if (!pudongClerk) {
      const role = await admin.createRole({ permissions: ['user.read'] });
      const { user, password } = await admin.activeUser({
        orgId: ids.shOffice.id,
        assignments: [{ roleId: role.id, scopeKind: 'org', scopeOrgId: ids.shOffice.id }],
      });
      pudongClerk = { username: user.username, password };
    }
    return freshExportRequest(await t.login(pudongClerk.username, pudongClerk.password));
  }
  async function freshExportRequest(cookie: string, payload: object = exportRequestBody()): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: '/api/export-requests',
      cookie,
      payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    return String(json(created).id);
  }
  // The persona's own request, approved by someone else who covers it: an all-data approver covers any.
  async function approvedExportRequest(persona: { username: string; cookie: string }): Promise<string> {
    const id = await freshExportRequest(persona.cookie, personaExportBody(persona.username));
    const covering = demoUsers.find(
      (u) =>
        u.username !== persona.username &&
        u.scope.kind === 'all' &&
        builtinRoles.find((r) => r.code === u.role)?.permissions.includes('export.approve'),
    );
    if (!covering) throw new Error(`no all-data approver for ${persona.username}`);
    const approver = await t.login(covering.username);
    const approved = await t.inject({
      method: 'POST',
      url: `/api/export-requests/${id}/approve`,
      cookie: approver,
      payload: {},
    });
    expect(approved.statusCode, approved.body).toBe(200);
    return id;
  }

  // A one-row CSV for SH-LLHY (every persona holding property.import may write there).
  async function importUpload(fields: Record<string, string> = {}) {
    const form = new FormData();
    const csv = `项目名称,楼栋,单元,房号\n邻里花园,${buildingCode()},1,101\n`;
    form.append('file', new Blob([csv]), 'matrix.csv');
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const encoded = new Response(form);
    return {
      headers: { 'content-type': encoded.headers.get('content-type') as string },
      payload: Buffer.from(await encoded.arrayBuffer()),
    };
  }
  async function freshImport(cookie: string) {
    const created = await t.inject({ method: 'POST', url: '/api/imports', cookie, ...(await importUpload()) });
    return String(json(created).id);
  }

  // The issue catalogue is changed only by all-data managers: its fixtures are the administrator's.
  async function freshCatalogueCategory() {
    const created = await t.inject({
      method: 'POST',
      url: '/api/catalogue/categories',
      cookie: await t.login('admin'),
      payload: { name: unique('矩阵分类') },
    });
    expect(created.statusCode, created.body).toBe(200);
    return String(json(created).id);
  }
  const catalogueItemPayload = (parentId: string) => ({
    parentId,
    name: unique('矩阵问题'),
    ticketTypes: ['repair'],
    department: 'engineering',
    severity: 'normal',
    responseMinutes: 60,
    resolutionMinutes: 480,
  });
  async function freshCatalogueItem() {
    const parentId = await freshCatalogueCategory();
    const created = await t.inject({
      method: 'POST',
      url: '/api/catalogue/items',
      cookie: await t.login('admin'),
      payload: catalogueItemPayload(parentId),
    });
    expect(created.statusCode, created.body).toBe(200);
    return { parentId, id: String(json(created).id) };
  }
  async function catalogueUpload() {
    const form = new FormData();
    const csv = `一级分类,问题名称,适用类型,处理部门,响应时限（小时）,处理时限（小时）\n矩阵导入,${unique('问题')},报修,工程部,1,8\n`;
    form.append('file', new Blob([csv]), 'catalogue.csv');
    const encoded = new Response(form);
    return {
      headers: { 'content-type': encoded.headers.get('content-type') as string },
      payload: Buffer.from(await encoded.arrayBuffer()),
    };
  }

  /** A pending rename request of a new customer, submitted by the given session. */
  async function renameRequestBy(cookie: string): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: `/api/customers/${(await freshCustomer()).id}/rename-requests`,
      cookie,
      payload: { newName: '矩阵新名', reason: '身份证姓名已变更' },
    });
    expect(created.statusCode, created.body).toBe(201);
    return String(json(created).id);
  }

  /** A new matrix customer with one profile row of the given kind; answers the row's URL. */
  async function freshProfileRow(collection: string, payload: object): Promise<string> {
    const c = await freshCustomer();
    const created = await t.inject({
      method: 'POST',
      url: `/api/customers/${c.id}/${collection}`,
      cookie: await t.login('admin'),
      payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    return `/api/customers/${c.id}/${collection}/${json(created).id}`;
  }
  const contactPayload = () => ({ kind: 'family', name: '矩阵家属', relation: 'spouse', mobile: mobileNumber() });
  const bankAccountPayload = () => ({
    bankName: '中国工商银行',
    branch: '上海浦东支行',
    accountName: '矩阵客户',
    accountNumber: `6222${String(randomBytes(6).readUIntBE(0, 6)).padStart(15, '0').slice(0, 15)}`,
  });
  const eventPayload = () => ({ category: 'renovation', occurredOn: '2026-10-01', description: '矩阵装修事件' });
  const freshContact = () => freshProfileRow('contacts', contactPayload());
  const freshBankAccount = () => freshProfileRow('bank-accounts', bankAccountPayload());
  const freshEvent = () => freshProfileRow('events', eventPayload());

  // Contractors of the Shanghai company with a scope in a new building of SH-LLHY: every persona
  // holding contractor.read sees them, by the company (kefu) or through the project (handler,
  // supervisor). The scope's building is new each time, so no two contractors overlap.
  async function freshContractor(): Promise<string> {
    const cookie = await t.login('admin');
    const company = await admin.orgByCode('SH');
    const created = await t.inject({
      method: 'POST',
      url: '/api/contractors',
      cookie,
      payload: { companyId: company.id, name: `矩阵承建商${unique('')}` },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = String(json(created).id);
    await freshScope(id);
    return id;
  }
  const scopePayload = async () => ({
    projectId: ids.llhy.id,
    buildingId: await freshBuilding(),
    trade: 'roof_waterproofing',
  });
  async function freshScope(contractorId: string): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: `/api/contractors/${contractorId}/scopes`,
      cookie: await t.login('admin'),
      payload: await scopePayload(),
    });
    expect(created.statusCode, created.body).toBe(201);
    return `/api/contractors/${contractorId}/scopes/${json(created).id}`;
  }

  // Business calendars: the group's 标准工作日历 is visible to every reader; changes act on fresh
  // calendars of the Shanghai company (every persona holding calendar.manage covers it).
  async function standardCalendarId(): Promise<string> {
    const list = await t.inject({ method: 'GET', url: '/api/calendars', cookie: await t.login('admin') });
    return String(json<{ id: string; code: string }[]>(list).find((c) => c.code === 'STANDARD')?.id);
  }
  const calendarBody = () => ({
    code: unique('CAL'),
    name: '矩阵日历',
    timeZone: 'Asia/Shanghai',
    workWeek: [1, 2, 3, 4, 5],
    shifts: [{ start: '09:00', end: '17:00' }],
    statutory: true,
  });
  async function freshCalendar(): Promise<string> {
    const shCompany = await admin.orgByCode('SH');
    const created = await t.inject({
      method: 'POST',
      url: '/api/calendars',
      cookie: await t.login('admin'),
      payload: { ...calendarBody(), companyId: shCompany.id },
    });
    expect(created.statusCode, created.body).toBe(200);
    return String(json(created).id);
  }
  async function freshCalendarDay(): Promise<string> {
    const url = `/api/calendars/${await freshCalendar()}/days/2026-12-01`;
    const put = await t.inject({ method: 'PUT', url, cookie: await t.login('admin'), payload: { kind: 'off' } });
    expect(put.statusCode, put.body).toBe(200);
    return url;
  }
  const holidayDays = (year: number) => ({ days: [{ date: `${year}-01-01`, kind: 'holiday', name: '元旦' }] });
  async function holidayUpload() {
    const form = new FormData();
    form.append('file', new Blob(['日期,类型,名称\n2032-01-01,放假,元旦\n']), '2032.csv');
    const encoded = new Response(form);
    return {
      headers: { 'content-type': encoded.headers.get('content-type') as string },
      payload: Buffer.from(await encoded.arrayBuffer()),
    };
  }

  /** Escalation ladders: group-wide ones (only all-data staff change them). */
  const escalationPolicyBody = () => ({
    name: unique('矩阵升级'),
    companyId: null,
    ticketType: 'suggestion',
    active: false,
    levels: [{ level: 1, name: '客服主管', afterMinutes: 0, targetKind: 'role', roleCode: 'supervisor' }],
  });
  async function freshPolicy(): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: '/api/escalation-policies',
      cookie: await t.login('admin'),
      payload: escalationPolicyBody(),
    });
    expect(created.statusCode, created.body).toBe(201);
    return String(json(created).id);
  }
  /** A notification of the persona's own. */
  async function ownNotification(username: string): Promise<string> {
    const { notify } = await import('../src/modules/notification/notification.service.js');
    const [id] = await notify(t.deps.db, {
      userIds: [await userId(t, username)],
      kind: 'note',
      title: '矩阵消息',
      now: t.clock.now,
    });
    return String(id);
  }

  /** Every authenticated route of the API and the permission its guard requires. */
  // Casework: group articles (read by all), articles of the Shanghai company (written by any
  // manager working in it), topics and compensation requests on tickets of SH-LLHY (freshTicket below).
  async function freshArticle(companyCode?: string): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: '/api/solutions',
      cookie: await t.login('admin'),
      payload: {
        ...(companyCode ? { companyId: (await admin.orgByCode(companyCode)).id } : {}),
        title: unique('矩阵答复'),
        body: '矩阵答复正文',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return String(json(created).id);
  }
  const articleBody = () => ({ title: unique('矩阵答复'), body: '矩阵答复正文', keywords: ['矩阵'] });
  async function freshTopic(withTicket = false): Promise<{ id: string; ticketId: string | null }> {
    const ticketId = withTicket ? await freshTicket() : null;
    const created = await t.inject({
      method: 'POST',
      url: '/api/topics',
      cookie: await t.login('admin'),
      payload: { projectId: ids.llhy.id, title: unique('矩阵专题'), masterTicketId: ticketId },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: String(json(created).id), ticketId };
  }
  async function freshCompensation(cookie?: string): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: `/api/tickets/${await freshTicket()}/compensations`,
      cookie: cookie ?? (await t.login('kefu')),
      payload: { amountFen: 10_000, reason: '矩阵赔付' },
    });
    expect(created.statusCode, created.body).toBe(201);
    return String(json(created).id);
  }
  /** A request of kefu's (the admin's own when the persona is kefu) whose one step is the persona's role. */
  async function compensationFor(persona: { username: string }, state: 'pending' | 'approved'): Promise<string> {
    const requester = persona.username === 'kefu' ? await t.login('admin') : undefined;
    const id = await freshCompensation(requester);
    const roleCode = demoUsers.find((u) => u.username === persona.username)?.role as string;
    await t.deps.db
      .update(compensationRequest)
      .set({ roleCodes: [roleCode], state })
      .where(eq(compensationRequest.id, id));
    return id;
  }

  // The service desk. Tickets of 邻里花园 raised by the administrator; one a persona works on is
  // dispatched to the persona (a handler without dispatch rights), or to a contractor with nobody
  // following it up, which every dispatcher may then record work for.
  let adminSession: string | undefined;
  const adminCookie = async (): Promise<string> => {
    adminSession ??= await t.login('admin');
    return adminSession;
  };
  let shContractor: string | undefined;
  const personaHolds = (username: string, permission: Permission) => {
    const persona = demoUsers.find((u) => u.username === username);
    return builtinRoles.find((r) => r.code === persona?.role)?.permissions.includes(permission) ?? false;
  };
  async function freshReception(): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: '/api/receptions',
      cookie: await adminCookie(),
      payload: { projectId: ids.llhy.id, channel: 'phone', content: '矩阵接待' },
    });
    expect(created.statusCode, created.body).toBe(201);
    return String(json<{ reception: { id: string } }>(created).reception.id);
  }
  async function freshTicket(dispatchTo?: string): Promise<string> {
    const cookie = await adminCookie();
    let dispatch: object = { mode: 'none' };
    if (dispatchTo) {
      if (!shContractor) {
        const contractors = await t.inject({ method: 'GET', url: '/api/contractors?active=true&pageSize=200', cookie });
        shContractor = json<{ data: { id: string; companyName: string }[] }>(contractors).data.find((c) =>
          c.companyName.includes('上海'),
        )?.id;
      }
      dispatch = personaHolds(dispatchTo, 'ticket.dispatch')
        ? { mode: 'manual', handlerKind: 'contractor', contractorId: shContractor }
        : { mode: 'manual', handlerKind: 'user', handlerUserId: (await admin.userByName(dispatchTo)).id };
    }
    const created = await t.inject({
      method: 'POST',
      url: '/api/receptions',
      cookie,
      payload: {
        projectId: ids.llhy.id,
        channel: 'phone',
        content: '矩阵工单',
        tickets: [{ type: 'complaint', dispatch }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return String(json<{ tickets: { id: string }[] }>(created).tickets[0]?.id);
  }
  /** A ticket dispatched for the persona and taken through the given actions by it. */
  async function ticketAt(persona: { username: string; cookie: string }, steps: [string, object][]) {
    const id = await freshTicket(persona.username);
    for (const [action, payload] of steps) {
      const done = await t.inject({
        method: 'POST',
        url: `/api/tickets/${id}/${action}`,
        cookie: persona.cookie,
        payload,
      });
      expect(done.statusCode, `${action}: ${done.body}`).toBe(200);
    }
    return id;
  }
  /** A resolved ticket whose customer could not be reached (the admin worked it as dispatcher). */
  async function resolvedTicket(): Promise<string> {
    const cookie = await adminCookie();
    return ticketAt({ username: 'admin', cookie }, [
      ['accept', {}],
      ['resolve', { resolution: '已处理' }],
    ]);
  }
  async function attachmentUpload() {
    const form = new FormData();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
      'base64',
    );
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), '现场.png');
    const encoded = new Response(form);
    return {
      headers: { 'content-type': encoded.headers.get('content-type') as string },
      payload: Buffer.from(await encoded.arrayBuffer()),
    };
  }
  async function freshAttachment(): Promise<string> {
    const id = await freshTicket();
    const uploaded = await t.inject({
      method: 'POST',
      url: `/api/tickets/${id}/attachments`,
      cookie: await adminCookie(),
      ...(await attachmentUpload()),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    return String(json<{ url: string }>(uploaded).url);
  }
  const rulePayload = async () => ({
    companyId: (await admin.orgByCode('SH')).id,
    name: unique('矩阵规则'),
    priority: 900,
    projectIds: [ids.llhy.id],
    ticketTypes: ['suggestion'],
    targetKind: 'user',
    targetUserId: ids.kefu.id,
    active: false,
  });
  async function freshRule(): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: '/api/routing-rules',
      cookie: await adminCookie(),
      payload: await rulePayload(),
    });
    expect(created.statusCode, created.body).toBe(201);
    return `/api/routing-rules/${json(created).id}`;
  }
  const dutyPayload = () => ({
    userId: ids.kefu.id,
    projectIds: [ids.llhy.id],
    ticketTypes: ['praise'],
    weekdays: [7],
    startTime: '20:00',
    endTime: '21:00',
    active: false,
  });
  async function freshDuty(): Promise<string> {
    const created = await t.inject({
      method: 'POST',
      url: '/api/duties',
      cookie: await adminCookie(),
      payload: dutyPayload(),
    });
    expect(created.statusCode, created.body).toBe(201);
    return `/api/duties/${json(created).id}`;
  }

  async function freshCall(event: 'ringing' | 'missed' = 'ringing'): Promise<string> {
    const id = callId();
    const sent = await sendCti(t, {
      event,
      callId: id,
      callerNumber: mobileNumber(),
      calledNumber: '4008200000',
      extension: '8001',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    return recordId(t, id);
  }

  const matrix: Record<string, Row> = {
    'GET /api/auth/me': { permission: null },
    'GET /api/dashboard/summary': { permission: null },
    'GET /api/orgs/tree': { permission: null },
    'GET /api/orgs': { permission: null },
    'POST /api/orgs': {
      permission: 'org.manage',
      build: body(() => ({ parentId: ids.shOffice.id, kind: 'department', name: '矩阵部门', code: unique('M') })),
    },
    'PUT /api/orgs/{id}': {
      permission: 'org.manage',
      build: async () => ({
        url: `/api/orgs/${await freshOrg()}`,
        payload: { name: '改名部门', code: unique('M'), sortOrder: 1, active: true },
      }),
    },
    'DELETE /api/orgs/{id}': {
      permission: 'org.manage',
      build: async () => ({ url: `/api/orgs/${await freshOrg()}` }),
    },
    'GET /api/projects': { permission: 'project.read' },
    'GET /api/projects/export': { permission: 'project.read' },
    'GET /api/projects/{id}': {
      permission: 'project.read',
      build: async () => ({ url: `/api/projects/${ids.llhy.id}` }),
    },
    'POST /api/projects': {
      permission: 'project.manage',
      build: body(() => ({ name: '矩阵项目', code: unique('P'), orgId: ids.shOffice.id })),
    },
    'PUT /api/projects/{id}': {
      permission: 'project.manage',
      build: async () => {
        const p = await admin.createProject({ orgId: ids.shOffice.id });
        return { url: `/api/projects/${p.id}`, payload: { name: '矩阵项目改', code: p.code, orgId: ids.shOffice.id } };
      },
    },
    'GET /api/buildings': {
      permission: 'property.read',
      build: async () => ({ url: `/api/buildings?projectId=${ids.llhy.id}` }),
    },
    'POST /api/buildings': {
      permission: 'property.manage',
      build: body(() => ({ projectId: ids.llhy.id, code: buildingCode(), name: '矩阵楼' })),
    },
    'PUT /api/buildings/{id}': {
      permission: 'property.manage',
      build: async () => ({
        url: `/api/buildings/${await freshBuilding()}`,
        payload: { code: buildingCode(), name: '矩阵楼改', sortOrder: 1 },
      }),
    },
    'DELETE /api/buildings/{id}': {
      permission: 'property.manage',
      build: async () => ({ url: `/api/buildings/${await freshBuilding()}` }),
    },
    'GET /api/buildings/{id}/grid': {
      permission: 'property.read',
      build: async () => ({ url: `/api/buildings/${await llhyBuilding()}/grid` }),
    },
    'POST /api/room-generation/preview': { permission: 'property.manage', build: body(generationRule) },
    'POST /api/room-generation': { permission: 'property.manage', build: body(generationRule) },
    'GET /api/rooms': { permission: 'property.read' },
    'GET /api/rooms/export': { permission: 'property.read' },
    'GET /api/rooms/{id}': {
      permission: 'property.read',
      build: async () => ({ url: `/api/rooms/${await freshRoom()}` }),
    },
    'PUT /api/rooms/{id}': {
      permission: 'property.manage',
      build: async () => ({
        url: `/api/rooms/${await freshRoom()}`,
        payload: {
          type: 'residence',
          grossArea: 89.37,
          netArea: 72.15,
          layout: '两室两厅一卫',
          orientation: '南',
          status: 'sold',
          deliveryDate: null,
        },
      }),
    },
    'GET /api/users': { permission: 'user.read' },
    'GET /api/users/export': { permission: 'user.read' },
    'GET /api/users/{id}': { permission: 'user.read', build: async () => ({ url: `/api/users/${ids.kefu.id}` }) },
    'POST /api/users': {
      permission: 'user.manage',
      build: body(() => ({ username: unique('m').toLowerCase(), name: '矩阵用户', orgId: ids.shOffice.id })),
    },
    'PUT /api/users/{id}': {
      permission: 'user.manage',
      build: async () => ({
        url: `/api/users/${await freshUser()}`,
        payload: { name: '矩阵用户改', orgId: ids.shOffice.id, positions: [], assignments: [] },
      }),
    },
    'POST /api/users/{id}/disable': {
      permission: 'user.manage',
      build: async () => ({ url: `/api/users/${await freshUser()}/disable` }),
    },
    'POST /api/users/{id}/enable': {
      permission: 'user.manage',
      build: async () => ({ url: `/api/users/${await freshUser()}/enable` }),
    },
    'POST /api/users/{id}/unlock': {
      permission: 'user.manage',
      build: async () => ({ url: `/api/users/${await freshUser()}/unlock` }),
    },
    'POST /api/users/{id}/reset-password': {
      permission: 'user.manage',
      build: async () => ({ url: `/api/users/${await freshUser()}/reset-password`, payload: {} }),
    },
    'GET /api/permissions': { permission: 'role.read' },
    'GET /api/roles': { permission: 'role.read' },
    'GET /api/roles/options': { permission: 'user.read' },
    'GET /api/roles/export': { permission: 'role.read' },
    'POST /api/roles': {
      permission: 'role.manage',
      build: body(() => ({ code: unique('r'), name: '矩阵角色', permissions: ['project.read'] })),
    },
    'PUT /api/roles/{id}': {
      permission: 'role.manage',
      build: async () => ({
        url: `/api/roles/${await freshRole()}`,
        payload: { code: unique('r'), name: '矩阵角色改', permissions: ['project.read', 'org.read'] },
      }),
    },
    'DELETE /api/roles/{id}': {
      permission: 'role.manage',
      build: async () => ({ url: `/api/roles/${await freshRole()}` }),
    },
    'GET /api/dictionaries': { permission: 'dictionary.read' },
    'GET /api/dictionaries/export': { permission: 'dictionary.read' },
    'GET /api/dictionary-items/{code}': { permission: null, build: path('/api/dictionary-items/complaint_channel') },
    'POST /api/dictionaries': {
      permission: 'dictionary.manage',
      build: body(() => ({ code: unique('d'), name: '矩阵字典' })),
    },
    'PUT /api/dictionaries/{id}': {
      permission: 'dictionary.manage',
      build: async () => ({
        url: `/api/dictionaries/${await freshDictionary()}`,
        payload: { code: unique('d'), name: '矩阵字典改' },
      }),
    },
    'DELETE /api/dictionaries/{id}': {
      permission: 'dictionary.manage',
      build: async () => ({ url: `/api/dictionaries/${await freshDictionary()}` }),
    },
    'POST /api/dictionaries/{id}/items': {
      permission: 'dictionary.manage',
      build: async () => ({
        url: `/api/dictionaries/${await freshDictionary()}/items`,
        payload: { code: 'x', label: '某项' },
      }),
    },
    'PUT /api/dictionaries/{id}/items/{itemId}': {
      permission: 'dictionary.manage',
      build: async () => ({ url: await freshItem(), payload: { code: 'a', label: '甲改' } }),
    },
    'DELETE /api/dictionaries/{id}/items/{itemId}': {
      permission: 'dictionary.manage',
      build: async () => ({ url: await freshItem() }),
    },
    'GET /api/parameters': { permission: 'parameter.read' },
    'GET /api/system/runtime': { permission: 'parameter.manage', allData: true, scopeRefusal: 'GROUP_SETTING' },
    'PUT /api/parameters/{key}': {
      permission: 'parameter.manage',
      build: async () => ({ url: '/api/parameters/service.hotline', payload: { value: '400-800-8888' } }),
    },
    'GET /api/catalogue/tree': { permission: 'catalogue.read' },
    'GET /api/catalogue/search': { permission: 'catalogue.read', build: path('/api/catalogue/search?q=wsj') },
    'GET /api/catalogue/export': { permission: 'catalogue.read' },
    'POST /api/catalogue/import': { permission: 'catalogue.manage', allData: true, build: () => catalogueUpload() },
    'POST /api/catalogue/categories': {
      permission: 'catalogue.manage',
      allData: true,
      build: body(() => ({ name: unique('矩阵分类') })),
    },
    'PUT /api/catalogue/categories/{id}': {
      permission: 'catalogue.manage',
      allData: true,
      build: async () => ({
        url: `/api/catalogue/categories/${await freshCatalogueCategory()}`,
        payload: { name: unique('矩阵分类改') },
      }),
    },
    'POST /api/catalogue/items': {
      permission: 'catalogue.manage',
      allData: true,
      build: body(async () => catalogueItemPayload(await freshCatalogueCategory())),
    },
    'PUT /api/catalogue/items/{id}': {
      permission: 'catalogue.manage',
      allData: true,
      build: async () => {
        const item = await freshCatalogueItem();
        return { url: `/api/catalogue/items/${item.id}`, payload: catalogueItemPayload(item.parentId) };
      },
    },
    'POST /api/catalogue/nodes/{id}/enable': {
      permission: 'catalogue.manage',
      allData: true,
      build: async () => ({ url: `/api/catalogue/nodes/${(await freshCatalogueItem()).id}/enable` }),
    },
    'POST /api/catalogue/nodes/{id}/disable': {
      permission: 'catalogue.manage',
      allData: true,
      build: async () => ({ url: `/api/catalogue/nodes/${(await freshCatalogueItem()).id}/disable` }),
    },
    'DELETE /api/catalogue/nodes/{id}': {
      permission: 'catalogue.manage',
      allData: true,
      build: async () => ({ url: `/api/catalogue/nodes/${(await freshCatalogueItem()).id}` }),
    },
    'POST /api/catalogue/reorder': {
      permission: 'catalogue.manage',
      allData: true,
      build: async () => {
        const item = await freshCatalogueItem();
        return { url: '/api/catalogue/reorder', payload: { parentId: item.parentId, ids: [item.id] } };
      },
    },
    'GET /api/customers': { permission: 'customer.read' },
    // Narrowed to one project, below the approval threshold (export-approval.test.ts covers above it).
    'GET /api/customers/export': {
      permission: 'customer.export',
      build: async () => ({ url: `/api/customers/export?projectId=${ids.llhy.id}` }),
    },
    'POST /api/customers': { permission: 'customer.manage', build: body(customerBody) },
    'GET /api/customers/{id}': {
      permission: 'customer.read',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}` }),
    },
    'PUT /api/customers/{id}': {
      permission: 'customer.manage',
      build: async () => ({
        url: `/api/customers/${(await freshCustomer()).id}`,
        // The name stays: changing it takes a rename request (customer.rename_requires_approval).
        payload: { name: '矩阵客户', tags: ['vip'], notes: '矩阵修改' },
      }),
    },
    'POST /api/customers/{id}/reveal': {
      permission: 'customer.reveal',
      build: async () => ({
        url: `/api/customers/${(await freshCustomer()).id}/reveal`,
        payload: { field: 'idNumber', reason: '核实来电人身份' },
      }),
    },
    'POST /api/customers/{id}/disable': {
      permission: 'customer.manage',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/disable` }),
    },
    'POST /api/customers/{id}/enable': {
      permission: 'customer.manage',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/enable` }),
    },
    'POST /api/customers/{id}/anonymise': {
      permission: 'customer.anonymise',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/anonymise` }),
    },
    'GET /api/customers/{id}/occupancies': {
      permission: 'customer.read',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/occupancies` }),
    },
    'POST /api/customers/{id}/occupancies': {
      permission: 'customer.manage',
      build: async () => ({
        url: `/api/customers/${(await freshCustomer()).id}/occupancies`,
        payload: { roomId: ids.llhyRooms[1], role: 'tenant', fromDate: '2026-03-01' },
      }),
    },
    'POST /api/occupancies/{id}/end': {
      permission: 'customer.manage',
      build: async () => ({
        url: `/api/occupancies/${(await freshCustomer()).rooms[0]?.id}/end`,
        payload: { toDate: '2026-10-31' },
      }),
    },
    'GET /api/rooms/{id}/occupancies': {
      permission: 'customer.read',
      build: async () => ({ url: `/api/rooms/${(await freshCustomer()).rooms[0]?.roomId}/occupancies` }),
    },
    'POST /api/rooms/{id}/transfer': {
      permission: 'customer.manage',
      // A new room of SH-LLHY with its own owner; the new owner lives in another SH-LLHY room, so
      // that project-scoped personas see it too.
      build: async () => {
        const roomId = await freshRoom();
        await admin.createCustomer({ ...customerBody(), moveIn: { roomId, role: 'owner', fromDate: '2026-01-01' } });
        const buyer = await admin.createCustomer({
          ...customerBody(),
          moveIn: { roomId: ids.llhyRooms[1], role: 'resident', fromDate: '2026-01-01' },
        });
        return { url: `/api/rooms/${roomId}/transfer`, payload: { toCustomerIds: [buyer.id], date: '2026-06-01' } };
      },
    },
    'GET /api/imports': { permission: 'property.import' },
    'GET /api/imports/template': { permission: 'property.import' },
    'POST /api/imports/preview': { permission: 'property.import', build: () => importUpload() },
    'POST /api/imports': { permission: 'property.import', build: () => importUpload() },
    'GET /api/imports/{id}': {
      permission: 'property.import',
      build: async ({ cookie }) => ({ url: `/api/imports/${await freshImport(cookie)}` }),
    },
    'GET /api/imports/{id}/rejections': {
      permission: 'property.import',
      build: async ({ cookie }) => ({ url: `/api/imports/${await freshImport(cookie)}/rejections` }),
    },
    'POST /api/rooms/{id}/move-ins': {
      permission: 'customer.manage',
      // A new room of SH-LLHY; the customer lives in another SH-LLHY room, so that project-scoped
      // personas see it too.
      build: async () => ({
        url: `/api/rooms/${await freshRoom()}/move-ins`,
        payload: { customerId: (await freshCustomer()).id, moveInDate: '2026-06-01', contractNo: unique('HT') },
      }),
    },
    'GET /api/rooms/{id}/move-ins': {
      permission: 'customer.read',
      build: async () => ({ url: `/api/rooms/${ids.llhyRooms[0]}/move-ins` }),
    },
    'GET /api/move-ins': { permission: 'customer.read' },
    'GET /api/move-ins/export': { permission: 'customer.export' },
    'POST /api/customers/{id}/rename-requests': {
      permission: 'customer.manage',
      build: async () => ({
        url: `/api/customers/${(await freshCustomer()).id}/rename-requests`,
        payload: { newName: '矩阵新名', reason: '身份证姓名已变更' },
      }),
    },
    'GET /api/rename-requests': { permission: 'customer.read' },
    'GET /api/rename-requests/export': { permission: 'customer.export' },
    'POST /api/rename-requests/{id}/approve': {
      permission: 'customer.approve',
      // Requested by the agent: nobody approves their own request.
      build: async () => ({
        url: `/api/rename-requests/${await renameRequestBy(await t.login('kefu'))}/approve`,
        payload: { note: '已核对身份证' },
      }),
    },
    'POST /api/rename-requests/{id}/reject': {
      permission: 'customer.approve',
      build: async () => ({
        url: `/api/rename-requests/${await renameRequestBy(await t.login('kefu'))}/reject`,
        payload: { note: '材料不全' },
      }),
    },
    'POST /api/rename-requests/{id}/withdraw': {
      permission: 'customer.manage',
      // Only the requester may withdraw: the persona requests it first.
      build: async ({ cookie }) => ({ url: `/api/rename-requests/${await renameRequestBy(cookie)}/withdraw` }),
    },
    'GET /api/customers/{id}/contacts': {
      permission: 'customer.read',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/contacts` }),
    },
    'POST /api/customers/{id}/contacts': {
      permission: 'customer.manage',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/contacts`, payload: contactPayload() }),
    },
    'PUT /api/customers/{id}/contacts/{contactId}': {
      permission: 'customer.manage',
      build: async () => ({ url: await freshContact(), payload: { ...contactPayload(), name: '矩阵家属改' } }),
    },
    'DELETE /api/customers/{id}/contacts/{contactId}': {
      permission: 'customer.manage',
      build: async () => ({ url: await freshContact() }),
    },
    'POST /api/customers/{id}/contacts/{contactId}/reveal': {
      permission: 'customer.reveal',
      build: async () => ({ url: `${await freshContact()}/reveal`, payload: { reason: '紧急联系家属' } }),
    },
    'GET /api/customers/{id}/bank-accounts': {
      permission: 'customer.read',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/bank-accounts` }),
    },
    'POST /api/customers/{id}/bank-accounts': {
      permission: 'customer.manage',
      build: async () => ({
        url: `/api/customers/${(await freshCustomer()).id}/bank-accounts`,
        payload: bankAccountPayload(),
      }),
    },
    'POST /api/customers/{id}/bank-accounts/{accountId}/primary': {
      permission: 'customer.manage',
      build: async () => ({ url: `${await freshBankAccount()}/primary` }),
    },
    'DELETE /api/customers/{id}/bank-accounts/{accountId}': {
      permission: 'customer.manage',
      build: async () => ({ url: await freshBankAccount() }),
    },
    'POST /api/customers/{id}/bank-accounts/{accountId}/reveal': {
      permission: 'customer.reveal',
      build: async () => ({ url: `${await freshBankAccount()}/reveal`, payload: { reason: '办理银行托收' } }),
    },
    'GET /api/customers/{id}/contact-records': {
      permission: 'customer.read',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/contact-records` }),
    },
    'POST /api/customers/{id}/contact-records': {
      permission: 'customer.manage',
      build: async () => ({
        url: `/api/customers/${(await freshCustomer()).id}/contact-records`,
        payload: { channel: 'call', summary: '矩阵来电咨询' },
      }),
    },
    'GET /api/customers/{id}/events': {
      permission: 'customer.read',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/events` }),
    },
    'POST /api/customers/{id}/events': {
      permission: 'customer.manage',
      build: async () => ({ url: `/api/customers/${(await freshCustomer()).id}/events`, payload: eventPayload() }),
    },
    'PUT /api/customers/{id}/events/{eventId}': {
      permission: 'customer.manage',
      build: async () => ({ url: await freshEvent(), payload: { ...eventPayload(), description: '矩阵事件改' } }),
    },
    'DELETE /api/customers/{id}/events/{eventId}': {
      permission: 'customer.manage',
      build: async () => ({ url: await freshEvent() }),
    },
    'GET /api/contractors': { permission: 'contractor.read' },
    'GET /api/contractors/export': { permission: 'contractor.read' },
    'POST /api/contractors': {
      permission: 'contractor.manage',
      build: body(async () => ({ companyId: (await admin.orgByCode('SH')).id, name: `矩阵承建商${unique('')}` })),
    },
    'GET /api/contractors/{id}': {
      permission: 'contractor.read',
      build: async () => ({ url: `/api/contractors/${await freshContractor()}` }),
    },
    'PUT /api/contractors/{id}': {
      permission: 'contractor.manage',
      build: async () => ({
        url: `/api/contractors/${await freshContractor()}`,
        payload: { code: unique('CB'), name: `矩阵承建商改${unique('')}`, contactMobile: '13900001234' },
      }),
    },
    'POST /api/contractors/{id}/disable': {
      permission: 'contractor.manage',
      build: async () => ({ url: `/api/contractors/${await freshContractor()}/disable` }),
    },
    'POST /api/contractors/{id}/enable': {
      permission: 'contractor.manage',
      build: async () => ({ url: `/api/contractors/${await freshContractor()}/enable` }),
    },
    'GET /api/contractors/{id}/scopes': {
      permission: 'contractor.read',
      build: async () => ({ url: `/api/contractors/${await freshContractor()}/scopes` }),
    },
    'POST /api/contractors/{id}/scopes': {
      permission: 'contractor.manage',
      build: async () => ({ url: `/api/contractors/${await freshContractor()}/scopes`, payload: await scopePayload() }),
    },
    'PUT /api/contractors/{id}/scopes/{scopeId}': {
      permission: 'contractor.manage',
      build: async () => {
        const id = await freshContractor();
        const scopes = await t.inject({
          method: 'GET',
          url: `/api/contractors/${id}/scopes`,
          cookie: await t.login('admin'),
        });
        const [scope] = json<{ id: string; projectId: string; buildingId: string }[]>(scopes);
        return {
          url: `/api/contractors/${id}/scopes/${scope?.id}`,
          payload: {
            projectId: scope?.projectId,
            buildingId: scope?.buildingId,
            trade: 'roof_waterproofing',
            warrantyValue: 96,
          },
        };
      },
    },
    'DELETE /api/contractors/{id}/scopes/{scopeId}': {
      permission: 'contractor.manage',
      build: async () => ({ url: await freshScope(await freshContractor()) }),
    },
    'GET /api/rooms/{id}/warranty': {
      permission: 'contractor.read',
      build: async () => ({ url: `/api/rooms/${ids.llhyRooms[0]}/warranty?trade=roof_waterproofing` }),
    },
    'GET /api/rooms/{id}/warranties': {
      permission: 'contractor.read',
      build: async () => ({ url: `/api/rooms/${ids.llhyRooms[0]}/warranties` }),
    },
    'GET /api/warranty-minimums': { permission: 'contractor.read' },
    'GET /api/audit': { permission: 'audit.read' },
    'GET /api/audit/export': { permission: 'audit.export' },
    'GET /api/audit/verify': { permission: 'audit.read', allData: true },
    'GET /api/export-requests': { permission: null },
    'POST /api/export-requests': {
      permission: exportPermissions,
      build: async (persona) => ({ payload: personaExportBody(persona.username) }),
    },
    'POST /api/export-requests/{id}/approve': {
      permission: 'export.approve',
      build: async () => ({
        url: `/api/export-requests/${await clerkRequest()}/approve`,
        payload: { note: '同意' },
      }),
    },
    'POST /api/export-requests/{id}/reject': {
      permission: 'export.approve',
      build: async () => ({
        url: `/api/export-requests/${await clerkRequest()}/reject`,
        payload: { note: '用途不明确' },
      }),
    },
    'GET /api/export-requests/{id}/download': {
      permission: exportPermissions,
      build: async (persona) => ({ url: `/api/export-requests/${await approvedExportRequest(persona)}/download` }),
    },
    'GET /api/calendars': { permission: 'calendar.read' },
    'POST /api/calendars': {
      permission: 'calendar.manage',
      build: body(() => ({ ...calendarBody(), companyId: null })),
    },
    'GET /api/calendars/{calendarId}': {
      permission: 'calendar.read',
      build: async () => ({ url: `/api/calendars/${await standardCalendarId()}` }),
    },
    'PUT /api/calendars/{calendarId}': {
      permission: 'calendar.manage',
      build: async () => ({ url: `/api/calendars/${await freshCalendar()}`, payload: calendarBody() }),
    },
    'POST /api/calendars/{calendarId}/default': {
      permission: 'calendar.manage',
      build: async () => ({ url: `/api/calendars/${await freshCalendar()}/default` }),
    },
    'PUT /api/calendars/{calendarId}/projects': {
      permission: 'calendar.manage',
      build: async () => ({
        url: `/api/calendars/${await freshCalendar()}/projects`,
        payload: { projectIds: [ids.llhy.id] },
      }),
    },
    'GET /api/calendars/{calendarId}/days': {
      permission: 'calendar.read',
      build: async () => ({ url: `/api/calendars/${await standardCalendarId()}/days?year=2026` }),
    },
    'PUT /api/calendars/{calendarId}/days/{date}': {
      permission: 'calendar.manage',
      build: async () => ({ url: `/api/calendars/${await freshCalendar()}/days/2026-12-01`, payload: { kind: 'off' } }),
    },
    'DELETE /api/calendars/{calendarId}/days/{date}': {
      permission: 'calendar.manage',
      build: async () => ({ url: await freshCalendarDay() }),
    },
    'POST /api/calendars/{calendarId}/deadline': {
      permission: 'calendar.read',
      build: async () => ({
        url: `/api/calendars/${await standardCalendarId()}/deadline`,
        payload: { start: '2026-02-14T17:00:00+08:00', minutes: 120 },
      }),
    },
    'GET /api/calendars/{calendarId}/year/{year}': {
      permission: 'calendar.read',
      build: async () => ({ url: `/api/calendars/${await standardCalendarId()}/year/2026` }),
    },
    'GET /api/receptions': { permission: 'ticket.read' },
    'GET /api/receptions/export': { permission: 'ticket.export' },
    'POST /api/receptions': {
      permission: 'ticket.create',
      build: body(() => ({ projectId: ids.llhy.id, channel: 'walk_in', content: '矩阵来访' })),
    },
    'GET /api/receptions/{id}': {
      permission: 'ticket.read',
      build: async () => ({ url: `/api/receptions/${await freshReception()}` }),
    },
    'PATCH /api/receptions/{id}': {
      permission: 'ticket.create',
      build: async () => ({ url: `/api/receptions/${await freshReception()}`, payload: { callerName: '矩阵来电人' } }),
    },
    'GET /api/tickets': { permission: 'ticket.read' },
    'GET /api/tickets/export': { permission: 'ticket.export', build: path('/api/tickets/export?type=praise') },
    'POST /api/tickets': {
      permission: 'ticket.create',
      build: async () => ({
        payload: { receptionId: await freshReception(), type: 'suggestion', dispatch: { mode: 'none' } },
      }),
    },
    'GET /api/tickets/{id}': {
      permission: 'ticket.read',
      build: async () => ({ url: `/api/tickets/${await freshTicket()}` }),
    },
    'POST /api/dispatch/suggest': {
      permission: ['ticket.create', 'ticket.dispatch'],
      build: body(() => ({ projectId: ids.llhy.id, type: 'complaint' })),
    },
    'GET /api/tickets/{id}/dispatch-candidates': {
      permission: 'ticket.dispatch',
      build: async () => ({ url: `/api/tickets/${await freshTicket()}/dispatch-candidates` }),
    },
    'POST /api/tickets/{id}/dispatch': {
      permission: 'ticket.dispatch',
      build: async () => ({
        url: `/api/tickets/${await freshTicket()}/dispatch`,
        payload: { mode: 'manual', handlerKind: 'user', handlerUserId: ids.kefu.id },
      }),
    },
    'POST /api/tickets/{id}/reassign': {
      permission: ['ticket.dispatch', 'ticket.handle'],
      build: async (persona) => ({
        url: `/api/tickets/${await freshTicket(persona.username)}/reassign`,
        payload: { mode: 'manual', handlerKind: 'user', handlerUserId: ids.kefu.id, reason: '矩阵改派' },
      }),
    },
    'POST /api/tickets/{id}/accept': {
      permission: 'ticket.handle',
      build: async (persona) => ({ url: `/api/tickets/${await freshTicket(persona.username)}/accept` }),
    },
    'POST /api/tickets/{id}/progress': {
      permission: 'ticket.handle',
      build: async (persona) => ({
        url: `/api/tickets/${await ticketAt(persona, [['accept', {}]])}/progress`,
        payload: { body: '矩阵进度' },
      }),
    },
    'POST /api/tickets/{id}/notes': {
      permission: ['ticket.handle', 'ticket.create'],
      build: async () => ({ url: `/api/tickets/${await freshTicket()}/notes`, payload: { body: '矩阵备注' } }),
    },
    'POST /api/tickets/{id}/pause': {
      permission: 'ticket.handle',
      build: async (persona) => ({
        url: `/api/tickets/${await ticketAt(persona, [['accept', {}]])}/pause`,
        payload: { reason: '矩阵等待' },
      }),
    },
    'POST /api/tickets/{id}/resume': {
      permission: 'ticket.handle',
      build: async (persona) => ({
        url: `/api/tickets/${await ticketAt(persona, [
          ['accept', {}],
          ['pause', { reason: '矩阵等待' }],
        ])}/resume`,
      }),
    },
    'POST /api/tickets/{id}/resolve': {
      permission: 'ticket.handle',
      build: async (persona) => ({
        url: `/api/tickets/${await ticketAt(persona, [['accept', {}]])}/resolve`,
        payload: { resolution: '矩阵办结' },
      }),
    },
    'POST /api/tickets/{id}/reclassify': {
      permission: ['ticket.dispatch', 'ticket.create'],
      build: async () => ({
        url: `/api/tickets/${await freshTicket()}/reclassify`,
        payload: { type: 'suggestion', reason: '矩阵重新分类' },
      }),
    },
    'POST /api/tickets/{id}/visit': {
      permission: 'ticket.visit',
      build: async () => ({
        url: `/api/tickets/${await resolvedTicket()}/visit`,
        payload: { reached: true, satisfaction: 5 },
      }),
    },
    'POST /api/tickets/{id}/close': {
      permission: 'ticket.visit',
      build: async () => {
        const id = await resolvedTicket();
        const attempt = await t.inject({
          method: 'POST',
          url: `/api/tickets/${id}/visit`,
          cookie: await adminCookie(),
          payload: { reached: false },
        });
        expect(attempt.statusCode, attempt.body).toBe(200);
        return { url: `/api/tickets/${id}/close`, payload: { note: '多次联系不上，免回访关闭' } };
      },
    },
    'POST /api/tickets/{id}/cancel': {
      permission: 'ticket.cancel',
      build: async () => ({ url: `/api/tickets/${await freshTicket()}/cancel`, payload: { reason: '矩阵作废' } }),
    },
    'POST /api/tickets/{id}/merge': {
      permission: 'ticket.cancel',
      build: async () => ({
        url: `/api/tickets/${await freshTicket()}/merge`,
        payload: { targetTicketId: await freshTicket(), reason: '矩阵合并' },
      }),
    },
    'POST /api/tickets/{id}/attachments': {
      permission: ['ticket.handle', 'ticket.create'],
      build: async () => ({ url: `/api/tickets/${await freshTicket()}/attachments`, ...(await attachmentUpload()) }),
    },
    'GET /api/tickets/{id}/attachments/{attachmentId}': {
      permission: 'ticket.read',
      build: async () => ({ url: await freshAttachment() }),
    },
    'GET /api/routing-rules': { permission: 'ticket.configure' },
    'POST /api/routing-rules': { permission: 'ticket.configure', build: body(rulePayload) },
    'PATCH /api/routing-rules/{id}': {
      permission: 'ticket.configure',
      build: async () => ({ url: await freshRule(), payload: { priority: 901 } }),
    },
    'DELETE /api/routing-rules/{id}': {
      permission: 'ticket.configure',
      build: async () => ({ url: await freshRule() }),
    },
    'GET /api/duties': { permission: 'ticket.configure' },
    'POST /api/duties': { permission: 'ticket.configure', build: body(dutyPayload) },
    'PATCH /api/duties/{id}': {
      permission: 'ticket.configure',
      build: async () => ({ url: await freshDuty(), payload: { endTime: '21:30' } }),
    },
    'DELETE /api/duties/{id}': {
      permission: 'ticket.configure',
      build: async () => ({ url: await freshDuty() }),
    },
    'GET /api/ticket-views': { permission: 'ticket.read' },
    'POST /api/ticket-views': {
      permission: 'ticket.read',
      build: body(() => ({ name: unique('矩阵视图'), filters: { state: ['new'] } })),
    },
    'DELETE /api/ticket-views/{id}': {
      permission: 'ticket.read',
      build: async (persona) => {
        const created = await t.inject({
          method: 'POST',
          url: '/api/ticket-views',
          cookie: persona.cookie,
          payload: { name: unique('矩阵视图'), filters: {} },
        });
        expect(created.statusCode, created.body).toBe(201);
        return { url: `/api/ticket-views/${json(created).id}` };
      },
    },
    'GET /api/holiday-years': { permission: 'calendar.read' },
    'GET /api/holiday-years/{year}': { permission: 'calendar.read', build: path('/api/holiday-years/2026') },
    'PUT /api/holiday-years/{year}': {
      permission: 'calendar.manage',
      build: async () => ({ url: '/api/holiday-years/2031', payload: holidayDays(2031) }),
    },
    'POST /api/holiday-years/{year}/import': {
      permission: 'calendar.manage',
      build: async () => ({ url: '/api/holiday-years/2032/import', ...(await holidayUpload()) }),
    },
    'DELETE /api/holiday-years/{year}': {
      permission: 'calendar.manage',
      build: async () => {
        const put = await t.inject({
          method: 'PUT',
          url: '/api/holiday-years/2033',
          cookie: await t.login('admin'),
          payload: holidayDays(2033),
        });
        expect(put.statusCode, put.body).toBe(200);
        return { url: '/api/holiday-years/2033' };
      },
    },
    // Service desk: time limits, escalation ladders, instructions, notifications, realtime, workbench.
    'GET /api/escalation-policies': { permission: 'ticket.configure' },
    'GET /api/escalation-policies/default': { permission: 'ticket.configure' },
    'POST /api/escalation-policies': {
      permission: 'ticket.configure',
      allData: true,
      build: body(escalationPolicyBody),
    },
    'PUT /api/escalation-policies/{id}': {
      permission: 'ticket.configure',
      allData: true,
      build: async () => ({ url: `/api/escalation-policies/${await freshPolicy()}`, payload: escalationPolicyBody() }),
    },
    'DELETE /api/escalation-policies/{id}': {
      permission: 'ticket.configure',
      allData: true,
      build: async () => ({ url: `/api/escalation-policies/${await freshPolicy()}` }),
    },
    'POST /api/tickets/{id}/instructions': {
      permission: 'ticket.instruct',
      build: async () => ({
        url: `/api/tickets/${(await createTicket(t)).id}/instructions`,
        payload: { body: '请尽快处理' },
      }),
    },
    'POST /api/tickets/{id}/sla/fast-forward': {
      permission: 'ticket.configure',
      allData: true,
      build: async () => ({ url: `/api/tickets/${(await createTicket(t)).id}/sla/fast-forward`, payload: {} }),
    },
    'GET /api/workbench': { permission: null },
    'GET /api/notifications': { permission: null },
    'GET /api/notifications/unread-count': { permission: null },
    'POST /api/notifications/{id}/read': {
      permission: null,
      build: async ({ username }) => ({ url: `/api/notifications/${await ownNotification(username)}/read` }),
    },
    'POST /api/notifications/read-all': { permission: null },
    // Outbound messages: templates, channels, providers, the sent log.
    'GET /api/message-templates': { permission: 'message.read' },
    'GET /api/message-templates/{id}': {
      permission: 'message.read',
      build: async () => ({ url: `/api/message-templates/${(await anyTemplate()).id}` }),
    },
    'PUT /api/message-templates/{id}': {
      permission: 'message.manage',
      allData: true,
      scopeRefusal: 'GROUP_SETTING',
      build: async () => {
        const tpl = await anyTemplate();
        return {
          url: `/api/message-templates/${tpl.id}`,
          payload: { version: tpl.version, enabled: tpl.enabled, subject: tpl.subject, body: tpl.body },
        };
      },
    },
    'POST /api/message-templates/preview': {
      permission: 'message.manage',
      build: body(() => ({ event: 'dispatched', body: '工单{{ticketNo}}' })),
    },
    'GET /api/message-channels': { permission: 'message.read' },
    'PUT /api/message-channels/{channel}': {
      permission: 'message.manage',
      allData: true,
      scopeRefusal: 'GROUP_SETTING',
      build: async () => {
        const [row] = await t.deps.db.select().from(messageChannel).where(eq(messageChannel.channel, 'wechat'));
        return {
          url: '/api/message-channels/wechat',
          payload: { version: row?.version ?? 1, provider: 'outbox', enabled: true, settings: {}, credentials: {} },
        };
      },
    },
    'POST /api/message-channels/{channel}/test': {
      permission: 'message.manage',
      allData: true,
      scopeRefusal: 'GROUP_SETTING',
      build: async () => ({ url: '/api/message-channels/sms/test', payload: { to: '13800138000' } }),
    },
    'GET /api/message-providers': { permission: 'message.read' },
    'GET /api/messages': { permission: 'message.read' },
    'GET /api/messages/export': { permission: 'message.read' },
    'POST /api/messages/{id}/retry': {
      permission: 'message.manage',
      build: async () => ({ url: `/api/messages/${await failedMessage()}/retry` }),
    },
    // The stream stays open: the answer is taken as soon as its head is sent (app.close ends it).
    'GET /api/events': { permission: null, build: async () => ({ payloadAsStream: true }) },
    // 呼叫中心: the call log, screen pop, call-backs and click-to-call (calls rang at 张晓梅's 8001).
    'GET /api/calls': { permission: 'call.read' },
    'GET /api/calls/export': { permission: 'call.read' },
    'GET /api/calls/{id}': {
      permission: 'call.read',
      build: async () => ({ url: `/api/calls/${await freshCall()}` }),
    },
    'GET /api/calls/{id}/pop': {
      permission: 'call.read',
      build: async () => ({ url: `/api/calls/${await freshCall()}/pop` }),
    },
    'PATCH /api/calls/{id}': {
      permission: 'call.read',
      build: async () => ({ url: `/api/calls/${await freshCall()}`, payload: { receptionId: null } }),
    },
    'POST /api/calls/{id}/callback': {
      permission: 'call.read',
      build: async () => ({ url: `/api/calls/${await freshCall('missed')}/callback`, payload: { note: '矩阵回拨' } }),
    },
    'POST /api/calls/dial': {
      permission: 'call.dial',
      build: body(() => ({ number: mobileNumber(), extension: '8009' })),
    },
    'GET /api/solutions': { permission: 'ticket.read' },
    'POST /api/solutions': { permission: 'solution.manage', build: body(articleBody) },
    'GET /api/solutions/{id}': {
      permission: 'ticket.read',
      build: async () => ({ url: `/api/solutions/${await freshArticle()}` }),
    },
    'PUT /api/solutions/{id}': {
      permission: 'solution.manage',
      build: async () => ({ url: `/api/solutions/${await freshArticle('SH')}`, payload: articleBody() }),
    },
    'DELETE /api/solutions/{id}': {
      permission: 'solution.manage',
      build: async () => ({ url: `/api/solutions/${await freshArticle('SH')}` }),
    },
    'POST /api/solutions/{id}/use': {
      permission: 'ticket.read',
      build: async () => ({ url: `/api/solutions/${await freshArticle()}/use`, payload: {} }),
    },
    'GET /api/topics': { permission: 'ticket.read' },
    'POST /api/topics': {
      permission: 'topic.manage',
      build: body(() => ({ projectId: ids.llhy.id, title: unique('矩阵专题') })),
    },
    'GET /api/topics/{id}': {
      permission: 'ticket.read',
      build: async () => ({ url: `/api/topics/${(await freshTopic()).id}` }),
    },
    'POST /api/topics/{id}/tickets': {
      permission: 'topic.manage',
      build: async () => ({
        url: `/api/topics/${(await freshTopic()).id}/tickets`,
        payload: { ticketIds: [await freshTicket()] },
      }),
    },
    'DELETE /api/topics/{id}/tickets/{ticketId}': {
      permission: 'topic.manage',
      build: async () => {
        const topic = await freshTopic(true);
        return { url: `/api/topics/${topic.id}/tickets/${topic.ticketId}` };
      },
    },
    'POST /api/topics/{id}/updates': {
      permission: 'topic.manage',
      build: async () => ({ url: `/api/topics/${(await freshTopic(true)).id}/updates`, payload: { body: '矩阵进展' } }),
    },
    'POST /api/topics/{id}/close': {
      permission: 'topic.manage',
      build: async () => ({ url: `/api/topics/${(await freshTopic()).id}/close` }),
    },
    'GET /api/compensation-tiers': { permission: 'ticket.read' },
    'PUT /api/compensation-tiers': {
      permission: 'ticket.configure',
      allData: true,
      scopeRefusal: 'GROUP_SETTING',
      build: body(() => ({
        companyId: null,
        tiers: [
          { maxAmountFen: 50_000, roleCodes: ['supervisor'] },
          { maxAmountFen: 500_000, roleCodes: ['supervisor', 'project_manager'] },
          { maxAmountFen: null, roleCodes: ['supervisor', 'project_manager', 'leadership'] },
        ],
      })),
    },
    'POST /api/tickets/{id}/compensations': {
      permission: 'compensation.request',
      build: async () => ({
        url: `/api/tickets/${await freshTicket()}/compensations`,
        payload: { amountFen: 80_000, reason: '矩阵赔付' },
      }),
    },
    'GET /api/compensations': { permission: 'ticket.read' },
    'GET /api/compensations/export': { permission: 'ticket.export' },
    'GET /api/compensations/ledger': { permission: 'ticket.read' },
    'GET /api/compensations/{id}': {
      permission: 'ticket.read',
      build: async () => ({ url: `/api/compensations/${await freshCompensation()}` }),
    },
    'POST /api/compensations/{id}/decide': {
      permission: 'compensation.approve',
      build: async (persona) => ({
        url: `/api/compensations/${await compensationFor(persona, 'pending')}/decide`,
        payload: { decision: 'approved', comment: '矩阵同意' },
      }),
    },
    'POST /api/compensations/{id}/withdraw': {
      permission: 'compensation.request',
      build: async (persona) => ({ url: `/api/compensations/${await freshCompensation(persona.cookie)}/withdraw` }),
    },
    'POST /api/compensations/{id}/paid': {
      permission: 'compensation.approve',
      build: async (persona) => ({
        url: `/api/compensations/${await compensationFor(persona, 'approved')}/paid`,
        payload: { paymentNote: '矩阵支付' },
      }),
    },
  };
  // Exercised in the auth suite: they end or replace the caller's own session.
  const sessionRoutes = ['POST /api/auth/logout', 'POST /api/auth/change-password'];

  it('covers every authenticated route of the OpenAPI document', async () => {
    const documented = (await openApiOperations())
      .map((o) => `${o.method} ${o.path}`)
      .filter((name) => !publicRoutes.includes(name) && !signedRoutes.includes(name) && !sessionRoutes.includes(name));
    expect(Object.keys(matrix).sort()).toEqual(documented.sort());
  });

  const personas = demoUsers.filter((u) => u.username !== 'hz_admin');
  it.each(personas.map((u) => [u.username, u.role, u] as const))(
    '%s (%s) gets 2xx exactly where its permissions allow, else 403 FORBIDDEN',
    async (_username, roleCode, persona) => {
      const role = builtinRoles.find((r) => r.code === roleCode);
      expect(role).toBeDefined();
      const held = new Set<string>(role?.permissions);
      const cookie = await t.login(persona.username);
      const mismatches: string[] = [];
      for (const [name, row] of Object.entries(matrix)) {
        const [method, template] = name.split(' ') as [Method, string];
        const needed =
          row.permission === null ? [] : typeof row.permission === 'string' ? [row.permission] : row.permission;
        const holds = needed.length === 0 || needed.some((p) => held.has(p));
        const allowed = holds && (!row.allData || persona.scope.kind === 'all');
        const refusal = holds && !allowed && row.scopeRefusal ? row.scopeRefusal : 'FORBIDDEN';
        // A refused call is refused by the guard before anything is looked up: random ids suffice.
        // A persona holding the permission but not all data is refused by the service's scope
        // check (GROUP_SETTING and the like, also a 403; `scopeRefusal` names it) on a real request.
        const built = row.build && (allowed || (row.allData && holds));
        const extra =
          built && row.build ? await row.build({ username: persona.username, cookie }) : { url: concrete(template) };
        const payload = method === 'GET' || method === 'DELETE' ? {} : { payload: {} };
        const response: LightMyRequestResponse = await t.inject({
          method,
          url: template,
          ...payload,
          ...extra,
          cookie,
        });
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        const forbidden =
          response.statusCode === 403 &&
          (json(response).code === refusal || (Boolean(row.allData) && holds && !row.scopeRefusal));
        if (allowed ? !ok : !forbidden) {
          mismatches.push(
            `${name}: expected ${allowed ? '2xx' : `403 ${refusal}`}, got ${response.statusCode} ${response.body.slice(0, 200)}`,
          );
        }
      }
      expect(mismatches).toEqual([]);
    },
    // Every route with its own fixtures, for each persona: longer than one request's budget.
    180_000,
  );

  it('derives from the seeded roles as they are stored', async () => {
    const stored = await admin.roles();
    for (const builtin of builtinRoles) {
      const role = stored.find((r) => r.code === builtin.code);
      expect(role?.builtin, builtin.code).toBe(true);
      expect([...(role?.permissions ?? [])].sort(), builtin.code).toEqual([...builtin.permissions].sort());
    }
  });
});

describe('data scopes and IDOR (QUALITY 9)', () => {
  let hz: string;
  let sh: {
    company: OrgNode;
    office: OrgNode;
    nodes: OrgNode[];
    projects: ProjectRow[];
    users: UserRow[];
    createdProject: ProjectRow;
    createdUser: UserRow;
  };
  let hzData: { company: OrgNode; office: OrgNode; createdProject: ProjectRow; createdUser: UserRow };
  let roleIds: { administrator: string; supervisor: string };
  /** Names that must never reach the Hangzhou administrator. */
  let shNames: string[];

  beforeAll(async () => {
    // Data in both companies, created the way an administrator would.
    const shCompany = await admin.orgByCode('SH');
    const shOffice = await admin.orgByCode('SH-PD');
    const hzCompany = await admin.orgByCode('HZ');
    const hzOffice = await admin.orgByCode('HZ-XH');
    const shProject = await admin.createProject({ orgId: shOffice.id, name: '浦东新苑', code: unique('SH') });
    const hzProject = await admin.createProject({ orgId: hzOffice.id, name: '西湖新苑', code: unique('HZ') });
    const shUser = (await admin.createUser({ orgId: shOffice.id, name: '上海新员工', mobile: '13900000011' })).user;
    const hzUser = (await admin.createUser({ orgId: hzOffice.id, name: '杭州新员工', mobile: '13900000012' })).user;

    const allOrgs = await admin.orgs();
    const shNodes = allOrgs.filter((o) => o.companyId === shCompany.id);
    const allProjects = await admin.projects();
    const allUsers = await admin.users();
    const shOrgIds = new Set(shNodes.map((n) => n.id));
    sh = {
      company: shCompany,
      office: shOffice,
      nodes: shNodes,
      projects: allProjects.filter((p) => p.companyId === shCompany.id),
      users: allUsers.filter((u) => shOrgIds.has(u.orgId)),
      createdProject: shProject,
      createdUser: shUser,
    };
    hzData = { company: hzCompany, office: hzOffice, createdProject: hzProject, createdUser: hzUser };
    roleIds = {
      administrator: (await admin.roleByCode('administrator')).id,
      supervisor: (await admin.roleByCode('supervisor')).id,
    };
    shNames = [
      ...sh.nodes.map((n) => n.name).filter((n) => n !== '客服中心' && n !== '工程维修部'),
      ...sh.projects.map((p) => p.name),
      ...sh.users.map((u) => u.name),
    ];
    expect(sh.projects.length).toBeGreaterThanOrEqual(4);
    expect(sh.users.length).toBeGreaterThanOrEqual(5);
    hz = await t.login('hz_admin');
  });

  const get = (url: string, cookie = hz) => t.inject({ method: 'GET', url, cookie });
  const expectCode = (response: LightMyRequestResponse, status: number, code: string) => {
    expect({ status: response.statusCode, code: json(response).code }).toEqual({ status, code });
  };

  it("hz_admin reads and changes the other company's users as if they did not exist (404)", async () => {
    for (const user of sh.users) {
      expectCode(await get(`/api/users/${user.id}`), 404, 'USER_NOT_FOUND');
      const put = await t.inject({
        method: 'PUT',
        url: `/api/users/${user.id}`,
        cookie: hz,
        payload: { name: '越权修改', orgId: hzData.office.id, positions: [], assignments: [] },
      });
      expectCode(put, 404, 'USER_NOT_FOUND');
      for (const action of ['disable', 'enable', 'unlock']) {
        expectCode(
          await t.inject({ method: 'POST', url: `/api/users/${user.id}/${action}`, cookie: hz }),
          404,
          'USER_NOT_FOUND',
        );
      }
      const reset = await t.inject({
        method: 'POST',
        url: `/api/users/${user.id}/reset-password`,
        cookie: hz,
        payload: {},
      });
      expectCode(reset, 404, 'USER_NOT_FOUND');
    }
    // Nothing changed: the Shanghai user can still log in with the demo password.
    expect(
      json(await get(`/api/users/${sh.users.find((u) => u.username === 'kefu')?.id}`, await t.login('admin'))).name,
    ).toBe('张晓梅');
    await t.login('kefu');
  });

  it("hz_admin reads and changes the other company's projects as if they did not exist (404)", async () => {
    for (const project of sh.projects) {
      expectCode(await get(`/api/projects/${project.id}`), 404, 'PROJECT_NOT_FOUND');
      const put = await t.inject({
        method: 'PUT',
        url: `/api/projects/${project.id}`,
        cookie: hz,
        payload: { name: '越权修改', code: project.code, orgId: hzData.office.id },
      });
      expectCode(put, 404, 'PROJECT_NOT_FOUND');
    }
    const intoSh = await t.inject({
      method: 'POST',
      url: '/api/projects',
      cookie: hz,
      payload: { name: '越权项目', code: unique('X'), orgId: sh.office.id },
    });
    expectCode(intoSh, 404, 'ORG_NOT_FOUND');
    const moveToSh = await t.inject({
      method: 'PUT',
      url: `/api/projects/${hzData.createdProject.id}`,
      cookie: hz,
      payload: { name: '西湖新苑', code: hzData.createdProject.code, orgId: sh.office.id },
    });
    expectCode(moveToSh, 404, 'ORG_NOT_FOUND');
  });

  it("hz_admin changes the other company's organisation nodes as if they did not exist (404)", async () => {
    for (const node of sh.nodes) {
      const put = await t.inject({
        method: 'PUT',
        url: `/api/orgs/${node.id}`,
        cookie: hz,
        payload: { name: '越权修改', code: node.code, sortOrder: 0, active: false },
      });
      expectCode(put, 404, 'ORG_NOT_FOUND');
      expectCode(await t.inject({ method: 'DELETE', url: `/api/orgs/${node.id}`, cookie: hz }), 404, 'ORG_NOT_FOUND');
      const child = await t.inject({
        method: 'POST',
        url: '/api/orgs',
        cookie: hz,
        payload: { parentId: node.id, kind: 'department', name: '越权部门', code: unique('X') },
      });
      expectCode(child, 404, 'ORG_NOT_FOUND');
    }
    const intoSh = await t.inject({
      method: 'POST',
      url: '/api/users',
      cookie: hz,
      payload: { username: unique('x').toLowerCase(), name: '越权用户', orgId: sh.office.id },
    });
    expectCode(intoSh, 404, 'ORG_NOT_FOUND');
  });

  it('hz_admin lists, searches and counts only Hangzhou', async () => {
    const users = json<{ data: UserRow[]; total: number }>(await get('/api/users?pageSize=200'));
    expect(users.data.map((u) => u.username)).toContain('hz_admin');
    expect(users.data.map((u) => u.id)).toContain(hzData.createdUser.id);
    expect(users.data.filter((u) => sh.users.some((s) => s.id === u.id))).toEqual([]);
    expect(users.total).toBe(users.data.length);
    expect(json(await get('/api/users?keyword=kefu')).total).toBe(0);
    expect(json(await get(`/api/users?orgId=${sh.company.id}`)).total).toBe(0);
    expect(json(await get(`/api/users?keyword=${encodeURIComponent('上海新员工')}`)).total).toBe(0);

    const projects = json<{ data: ProjectRow[]; total: number }>(await get('/api/projects?pageSize=200'));
    expect(projects.data.map((p) => p.code).sort()).toEqual(['HZ-XXYL', hzData.createdProject.code].sort());
    expect(json(await get(`/api/projects?companyId=${sh.company.id}`)).total).toBe(0);
    expect(json(await get('/api/projects?keyword=SH')).total).toBe(0);

    const tree = JSON.stringify(json(await get('/api/orgs/tree')));
    for (const node of sh.nodes) expect(tree).not.toContain(node.id);
    expect(tree).toContain(hzData.company.id);
    const flat = json<OrgNode[]>(await get('/api/orgs'));
    expect(flat.filter((o) => o.companyId !== hzData.company.id)).toEqual([]);

    const options = json<{ id: string }[]>(await get('/api/roles/options'));
    expect(options.length).toBeGreaterThan(0);

    const hzCounts = json<Record<string, number>>(await get('/api/dashboard/summary'));
    const hzOrgs = (await admin.orgs()).filter((o) => o.companyId === hzData.company.id);
    const allUsers = await admin.users();
    const hzUsers = allUsers.filter((u) => hzOrgs.some((o) => o.id === u.orgId));
    expect(hzCounts).toMatchObject({ projects: 2, orgs: hzOrgs.length, users: hzUsers.length });
    const recent = JSON.stringify(json(await get('/api/dashboard/summary')).recentAudit);
    for (const name of shNames) expect(recent).not.toContain(name);
  });

  it('hz_admin sees only Hangzhou in the audit log', async () => {
    const shIds = new Set([
      ...sh.users.map((u) => u.id),
      ...sh.projects.map((p) => p.id),
      ...sh.nodes.map((n) => n.id),
    ]);
    const log = json<{
      data: { entityId: string | null; summary: string | null; actorId: string | null }[];
      total: number;
    }>(await get('/api/audit?pageSize=200'));
    expect(log.total).toBeGreaterThan(0);
    expect(log.data.filter((e) => e.entityId && shIds.has(e.entityId))).toEqual([]);
    const text = JSON.stringify(log.data);
    for (const name of shNames) expect(text).not.toContain(name);
    expect(text).toContain(hzData.createdUser.id);
    // Filtering by a Shanghai actor or entity finds nothing either.
    const kefu = sh.users.find((u) => u.username === 'kefu');
    expect(json(await get(`/api/audit?actorId=${kefu?.id}`)).total).toBe(0);
    expect(json(await get(`/api/audit?entityId=${sh.createdUser.id}`)).total).toBe(0);
    // The hash chain spans every company: only an all-data caller may walk it.
    expectCode(await get('/api/audit/verify'), 403, 'FORBIDDEN');
  });

  async function sheetText(response: LightMyRequestResponse): Promise<string> {
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const lines: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        lines.push((row.values as unknown[]).map((v) => String(v ?? '')).join('\t'));
      }),
    );
    return lines.join('\n');
  }

  it('hz_admin exports only Hangzhou', async () => {
    const users = await sheetText(await get('/api/users/export'));
    expect(users).toContain('杭州新员工');
    expect(users).toContain('139****0012');
    expect(users).not.toContain('13900000012');
    for (const name of shNames) expect(users).not.toContain(name);

    const projects = await sheetText(await get('/api/projects/export'));
    expect(projects).toContain('西溪云庐');
    for (const name of shNames) expect(projects).not.toContain(name);

    const audit = await sheetText(await get('/api/audit/export'));
    expect(audit).toContain('杭州新员工');
    for (const name of shNames) expect(audit).not.toContain(name);
  });

  it('hz_admin cannot grant data outside Hangzhou', async () => {
    const grant = (assignment: Record<string, unknown>) =>
      t.inject({
        method: 'PUT',
        url: `/api/users/${hzData.createdUser.id}`,
        cookie: hz,
        payload: { name: '杭州新员工', orgId: hzData.office.id, positions: [], assignments: [assignment] },
      });
    expectCode(await grant({ roleId: roleIds.supervisor, scopeKind: 'all' }), 403, 'SCOPE_NOT_ALLOWED');
    expectCode(
      await grant({ roleId: roleIds.supervisor, scopeKind: 'org', scopeOrgId: sh.company.id }),
      403,
      'SCOPE_NOT_ALLOWED',
    );
    expectCode(
      await grant({ roleId: roleIds.supervisor, scopeKind: 'org', scopeOrgId: sh.office.id }),
      403,
      'SCOPE_NOT_ALLOWED',
    );
    expectCode(
      await grant({ roleId: roleIds.supervisor, scopeKind: 'projects', scopeProjectIds: [sh.createdProject.id] }),
      403,
      'SCOPE_NOT_ALLOWED',
    );
    expectCode(
      await grant({
        roleId: roleIds.supervisor,
        scopeKind: 'projects',
        scopeProjectIds: [hzData.createdProject.id, sh.projects[0]?.id],
      }),
      403,
      'SCOPE_NOT_ALLOWED',
    );
    // Nor grant itself more.
    const me = json<{ id: string }>(await get('/api/auth/me'));
    const self = await t.inject({
      method: 'PUT',
      url: `/api/users/${me.id}`,
      cookie: hz,
      payload: {
        name: '赵磊',
        orgId: (await admin.orgByCode('HZ-XH-KF')).id,
        positions: ['项目经理'],
        assignments: [{ roleId: roleIds.administrator, scopeKind: 'all' }],
      },
    });
    expectCode(self, 403, 'SCOPE_NOT_ALLOWED');
    // Creating a user with such a grant is refused the same way, and nothing is created.
    const username = unique('x').toLowerCase();
    const created = await t.inject({
      method: 'POST',
      url: '/api/users',
      cookie: hz,
      payload: {
        username,
        name: '越权授权',
        orgId: hzData.office.id,
        assignments: [{ roleId: roleIds.administrator, scopeKind: 'org', scopeOrgId: sh.company.id }],
      },
    });
    expectCode(created, 403, 'SCOPE_NOT_ALLOWED');
    expect(json(await get(`/api/users?keyword=${username}`, await t.login('admin'))).total).toBe(0);

    // Within Hangzhou, granting works.
    const ok = await grant({ roleId: roleIds.supervisor, scopeKind: 'org', scopeOrgId: hzData.office.id });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).assignments).toMatchObject([{ scopeKind: 'org', scopeOrgId: hzData.office.id }]);
  });

  it('does not reveal whether an id outside the scope exists', async () => {
    const grant = (assignment: Record<string, unknown>) =>
      t.inject({
        method: 'PUT',
        url: `/api/users/${hzData.createdUser.id}`,
        cookie: hz,
        payload: { name: '杭州新员工', orgId: hzData.office.id, positions: [], assignments: [assignment] },
      });
    const strip = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: json(r).code, detail: json(r).detail });
    const existingProject = await grant({
      roleId: roleIds.supervisor,
      scopeKind: 'projects',
      scopeProjectIds: [sh.createdProject.id],
    });
    const missingProject = await grant({
      roleId: roleIds.supervisor,
      scopeKind: 'projects',
      scopeProjectIds: [randomUUID()],
    });
    expect(strip(missingProject)).toEqual(strip(existingProject));
    const existingOrg = await grant({ roleId: roleIds.supervisor, scopeKind: 'org', scopeOrgId: sh.office.id });
    const missingOrg = await grant({ roleId: roleIds.supervisor, scopeKind: 'org', scopeOrgId: randomUUID() });
    expect(strip(missingOrg)).toEqual(strip(existingOrg));
    expect(strip(await get(`/api/users/${randomUUID()}`))).toEqual(strip(await get(`/api/users/${sh.createdUser.id}`)));
    expect(strip(await get(`/api/projects/${randomUUID()}`))).toEqual(
      strip(await get(`/api/projects/${sh.createdProject.id}`)),
    );
  });

  it('hz_admin cannot change roles that Shanghai users hold', async () => {
    const before = await admin.roleByCode('supervisor');
    const widen = await t.inject({
      method: 'PUT',
      url: `/api/roles/${before.id}`,
      cookie: hz,
      payload: { code: before.code, name: before.name, permissions: [...before.permissions, 'user.manage'] },
    });
    expectCode(widen, 403, 'FORBIDDEN');
    const administrator = await admin.roleByCode('administrator');
    const strip = await t.inject({
      method: 'PUT',
      url: `/api/roles/${administrator.id}`,
      cookie: hz,
      payload: { code: administrator.code, name: administrator.name, permissions: [] },
    });
    expectCode(strip, 403, 'FORBIDDEN');
    expect((await admin.roleByCode('supervisor')).permissions).toEqual(before.permissions);
    expect((await admin.roleByCode('administrator')).permissions).toEqual(administrator.permissions);

    // A role used only inside Hangzhou stays the Hangzhou administrator's to change.
    const own = await new Factory(t, hz).createRole({ permissions: ['project.read'] });
    const hzUser = await t.inject({
      method: 'PUT',
      url: `/api/users/${hzData.createdUser.id}`,
      cookie: hz,
      payload: {
        name: '杭州新员工',
        orgId: hzData.office.id,
        positions: [],
        assignments: [{ roleId: own.id, scopeKind: 'org', scopeOrgId: hzData.company.id }],
      },
    });
    expect(hzUser.statusCode).toBe(200);
    const changed = await t.inject({
      method: 'PUT',
      url: `/api/roles/${own.id}`,
      cookie: hz,
      payload: { code: own.code, name: own.name, permissions: ['project.read', 'org.read'] },
    });
    expect(changed.statusCode).toBe(200);
    // Once a Shanghai user holds it too, it is no longer the Hangzhou administrator's alone.
    const shGrant = await t.inject({
      method: 'PUT',
      url: `/api/users/${sh.createdUser.id}`,
      cookie: await t.login('admin'),
      payload: {
        name: '上海新员工',
        orgId: sh.office.id,
        positions: [],
        assignments: [{ roleId: own.id, scopeKind: 'org', scopeOrgId: sh.office.id }],
      },
    });
    expect(shGrant.statusCode).toBe(200);
    expectCode(
      await t.inject({
        method: 'PUT',
        url: `/api/roles/${own.id}`,
        cookie: hz,
        payload: { code: own.code, name: own.name, permissions: ['project.read'] },
      }),
      403,
      'FORBIDDEN',
    );
    expectCode(await t.inject({ method: 'DELETE', url: `/api/roles/${own.id}`, cookie: hz }), 403, 'FORBIDDEN');
  });

  it('hz_admin cannot change settings the whole group shares', async () => {
    const dictionaries = json(await t.inject({ method: 'GET', url: '/api/dictionaries', cookie: hz })) as {
      id: string;
      code: string;
    }[];
    const position = dictionaries.find((d) => d.code === 'position');
    expect(position).toBeDefined();
    expectCode(
      await t.inject({
        method: 'POST',
        url: `/api/dictionaries/${position?.id}/items`,
        cookie: hz,
        payload: { code: 'hz_only', label: '杭州专用岗位' },
      }),
      403,
      'GROUP_SETTING',
    );
    expectCode(
      await t.inject({
        method: 'POST',
        url: '/api/dictionaries',
        cookie: hz,
        payload: { code: 'hz_dict', name: '杭州字典' },
      }),
      403,
      'GROUP_SETTING',
    );
    expectCode(
      await t.inject({
        method: 'PUT',
        url: '/api/parameters/security.lockout_threshold',
        cookie: hz,
        payload: { value: 20 },
      }),
      403,
      'GROUP_SETTING',
    );
    const parameters = json(await t.inject({ method: 'GET', url: '/api/parameters', cookie: hz })) as {
      key: string;
      value: unknown;
    }[];
    expect(parameters.find((p) => p.key === 'security.lockout_threshold')?.value).toBe(5);
  });

  it('a project-scoped handler sees only the project it works on', async () => {
    const cookie = await t.login('handler');
    const projects = json<{ data: ProjectRow[]; total: number }>(await get('/api/projects', cookie));
    expect(projects.data.map((p) => p.code)).toEqual(['SH-LLHY']);
    expect(projects.total).toBe(1);
    const llhy = sh.projects.find((p) => p.code === 'SH-LLHY');
    expect((await get(`/api/projects/${llhy?.id}`, cookie)).statusCode).toBe(200);
    for (const other of sh.projects.filter((p) => p.code !== 'SH-LLHY')) {
      expectCode(await get(`/api/projects/${other.id}`, cookie), 404, 'PROJECT_NOT_FOUND');
    }
    expectCode(await get(`/api/projects/${hzData.createdProject.id}`, cookie), 404, 'PROJECT_NOT_FOUND');
    const exported = await sheetText(await get('/api/projects/export', cookie));
    expect(exported).toContain('邻里花园');
    expect(exported).not.toContain('滨江壹号');
    expect(exported).not.toContain('西溪云庐');
    // Organisation pickers show the chain above the project, not its neighbours.
    const names = JSON.stringify(json(await get('/api/orgs/tree', cookie)));
    expect(names).toContain('上海浦东管理处');
    expect(names).not.toContain('上海闵行管理处');
    expect(names).not.toContain('邻里物业杭州公司');
    const summary = json(await get('/api/dashboard/summary', cookie));
    expect(summary).toMatchObject({ projects: 1, auditToday: null, recentAudit: null });
  });

  it('the delivery team sees exactly its two projects', async () => {
    const cookie = await t.login('delivery');
    const projects = json<{ data: ProjectRow[] }>(await get('/api/projects', cookie));
    expect(projects.data.map((p) => p.code).sort()).toEqual(['SH-BJYH', 'SH-LLHY']);
  });
});
