import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTopics } from '../src/db/seeds/demo-topics.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import {
  fillPath,
  isIdParam,
  type Method,
  multipartBody,
  type Operation,
  operationsOf,
  rowsOf,
  safeJson,
  samples,
} from './openapi.js';

/**
 * IDOR across two companies, walked from the OpenAPI document (issue 7; QUALITY 9 in general
 * form — test/security.test.ts keeps the hand-written cases for users, projects, orgs, audit).
 *
 * The Hangzhou administrator (hz_admin, all permissions over 杭州公司 only) calls every operation
 * that takes an id in its path with ids of records outside its scope (Shanghai's, and the group
 * administrator's own): each must answer 404 or 403 and say nothing of the record; changes must
 * leave the record as it was. Every list, search, export and report is called with the other
 * company's ids and values in each filter it documents: the answer holds none of its records.
 *
 * "Outside its scope" is found, not listed: a record the group administrator (admin, all data)
 * sees in a list and hz_admin does not, and which is not Hangzhou's by its company, project or
 * organisation.
 */

let t: TestApp;
let admin: string;
let hz: string;
let operations: Operation[];

/**
 * Operations with an id in the path that are not company-scoped, so there is no "other
 * company's" record to try (the test fails if one turns out to be scoped after all, or is gone).
 */
const notCompanyScoped: Record<string, string> = {
  // The complaint catalogue is one standard library for the whole group.
  'PUT /api/catalogue/categories/{id}': 'group-wide catalogue',
  'PUT /api/catalogue/items/{id}': 'group-wide catalogue',
  'POST /api/catalogue/nodes/{id}/enable': 'group-wide catalogue',
  'POST /api/catalogue/nodes/{id}/disable': 'group-wide catalogue',
  'DELETE /api/catalogue/nodes/{id}': 'group-wide catalogue',
  // Dictionaries and roles are shared by the group (changing them is a GROUP_SETTING / FORBIDDEN matter, tested in security.test.ts).
  'PUT /api/dictionaries/{id}': 'group-wide dictionary',
  'DELETE /api/dictionaries/{id}': 'group-wide dictionary',
  'POST /api/dictionaries/{id}/items': 'group-wide dictionary',
  'PUT /api/dictionaries/{id}/items/{itemId}': 'group-wide dictionary',
  'DELETE /api/dictionaries/{id}/items/{itemId}': 'group-wide dictionary',
  'PUT /api/roles/{id}': 'group-wide roles',
  'DELETE /api/roles/{id}': 'group-wide roles',
  // Message templates are the group's wording.
  'GET /api/message-templates/{id}': 'group-wide message templates',
  'PUT /api/message-templates/{id}': 'group-wide message templates',
};

/**
 * Bodies for changes whose rules go beyond what the schema says (ordered, non-overlapping
 * shifts), so that the request reaches the scope check instead of stopping at validation.
 */
const knownValidBodies: Record<string, object> = {
  'PUT /api/calendars/{calendarId}': {
    code: 'SH-OWN',
    name: '越权修改的日历',
    workWeek: [1, 2, 3, 4, 5],
    shifts: [{ start: '09:00', end: '18:00' }],
  },
};

/** Values for path parameters that are not ids (codes, keys, years, dates). */
const fixedPathValues: Record<string, string> = {
  code: 'complaint_channel',
  key: 'security.password_policy',
  year: '2026',
  date: '2026-12-01',
  channel: 'sms',
  provider: 'mock',
};

// ── what each side sees ────────────────────────────────────────────────────

interface Scope {
  hzCompanyId: string;
  hzProjectIds: Set<string>;
  hzOrgIds: Set<string>;
}
let scope: Scope;

const get = (url: string, cookie: string) => t.inject({ method: 'GET', url, cookie });

const withPageSize = (url: string) => `${url}${url.includes('?') ? '&' : '?'}pageSize=200`;

/** Ids of rows admin lists at a URL, outside hz_admin's scope (cached). */
interface Source {
  url: string;
  other: Record<string, unknown>[];
  hzVisible: Set<string>;
}
const sources = new Map<string, Source>();

