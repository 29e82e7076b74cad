import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootstrap } from '../src/db/seeds/bootstrap.js';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import { role as roleTable } from '../src/modules/role/role.table.js';
import { allPermissions } from '../src/platform/permissions.js';
import { Factory, type OrgNode, type ProjectRow, type RoleRow, type UserRow, unique } from './factories.js';
import { createTestApp, json, type TestApp } from './harness.js';

let t: TestApp;
let cookie: string;
let admin: Factory;

beforeAll(async () => {
  t = await createTestApp();
});

// Sessions are cheap; a fresh one per test keeps tests independent of each other's clocks.
beforeEach(async () => {
  cookie = await t.login('admin');
  admin = new Factory(t, cookie);
});

afterAll(async () => {
  await t?.close();
});

const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.inject({ method, url, cookie, headers, ...(payload ? { payload } : {}) });

function expectProblem(response: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json(response);
  expect({ status: response.statusCode, code: body.code }).toEqual({ status, code });
  return body;
}

describe('organisations', () => {
  it('builds a company, an office and a department, shown as a tree with counts', async () => {
    const group = await admin.orgByCode('LL');
    const company = await admin.createOrg({ parentId: group.id, kind: 'company', name: '邻里物业苏州公司' });
    expect(company).toMatchObject({ kind: 'company', parentId: group.id, companyId: company.id });
    const office = await admin.createOrg({ parentId: company.id, kind: 'project_office', name: '苏州工业园管理处' });
    expect(office.companyId).toBe(company.id);
    const dept = await admin.createOrg({
      parentId: office.id,
      kind: 'department',
      name: '客服中心',
      phone: '0512-6666-0000',
    });
    expect(dept.companyId).toBe(company.id);
    await admin.createProject({ orgId: office.id, name: '金鸡湖畔' });

    const tree = await admin.orgTree();
    const suzhou = tree[0]?.children.find((c) => c.id === company.id) as OrgNode & { projectCount: number };
    expect(suzhou.children.map((c) => c.name)).toEqual(['苏州工业园管理处']);
    const officeNode = suzhou.children[0] as OrgNode & { projectCount: number; children: OrgNode[] };
    expect(officeNode.projectCount).toBe(1);
    expect(officeNode.children.map((c) => c.code)).toEqual([dept.code]);
    const flat = json<OrgNode[]>(await send('GET', '/api/orgs?kind=project_office'));
    expect(flat.every((o) => o.kind === 'project_office')).toBe(true);
    expect(flat.map((o) => o.id)).toContain(office.id);
  });

  it('updates a node', async () => {
    const parent = await admin.orgByCode('SH-PD');
    const node = await admin.createOrg({ parentId: parent.id });
    const code = unique('ORG');
    const response = await send('PUT', `/api/orgs/${node.id}`, {
      name: '维修二部',
      code,
      sortOrder: 5,
      phone: '021-5888-1201',
      address: null,
      active: false,
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({ id: node.id, name: '维修二部', code, sortOrder: 5, active: false });
  });

  it('refuses a code that is already in use (409 CODE_TAKEN)', async () => {
    const parent = await admin.orgByCode('SH-PD');
    const created = await send('POST', '/api/orgs', { parentId: parent.id, kind: 'department', name: 'x', code: 'SH' });
    const body = expectProblem(created, 409, 'CODE_TAKEN');
    expect(body.detail).toBe('编码“SH”已被使用');
    const node = await admin.createOrg({ parentId: parent.id });
    const updated = await send('PUT', `/api/orgs/${node.id}`, { name: 'x', code: 'HZ', sortOrder: 0, active: true });
    expectProblem(updated, 409, 'CODE_TAKEN');
    // Keeping its own code is fine.
    expect(
      (await send('PUT', `/api/orgs/${node.id}`, { name: 'y', code: node.code, sortOrder: 0, active: true }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses a node under the wrong kind of parent (422 ORG_PARENT_INVALID)', async () => {
    const group = await admin.orgByCode('LL');
    const company = await admin.orgByCode('SH');
    const office = await admin.orgByCode('SH-PD');
    const cases = [
      { parentId: group.id, kind: 'project_office' },
      { parentId: company.id, kind: 'company' },
      { parentId: office.id, kind: 'project_office' },
    ];
    for (const c of cases) {
      const response = await send('POST', '/api/orgs', { ...c, name: 'x', code: unique('X') });
      expectProblem(response, 422, 'ORG_PARENT_INVALID');
    }
  });

  it('deletes only empty nodes (409 ORG_HAS_CHILDREN)', async () => {
    const parent = await admin.orgByCode('SH-PD');
    const node = await admin.createOrg({ parentId: parent.id });
    const child = await admin.createOrg({ parentId: node.id });
    expectProblem(await send('DELETE', `/api/orgs/${node.id}`), 409, 'ORG_HAS_CHILDREN');
    expect((await send('DELETE', `/api/orgs/${child.id}`)).statusCode).toBe(200);

    const withStaff = await admin.createOrg({ parentId: parent.id });
    await admin.createUser({ orgId: withStaff.id });
    expectProblem(await send('DELETE', `/api/orgs/${withStaff.id}`), 409, 'ORG_HAS_CHILDREN');

    const company = await admin.orgByCode('SH');
    const withProject = await admin.createOrg({ parentId: company.id, kind: 'project_office' });
    await admin.createProject({ orgId: withProject.id });
    expectProblem(await send('DELETE', `/api/orgs/${withProject.id}`), 409, 'ORG_HAS_CHILDREN');

    expectProblem(await send('DELETE', `/api/orgs/${(await admin.orgByCode('LL')).id}`), 409, 'ORG_HAS_CHILDREN');

    expect((await send('DELETE', `/api/orgs/${node.id}`)).statusCode).toBe(200);
    expect((await admin.orgs()).map((o) => o.id)).not.toContain(node.id);
    expectProblem(await send('DELETE', `/api/orgs/${node.id}`), 404, 'ORG_NOT_FOUND');
  });
});

describe('projects', () => {
  it('creates, lists, reads, updates and exports a project', async () => {
    const office = await admin.orgByCode('SH-MH');
    const code = unique('P');
    const created = await send('POST', '/api/projects', {
      name: '莘庄新城',
      code,
      orgId: office.id,
      address: '上海市闵行区莘庄镇 88 号',
    });
    expect(created.statusCode).toBe(200);
    const project = json<ProjectRow & Record<string, unknown>>(created);
    expect(project).toMatchObject({
      name: '莘庄新城',
      code,
      orgId: office.id,
      orgName: '上海闵行管理处',
      companyName: '邻里物业上海公司',
      timeZone: 'Asia/Shanghai',
    });
    expect(json(await send('GET', `/api/projects/${project.id}`))).toEqual(project);

    const found = json<{ data: ProjectRow[]; total: number }>(
      await send('GET', `/api/projects?keyword=${encodeURIComponent('莘庄')}`),
    );
    expect(found.data.map((p) => p.id)).toEqual([project.id]);
    const byCompany = json<{ data: ProjectRow[] }>(
      await send('GET', `/api/projects?companyId=${project.companyId}&pageSize=200`),
    );
    expect(byCompany.data.every((p) => p.companyId === project.companyId)).toBe(true);

    const other = await admin.orgByCode('SH-PD');
    const updated = await send('PUT', `/api/projects/${project.id}`, {
      name: '莘庄新城一期',
      code,
      orgId: other.id,
      timeZone: 'Asia/Shanghai',
    });
    expect(updated.statusCode).toBe(200);
    expect(json(updated)).toMatchObject({ name: '莘庄新城一期', orgName: '上海浦东管理处', address: null });

    const exported = await send('GET', '/api/projects/export');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toContain(encodeURIComponent('项目.xlsx'));
  });

  it('refuses a taken code, an unsuitable owner and a move to another company', async () => {
    const office = await admin.orgByCode('SH-PD');
    expectProblem(
      await send('POST', '/api/projects', { name: 'x', code: 'SH-LLHY', orgId: office.id }),
      409,
      'CODE_TAKEN',
    );
    const dept = await admin.orgByCode('SH-PD-KF');
    expectProblem(
      await send('POST', '/api/projects', { name: 'x', code: unique('P'), orgId: dept.id }),
      422,
      'ORG_PARENT_INVALID',
    );
    const project = await admin.createProject({ orgId: office.id });
    const hz = await admin.orgByCode('HZ-XH');
    const moved = await send('PUT', `/api/projects/${project.id}`, { name: 'x', code: project.code, orgId: hz.id });
    expect(expectProblem(moved, 422, 'ORG_PARENT_INVALID').detail).toBe('上级组织不合适：项目不能转到其他公司');
    expectProblem(
      await send('PUT', `/api/projects/${project.id}`, { name: 'x', code: 'SH-BJYH', orgId: office.id }),
      409,
      'CODE_TAKEN',
    );
    expectProblem(await send('GET', `/api/projects/${randomUUID()}`), 404, 'PROJECT_NOT_FOUND');
  });
});

describe('users', () => {
  let roles: { supervisor: RoleRow; handler: RoleRow };
  beforeEach(async () => {
    roles = { supervisor: await admin.roleByCode('supervisor'), handler: await admin.roleByCode('handler') };
  });

  it('creates a user with roles and a masked mobile, then updates and filters', async () => {
    const office = await admin.orgByCode('SH-PD-KF');
    const sh = await admin.orgByCode('SH');
    const llhy = await admin.projectByCode('SH-LLHY');
    const username = unique('wang').toLowerCase();
    const created = await send('POST', '/api/users', {
      username,
      name: '王小二',
      mobile: '138 0013 8000',
      email: 'wang@linli.cn',
      orgId: office.id,
      positions: ['客服专员'],
      password: 'Initial#Pass-2026',
      assignments: [
        { roleId: roles.supervisor.id, scopeKind: 'org', scopeOrgId: sh.id },
        { roleId: roles.handler.id, scopeKind: 'projects', scopeProjectIds: [llhy.id, llhy.id] },
      ],
    });
    expect(created.statusCode).toBe(200);
    const { user, issuedPassword } = json<{ user: UserRow & Record<string, unknown>; issuedPassword: string }>(created);
    expect(issuedPassword).toBe('Initial#Pass-2026');
    expect(user).toMatchObject({
      username,
      name: '王小二',
      mobile: '138****8000',
      email: 'w***@linli.cn',
      orgName: '客服中心',
      active: true,
      locked: false,
      mustChangePassword: true,
      positions: ['客服专员'],
    });
    expect(user.assignments).toHaveLength(2);
    expect(user.assignments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          roleName: '客服主管',
          scopeKind: 'org',
          scopeOrgId: sh.id,
          scopeLabel: '邻里物业上海公司',
        }),
        expect.objectContaining({
          roleName: '处理人',
          scopeKind: 'projects',
          scopeProjectIds: [llhy.id],
          scopeLabel: '邻里花园',
        }),
      ]),
    );
    // Found by name, username or the full mobile number; the answer still shows it masked.
    const byMobile = json<{ data: UserRow[] }>(await send('GET', '/api/users?keyword=13800138000'));
    expect(byMobile.data.map((u) => [u.id, u.mobile])).toEqual([[user.id, '138****8000']]);
    expect(json(await send('GET', `/api/users?keyword=${encodeURIComponent('王小')}`)).total).toBe(1);

    // Omitting mobile keeps it; null clears it.
    const kept = await send('PUT', `/api/users/${user.id}`, {
      name: '王小二',
      orgId: office.id,
      positions: [],
      assignments: [{ roleId: roles.handler.id, scopeKind: 'all' }],
    });
    expect(json(kept)).toMatchObject({
      mobile: '138****8000',
      positions: [],
      assignments: [{ scopeLabel: '全部数据' }],
    });
    const cleared = await send('PUT', `/api/users/${user.id}`, {
      name: '王二',
      mobile: null,
      orgId: office.id,
      positions: [],
      assignments: [],
    });
    expect(json(cleared)).toMatchObject({ name: '王二', mobile: null, email: 'w***@linli.cn', assignments: [] });

    expect(json(await send('GET', `/api/users?keyword=${username}`)).total).toBe(1);
    expect(json(await send('GET', '/api/users?keyword=13800138000')).total).toBe(0);
    const inOffice = json<{ data: UserRow[] }>(await send('GET', `/api/users?orgId=${office.id}&pageSize=200`));
    expect(inOffice.data.map((u) => u.username)).toEqual(expect.arrayContaining([username, 'kefu', 'supervisor']));
    expect(inOffice.data.map((u) => u.username)).not.toContain('handler');
    const supervisors = json<{ data: UserRow[] }>(await send('GET', `/api/users?roleId=${roles.supervisor.id}`));
    expect(supervisors.data.map((u) => u.username)).toEqual(['supervisor']);

    await send('POST', `/api/users/${user.id}/disable`);
    const inactive = json<{ data: UserRow[] }>(await send('GET', '/api/users?active=false&pageSize=200'));
    expect(inactive.data.map((u) => u.id)).toContain(user.id);
    expect(
      json<{ data: UserRow[] }>(await send('GET', '/api/users?active=true&pageSize=200')).data.map((u) => u.id),
    ).not.toContain(user.id);
  });

  it('refuses a taken username in any case (409 USERNAME_TAKEN)', async () => {
    const office = await admin.orgByCode('SH-PD-KF');
    const response = await send('POST', '/api/users', { username: 'KeFu', name: '重名', orgId: office.id });
    const body = expectProblem(response, 409, 'USERNAME_TAKEN');
    expect(body.detail).toBe('用户名“KeFu”已被使用');
  });

  it('refuses to let administrators disable themselves (409 SELF_LOCKOUT)', async () => {
    const me = json<{ id: string }>(await send('GET', '/api/auth/me'));
    const body = expectProblem(await send('POST', `/api/users/${me.id}/disable`), 409, 'SELF_LOCKOUT');
    expect(body.detail).toBe('不能停用自己的账号');
    expect((await send('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('refuses unknown roles, organisations and projects in grants', async () => {
    const office = await admin.orgByCode('SH-PD-KF');
    const base = { username: unique('g').toLowerCase(), name: '授权', orgId: office.id };
    expectProblem(
      await send('POST', '/api/users', { ...base, assignments: [{ roleId: randomUUID(), scopeKind: 'all' }] }),
      404,
      'ROLE_NOT_FOUND',
    );
    const org = await send('POST', '/api/users', {
      ...base,
      assignments: [{ roleId: roles.handler.id, scopeKind: 'org', scopeOrgId: randomUUID() }],
    });
    expect(expectProblem(org, 422, 'SCOPE_INVALID').detail).toBe('数据范围设置不完整：所选组织不存在');
    expectProblem(
      await send('POST', '/api/users', {
        ...base,
        assignments: [{ roleId: roles.handler.id, scopeKind: 'projects', scopeProjectIds: [randomUUID()] }],
      }),
      422,
      'SCOPE_INVALID',
    );
    expectProblem(await send('POST', '/api/users', { ...base, orgId: randomUUID() }), 404, 'ORG_NOT_FOUND');
    expectProblem(await send('GET', `/api/users/${randomUUID()}`), 404, 'USER_NOT_FOUND');
  });
});

describe('roles', () => {
  it('creates, updates and deletes a custom role', async () => {
    const code = unique('role');
    const created = await send('POST', '/api/roles', {
      code,
      name: '报表员',
      description: '只看报表',
      permissions: ['audit.read', 'org.read', 'org.read'],
    });
    expect(created.statusCode).toBe(200);
    const role = json<RoleRow & Record<string, unknown>>(created);
    expect(role).toMatchObject({ code, builtin: false, permissions: ['audit.read', 'org.read'], userCount: 0 });
    const updated = await send('PUT', `/api/roles/${role.id}`, { code, name: '报表专员', permissions: ['org.read'] });
    expect(json(updated)).toMatchObject({ name: '报表专员', permissions: ['org.read'], description: null });
    expect((await send('DELETE', `/api/roles/${role.id}`)).statusCode).toBe(200);
    expect((await admin.roles()).map((r) => r.id)).not.toContain(role.id);
    expectProblem(await send('DELETE', `/api/roles/${role.id}`), 404, 'ROLE_NOT_FOUND');
  });

  it('refuses unknown permissions (422 PERMISSION_UNKNOWN) and a taken code (409 CODE_TAKEN)', async () => {
    const unknown = await send('POST', '/api/roles', {
      code: unique('r'),
      name: 'x',
      permissions: ['org.read', 'ticket.fly'],
    });
    expect(expectProblem(unknown, 422, 'PERMISSION_UNKNOWN').detail).toBe('未知的权限编码：ticket.fly');
    expectProblem(await send('POST', '/api/roles', { code: 'handler', name: 'x', permissions: [] }), 409, 'CODE_TAKEN');
  });

  it('keeps built-in roles: code unchanged on update, no deletion (409 ROLE_BUILTIN)', async () => {
    const delivery = await admin.roleByCode('delivery_team');
    const updated = await send('PUT', `/api/roles/${delivery.id}`, {
      code: 'renamed',
      name: '交付小组',
      permissions: [...delivery.permissions],
    });
    expect(json(updated)).toMatchObject({ code: 'delivery_team', builtin: true });
    const body = expectProblem(await send('DELETE', `/api/roles/${delivery.id}`), 409, 'ROLE_BUILTIN');
    expect(body.detail).toBe('内置角色不能删除');
  });

  it('gives only the administrator role the permissions a newer version adds; edits of other built-in roles survive a restart', async () => {
    // An installation from before export.approve, whose administrator also took it from 公司领导.
    const leadership = (await admin.roleByCode('leadership')) as RoleRow & { description: string | null };
    expect(leadership.permissions).toContain('export.approve');
    const withoutApproval = leadership.permissions.filter((p) => p !== 'export.approve');
    const edited = await send('PUT', `/api/roles/${leadership.id}`, {
      code: leadership.code,
      name: leadership.name,
      description: leadership.description,
      permissions: withoutApproval,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const administrator = await admin.roleByCode('administrator');
    await t.deps.db
      .update(roleTable)
      .set({ permissions: administrator.permissions.filter((p) => p !== 'export.approve') })
      .where(eq(roleTable.id, administrator.id));

    await bootstrap(t.deps);
    expect([...(await admin.roleByCode('administrator')).permissions].sort()).toEqual([...allPermissions].sort());
    expect([...(await admin.roleByCode('leadership')).permissions].sort()).toEqual(withoutApproval.sort());
    const [entry] = await t.deps.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.entityId, administrator.id), eq(auditEntry.action, 'role.update')))
      .orderBy(desc(auditEntry.seq))
      .limit(1);
    expect(entry?.summary).toBe('系统管理员角色获得新版本增加的权限');
    expect(entry?.after).toEqual({ permissions: [...allPermissions].sort() });

    const restored = await send('PUT', `/api/roles/${leadership.id}`, {
      code: leadership.code,
      name: leadership.name,
      description: leadership.description,
      permissions: leadership.permissions,
    });
    expect(restored.statusCode, restored.body).toBe(200);
  });

  it('refuses to delete a role still assigned (409 ROLE_IN_USE)', async () => {
    const role = await admin.createRole({ permissions: ['project.read'] });
    const office = await admin.orgByCode('SH-PD-KF');
    const { user } = await admin.createUser({ orgId: office.id, assignments: [{ roleId: role.id, scopeKind: 'all' }] });
    expect(((await admin.roleByCode(role.code)) as RoleRow & { userCount: number }).userCount).toBe(1);
    const body = expectProblem(await send('DELETE', `/api/roles/${role.id}`), 409, 'ROLE_IN_USE');
    expect(body.detail).toBe('角色仍分配给 1 个用户，不能删除');
    await send('PUT', `/api/users/${user.id}`, { name: user.name, orgId: office.id, positions: [], assignments: [] });
    expect((await send('DELETE', `/api/roles/${role.id}`)).statusCode).toBe(200);
  });

  it('lists the permission catalogue by module in the caller language', async () => {
    const zh = json<{ module: string; label: string; permissions: { code: string }[] }[]>(
      await send('GET', '/api/permissions'),
    );
    expect(zh.map((m) => m.module)).toEqual([
      'system',
      'property',
      'customer',
      'service',
      'ticket',
      'callcenter',
      'settings',
      'audit',
    ]);
    expect(zh[0]?.label).toBe('系统设置');
    const customer = zh.find((m) => m.module === 'customer');
    expect(customer?.label).toBe('客户档案');
    expect(customer?.permissions.map((p) => p.code)).toEqual([
      'customer.read',
      'customer.manage',
      'customer.reveal',
      'customer.export',
      'customer.approve',
      'customer.anonymise',
    ]);
    const en = json<{ label: string }[]>(
      await send('GET', '/api/permissions', undefined, { 'accept-language': 'en-US' }),
    );
    expect(en[0]?.label).toBe('System settings');
  });
});

describe('dictionaries', () => {
  it('manages a dictionary and its items', async () => {
    const code = unique('dict');
    const created = await send('POST', '/api/dictionaries', { code, name: '报修类别', nameEn: 'Repair category' });
    expect(created.statusCode).toBe(200);
    const dict = json<{ id: string }>(created);
    expect(json(created)).toMatchObject({ code, builtin: false, itemCount: 0 });

    const add = (item: object) => send('POST', `/api/dictionaries/${dict.id}/items`, item);
    const water = json<{ id: string }>(await add({ code: 'water', label: '水电', sortOrder: 20 }));
    await add({ code: 'door', label: '门窗', labelEn: 'Doors', sortOrder: 10 });
    const wall = json<{ id: string }>(await add({ code: 'wall', label: '墙面', sortOrder: 30, active: false }));
    expectProblem(await add({ code: 'door', label: '重复' }), 409, 'CODE_TAKEN');

    const items = json<{ code: string }[]>(await send('GET', `/api/dictionary-items/${code}`));
    expect(items.map((i) => i.code)).toEqual(['door', 'water']);
    const all = json<{ code: string }[]>(await send('GET', `/api/dictionary-items/${code}?includeInactive=true`));
    expect(all.map((i) => i.code)).toEqual(['door', 'water', 'wall']);

    const renamed = await send('PUT', `/api/dictionaries/${dict.id}/items/${water.id}`, {
      code: 'water',
      label: '水电燃气',
      sortOrder: 5,
      active: true,
    });
    expect(json(renamed)).toMatchObject({ label: '水电燃气', sortOrder: 5 });
    expectProblem(
      await send('PUT', `/api/dictionaries/${dict.id}/items/${water.id}`, { code: 'door', label: 'x' }),
      409,
      'CODE_TAKEN',
    );
    expect((await send('DELETE', `/api/dictionaries/${dict.id}/items/${wall.id}`)).statusCode).toBe(200);
    expectProblem(
      await send('DELETE', `/api/dictionaries/${dict.id}/items/${wall.id}`),
      404,
      'DICTIONARY_ITEM_NOT_FOUND',
    );

    const listed = json<{ id: string; itemCount: number }[]>(await send('GET', '/api/dictionaries'));
    expect(listed.find((d) => d.id === dict.id)?.itemCount).toBe(2);

    const updated = await send('PUT', `/api/dictionaries/${dict.id}`, { code, name: '报修分类' });
    expect(json(updated)).toMatchObject({ name: '报修分类', nameEn: null, itemCount: 2 });
    expect((await send('DELETE', `/api/dictionaries/${dict.id}`)).statusCode).toBe(200);
    expectProblem(await send('GET', `/api/dictionary-items/${code}`), 404, 'DICTIONARY_NOT_FOUND');
  });

  it('keeps built-in dictionaries and refuses taken codes', async () => {
    expectProblem(await send('POST', '/api/dictionaries', { code: 'room_type', name: 'x' }), 409, 'CODE_TAKEN');
    const builtin = json<{ id: string; code: string; builtin: boolean }[]>(await send('GET', '/api/dictionaries')).find(
      (d) => d.code === 'room_type',
    );
    expect(builtin?.builtin).toBe(true);
    const updated = await send('PUT', `/api/dictionaries/${builtin?.id}`, { code: 'renamed', name: '房屋类型' });
    expect(json(updated)).toMatchObject({ code: 'room_type', name: '房屋类型' });
    expectProblem(await send('DELETE', `/api/dictionaries/${builtin?.id}`), 409, 'DICTIONARY_BUILTIN');
    const mine = await admin.createDictionary();
    expectProblem(
      await send('PUT', `/api/dictionaries/${mine.id}`, { code: 'room_type', name: 'x' }),
      409,
      'CODE_TAKEN',
    );
  });
});

describe('parameters', () => {
  it('lists every parameter with its default', async () => {
    const params = json<{ key: string; value: unknown; isDefault: boolean; label: string }[]>(
      await send('GET', '/api/parameters'),
    );
    expect(params.map((p) => p.key)).toEqual(
      expect.arrayContaining(['security.password_policy', 'security.lockout_threshold', 'service.name']),
    );
    expect(params.find((p) => p.key === 'security.lockout_threshold')).toMatchObject({
      value: 5,
      isDefault: true,
      label: '连续登录失败锁定次数',
    });
  });

  it('changes a parameter, which takes effect at once', async () => {
    const response = await send('PUT', '/api/parameters/security.lockout_threshold', { value: 3 });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({
      key: 'security.lockout_threshold',
      value: 3,
      isDefault: false,
      defaultValue: 5,
    });
    try {
      const office = await admin.orgByCode('SH-PD-KF');
      const { user } = await admin.activeUser({ orgId: office.id });
      const attempt = () =>
        t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: 'wrong' } });
      const first = await attempt();
      expect(json(first).detail).toBe('用户名或密码错误，连续输错 3 次将锁定账号');
      await attempt();
      expect((await attempt()).statusCode).toBe(423);
    } finally {
      await send('PUT', '/api/parameters/security.lockout_threshold', { value: 5 });
    }
  });

  it('refuses invalid values (422 PARAMETER_INVALID) and unknown keys (404)', async () => {
    const low = await send('PUT', '/api/parameters/security.lockout_threshold', { value: 2 });
    const body = expectProblem(low, 422, 'PARAMETER_INVALID');
    expect(body.detail).toMatch(/^参数值不合法：.+/);
    expectProblem(
      await send('PUT', '/api/parameters/security.lockout_threshold', { value: 'five' }),
      422,
      'PARAMETER_INVALID',
    );
    expectProblem(
      await send('PUT', '/api/parameters/security.password_policy', { value: 'lax' }),
      422,
      'PARAMETER_INVALID',
    );
    const en = await send(
      'PUT',
      '/api/parameters/security.session_idle_minutes',
      { value: 1 },
      { 'accept-language': 'en-US' },
    );
    expect(expectProblem(en, 422, 'PARAMETER_INVALID').detail).toMatch(/^Invalid parameter value: .+/);
    expectProblem(await send('PUT', '/api/parameters/no.such.key', { value: 1 }), 404, 'PARAMETER_NOT_FOUND');
    const listed = json<{ key: string; value: unknown }[]>(await send('GET', '/api/parameters'));
    expect(listed.find((p) => p.key === 'security.lockout_threshold')?.value).toBe(5);
  });
});

