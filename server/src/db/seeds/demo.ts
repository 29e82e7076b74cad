import { eq } from 'drizzle-orm';
import { insertOrgNode } from '../../modules/org/org.service.js';
import type { OrgKind } from '../../modules/org/org.table.js';
import { insertProject } from '../../modules/project/project.service.js';
import { role, roleAssignment } from '../../modules/role/role.table.js';
import { seedEscalationPolicies } from '../../modules/ticket/escalation.service.js';
import { appUser } from '../../modules/user/user.table.js';
import { write } from '../../platform/audit.js';
import type { Deps } from '../../platform/context.js';
import { generatePassword, hashPassword } from '../../platform/password.js';
import type { Tx } from '../client.js';
import { seedDemoCalendars } from './demo-calendars.js';
import { seedDemoCaller, seedDemoCalls } from './demo-calls.js';
import { seedDemoContractors } from './demo-contractors.js';
import { seedDemoCustomers, seedDemoProfiles } from './demo-customers.js';
import { seedDemoMoveIns } from './demo-move-ins.js';
import { demoBuildings, seedDemoProperty } from './demo-property.js';
import { seedDemoSolutions } from './demo-solutions.js';
import { seedDemoTickets } from './demo-tickets.js';
import { seedDemoTopics } from './demo-topics.js';
import { systemContext } from './system-context.js';

type OrgSeed = {
  key: string;
  kind: OrgKind;
  name: string;
  code: string;
  parent?: string;
  phone?: string;
  address?: string;
};

const orgs: OrgSeed[] = [
  { key: 'group', kind: 'group', name: '邻里控股集团', code: 'LL', phone: '400-800-8888' },
  { key: 'group_cs', kind: 'department', name: '集团客服管理中心', code: 'LL-KF', parent: 'group' },
  {
    key: 'sh',
    kind: 'company',
    name: '邻里物业上海公司',
    code: 'SH',
    parent: 'group',
    address: '上海市浦东新区世纪大道 1568 号',
  },
  { key: 'sh_delivery', kind: 'department', name: '上海公司交付中心', code: 'SH-JF', parent: 'sh' },
  { key: 'sh_pd', kind: 'project_office', name: '上海浦东管理处', code: 'SH-PD', parent: 'sh', phone: '021-5888-1200' },
  { key: 'sh_pd_cs', kind: 'department', name: '客服中心', code: 'SH-PD-KF', parent: 'sh_pd' },
  { key: 'sh_pd_eng', kind: 'department', name: '工程维修部', code: 'SH-PD-GC', parent: 'sh_pd' },
  { key: 'sh_pd_sec', kind: 'department', name: '秩序维护部', code: 'SH-PD-ZX', parent: 'sh_pd' },
  { key: 'sh_mh', kind: 'project_office', name: '上海闵行管理处', code: 'SH-MH', parent: 'sh', phone: '021-6412-3300' },
  { key: 'sh_mh_cs', kind: 'department', name: '客服中心', code: 'SH-MH-KF', parent: 'sh_mh' },
  { key: 'sh_mh_eng', kind: 'department', name: '工程维修部', code: 'SH-MH-GC', parent: 'sh_mh' },
  {
    key: 'hz',
    kind: 'company',
    name: '邻里物业杭州公司',
    code: 'HZ',
    parent: 'group',
    address: '杭州市西湖区文三路 90 号',
  },
  {
    key: 'hz_xh',
    kind: 'project_office',
    name: '杭州西湖管理处',
    code: 'HZ-XH',
    parent: 'hz',
    phone: '0571-8766-5500',
  },
  { key: 'hz_xh_cs', kind: 'department', name: '客服中心', code: 'HZ-XH-KF', parent: 'hz_xh' },
  { key: 'hz_xh_eng', kind: 'department', name: '工程维修部', code: 'HZ-XH-GC', parent: 'hz_xh' },
];

const projects = [
  { key: 'llhy', name: '邻里花园', code: 'SH-LLHY', org: 'sh_pd', address: '上海市浦东新区锦绣路 1888 弄' },
  { key: 'bjyh', name: '滨江壹号', code: 'SH-BJYH', org: 'sh_pd', address: '上海市浦东新区滨江大道 2727 号' },
  { key: 'csy', name: '春申苑', code: 'SH-CSY', org: 'sh_mh', address: '上海市闵行区春申路 3100 弄' },
  { key: 'xxyl', name: '西溪云庐', code: 'HZ-XXYL', org: 'hz_xh', address: '杭州市西湖区紫金港路 21 号' },
];

type Scope = { kind: 'all' } | { kind: 'org'; org: string } | { kind: 'projects'; projects: string[] };

