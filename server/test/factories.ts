import { randomBytes, randomInt } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { residentIdCheckChar } from '../src/platform/identity.js';
import type { TestApp } from './harness.js';

/** A short suffix that keeps codes and usernames unique within one database. */
export function unique(prefix = 'T'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A valid resident ID number (GB 11643) with a random birth date and sequence, so tests do not share one. */
export function residentId(region = '310115'): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + randomInt(0, 50 * 365) * 86_400_000);
  const first17 = `${region}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A random mainland mobile number in the 166 range (not used by the demo data). */
export function mobileNumber(): string {
  return `166${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/** A mobile number as the API shows it masked: 166****1234. */
export const maskMobile = (m: string) => `${m.slice(0, 3)}****${m.slice(-4)}`;

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Whether a full mainland mobile number appears in the text, with or without +86 / 0086 before
 * it. Ids are left out first: a random UUID holds eleven digits in a row often enough to fail a
 * test now and then.
 */
export function hasFullMobile(text: string): boolean {
  return /(?<!\d)(?:0{0,2}86)?1[3-9]\d{9}(?!\d)/.test(text.replace(uuidPattern, ''));
}

function expectOk(response: LightMyRequestResponse, what: string): void {
  if (response.statusCode !== 200) throw new Error(`${what} failed with ${response.statusCode}: ${response.body}`);
}

export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  code: string;
  companyId: string | null;
  children: OrgNode[];
}

export interface ProjectRow {
  id: string;
  name: string;
  code: string;
  companyId: string;
  orgId: string;
}

export interface UserRow {
  id: string;
  username: string;
  name: string;
  mobile: string | null;
  orgId: string;
  mustChangePassword: boolean;
  assignments: { roleId: string; scopeKind: string }[];
}

export interface OccupancyRow {
  id: string;
  customerId: string;
  customerName: string;
  roomId: string;
  roomCode: string;
  projectId: string;
  projectName: string;
  role: 'owner' | 'tenant' | 'resident';
  fromDate: string;
  toDate: string | null;
  note: string | null;
  current: boolean;
}

export interface CustomerRow {
  companyName: string;
  id: string;
  code: string;
  companyId: string;
  kind: 'person' | 'organisation';
  name: string;
  gender: string | null;
  birthday: string | null;
  idType: string | null;
  idNumber: string | null;
  mobile: string | null;
  phones: { id: string; number: string; label: string | null; isPrimary: boolean }[];
  source: string | null;
  tags: string[];
  notes: string | null;
  active: boolean;
  anonymised: boolean;
  rooms: OccupancyRow[];
  createdAt: string;
  updatedAt: string;
}

export interface RoomRow {
  id: string;
  projectId: string;
  code: string;
  number: string;
  status: string;
}

export interface RoleRow {
  id: string;
  code: string;
  name: string;
  builtin: boolean;
  permissions: string[];
}

/** Lookups and creations through the HTTP API, acting as a given session (an administrator by default). */
export class Factory {
  constructor(
    private readonly t: TestApp,
    private readonly cookie: string,
  ) {}

  static async asAdmin(t: TestApp, username = 'admin'): Promise<Factory> {
    return new Factory(t, await t.login(username));
  }

  async orgTree(): Promise<OrgNode[]> {
    const response = await this.t.inject({ method: 'GET', url: '/api/orgs/tree', cookie: this.cookie });
    expectOk(response, 'GET /api/orgs/tree');
    return response.json();
  }

  /** Every node visible to this session, flattened. */
  async orgs(): Promise<OrgNode[]> {
    const out: OrgNode[] = [];
    const walk = (nodes: OrgNode[]) => {
      for (const n of nodes) {
        out.push(n);
        walk(n.children);
      }
    };
    walk(await this.orgTree());
    return out;
  }

  async orgByCode(code: string): Promise<OrgNode> {
    const node = (await this.orgs()).find((o) => o.code === code);
    if (!node) throw new Error(`no organisation ${code}`);
    return node;
  }

  async projects(): Promise<ProjectRow[]> {
    const response = await this.t.inject({ method: 'GET', url: '/api/projects?pageSize=200', cookie: this.cookie });
    expectOk(response, 'GET /api/projects');
    return response.json().data;
  }

  async projectByCode(code: string): Promise<ProjectRow> {
    const found = (await this.projects()).find((p) => p.code === code);
    if (!found) throw new Error(`no project ${code}`);
    return found;
  }

  async users(): Promise<UserRow[]> {
    const response = await this.t.inject({ method: 'GET', url: '/api/users?pageSize=200', cookie: this.cookie });
    expectOk(response, 'GET /api/users');
    return response.json().data;
  }