describe('Excel exports of the role and dictionary lists', () => {
  async function rows(url: string, language = 'zh-CN'): Promise<string[][]> {
    const response = await t.inject({ method: 'GET', url, cookie, headers: { 'accept-language': language } });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    const out: string[][] = [];
    sheet.eachRow((row) => {
      out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    });
    return out;
  }

  it('lists every role with its permissions named in the reader’s language', async () => {
    const [header, ...body] = await rows('/api/roles/export');
    expect(header).toEqual(['角色名称', '编码', '说明', '内置', '用户数', '功能权限']);
    const agent = body.find((r) => r[1] === 'call_center_agent');
    expect(agent?.[0]).toBe('客服专员');
    expect(agent?.[5]).toContain('查看项目');
    const [english] = await rows('/api/roles/export', 'en-US');
    expect(english?.[0]).toBe('Name');
  });

  it('lists every dictionary item under its dictionary', async () => {
    const [header, ...body] = await rows('/api/dictionaries/export');
    expect(header?.slice(0, 4)).toEqual(['字典编码', '字典名称', '项编码', '名称']);
    const phone = body.find((r) => r[0] === 'complaint_channel' && r[2] === 'phone');
    expect(phone?.[3]).toBe('电话');
    expect(phone?.[4]).toBe('Phone');
  });
});