function isHangzhou(row: Record<string, unknown>): boolean {
  if (typeof row.companyId === 'string' && row.companyId === scope.hzCompanyId) return true;
  if (typeof row.projectId === 'string' && scope.hzProjectIds.has(row.projectId)) return true;
  if (typeof row.orgId === 'string' && scope.hzOrgIds.has(row.orgId)) return true;
  return false;
}

async function listBoth(url: string): Promise<Source> {
  const cached = sources.get(url);
  if (cached) return cached;
  let asAdmin = await get(withPageSize(url), admin);
  if (asAdmin.statusCode === 400) asAdmin = await get(url, admin);
  let asHz = await get(withPageSize(url), hz);
  if (asHz.statusCode === 400) asHz = await get(url, hz);
  const hzVisible = new Set(
    (asHz.statusCode === 200 ? rowsOf(safeJson(asHz)) : []).map((r) => r.id).filter((id) => typeof id === 'string'),
  ) as Set<string>;
  const other = (asAdmin.statusCode === 200 ? rowsOf(safeJson(asAdmin)) : []).filter(
    (r) => typeof r.id === 'string' && !hzVisible.has(r.id as string) && !isHangzhou(r),
  );
  const source = { url, other, hzVisible };
  sources.set(url, source);
  return source;
}

/**
 * Where ids come from when the document has no list at the path's prefix (commented): the
 * occupancies of a customer, the attachments in a ticket's detail.
 */
const extraSources: Record<string, (values: Record<string, string>) => Promise<Record<string, unknown>[]>> = {
  // Buildings are listed per project (projectId is required).
  '/api/buildings': async () => {
    const out: Record<string, unknown>[] = [];
    for (const p of (await listBoth('/api/projects')).other) {
      out.push(...(await listBoth(`/api/buildings?projectId=${p.id}`)).other);
    }
    return out;
  },
  // Notifications are each user's own: a Shanghai agent's.
  '/api/notifications': async () => {
    const kefu = await t.login('kefu');
    return rowsOf(safeJson(await get('/api/notifications?pageSize=50', kefu)));
  },
  // The tickets linked to a topic are in its detail.
  '/api/topics/{id}/tickets': async (values) => {
    const detail = safeJson(await get(`/api/topics/${values.id}`, admin)) as { tickets?: unknown } | null;
    return rowsOf(detail?.tickets ?? []);
  },
  '/api/occupancies': async () => {
    const customers = (await listBoth('/api/customers')).other.slice(0, 10);
    const out: Record<string, unknown>[] = [];
    for (const c of customers) out.push(...(await listBoth(`/api/customers/${c.id}/occupancies`)).other);
    return out;
  },
  '/api/tickets/{id}/attachments': async (values) => {
    const detail = safeJson(await get(`/api/tickets/${values.id}`, admin)) as Record<string, unknown> | null;
    const found: Record<string, unknown>[] = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        const row = value as Record<string, unknown>;
        if (typeof row.id === 'string' && typeof row.url === 'string' && 'mime' in row) found.push(row);
        Object.values(row).forEach(walk);
      }
    };
    walk(detail);
    return found;
  },
};

/**
 * Up to `limit` full assignments of the path's id parameters to records outside hz_admin's
 * scope, each parent tried until its children exist (a customer with contacts, …).
 */
