import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appUser } from '../src/modules/user/user.table.js';
import { Factory, type OrgNode, unique } from './factories.js';
import { createTestApp, json, type TestApp } from './harness.js';

let t: TestApp;
let cookie: string;
let office: OrgNode;

beforeAll(async () => {
  t = await createTestApp();
  office = await (await Factory.asAdmin(t)).orgByCode('SH-PD-KF');
});

beforeEach(async () => {
  cookie = await t.login('admin');
});

afterAll(async () => {
  await t?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const send = (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.inject({ method, url, cookie, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

interface Problem {
  code: string;
  status: number;
  detail: string;
  errors?: { field: string; in: string; message: string }[];
}

function validationProblem(response: LightMyRequestResponse): Problem {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json<Problem>(response);
  expect(body.code).toBe('VALIDATION_FAILED');
  expect(body.errors?.length).toBeGreaterThan(0);
  return body;
}

const newUser = (extra: object = {}) => ({
  username: unique('v').toLowerCase(),
  name: '校验',
  orgId: office.id,
  ...extra,
});

describe('mass assignment (QUALITY 10)', () => {
  it('refuses fields a client may not set, and writes nothing', async () => {
    const [before] = await t.deps.db.select({ n: count() }).from(appUser);
    const attempts: [Method, string, object][] = [
      ['POST', '/api/users', newUser({ mustChangePassword: false })],
      ['POST', '/api/users', newUser({ passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$forged' })],
      ['POST', '/api/users', newUser({ active: true, failedLoginCount: 0 })],
      ['POST', '/api/roles', { code: unique('r'), name: 'x', permissions: [], builtin: true }],
      ['POST', '/api/orgs', { parentId: office.id, kind: 'department', name: 'x', code: unique('O'), path: '/' }],
      [
        'POST',
        '/api/orgs',
        { parentId: office.id, kind: 'department', name: 'x', code: unique('O'), companyId: randomUUID() },
      ],
      ['POST', '/api/projects', { name: 'x', code: unique('P'), orgId: office.id, companyId: randomUUID() }],
      ['POST', '/api/dictionaries', { code: unique('d'), name: 'x', builtin: true }],
      ['POST', '/api/auth/login', { username: 'admin', password: 'Demo@2026!', remember: true }],
      ['PUT', '/api/parameters/service.name', { value: '邻里', updatedBy: randomUUID() }],
    ];
    for (const [method, url, payload] of attempts) {
      const body = validationProblem(await send(method, url, payload));
      expect(body.errors?.[0]?.message, `${method} ${url}`).toMatch(/未知的键|unrecognized/i);
    }
    const [after] = await t.deps.db.select({ n: count() }).from(appUser);
    expect(after?.n).toBe(before?.n);
  });

  it('refuses unknown fields in updates and in query strings', async () => {
    const me = json<{ id: string }>(await send('GET', '/api/auth/me'));
    const put = await send('PUT', `/api/users/${me.id}`, {
      name: '周敏',
      orgId: office.id,
      positions: [],
      assignments: [],
      active: false,
    });
    validationProblem(put);
    const query = validationProblem(await send('GET', '/api/users?isAdmin=true'));
    expect(query.errors?.[0]?.in).toBe('querystring');
    // The assignment itself is strict too: no smuggled org beside an "all" grant.
    const [role] = json<{ id: string }[]>(await send('GET', '/api/roles'));
    validationProblem(
      await send(
        'POST',
        '/api/users',
        newUser({ assignments: [{ roleId: role?.id, scopeKind: 'all', scopeOrgId: office.id }] }),
      ),
    );
  });
});

describe('field validation (QUALITY 12, 13)', () => {
  it('refuses an invalid mobile, naming the field, in the caller language', async () => {
    const zh = validationProblem(await send('POST', '/api/users', newUser({ mobile: '23800138000' })));
    expect(zh.errors).toEqual([{ field: 'mobile', in: 'body', message: '手机号码格式不正确' }]);
    expect(zh.detail).toBe('提交的数据有误，请检查后重试');
    const en = validationProblem(
      await send('POST', '/api/users', newUser({ mobile: '138001380001' }), { 'accept-language': 'en-US' }),
    );
    expect(en.errors).toEqual([{ field: 'mobile', in: 'body', message: 'Not a valid mainland mobile number' }]);
    expect(en.detail).toBe('The request contains invalid data');
  });

  it('normalises a mobile typed with +86, spaces and hyphens', async () => {
    const response = await send('POST', '/api/users', newUser({ mobile: '+86 139-1662-0099' }));
    expect(response.statusCode).toBe(200);
    const { user } = json<{ user: { id: string; mobile: string } }>(response);
    expect(user.mobile).toBe('139****0099');
    expect(json(await send('GET', '/api/users?keyword=13916620099')).total).toBe(1);
  });

  it('explains other field errors', async () => {
    const bad = validationProblem(
      await send('POST', '/api/users', newUser({ username: 'a b', email: 'not-an-email', name: '' })),
    );
    const byField = Object.fromEntries((bad.errors ?? []).map((e) => [e.field, e.message]));
    expect(byField.username).toBe('用户名须为 3–32 位字母、数字、点、下划线或连字符');
    expect(byField.email).toBe('邮箱格式不正确');
    expect(byField.name).toBeTruthy();
    const code = validationProblem(await send('POST', '/api/dictionaries', { code: '中文编码', name: 'x' }));
    expect(code.errors).toEqual([
      { field: 'code', in: 'body', message: '编码须为 1–40 位字母、数字、点、下划线或连字符' },
    ]);
    const zone = validationProblem(
      await send('POST', '/api/projects', { name: 'x', code: unique('P'), orgId: office.id, timeZone: 'Mars/Olympus' }),
    );
    expect(zone.errors).toEqual([{ field: 'timeZone', in: 'body', message: '时区无效' }]);
    const missing = validationProblem(await send('POST', '/api/orgs', {}));
    expect(missing.errors?.map((e) => e.field).sort()).toEqual(['code', 'kind', 'name', 'parentId']);
  });

  it('refuses impossible calendar days in date filters', async () => {
    for (const url of ['/api/audit?from=2026-13-01', '/api/audit?to=2026-02-30', '/api/audit/export?from=2026-00-10']) {
      const body = validationProblem(await send('GET', url));
      expect(body.errors, url).toMatchObject([{ in: 'querystring', message: '日期无效' }]);
    }
    expect((await send('GET', '/api/audit?from=2028-02-29&to=2028-02-29')).statusCode).toBe(200);
  });

  it('caps page sizes at 200', async () => {
    const big = validationProblem(await send('GET', '/api/users?pageSize=500'));
    expect(big.errors).toMatchObject([{ field: 'pageSize', in: 'querystring' }]);
    validationProblem(await send('GET', '/api/audit?pageSize=201'));
    validationProblem(await send('GET', '/api/projects?current=0'));
    validationProblem(await send('GET', '/api/users?pageSize=ten'));
    const max = await send('GET', '/api/audit?pageSize=200');
    expect(max.statusCode).toBe(200);
    expect(json(max).pageSize).toBe(200);
  });

  it('refuses malformed ids with 400, not 404 or 500', async () => {
    const body = validationProblem(await send('GET', '/api/users/not-a-uuid'));
    expect(body.errors).toMatchObject([{ field: 'id', in: 'params' }]);
    validationProblem(await send('PUT', '/api/orgs/1', { name: 'x', code: 'x', sortOrder: 0, active: true }));
    validationProblem(await send('GET', '/api/dictionary-items/..%2F..%2Fetc'));
  });

  it('refuses malformed JSON and wrong content types as problem+json', async () => {
    const broken = await t.inject({
      method: 'POST',
      url: '/api/dictionaries',
      cookie,
      headers: { 'content-type': 'application/json' },
      payload: '{"code": "x",',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(broken).code).toBe('BAD_REQUEST');
    const xml = await t.inject({
      method: 'POST',
      url: '/api/dictionaries',
      cookie,
      headers: { 'content-type': 'application/xml' },
      payload: '<code>x</code>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(xml).code).toBe('BAD_REQUEST');
  });
});

describe('unknown routes', () => {
  it('answers 404 problem+json in the caller language', async () => {
    const zh = await t.inject({ method: 'GET', url: '/api/no-such-thing?x=1', cookie });
    expect(zh.statusCode).toBe(404);
    expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(zh)).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      detail: '请求的资源不存在',
      instance: '/api/no-such-thing',
      requestId: zh.headers['x-request-id'],
    });
    const en = await t.inject({ method: 'DELETE', url: '/api/users', headers: { 'accept-language': 'en' } });
    expect(en.statusCode).toBe(404);
    expect(json(en).detail).toBe('The requested resource does not exist');
  });
});

describe('fuzz over the OpenAPI document (QUALITY 12)', () => {
  const junk: unknown[] = [
    {},
    [],
    'text',
    42,
    null,
    { id: 1, code: { $ne: null }, name: 'x'.repeat(10_000), orgId: 'x', value: [], assignments: 'all' },
    { name: '\u0000', code: "'; DROP TABLE app_user; --", permissions: [null], parentId: randomUUID(), kind: 'group' },
  ];
  const junkQueries = ['', '?current=-1', '?pageSize=1e9', '?from=2026-13-01', '?keyword=%25%27%22', '?active=maybe'];
  const pathValues = ['not-a-uuid', '..%2F..', randomUUID()];

  it('never answers 5xx to malformed input', async () => {
    const doc = json<{ paths: Record<string, Record<string, unknown>> }>(
      await t.inject({ method: 'GET', url: '/api/openapi.json' }),
    );
    // These end the caller's own session; they are exercised in the auth suite.
    // The event stream takes no input but the session and stays open: the realtime suite covers it.
    const skip = new Set(['POST /api/auth/logout', 'POST /api/auth/change-password', 'GET /api/events']);
    const failures: string[] = [];
    let calls = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item).map((m) => m.toUpperCase() as Method)) {
        if (skip.has(`${method} ${path}`)) continue;
        for (const value of path.includes('{') ? pathValues : ['']) {
          const url = path.replace(/\{\w+\}/g, value);
          const variants =
            method === 'GET' || method === 'DELETE' ? junkQueries.map((q) => [q, undefined]) : junk.map((b) => ['', b]);
          for (const [query, payload] of variants) {
            const response = await t.inject({
              method,
              url: `${url}${query}`,
              cookie,
              ...(payload !== undefined
                ? { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }
                : {}),
            });
            calls++;
            if (response.statusCode >= 500)
              failures.push(`${method} ${url}${query} ${JSON.stringify(payload)} → ${response.statusCode}`);
            else if (response.statusCode >= 400) {
              expect(response.headers['content-type'], `${method} ${url}`).toMatch(/^application\/problem\+json/);
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
    expect(failures).toEqual([]);
    // The session survived the whole run (nothing above logged the administrator out or locked it).
    expect((await send('GET', '/api/auth/me')).statusCode).toBe(200);
    // Thousands of calls, several of them exports of whole lists: more than the default 30 s on a
    // busy two-core machine. A limit on how long the run may take, not a timing assertion.
  }, 300_000);
});