/** The demo accounts, one per persona; printed at start. */
export const demoUsers: ReadonlyArray<{
  username: string;
  name: string;
  org: string;
  mobile: string;
  positions: string[];
  role: string;
  roleLabel: string;
  scope: Scope;
}> = [
  {
    username: 'admin',
    name: '周敏',
    org: 'group_cs',
    mobile: '13916620001',
    positions: [],
    role: 'administrator',
    roleLabel: '系统管理员（全部数据）',
    scope: { kind: 'all' },
  },
  {
    username: 'kefu',
    name: '张晓梅',
    org: 'sh_pd_cs',
    mobile: '13916620002',
    positions: ['客服专员'],
    role: 'call_center_agent',
    roleLabel: '客服专员（上海公司）',
    scope: { kind: 'org', org: 'sh' },
  },
  {
    username: 'handler',
    name: '李建国',
    org: 'sh_pd_eng',
    mobile: '13916620003',
    positions: ['维修工'],
    role: 'handler',
    roleLabel: '处理人（邻里花园）',
    scope: { kind: 'projects', projects: ['llhy'] },
  },
  {
    username: 'supervisor',
    name: '王海燕',
    org: 'sh_pd_cs',
    mobile: '13916620004',
    positions: ['客服主管'],
    role: 'supervisor',
    roleLabel: '客服主管（上海浦东管理处）',
    scope: { kind: 'org', org: 'sh_pd' },
  },
  {
    username: 'leader',
    name: '陈志强',
    org: 'group_cs',
    mobile: '13916620005',
    positions: [],
    role: 'leadership',
    roleLabel: '公司领导（全部数据）',
    scope: { kind: 'all' },
  },
  {
    username: 'delivery',
    name: '刘洋',
    org: 'sh_delivery',
    mobile: '13916620006',
    positions: ['交付专员'],
    role: 'delivery_team',
    roleLabel: '交付小组（邻里花园、滨江壹号）',
    scope: { kind: 'projects', projects: ['llhy', 'bjyh'] },
  },
  {
    username: 'pm',
    name: '孙立伟',
    org: 'sh_pd',
    mobile: '13916620008',
    positions: ['项目经理'],
    role: 'project_manager',
    roleLabel: '项目经理（上海浦东管理处）',
    scope: { kind: 'org', org: 'sh_pd' },
  },
  {
    username: 'kfhead',
    name: '赵静',
    org: 'sh',
    mobile: '13916620009',
    positions: ['客服总监'],
    role: 'service_head',
    roleLabel: '公司客服负责人（上海公司）',
    scope: { kind: 'org', org: 'sh' },
  },

  {
    username: 'hz_admin',
    name: '赵磊',
    org: 'hz_xh_cs',
    mobile: '13916620007',
    positions: ['项目经理'],
    role: 'administrator',
    roleLabel: '系统管理员（仅杭州公司）',
    scope: { kind: 'org', org: 'hz' },
  },
];

/**
 * Chinese demo data for a fresh embedded database: an organisation with two companies, four
 * projects and one account per persona. Demo users are not forced to change the password.
 */
