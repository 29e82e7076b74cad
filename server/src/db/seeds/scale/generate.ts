import { identityColumns } from '../../../modules/customer/customer.service.js';
import { ticketPrefixes } from '../../../modules/ticket/ticket.defaults.js';
import { appendAudit } from '../../../platform/audit.js';
import type { Deps } from '../../../platform/context.js';
import { hashPassword } from '../../../platform/password.js';
import type { Secrets } from '../../../platform/secrets.js';
import { bootstrap } from '../bootstrap.js';
import { systemContext } from '../system-context.js';
import { cities, mobile, organisationName, personName, residentId, uscc } from './people.js';
import { makeIds, mix, Rng, rowRng, tags } from './random.js';
import type { GenerateScale, Scale, ScaleOptions, ScaleSummary } from './scale.js';
import { type CatalogueItem, planTicket, type StaffRef } from './tickets.js';
import { BulkWriter } from './writer.js';

/** Rows per scale (scale.ts): projects, rooms, customers, tickets. */
export const scaleSizes: Record<Scale, { projects: number; rooms: number; customers: number; tickets: number }> = {
  tiny: { projects: 1, rooms: 200, customers: 250, tickets: 1_000 },
  small: { projects: 3, rooms: 3_000, customers: 4_000, tickets: 20_000 },
  medium: { projects: 30, rooms: 30_000, customers: 40_000, tickets: 200_000 },
  large: { projects: 100, rooms: 1_000_000, customers: 1_200_000, tickets: 5_000_000 },
};

/** The password of the generated staff accounts (printed by `npm run seed -- --scale`). */
export function scaleStaffPassword(seed: number): string {
  return `Linli@Scale-${seed}`;
}