  async userByName(username: string): Promise<UserRow> {
    const found = (await this.users()).find((u) => u.username === username);
    if (!found) throw new Error(`no user ${username}`);
    return found;
  }

  async roles(): Promise<RoleRow[]> {
    const response = await this.t.inject({ method: 'GET', url: '/api/roles', cookie: this.cookie });
    expectOk(response, 'GET /api/roles');
    return response.json();
  }

  async roleByCode(code: string): Promise<RoleRow> {
    const found = (await this.roles()).find((r) => r.code === code);
    if (!found) throw new Error(`no role ${code}`);
    return found;
  }

  async createOrg(
    input: {
      parentId: string;
      kind?: 'company' | 'project_office' | 'department';
      name?: string;
      code?: string;
    } & Record<string, unknown>,
  ): Promise<OrgNode> {
    const code = input.code ?? unique('ORG');
    const response = await this.t.inject({
      method: 'POST',
      url: '/api/orgs',
      cookie: this.cookie,
      payload: { kind: 'department', name: `测试部门 ${code}`, ...input, code },
    });
    expectOk(response, 'POST /api/orgs');
    return response.json();
  }

  async createProject(input: { orgId: string; name?: string; code?: string } & Record<string, unknown>) {
    const code = input.code ?? unique('PRJ');
    const response = await this.t.inject({
      method: 'POST',
      url: '/api/projects',
      cookie: this.cookie,
      payload: { name: `测试项目 ${code}`, ...input, code },
    });
    expectOk(response, 'POST /api/projects');
    return response.json() as ProjectRow;
  }

  /** A user with the issued password returned once by the API. */
  async createUser(
    input: { orgId: string; username?: string; name?: string } & Record<string, unknown>,
  ): Promise<{ user: UserRow; issuedPassword: string }> {
    const username = input.username ?? unique('u').toLowerCase();
    const response = await this.t.inject({
      method: 'POST',
      url: '/api/users',
      cookie: this.cookie,
      payload: { name: `测试用户 ${username}`, ...input, username },
    });
    expectOk(response, 'POST /api/users');
    return response.json();
  }

  async createRole(input: { permissions: string[]; code?: string; name?: string }): Promise<RoleRow> {
    const code = input.code ?? unique('role');
    const response = await this.t.inject({
      method: 'POST',
      url: '/api/roles',
      cookie: this.cookie,
      payload: { name: `测试角色 ${code}`, ...input, code },
    });
    expectOk(response, 'POST /api/roles');
    return response.json();
  }

  async createDictionary(input: { code?: string; name?: string } = {}) {
    const code = input.code ?? unique('dict');
    const response = await this.t.inject({
      method: 'POST',
      url: '/api/dictionaries',
      cookie: this.cookie,
      payload: { name: `测试字典 ${code}`, ...input, code },
    });
    expectOk(response, 'POST /api/dictionaries');
    return response.json() as { id: string; code: string; name: string };
  }

  /** A room of a project by its code (found by keyword search). */
  async roomByCode<R extends { code: string } = RoomRow>(projectId: string, code: string): Promise<R> {
    const url = `/api/rooms?projectId=${projectId}&keyword=${code}&pageSize=200`;
    const response = await this.t.inject({ method: 'GET', url, cookie: this.cookie });
    expectOk(response, `GET ${url}`);
    const found = (response.json().data as R[]).find((r) => r.code === code);
    if (!found) throw new Error(`no room ${code}`);
    return found;
  }

  /** A customer (POST /api/customers answers 201); a person with a fresh mobile number unless told otherwise. */
  async createCustomer(input: Record<string, unknown> = {}): Promise<CustomerRow> {
    const response = await this.t.inject({
      method: 'POST',
      url: '/api/customers',
      cookie: this.cookie,
      payload: { kind: 'person', name: '测试客户', mobile: mobileNumber(), ...input },
    });
    if (response.statusCode !== 201)
      throw new Error(`POST /api/customers failed with ${response.statusCode}: ${response.body}`);
    return response.json();
  }

  /** A user who has already replaced the issued password, logged in; returns the cookie. */
  async activeUser(
    input: { orgId: string } & Record<string, unknown>,
    password = 'Str0ng&Fresh-2026',
  ): Promise<{ user: UserRow; cookie: string; password: string }> {
    const { user, issuedPassword } = await this.createUser(input);
    const first = await this.t.login(user.username, issuedPassword);
    const changed = await this.t.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      cookie: first,
      payload: { currentPassword: issuedPassword, newPassword: password },
    });
    expectOk(changed, 'POST /api/auth/change-password');
    return { user, cookie: await this.t.login(user.username, password), password };
  }
}