async function otherValues(op: Operation, limit = 1): Promise<Record<string, string>[]> {
  const documentedGets = new Set(operations.filter((o) => o.method === 'GET').map((o) => o.path));
  const segments = op.path.split('/').slice(1);
  const results: Record<string, string>[] = [];
  const walk = async (index: number, prefix: string, values: Record<string, string>): Promise<void> => {
    if (results.length >= limit) return;
    if (index === segments.length) {
      results.push({ ...values });
      return;
    }
    const segment = segments[index] as string;
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!param) return walk(index + 1, `${prefix}/${segment}`, values);
    const spec = op.pathParams.find((p) => p.name === param);
    if (!spec || !isIdParam(spec)) {
      const fixed = fixedPathValues[param];
      if (fixed === undefined) return;
      return walk(index + 1, `${prefix}/{${param}}`, { ...values, [param]: fixed });
    }
    let rows: Record<string, unknown>[] = [];
    const extra = extraSources[prefix];
    if (extra) rows = await extra(values);
    else if (documentedGets.has(prefix)) rows = (await listBoth(fillPath(prefix, values))).other;
    for (const row of rows.slice(0, 25)) {
      await walk(index + 1, `${prefix}/{${param}}`, { ...values, [param]: row.id as string });
      if (results.length >= limit) return;
    }
  };
  await walk(0, '', {});
  return results;
}

// ── what must not reach hz_admin ───────────────────────────────────────────

/** Identifying strings of records outside hz_admin's scope, never seen in what it may see. */
let secrets: string[] = [];
/** Every id outside its scope. */
let otherIds = new Set<string>();

const identifyingKeys = ['name', 'publicNo', 'title', 'callerName', 'contactName', 'customerName'];

async function textOf(response: LightMyRequestResponse): Promise<string> {
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
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
  return response.body;
}

/** What in a response belongs outside hz_admin's scope (bar the ids the caller itself sent). */
async function leaksIn(response: LightMyRequestResponse, url: string): Promise<string[]> {
  const text = (await textOf(response)).replaceAll(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    (id) => (url.includes(id) ? '' : id),
  );
  const found = secrets.filter((s) => text.includes(s));
  for (const id of otherIds) if (text.includes(id)) found.push(id);
  return found;
}