/** Refusals, in Chinese and English, with a code the CLI and the benchmarks can test. */
export class ScaleSeedRefused extends Error {
  constructor(
    readonly code: 'NOT_EMPTY' | 'PGLITE_TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

const DAY = 86_400_000;
const MINUTE = 60_000;
const estateWords = [...'锦绣翠湖金域星河云栖滨江紫荆御景天悦华府碧桂观澜香樟桃源书香半岛'];
const estateSuffixes = ['花园', '苑', '府', '公馆', '新城', '雅居', '名邸', '家园', '湾', '里'];
const roads = ['人民路', '建设路', '解放路', '中山路', '长江路', '和平路', '新华路', '文化路', '滨河路', '胜利路'];
const layouts = ['两室一厅', '三室两厅', '三室一厅', '四室两厅', '一室一厅'];
const orientations = ['南北', '南', '东南', '西南', '东西'];

interface ProjectPlan {
  index: number;
  id: string;
  name: string;
  code: string;
  companyIndex: number;
  officeId: string;
  officePath: string;
  csDeptId: string;
  engDeptId: string;
  firstRoom: number;
  rooms: number;
  residence: number;
  shops: number;
  deliveryDay: number;
  handlers: StaffRef[];
  supervisor: StaffRef;
  address?: string;
}

interface CompanyPlan {
  index: number;
  id: string;
  path: string;
  city: (typeof cities)[number];
  agents: StaffRef[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Builds a whole group of realistic Chinese data straight into the database (scale.ts has the
 * contract): companies and project offices, projects with buildings, units and rooms,
 * customers with phones, ID numbers and occupancy, staff, and tickets over the two years before
 * `now` with receptions, timelines, return visits, escalations and SLA timers. Everything is
 * drawn from the seed; rows stream to the database in batches (nothing table-sized is kept in
 * memory but a set of ID-number keys), inside one transaction, with one audit entry for the run.
 */
export const generateScale: GenerateScale = async (database, secrets, options) => {
  const started = performance.now();
  const size = scaleSizes[options.scale];
  if (options.scale === 'large' && database.kind === 'pglite') {
    throw new ScaleSeedRefused(
      'PGLITE_TOO_LARGE',
      '大规模数据（100 万房间、500 万报事）只能写入 PostgreSQL，请设置 DATABASE_URL / ' +
        'the large scale (1 M rooms, 5 M tickets) needs PostgreSQL: set DATABASE_URL',
    );
  }
  const now = options.now.getTime();
  const deps = { db: database.db, database, secrets, clock: () => options.now } as unknown as Deps;
  await database.migrate();
  await bootstrap(deps);
  const writer = new BulkWriter(database, options.onProgress);
  await writer.begin();
  let summary: ScaleSummary;
  try {
    summary = await generateInto(writer, secrets, options, size, now);
    await writer.exec('ANALYZE');
    await writer.commit();
  } catch (error) {
    await writer.rollback();
    throw error;
  }
  // One audit entry for the whole run, through the audit chain's own write path.
  await database.db.transaction((tx) =>
    appendAudit(tx, options.now, systemContext('scale-seed'), [
      {
        action: 'seed.scale',
        entityType: 'system',
        summary: `压测数据（${options.scale}，种子 ${options.seed}）：${Object.entries(summary.rows)
          .map(([t, n]) => `${t} ${n}`)
          .join('，')}`,
      },
    ]),
  );
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
};

async function generateInto(
  writer: BulkWriter,
  secrets: Secrets,
  options: ScaleOptions,
  size: (typeof scaleSizes)[Scale],
  now: number,
): Promise<ScaleSummary> {
  const seed = options.seed;
  const uid = makeIds(seed);
  const [existing] = await writer.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM project) + (SELECT count(*) FROM customer) + (SELECT count(*) FROM ticket))::int AS n`,
  );
  if ((existing?.n ?? 0) > 0) {
    throw new ScaleSeedRefused(
      'NOT_EMPTY',
      '数据库中已有项目、客户或报事（演示数据或已生成的数据），不写入压测数据；请使用空数据库 / ' +
        'the database already holds projects, customers or tickets (demo or generated data); use an empty database',
    );
  }
  const roles = new Map(
    (await writer.query<{ id: string; code: string }>('SELECT id, code FROM role')).map((r) => [r.code, r.id]),
  );
  const catalogue = await writer.query<CatalogueItem>(
    `SELECT id, name, ticket_types AS "ticketTypes", severity, response_minutes AS "responseMinutes",
       resolution_minutes AS "resolutionMinutes", calendar_time AS "calendarTime",
       return_visit_required AS "returnVisitRequired"
     FROM catalogue_node WHERE kind = 'item' AND active ORDER BY code`,
  );
  const [group] = await writer.query<{ id: string; path: string }>(
    `SELECT id, path FROM organization WHERE kind = 'group' ORDER BY created_at LIMIT 1`,
  );
  const passwordHash = await hashPassword(scaleStaffPassword(seed));

  // ── organisation, projects, staff ──────────────────────────────────────────
  const rng = new Rng(mix(seed, 0xa11));
  writer.table(
    'organization',
    ['id', 'parent_id', 'kind', 'name', 'code', 'company_id', 'path', 'sort_order', 'phone', 'address'],
    0,
  );
  let orgIndex = 0;
  const groupId = group?.id ?? uid(tags.org, orgIndex++);
  const groupPath = group?.path ?? `/${groupId}/`;
  if (!group)
    writer.add('organization', [
      groupId,
      null,
      'group',
      '邻里物业集团',
      'LS',
      null,
      groupPath,
      0,
      '400-820-6600',
      null,
    ]);
  const companyCount = Math.ceil(size.projects / 10);
  const companies: CompanyPlan[] = [];
  for (let c = 0; c < companyCount; c++) {
    const id = uid(tags.org, orgIndex++);
    const city = cities[c % cities.length] as (typeof cities)[number];
    const path = `${groupPath}${id}/`;
    const suffix = c >= cities.length ? String(Math.floor(c / cities.length) + 1) : '';
    writer.add('organization', [
      id,
      groupId,
      'company',
      `邻里物业${city.name}${suffix}公司`,
      `LS-C${pad(c + 1, 2)}`,
      id,
      path,
      c + 1,
      null,
      `${city.name}市${rng.pick(city.districts)}${rng.pick(roads)} ${rng.int(1, 999)} 号`,
    ]);
    companies.push({ index: c, id, path, city, agents: [] });
  }
  const projects: ProjectPlan[] = [];
  const usedNames = new Set<string>();
  let firstRoom = 0;
  for (let p = 0; p < size.projects; p++) {
    const company = companies[Math.floor(p / 10)] as CompanyPlan;
    const officeId = uid(tags.org, orgIndex++);
    const officePath = `${company.path}${officeId}/`;
    const csDeptId = uid(tags.org, orgIndex++);
    const engDeptId = uid(tags.org, orgIndex++);
    let name = '';
    for (let attempt = 0; !name || usedNames.has(name); attempt++) {
      const first = rng.pick(estateWords);
      let second = rng.pick(estateWords);
      while (second === first) second = rng.pick(estateWords);
      name = `${first}${second}${rng.pick(estateSuffixes)}${attempt > 20 ? attempt : ''}`;
    }
    usedNames.add(name);
    const code = `LS-P${pad(p + 1, 3)}`;
    const district = rng.pick(company.city.districts);
    writer.add('organization', [
      officeId,
      company.id,
      'project_office',
      `${name}管理处`,
      `${code}-GLC`,
      company.id,
      officePath,
      p + 1,
      `0${rng.int(10, 99)}-${rng.int(5000, 8999)}-${pad(rng.int(0, 9999), 4)}`,
      null,
    ]);
    writer.add('organization', [
      csDeptId,
      officeId,
      'department',
      '客服中心',
      `${code}-KF`,
      company.id,
      `${officePath}${csDeptId}/`,
      1,
      null,
      null,
    ]);
    writer.add('organization', [
      engDeptId,
      officeId,
      'department',
      '工程维修部',
      `${code}-GC`,
      company.id,
      `${officePath}${engDeptId}/`,
      2,
      null,
      null,
    ]);
    const rooms = Math.floor(size.rooms / size.projects) + (p < size.rooms % size.projects ? 1 : 0);
    const shops = Math.round(rooms * 0.04);
    const parking = Math.round(rooms * 0.08);
    projects.push({
      index: p,
      id: uid(tags.project, p),
      name,
      code,
      companyIndex: company.index,
      officeId,
      officePath,
      csDeptId,
      engDeptId,
      firstRoom,
      rooms,
      residence: rooms - shops - parking,
      shops,
      // Handed over between 2012 and 2023.
      deliveryDay: Date.UTC(rng.int(2012, 2023), rng.int(0, 11), rng.int(1, 28)),
      handlers: [],
      supervisor: { id: '', name: '' },
    });
    firstRoom += rooms;
    (projects[p] as ProjectPlan).address = `${company.city.name}市${district}${rng.pick(roads)} ${rng.int(1, 2999)} 弄`;
  }
  await writer.flush('organization');

  writer.table(
    'project',
    ['id', 'name', 'code', 'company_id', 'org_id', 'org_path', 'time_zone', 'address'],
    projects.length,
  );
  for (const p of projects) {
    const company = companies[p.companyIndex] as CompanyPlan;
    writer.add('project', [
      p.id,
      p.name,
      p.code,
      company.id,
      p.officeId,
      p.officePath,
      'Asia/Shanghai',
      p.address ?? null,
    ]);
  }
  await writer.flush('project');

  // Staff: an administrator, agents per company, a supervisor and handlers per project.
  writer.table(
    'app_user',
    [
      'id',
      'username',
      'name',
      'mobile',
      'org_id',
      'org_path',
      'company_id',
      'positions',
      'password_hash',
      'must_change_password',
      'password_changed_at',
    ],
    0,
  );
  writer.table('role_assignment', ['id', 'user_id', 'role_id', 'scope_kind', 'scope_org_id', 'scope_project_ids'], 0);
  let userIndex = 0;
  const addUser = (
    username: string,
    org: { id: string; path: string; companyId: string | null },
    position: string | null,
    roleCode: string,
    scope: { kind: 'all' } | { kind: 'org'; orgId: string } | { kind: 'projects'; projectIds: string[] },
  ): StaffRef => {
    const id = uid(tags.user, userIndex);
    const r = rowRng(seed, tags.user, userIndex++);
    const person = personName(r);
    writer.add('app_user', [
      id,
      username,
      person.name,
      mobile(r),
      org.id,
      org.path,
      org.companyId,
      position ? [position] : [],
      passwordHash,
      false,
      new Date(now),
    ]);
    const roleId = roles.get(roleCode);
    if (!roleId) throw new Error(`scale seed: role ${roleCode} missing (bootstrap)`);
    writer.add('role_assignment', [
      uid(tags.assignment, userIndex),
      id,
      roleId,
      scope.kind,
      scope.kind === 'org' ? scope.orgId : null,
      scope.kind === 'projects' ? scope.projectIds : [],
    ]);
    return { id, name: person.name };
  };
  addUser('gen_admin', { id: groupId, path: groupPath, companyId: null }, null, 'administrator', { kind: 'all' });
  for (const company of companies) {
    const firstProject = projects.find((p) => p.companyIndex === company.index) as ProjectPlan;
    for (let k = 1; k <= 3; k++) {
      company.agents.push(
        addUser(
          `gen_agent${pad(company.index + 1, 2)}${k}`,
          {
            id: firstProject.csDeptId,
            path: `${firstProject.officePath}${firstProject.csDeptId}/`,
            companyId: company.id,
          },
          '客服专员',
          'call_center_agent',
          { kind: 'org', orgId: company.id },
        ),
      );
    }
  }
  for (const p of projects) {
    const companyId = (companies[p.companyIndex] as CompanyPlan).id;
    p.supervisor = addUser(
      `gen_supervisor${pad(p.index + 1, 3)}`,
      { id: p.csDeptId, path: `${p.officePath}${p.csDeptId}/`, companyId },
      '客服主管',
      'supervisor',
      { kind: 'org', orgId: p.officeId },
    );
    for (let k = 1; k <= 3; k++) {
      p.handlers.push(
        addUser(
          `gen_handler${pad(p.index + 1, 3)}${k}`,
          { id: p.engDeptId, path: `${p.officePath}${p.engDeptId}/`, companyId },
          '维修工',
          'handler',
          { kind: 'projects', projectIds: [p.id] },
        ),
      );
    }
  }
  await writer.flushAll(['app_user', 'role_assignment']);

  // ── buildings, units, rooms ────────────────────────────────────────────────
  const roomSamples: string[] = [];
  writer.table('building', ['id', 'project_id', 'code', 'name', 'sort_order'], 0);
  writer.table('unit', ['id', 'project_id', 'building_id', 'code', 'name', 'sort_order'], 0);
  writer.table(
    'room',
    [
      'id',
      'project_id',
      'building_id',
      'unit_id',
      'floor',
      'number',
      'code',
      'type',
      'gross_area',
      'net_area',
      'layout',
      'orientation',
      'status',
      'delivery_date',
    ],
    size.rooms,
  );
  let buildingIndex = 0;
  let unitIndex = 0;
  const flushProperty = async () => {
    if (writer.full('room') || writer.full('unit')) await writer.flushAll(['building', 'unit', 'room']);
  };
  for (const p of projects) {
    const prng = rowRng(seed, tags.project, p.index);
    let g = p.firstRoom;
    const addRoom = (
      buildingId: string,
      unitId: string | null,
      floor: number,
      number: string,
      code: string,
      type: string,
      area: number,
    ) => {
      const r = rowRng(seed, tags.room, g);
      const status = r.weighted([
        ['occupied', 72],
        ['delivered', 10],
        ['vacant', 8],
        ['decorating', 5],
        ['sold', 5],
      ] as const);
      const gross = area + r.int(-800, 800) / 100;
      writer.add('room', [
        uid(tags.room, g),
        p.id,
        buildingId,
        unitId,
        floor,
        number,
        code,
        type,
        gross.toFixed(2),
        (gross * 0.78).toFixed(2),
        type === 'residence' ? r.pick(layouts) : null,
        type === 'residence' ? r.pick(orientations) : null,
        status,
        status === 'sold' ? null : isoDay(p.deliveryDay + r.int(0, 60) * DAY),
      ]);
      if (roomSamples.length < 20 && type === 'residence') roomSamples.push(code);
      g++;
    };
    // Residential towers: 2 units, 2 homes a floor, floors 4, 13 and 14 skipped in the labels.
    let left = p.residence;
    for (let b = 1; left > 0; b++) {
      const buildingId = uid(tags.building, buildingIndex++);
      writer.add('building', [buildingId, p.id, String(b), `${b}号楼`, b]);
      const floors = prng.pick([11, 18, 26, 33]);
      const labels: number[] = [];
      for (let f = 1; labels.length < floors; f++) if (f !== 4 && f !== 13 && f !== 14) labels.push(f);
      const area = prng.pick([89, 98, 118, 128, 143]);
      for (let u = 1; u <= 2 && left > 0; u++) {
        const unitId = uid(tags.unit, unitIndex++);
        writer.add('unit', [unitId, p.id, buildingId, String(u), `${u}单元`, u]);
        for (const floor of labels) {
          for (let h = 1; h <= 2 && left > 0; h++, left--) {
            const number = `${floor}${pad(h, 2)}`;
            addRoom(buildingId, unitId, floor, number, `${b}-${u}-${number}`, 'residence', area);
          }
          if (left <= 0) break;
        }
        await flushProperty();
      }
    }
    if (p.shops > 0) {
      const buildingId = uid(tags.building, buildingIndex++);
      writer.add('building', [buildingId, p.id, 'S', '商业街', 900]);
      for (let k = 1; k <= p.shops; k++) {
        const number = `1${pad(k, 3)}`;
        addRoom(buildingId, null, 1, number, `S-${number}`, 'shop', prng.pick([45, 60, 80, 120]));
        await flushProperty();
      }
    }
    const parking = p.rooms - p.residence - p.shops;
    if (parking > 0) {
      const buildingId = uid(tags.building, buildingIndex++);
      writer.add('building', [buildingId, p.id, 'P', '地下车库', 901]);
      for (let k = 1; k <= parking; k++) {
        const number = `B1${pad(k, 4)}`;
        addRoom(buildingId, null, -1, number, `P-${number}`, 'parking', 13);
        await flushProperty();
      }
    }
  }
  await writer.flushAll(['building', 'unit', 'room']);

  // ── customers, phones, occupancy ───────────────────────────────────────────
  const projectOfRoom = (g: number): ProjectPlan => {
    let lo = 0;
    let hi = projects.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((projects[mid] as ProjectPlan).firstRoom <= g) lo = mid;
      else hi = mid - 1;
    }
    return projects[lo] as ProjectPlan;
  };
  /** A customer's room, kind, name and primary mobile: what a ticket needs, recomputed on demand. */
  const customerCore = (i: number) => {
    const r = rowRng(seed, tags.customer, i);
    const owner = i < size.rooms;
    const roomIndex = owner ? i : mix(seed, 0x0cc, i) % size.rooms;
    const project = projectOfRoom(roomIndex);
    const local = roomIndex - project.firstRoom;
    const type =
      local < project.residence ? 'residence' : local < project.residence + project.shops ? 'shop' : 'parking';
    const company = companies[project.companyIndex] as CompanyPlan;
    const organisation = owner && (type === 'shop' ? r.chance(0.6) : r.chance(0.01));
    const name = organisation ? organisationName(r, company.city.name) : personName(r);
    return { r, owner, roomIndex, project, company, organisation, name, phone: mobile(r) };
  };
  const customerNames: string[] = [];
  const phoneSamples: string[] = [];
  const codeCounters = companies.map(() => 0);
  const idKeys = new Set<number>();
  const usccs = new Set<string>();
  const day0 = Date.UTC(1948, 0, 1);
  writer.table(
    'customer',
    [
      'id',
      'company_id',
      'org_path',
      'code',
      'kind',
      'name',
      'name_pinyin',
      'name_initials',
      'gender',
      'birthday',
      'id_type',
      'id_number_encrypted',
      'id_number_hash',
      'id_last6_hash',
      'id_number_masked',
      'source',
      'created_at',
      'updated_at',
    ],
    size.customers,
  );
  writer.table('customer_phone', ['id', 'customer_id', 'number', 'last4', 'label', 'is_primary', 'created_at'], 0);
  writer.table(
    'occupancy',
    ['id', 'customer_id', 'room_id', 'project_id', 'role', 'from_date', 'to_date', 'note', 'created_at', 'ended_at'],
    size.customers,
  );
  let phoneIndex = 0;
  for (let i = 0; i < size.customers; i++) {
    const c = customerCore(i);
    const { r } = c;
    const id = uid(tags.customer, i);
    let idNumber: string | null = null;
    let gender: string | null = null;
    let birthday: string | null = null;
    let idType: 'resident_id' | 'uscc' | null = null;
    if (c.organisation) {
      idType = 'uscc';
      do idNumber = uscc(r, r.pick(c.company.city.counties));
      while (usccs.has(idNumber));
      usccs.add(idNumber);
    } else if (r.chance(c.owner ? 0.9 : 0.6)) {
      // Unique across the run: a repeated county + birth date + sequence draws again.
      for (;;) {
        const resident = residentId(r, c.company.city.counties);
        const key =
          (Number(resident.number.slice(0, 6)) % 997) * 2 ** 25 +
          Math.round((Date.parse(resident.birthday) - day0) / DAY) * 1024 +
          Number(resident.number.slice(14, 17));
        if (idKeys.has(key)) continue;
        idKeys.add(key);
        idType = 'resident_id';
        idNumber = resident.number;
        gender = resident.gender;
        birthday = resident.birthday;
        break;
      }
    }
    const identity = identityColumns({ secrets }, { idType, idNumber });
    const codeNo = (codeCounters[c.company.index] ?? 0) + 1;
    codeCounters[c.company.index] = codeNo;
    const code = `KH${pad(codeNo, 6)}`;
    const createdAt = new Date(Math.min(c.project.deliveryDay + r.int(0, 400) * DAY, now - DAY));
    writer.add('customer', [
      id,
      c.company.id,
      c.company.path,
      code,
      c.organisation ? 'organisation' : 'person',
      c.name.name,
      c.name.pinyin,
      c.name.initials,
      gender,
      birthday,
      identity.idType,
      identity.idNumberEncrypted,
      identity.idNumberHash,
      identity.idLast6Hash,
      identity.idNumberMasked,
      c.owner ? '交付' : '入住登记',
      createdAt,
      createdAt,
    ]);
    writer.add('customer_phone', [
      uid(tags.phone, phoneIndex++),
      id,
      c.phone,
      c.phone.slice(-4),
      '本人',
      true,
      createdAt,
    ]);
    if (r.chance(0.2)) {
      const second = mobile(r);
      writer.add('customer_phone', [
        uid(tags.phone, phoneIndex++),
        id,
        second,
        second.slice(-4),
        '家属',
        false,
        createdAt,
      ]);
    }
    if (customerNames.length < 20 && !c.organisation) customerNames.push(c.name.name);
    if (phoneSamples.length < 20) phoneSamples.push(c.phone);
    // Owners from handover; tenants and residents later; some tenants have moved out (history).
    const roomId = uid(tags.room, c.roomIndex);
    const delivered = c.project.deliveryDay + r.int(0, 90) * DAY;
    let role = 'owner';
    let from = delivered;
    let to: number | null = null;
    if (!c.owner) {
      role = r.weighted([
        ['tenant', 45],
        ['resident', 35],
        ['former', 20],
      ] as const);
      const span = Math.max(now - DAY - delivered, DAY);
      from = delivered + Math.floor(r.next() * span);
      if (role === 'former') {
        role = 'tenant';
        to = Math.min(from + r.int(180, 900) * DAY, now - DAY);
      }
    }
    writer.add('occupancy', [
      uid(tags.occupancy, i),
      id,
      roomId,
      c.project.id,
      role,
      isoDay(from),
      to === null ? null : isoDay(to),
      to === null ? null : '租约到期退租',
      new Date(from),
      to === null ? null : new Date(to),
    ]);
    if (writer.full('customer') || writer.full('customer_phone')) {
      await writer.flushAll(['customer', 'customer_phone', 'occupancy']);
    }
  }
  await writer.flushAll(['customer', 'customer_phone', 'occupancy']);
  idKeys.clear();

  // ── tickets with receptions, timelines, visits, escalations and timers ───────
  writer.table(
    'reception_record',
    [
      'id',
      'company_id',
      'org_path',
      'project_id',
      'public_no',
      'channel',
      'caller_name',
      'caller_phone',
      'customer_id',
      'room_id',
      'content',
      'agent_id',
      'received_at',
      'created_at',
      'updated_at',
    ],
    0,
  );
  const ticketColumns = [
    'id',
    'company_id',
    'org_path',
    'project_id',
    'public_no',
    'reception_id',
    'type',
    'catalogue_item_id',
    'room_id',
    'customer_id',
    'contact_name',
    'contact_phone',
    'title',
    'content',
    'severity',
    'state',
    'owner_agent_id',
    'handler_kind',
    'handler_user_id',
    'handler_org_id',
    'dispatch_method',
    'dispatched_at',
    'accepted_at',
    'resolved_at',
    'closed_at',
    'resolution',
    'clock_mode',
    'response_minutes',
    'resolution_minutes',
    'clock_started_at',
    'response_due_at',
    'resolution_due_at',
    'paused_at',
    'response_overdue',
    'resolution_overdue',
    'sla_warned',
    'escalation_level',
    'escalation_count',
    'return_visit_required',
    'satisfaction',
    'cancel_reason',
    'version',
    'created_at',
    'updated_at',
  ] as const;
  writer.table('ticket', ticketColumns, size.tickets);
  writer.table(
    'ticket_event',
    [
      'id',
      'ticket_id',
      'kind',
      'from_state',
      'to_state',
      'actor_id',
      'actor_name',
      'visibility',
      'body',
      'data',
      'occurred_at',
    ],
    0,
  );
  writer.table(
    'return_visit',
    [
      'id',
      'ticket_id',
      'round',
      'agent_id',
      'due_at',
      'visited_at',
      'visited_by',
      'reached',
      'satisfaction',
      'outcome',
      'created_at',
    ],
    0,
  );
  writer.table(
    'ticket_escalation',
    ['id', 'ticket_id', 'round', 'clock', 'level', 'level_name', 'recipient_ids', 'senior', 'fired_at'],
    0,
  );
  writer.table(
    'sla_timer',
    ['id', 'ticket_id', 'round', 'clock', 'kind', 'level', 'fire_at', 'fired_at', 'cancelled_at'],
    0,
  );
  const ticketOrder = ['reception_record', 'ticket', 'ticket_event', 'return_visit', 'ticket_escalation', 'sla_timer'];
  const counters = new Map<string, number>();
  const nextNo = (prefix: string, at: number) => {
    // Beijing has no daylight saving: the project's day is UTC+8.
    const day = new Date(at + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
    const key = `${prefix}-${day}`;
    const value = (counters.get(key) ?? 0) + 1;
    counters.set(key, value);
    return `${key}-${pad(value, 4)}`;
  };
  const span = 730 * DAY;
  const startAt = now - span;
  let eventIndex = 0;
  let timerIndex = 0;
  let receptionIndex = 0;
  let escalationIndex = 0;
  const ticketSamples: string[] = [];
  for (let t = 0; t < size.tickets; t++) {
    const r = rowRng(seed, tags.ticket, t);
    // Chronological, a little jitter; fewer at night is left to the plan's hour of day.
    const createdAt = Math.min(startAt + Math.floor(((t + r.next()) / size.tickets) * span), now - MINUTE);
    const project = projects[r.int(0, projects.length - 1)] as ProjectPlan;
    const company = companies[project.companyIndex] as CompanyPlan;
    const local = r.chance(0.93) ? r.int(0, Math.max(project.residence - 1, 0)) : r.int(0, project.rooms - 1);
    const roomIndex = project.firstRoom + local;
    const withCustomer = roomIndex < size.customers && r.chance(0.92);
    const customer = withCustomer ? customerCore(roomIndex) : null;
    const plan = planTicket(r, {
      createdAt,
      now,
      catalogue,
      agent: r.pick(company.agents),
      handler: r.pick(project.handlers),
      supervisor: project.supervisor,
      handlerOrgId: project.engDeptId,
      csOrgId: project.csDeptId,
    });
    const ticketId = uid(tags.ticket, t);
    const publicNo = nextNo(ticketPrefixes[plan.type], createdAt);
    if (ticketSamples.length < 10) ticketSamples.push(publicNo);
    const contactName = customer ? customer.name.name : personName(r).name;
    const contactPhone = customer ? customer.phone : mobile(r);
    let receptionId: string | null = null;
    if (r.chance(0.7)) {
      receptionId = uid(tags.reception, receptionIndex++);
      const receivedAt = createdAt - r.int(1, 6) * MINUTE;
      writer.add('reception_record', [
        receptionId,
        company.id,
        project.officePath,
        project.id,
        nextNo('JD', receivedAt),
        r.weighted([
          ['phone', 75],
          ['walk_in', 10],
          ['wechat', 10],
          ['portal', 5],
        ] as const),
        contactName,
        contactPhone,
        customer ? uid(tags.customer, roomIndex) : null,
        uid(tags.room, roomIndex),
        plan.content,
        plan.agent.id,
        new Date(receivedAt),
        new Date(receivedAt),
        new Date(receivedAt),
      ]);
    }
    const row: Record<(typeof ticketColumns)[number], unknown> = {
      id: ticketId,
      company_id: company.id,
      org_path: project.officePath,
      project_id: project.id,
      public_no: publicNo,
      reception_id: receptionId,
      type: plan.type,
      catalogue_item_id: plan.item?.id ?? null,
      room_id: uid(tags.room, roomIndex),
      customer_id: customer ? uid(tags.customer, roomIndex) : null,
      contact_name: contactName,
      contact_phone: contactPhone,
      title: plan.title,
      content: plan.content,
      severity: plan.severity,
      state: plan.state,
      owner_agent_id: plan.agent.id,
      handler_kind: plan.handler ? 'user' : null,
      handler_user_id: plan.handler?.id ?? null,
      handler_org_id: plan.handler ? plan.handlerOrgId : null,
      dispatch_method: plan.handler ? plan.dispatchMethod : null,
      dispatched_at: plan.dispatchedAt,
      accepted_at: plan.acceptedAt,
      resolved_at: plan.resolvedAt,
      closed_at: plan.closedAt,
      resolution: plan.resolution,
      clock_mode: plan.calendarTime ? 'calendar' : 'business',
      response_minutes: plan.responseMinutes,
      resolution_minutes: plan.resolutionMinutes,
      clock_started_at: new Date(createdAt),
      response_due_at: plan.responseDueAt,
      resolution_due_at: plan.resolutionDueAt,
      paused_at: plan.pausedAt,
      response_overdue: plan.responseOverdue,
      resolution_overdue: plan.resolutionOverdue,
      sla_warned: plan.slaWarned,
      escalation_level: plan.escalationLevel,
      escalation_count: plan.escalationLevel,
      return_visit_required: plan.returnVisitRequired,
      satisfaction: plan.satisfaction,
      cancel_reason: plan.cancelReason,
      version: plan.events.length,
      created_at: new Date(createdAt),
      updated_at: plan.updatedAt,
    };
    writer.add(
      'ticket',
      ticketColumns.map((c) => row[c] as never),
    );
    for (const e of plan.events) {
      writer.add('ticket_event', [
        uid(tags.event, eventIndex++),
        ticketId,
        e.kind,
        e.from,
        e.to,
        e.actor?.id ?? null,
        e.actor?.name ?? null,
        e.visibility,
        e.body,
        JSON.stringify(e.data),
        e.at,
      ]);
    }
    if (plan.visit) {
      const v = plan.visit;
      writer.add('return_visit', [
        uid(tags.visit, t),
        ticketId,
        1,
        plan.agent.id,
        v.dueAt,
        v.visitedAt,
        v.visitedAt ? plan.agent.id : null,
        v.visitedAt ? true : null,
        v.satisfaction,
        v.visitedAt ? 'closed' : null,
        plan.resolvedAt,
      ]);
    }
    for (const esc of plan.escalations) {
      writer.add('ticket_escalation', [
        uid(tags.escalation, escalationIndex++),
        ticketId,
        1,
        'resolution',
        esc.level,
        esc.name,
        [],
        false,
        esc.at,
      ]);
    }
    for (const timer of plan.timers) {
      writer.add('sla_timer', [
        uid(tags.timer, timerIndex++),
        ticketId,
        1,
        timer.clock,
        timer.kind,
        timer.level,
        timer.fireAt,
        timer.firedAt,
        null,
      ]);
    }
    if (writer.full('ticket') || writer.full('ticket_event')) await writer.flushAll(ticketOrder);
  }
  await writer.flushAll(ticketOrder);

  // The counters behind the public numbers, so tickets created later on these days follow on.
  writer.table('public_number_counter', ['prefix', 'day', 'value'], counters.size);
  for (const [key, value] of counters) {
    const [prefix, day] = key.split('-') as [string, string];
    writer.add('public_number_counter', [prefix, day, value]);
    if (writer.full('public_number_counter')) await writer.flush('public_number_counter');
  }
  await writer.flush('public_number_counter');

  const firstCompany = companies[0] as CompanyPlan;
  return {
    scale: options.scale,
    seed,
    rows: { ...writer.counts },
    seconds: 0,
    samples: {
      companyId: firstCompany.id,
      projectIds: projects.map((p) => p.id),
      phones: phoneSamples,
      customerNames,
      roomCodes: roomSamples,
    },
  };
}