export async function seedDemo(
  deps: Deps,
  demoPassword?: string,
  options: { tickets?: boolean } = {},
): Promise<{ password: string; generated: boolean }> {
  const password = demoPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  await write(deps, systemContext('seed-demo'), async (tx: Tx, audit) => {
    const orgIds = new Map<string, { id: string; path: string; companyId: string | null }>();
    for (const o of orgs) {
      const parent = o.parent ? orgIds.get(o.parent) : undefined;
      const row = await insertOrgNode(tx, parent ? { ...(await fullOrg(tx, parent.id)) } : null, o);
      orgIds.set(o.key, { id: row.id, path: row.path, companyId: row.companyId });
      audit.record({
        action: 'org.create',
        entityType: 'organization',
        entityId: row.id,
        orgPath: row.path,
        summary: `演示数据：组织「${row.name}」`,
      });
    }
    const projectIds = new Map<string, string>();
    for (const p of projects) {
      const org = orgIds.get(p.org);
      if (!org?.companyId) throw new Error(`demo seed: ${p.org} has no company`);
      const row = await insertProject(tx, { id: org.id, path: org.path, companyId: org.companyId }, p);
      projectIds.set(p.key, row.id);
      await seedDemoProperty(tx, audit, row.id, row.name, row.orgPath, demoBuildings[p.key] ?? []);
      audit.record({
        action: 'project.create',
        entityType: 'project',
        entityId: row.id,
        orgPath: row.orgPath,
        projectId: row.id,
        summary: `演示数据：项目「${row.name}」`,
      });
    }
    // Builders and installers of the demo projects, with their work scopes and warranties.
    const companyOf = (key: string) => {
      const org = orgIds.get(key);
      if (!org) throw new Error(`demo seed: company ${key} missing`);
      return { id: org.id, path: org.path };
    };
    await seedDemoContractors(tx, audit, { sh: companyOf('sh'), hz: companyOf('hz') }, projectIds);
    const shanghai = orgIds.get('sh');
    const llhyId = projectIds.get('llhy');
    if (!shanghai || !llhyId) throw new Error('demo seed: 上海公司 or 邻里花园 missing');
    await seedDemoCalendars(tx, audit, shanghai, { id: llhyId, name: '邻里花园' });
    // The group's escalation ladder (as the built-in one) and a stricter one for complaints.
    await seedEscalationPolicies(tx, audit, deps.clock());
    // Customers of the two companies, with their rooms (about 200 in Shanghai, 60 in Hangzhou).
    for (const [companyKey, region, projectKeys, limit] of [
      ['sh', '310115', ['llhy', 'bjyh', 'csy'], 200],
      ['hz', '330106', ['xxyl'], 60],
    ] as const) {
      const company = orgIds.get(companyKey);
      if (!company) throw new Error(`demo seed: company ${companyKey} missing`);
      await seedDemoCustomers(
        tx,
        audit,
        deps.secrets,
        { id: company.id, path: company.path, region },
        projectKeys.map((k) => projectIds.get(k) as string),
        limit,
      );
    }
    const roles = new Map((await tx.select().from(role)).map((r) => [r.code, r.id]));
    const now = deps.clock();
    const staff = new Map<string, { id: string; name: string }>();
    for (const u of demoUsers) {
      const org = orgIds.get(u.org);
      const roleId = roles.get(u.role);
      if (!org || !roleId) throw new Error(`demo seed: missing org or role for ${u.username}`);
      const [row] = await tx
        .insert(appUser)
        .values({
          username: u.username,
          name: u.name,
          mobile: u.mobile,
          // E-mail for the escalation messages (an example domain: nothing is really sent).
          email: `${u.username.replace('_', '.')}@linli-demo.example.com`,
          orgId: org.id,
          orgPath: org.path,
          companyId: org.companyId,
          positions: u.positions,
          passwordHash,
          mustChangePassword: false,
          passwordChangedAt: now,
        })
        .returning();
      if (!row) throw new Error('demo seed: insert user returned nothing');
      staff.set(u.username, { id: row.id, name: row.name });
      const s = u.scope;
      await tx.insert(roleAssignment).values({
        userId: row.id,
        roleId,
        scopeKind: s.kind,
        scopeOrgId: s.kind === 'org' ? (orgIds.get(s.org)?.id ?? null) : null,
        scopeProjectIds: s.kind === 'projects' ? s.projects.map((k) => projectIds.get(k) as string) : [],
      });
      audit.record({
        action: 'user.create',
        entityType: 'user',
        entityId: row.id,
        orgPath: row.orgPath,
        summary: `演示数据：用户「${u.name}」(${u.username})`,
      });
    }
    const person = (username: string) => {
      const found = staff.get(username);
      if (!found) throw new Error(`demo seed: user ${username} missing`);
      return found;
    };
    await seedDemoMoveIns(
      tx,
      audit,
      {
        delivery: person('delivery'),
        kefu: person('kefu'),
        supervisor: person('supervisor'),
        hzAdmin: person('hz_admin'),
      },
      [
        { key: 'llhy', perProject: 40 },
        { key: 'bjyh', perProject: 20 },
        { key: 'csy', perProject: 20 },
        { key: 'xxyl', perProject: 20 },
      ].map((p) => ({ ...p, id: projectIds.get(p.key) as string })),
    );
    // 解决方案库: group-wide answers and two of the Shanghai company's own.
    await seedDemoSolutions(tx, audit, { id: shanghai.id, path: shanghai.path }, person('supervisor').id, now);
    // Family members, bank accounts, contact records and events, recorded by each company's agent.
    for (const [companyKey, region, agent] of [
      ['sh', '310115', 'kefu'],
      ['hz', '330106', 'hz_admin'],
    ] as const) {
      const company = orgIds.get(companyKey);
      const agentUser = staff.get(agent);
      if (!company || !agentUser) throw new Error(`demo seed: company ${companyKey} or ${agent} missing`);
      await seedDemoProfiles(tx, audit, deps.secrets, { id: company.id, path: company.path, region }, agentUser, now);
    }
  });
  // The call center's demo caller (13800138000), before the tickets that owner raised.
  await seedDemoCaller(deps);
  // The service desk: dispatch settings and tickets in every state, made through its services.
  if (options.tickets ?? true) {
    await seedDemoTickets(deps);
    // 投诉专题: 「3 号楼电梯频繁故障」 with three linked complaints and one progress update.
    await seedDemoTopics(deps);
  }
  // 呼叫中心: extensions 8001/8002 and a few calls, missed ones waiting for a call-back.
  await seedDemoCalls(deps);
  return { password, generated: demoPassword === undefined };
}

async function fullOrg(tx: Tx, id: string) {
  const { organization } = await import('../../modules/org/org.table.js');
  const [row] = await tx.select().from(organization).where(eq(organization.id, id));
  if (!row) throw new Error('demo seed: parent vanished');
  return row;
}