beforeAll(async () => {
  // DEMO_TOOLS: the demo-only fast-forward route exists, so that it is walked too. Demo tickets:
  // receptions, tickets, messages and notifications of both companies.
  t = await createTestApp({ env: { DEMO_TOOLS: 'true' }, demoTickets: true });
  admin = await t.login('admin');
  hz = await t.login('hz_admin');
  operations = operationsOf(t.app);

  const orgs = rowsOf(safeJson(await get('/api/orgs', admin)));
  const hzCompany = orgs.find((o) => o.code === 'HZ');
  expect(hzCompany).toBeDefined();
  const hzCompanyId = hzCompany?.id as string;
  const projects = rowsOf(safeJson(await get('/api/projects?pageSize=200', admin)));
  scope = {
    hzCompanyId,
    hzProjectIds: new Set(projects.filter((p) => p.companyId === hzCompanyId).map((p) => p.id as string)),
    hzOrgIds: new Set(orgs.filter((o) => o.companyId === hzCompanyId).map((o) => o.id as string)),
  };

  // Records of every kind outside Hangzhou that the demo lacks, made through the services and API.
  await seedDemoTopics(t.deps);
  await createOtherCompanyRecords();

  // Every list's rows outside the scope, and the text of everything hz_admin may see.
  const lists = operations.filter((o) => o.method === 'GET' && o.pathParams.length === 0);
  let hzText = '';
  for (const op of lists) {
    if (op.path === '/api/events') continue;
    const source = await listBoth(op.path);
    for (const row of source.other) otherIds.add(row.id as string);
    const asHz = await get(withPageSize(op.path), hz);
    if (asHz.statusCode === 200) hzText += await textOf(asHz);
  }
  const strings = new Set<string>();
  for (const source of sources.values()) {
    for (const row of source.other) {
      for (const key of identifyingKeys) {
        const value = row[key];
        // Not bare numbers (room 3104 exists in both companies).
        if (typeof value === 'string' && value.length >= 2 && !/^[\d\s.-]+$/.test(value)) strings.add(value);
      }
    }
  }
  // What hz_admin sees legitimately (a shared dictionary label, a common name) is no secret.
  secrets = [...strings].filter((s) => !hzText.includes(s));
  otherIds = new Set([...otherIds].filter((id) => !hzText.includes(id)));
  console.log(`IDOR walk: ${otherIds.size} ids and ${secrets.length} names outside hz_admin's scope`);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

async function createOtherCompanyRecords(): Promise<void> {
  // A Shanghai import (rooms and customers), by the group administrator.
  const llhy = rowsOf(safeJson(await get('/api/projects?pageSize=200', admin))).find((p) => p.code === 'SH-LLHY');
  const csv = '楼栋,房号,客户姓名,手机号码\n99栋,9901,越权测试客户,13700009901\n';
  const form = multipartBody(
    { type: 'rooms-customers', projectId: llhy?.id as string },
    { name: 'sh.csv', data: Buffer.from(csv), type: 'text/csv' },
  );
  const imported = await t.inject({
    method: 'POST',
    url: '/api/imports',
    cookie: admin,
    headers: form.headers,
    payload: form.payload,
  });
  expect(imported.statusCode, imported.body).toBe(202);
  // A personal ticket view and export request of the group administrator.
  const view = await t.inject({
    method: 'POST',
    url: '/api/ticket-views',
    cookie: admin,
    payload: { name: '总部视图', filters: {} },
  });
  expect(view.statusCode, view.body).toBeLessThan(300);
  // An export request by a Shanghai supervisor.
  const exportRequest = await t.inject({
    method: 'POST',
    url: '/api/export-requests',
    cookie: await t.login('supervisor'),
    payload: { resource: 'customers', reason: '上海公司年度客户回访' },
  });
  expect(exportRequest.statusCode, exportRequest.body).toBeLessThan(300);
  // A compensation request and a photo on a Shanghai ticket, by the agent who owns it.
  const kefu = await t.login('kefu');
  const tickets = rowsOf(safeJson(await get('/api/tickets?pageSize=50', kefu)));
  const open = tickets.filter((x) => !['closed', 'cancelled', 'merged'].includes(String(x.state)));
  let compensated = false;
  for (const ticket of open) {
    const response = await t.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/compensations`,
      cookie: kefu,
      payload: { amountFen: 80_000, reason: '漏水损坏地板，协商赔付' },
    });
    if (response.statusCode < 300) {
      compensated = true;
      break;
    }
  }
  expect(compensated).toBe(true);
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();
  // The handler's photo in a progress update on a ticket it works on.
  const handler = await t.login('handler');
  const handled = rowsOf(safeJson(await get('/api/tickets?pageSize=50', handler))).filter((x) =>
    ['accepted', 'in_progress', 'dispatched'].includes(String(x.state)),
  );
  let attached = false;
  const tried: string[] = [];
  for (const ticket of handled) {
    const form = multipartBody({}, { name: 'leak.png', data: png, type: 'image/png' });
    const upload = await t.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/attachments`,
      cookie: handler,
      headers: form.headers,
      payload: form.payload,
    });
    tried.push(`${ticket.state} ${upload.statusCode} ${upload.body.slice(0, 120)}`);
    if (upload.statusCode !== 201) continue;
    const { id } = upload.json() as { id: string };
    const progress = await t.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/progress`,
      cookie: handler,
      payload: { body: '现场照片', attachmentIds: [id] },
    });
    tried.push(`progress ${progress.statusCode} ${progress.body.slice(0, 120)}`);
    if (progress.statusCode < 300) {
      attached = true;
      break;
    }
  }
  expect(attached, tried.join('\n')).toBe(true);
  // An escalation ladder of Shanghai's own.
  const shCompanyId = rowsOf(safeJson(await get('/api/orgs', admin))).find((o) => o.code === 'SH')?.id;
  const policy = await t.inject({
    method: 'POST',
    url: '/api/escalation-policies',
    cookie: admin,
    payload: {
      name: '上海公司升级规则',
      companyId: shCompanyId,
      levels: [{ level: 1, name: '客服主管', afterMinutes: 0, targetKind: 'role', roleCode: 'supervisor' }],
    },
  });
  expect(policy.statusCode, policy.body).toBeLessThan(300);
}

/** Prints every finding (the assertion alone would truncate them), then fails on any. */
function expectNone(findings: string[]): void {
  if (findings.length) console.log(findings.join('\n'));
  expect(findings).toEqual([]);
}

// ── the walk ───────────────────────────────────────────────────────────────

const idOperations = () => operations.filter((o) => o.pathParams.some(isIdParam));

describe('IDOR walk over the OpenAPI document (two companies)', () => {
  it('finds a record outside the scope for every operation with an id in its path, bar the commented allow-list', async () => {
    const missing: string[] = [];
    for (const op of idOperations()) {
      if (op.key in notCompanyScoped) continue;
      const values = await otherValues(op);
      if (!values.length) missing.push(op.key);
    }
    expectNone(missing);
  }, 120_000);

  it('keeps the allow-list current: each entry exists and has no record outside the scope', async () => {
    const keys = new Set(operations.map((o) => o.key));
    const stale: string[] = [];
    for (const key of Object.keys(notCompanyScoped)) {
      if (!keys.has(key)) stale.push(`${key}: no such operation`);
      const op = operations.find((o) => o.key === key);
      if (op && (await otherValues(op)).length) stale.push(`${key}: has records outside hz_admin's scope`);
    }
    expectNone(stale);
  }, 60_000);

  it("answers 404/403 to every read of another company's record, saying nothing of it", async () => {
    const wrong: string[] = [];
    let walked = 0;
    for (const op of idOperations().filter((o) => o.method === 'GET')) {
      // Required query parameters (a trade for the warranty) get a valid value.
      const required = op.queryParams.filter((p) => p.required);
      const query = Object.fromEntries(required.map((p) => [p.name, String(samples(p.schema, 7, 1)[0])]));
      for (const values of await otherValues(op, 2)) {
        const url = `${fillPath(op.path, values)}${required.length ? `?${new URLSearchParams(query)}` : ''}`;
        const response = await get(url, hz);
        walked++;
        if (response.statusCode !== 404 && response.statusCode !== 403) {
          wrong.push(`${op.key} ${url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        } else {
          const leaks = await leaksIn(response, url);
          if (leaks.length) wrong.push(`${op.key} ${url} → ${response.statusCode} mentions ${leaks.join(', ')}`);
        }
      }
    }
    console.log(`IDOR reads: ${walked} requests`);
    expect(walked).toBeGreaterThan(20);
    expectNone(wrong);
  }, 120_000);

  it("lists, searches and exports none of another company's records, whatever the filters say", async () => {
    const customers = (await listBoth('/api/customers')).other;
    const tickets = (await listBoth('/api/tickets')).other;
    const shProjects = (await listBoth('/api/projects')).other;
    const byKind = (name: string): string[] => {
      const kind = name.replace(/Ids?$/, '');
      const plural = kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
      const collection = [...sources.values()].find((s) => s.url === `/api/${plural.toLowerCase()}`);
      if (collection?.other.length) return collection.other.slice(0, 2).map((r) => r.id as string);
      if (kind === 'company') return [...new Set(shProjects.map((p) => p.companyId as string))];
      if (/^(user|actor|handler|agent|owner|creator|assignee|requester)/.test(kind)) {
        return ((sources.get('/api/users')?.other ?? []).slice(0, 2) as { id: string }[]).map((r) => r.id);
      }
      return [customers[0]?.id as string, tickets[0]?.id as string];
    };
    const texts = [
      customers[0]?.name as string,
      tickets[0]?.publicNo as string,
      shProjects[0]?.name as string,
      String(customers[0]?.mobile ?? '').slice(-4),
    ].filter(Boolean);
    const wrong: string[] = [];
    let calls = 0;
    for (const op of operations.filter((o) => o.method === 'GET' && !o.pathParams.some(isIdParam))) {
      if (op.path === '/api/events') continue; // a stream: the realtime suite checks its scope
      const path = fillPath(op.path, fixedPathValues);
      const queries: Record<string, string>[] = [{}];
      for (const param of op.queryParams) {
        const schema = param.schema;
        const types = [schema.type ?? []].flat();
        if (schema.format === 'uuid' || /Ids?$/.test(param.name)) {
          for (const id of byKind(param.name)) queries.push({ [param.name]: id });
        } else if (types.includes('string') && !schema.enum && !schema.format && !schema.pattern) {
          for (const text of texts) queries.push({ [param.name]: text });
        }
      }
      for (const query of queries) {
        const url = `${path}?${new URLSearchParams({ ...query }).toString()}`;
        const response = await get(url, hz);
        calls++;
        if (response.statusCode >= 500) wrong.push(`${op.key} ${url} → ${response.statusCode}`);
        else {
          const leaks = await leaksIn(response, url);
          if (leaks.length)
            wrong.push(`${op.key} ${url} → ${response.statusCode} holds ${leaks.slice(0, 5).join(', ')}`);
        }
      }
    }
    console.log(`IDOR lists and filters: ${calls} requests`);
    expect(calls).toBeGreaterThan(100);
    expectNone(wrong);
  }, 180_000);

  it("refuses every change to another company's record (404/403) and leaves it as it was", async () => {
    const wrong: string[] = [];
    const inconclusive: string[] = [];
    let walked = 0;
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    for (const op of idOperations().filter((o) => o.method !== 'GET')) {
      if (op.key in notCompanyScoped) continue;
      for (const values of await otherValues(op)) {
        const url = fillPath(op.path, values);
        const before = await snapshot(op, values);
        const bodies = op.body
          ? [
              ...(knownValidBodies[op.key] ? [knownValidBodies[op.key]] : []),
              ...samples(op.body, 20_261_127 + walked, 3),
            ]
          : [undefined];
        let refused = false;
        let last: LightMyRequestResponse | undefined;
        for (const body of bodies) {
          const form = op.multipart ? multipartBody({}, { name: 'x.png', data: png, type: 'image/png' }) : null;
          last = await t.inject({
            method: op.method as Method,
            url,
            cookie: hz,
            ...(form ? { headers: form.headers, payload: form.payload } : {}),
            ...(body !== undefined ? { payload: body as object } : {}),
          });
          walked++;
          if (last.statusCode === 404 || last.statusCode === 403) {
            refused = true;
            break;
          }
          if (last.statusCode < 400 || last.statusCode >= 500) break;
        }
        if (!last) continue;
        if (!refused) {
          const code = (safeJson(last) as { code?: string } | null)?.code;
          if (last.statusCode === 400 && code === 'VALIDATION_FAILED') inconclusive.push(op.key);
          else wrong.push(`${op.key} ${url} → ${last.statusCode} ${last.body.slice(0, 200)}`);
        } else {
          const leaks = await leaksIn(last, url);
          if (leaks.length) wrong.push(`${op.key} ${url} → mentions ${leaks.join(', ')}`);
        }
        const after = await snapshot(op, values);
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          wrong.push(
            `${op.key} ${url} changed the record: ${JSON.stringify(before).slice(0, 400)} → ${JSON.stringify(after).slice(0, 400)}`,
          );
        }
      }
    }
    console.log(
      `IDOR changes: ${walked} requests; refused by validation before any lookup: ${inconclusive.join(', ')}`,
    );
    expectNone(wrong);
    expect(inconclusive).toEqual([]);
  }, 180_000);
});

/** The record(s) a path names, as the group administrator sees them. */
async function snapshot(op: Operation, values: Record<string, string>): Promise<unknown[]> {
  const gets = new Set(operations.filter((o) => o.method === 'GET').map((o) => o.path));
  const out: unknown[] = [];
  const segments = op.path.split('/');
  for (let i = 2; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join('/');
    if (!gets.has(prefix)) continue;
    const response = await get(withPageSize(fillPath(prefix, values)), admin);
    const body = response.statusCode === 200 ? safeJson(response) : null;
    // Of a list, the rows the path names; of a record, all of it.
    const ids = new Set(Object.values(values));
    const rows = rowsOf(body).filter((r) => ids.has(r.id as string));
    out.push(
      response.statusCode,
      rows.length || Array.isArray(body) || Array.isArray((body as { data?: unknown })?.data) ? rows : body,
    );
  }
  return out;
}
