import { and, asc, eq, inArray } from 'drizzle-orm';
import { nameKeys } from '../../modules/customer/customer.names.js';
import {
  contactRecord,
  customer,
  customerBankAccount,
  customerContact,
  customerEvent,
  customerPhone,
  occupancy,
} from '../../modules/customer/customer.table.js';
import { room } from '../../modules/property/property.table.js';
import type { AuditRecorder } from '../../platform/audit.js';
import { residentIdCheckChar, usccCheckChar } from '../../platform/identity.js';
import { beijingDay } from '../../platform/locale.js';
import { maskBankAccount, maskIdNumber } from '../../platform/mask.js';
import type { Secrets } from '../../platform/secrets.js';
import type { Tx } from '../client.js';

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢';
const givenNames = [
  '建国',
  '秀英',
  '志强',
  '丽华',
  '海燕',
  '明辉',
  '晓东',
  '雪梅',
  '俊杰',
  '玉兰',
  '国庆',
  '淑珍',
  '伟',
  '芳',
  '静',
  '磊',
  '敏',
  '洋',
  '婷',
  '强',
  '军',
  '杰',
  '娟',
  '涛',
  '超',
  '霞',
  '平',
  '刚',
  '桂英',
  '子涵',
  '雨桐',
  '浩然',
  '欣怡',
  '宇轩',
];

/** A deterministic sequence, so the demo data is the same on every fresh install. */
function* numbers(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield x;
  }
}

function residentId(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * Owners for most lived-in rooms of the demo projects, some tenants and family residents, and
 * two organisation customers (a shop tenant and a kindergarten), with valid ID numbers.
 */
export async function seedDemoCustomers(
  tx: Tx,
  audit: AuditRecorder,
  secrets: Secrets,
  company: { id: string; path: string; region: string },
  projectIds: string[],
  limit: number,
): Promise<number> {
  const random = numbers(company.region.charCodeAt(0) * 7919 + limit);
  const next = (n: number) => (random.next().value as number) % n;
  // An even share of the rooms of each project, in the order given: ordering by project id would
  // fill the first project by its random id and leave the others without customers.
  const perProject = Math.ceil(limit / projectIds.length);
  const rooms = [];
  for (const projectId of projectIds) {
    const share = await tx
      .select({
        id: room.id,
        projectId: room.projectId,
        code: room.code,
        status: room.status,
        type: room.type,
        deliveryDate: room.deliveryDate,
      })
      .from(room)
      .where(
        and(
          eq(room.projectId, projectId),
          inArray(room.status, ['occupied', 'delivered', 'decorating', 'vacant', 'sold']),
        ),
      )
      .orderBy(asc(room.code))
      .limit(Math.min(perProject, limit - rooms.length));
    rooms.push(...share);
  }
  let seq = 0;
  const usedIds = new Set<string>();
  const add = async (input: {
    kind: 'person' | 'organisation';
    name: string;
    idType: 'resident_id' | 'uscc';
    idNumber: string;
    mobile: string;
    gender?: 'male' | 'female' | null;
    birthday?: string | null;
    tags?: string[];
    source?: string;
  }) => {
    seq++;
    const keys = nameKeys(input.name);
    const [row] = await tx
      .insert(customer)
      .values({
        companyId: company.id,
        orgPath: company.path,
        code: `KH${String(seq).padStart(6, '0')}`,
        kind: input.kind,
        name: input.name,
        namePinyin: keys.pinyin,
        nameInitials: keys.initials,
        gender: input.gender ?? null,
        birthday: input.birthday ?? null,
        idType: input.idType,
        idNumberEncrypted: secrets.encrypt(input.idNumber),
        idNumberHash: secrets.hash(input.idNumber),
        idLast6Hash: secrets.hash(input.idNumber.slice(-6)),
        idNumberMasked: maskIdNumber(input.idNumber),
        source: input.source ?? 'call_in',
        tags: input.tags ?? [],
      })
      .returning();
    if (!row) throw new Error('demo seed: insert customer returned nothing');
    await tx
      .insert(customerPhone)
      .values({ customerId: row.id, number: input.mobile, last4: input.mobile.slice(-4), isPrimary: true });
    return row;
  };
  const person = async () => {
    const female = next(2) === 0;
    const name = `${surnames[next(surnames.length)]}${givenNames[next(givenNames.length)]}`;
    const birth = `${1955 + next(45)}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`;
    // The sequence digits are odd for men and even for women, as GB 11643 has it; a repeat is
    // moved to the next free sequence.
    let order = next(400) * 2 + (female ? 0 : 1);
    let idNumber = residentId(company.region, birth, order);
    while (usedIds.has(idNumber)) {
      order = (order + 2) % 1000;
      idNumber = residentId(company.region, birth, order);
    }
    usedIds.add(idNumber);
    const mobile = `1${[3, 5, 7, 8, 9][next(5)]}${String(next(1_000_000_000)).padStart(9, '0')}`;
    const tags = next(12) === 0 ? ['vip'] : next(15) === 0 ? ['elderly_alone'] : [];
    return add({
      kind: 'person',
      name,
      idType: 'resident_id',
      idNumber,
      mobile,
      gender: female ? 'female' : 'male',
      birthday: birth,
      tags,
    });
  };
  let created = 0;
  for (const r of rooms) {
    const from = r.deliveryDate ?? '2024-01-01';
    if (r.type === 'shop') {
      const first17 = `91310115MA1${String(100_000 + next(900_000))}`;
      const org = await add({
        kind: 'organisation',
        name: `上海${['鲜果', '便利', '轻食', '洗衣', '烘焙'][next(5)]}商贸有限公司`,
        idType: 'uscc',
        idNumber: first17 + usccCheckChar(first17),
        mobile: `139${String(next(100_000_000)).padStart(8, '0')}`,
        source: 'agent',
      });
      await tx
        .insert(occupancy)
        .values({ customerId: org.id, roomId: r.id, projectId: r.projectId, role: 'owner', fromDate: from });
      created++;
      continue;
    }
    const owner = await person();
    await tx
      .insert(occupancy)
      .values({ customerId: owner.id, roomId: r.id, projectId: r.projectId, role: 'owner', fromDate: from });
    created++;
    if (r.status === 'occupied' && next(5) === 0) {
      // A let flat: the tenant lives there, the owner does not.
      const tenant = await person();
      await tx.insert(occupancy).values({
        customerId: tenant.id,
        roomId: r.id,
        projectId: r.projectId,
        role: 'tenant',
        fromDate: '2025-03-01',
      });
      created++;
    } else if (r.status === 'occupied') {
      await tx
        .insert(occupancy)
        .values({ customerId: owner.id, roomId: r.id, projectId: r.projectId, role: 'resident', fromDate: from });
    }
  }
  audit.record({
    action: 'customer.create',
    entityType: 'customer',
    orgPath: company.path,
    summary: `演示数据：客户 ${created} 位及其房间关系`,
  });
  return created;
}

// ── the profile extras of the ledger ───────────────────────────────────────

/** Debit card prefixes (BIN) and lengths of banks found in every Chinese city. */
const banks: ReadonlyArray<{ name: string; bin: string; length: number }> = [
  { name: '中国工商银行', bin: '622202', length: 19 },
  { name: '中国建设银行', bin: '621700', length: 19 },
  { name: '中国农业银行', bin: '622848', length: 19 },
  { name: '中国银行', bin: '621661', length: 19 },
  { name: '交通银行', bin: '622262', length: 19 },
  { name: '招商银行', bin: '621483', length: 16 },
  { name: '上海浦东发展银行', bin: '622521', length: 16 },
];
const branches: Record<string, string[]> = {
  '310115': ['上海浦东支行', '陆家嘴支行', '张江支行', '世纪大道支行', '花木支行', '闵行支行'],
  '330106': ['杭州西湖支行', '文三路支行', '紫金港支行', '黄龙支行'],
};

/** The Luhn check digit bank card numbers end with. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const recordSamples: ReadonlyArray<readonly ['call' | 'visit' | 'message' | 'wechat' | 'email', string]> = [
  ['call', '业主来电咨询物业费银行托收的办理方式，已告知需提供本人银行卡及身份证复印件。'],
  ['call', '来电反映楼道灯不亮，已登记报修，工程部当天处理完毕。'],
  ['call', '回访上周的维修：业主对维修结果满意，建议维修前先电话预约。'],
  ['visit', '管家上门走访，业主反映地下车库排风声音较大，已转工程部评估。'],
  ['visit', '业主到客服中心办理门禁卡补办，已收取工本费并登记。'],
  ['wechat', '微信通知本周六 9:00–12:00 停水检修，业主已回复收到。'],
  ['wechat', '业主微信发来阳台渗水照片，已约定周三上门查看。'],
  ['message', '短信提醒第四季度物业费缴费期限，业主未回复。'],
  ['email', '按业主要求将 2026 年度物业费电子发票发送至其邮箱。'],
  ['call', '业主来电询问装修垃圾清运时间，已告知每日 17:00 后统一清运。'],
];

const eventSamples: ReadonlyArray<readonly [category: string, description: string]> = [
  ['renovation', '业主办理装修手续，已签订装修管理协议并交纳装修押金，施工期 60 天。'],
  ['major_complaint', '业主投诉楼上漏水导致天花板受损，多次协调未果，已升级至项目经理跟进。'],
  ['media', '业主在本地论坛发帖反映电梯故障问题，品质部已联系业主沟通并回复帖子。'],
  ['legal', '业主因车位归属问题向法院起诉开发商，物业配合提供车位使用记录。'],
  ['key_customer', '业主为业委会成员，重大事项需提前沟通。'],
  ['arrears', '物业费欠缴两个季度，已发催缴通知书，业主承诺月底前缴清。'],
  ['property_sale', '业主告知房屋已挂牌出售，成交后办理物业过户与费用结清。'],
  ['other', '业主长期在外地工作，房屋由其父母代为照看。'],
];

/**
 * The ledger beyond identity and rooms, for a realistic share of the demo customers: family
 * members, an emergency contact, bank accounts for direct debit, contact records by the
 * company's agent and a few customer events. Deterministic for a given seed time.
 */
export async function seedDemoProfiles(
  tx: Tx,
  audit: AuditRecorder,
  secrets: Secrets,
  company: { id: string; path: string; region: string },
  staff: { id: string; name: string },
  now: Date,
): Promise<void> {
  const random = numbers(company.region.charCodeAt(1) * 104_729 + 17);
  const next = (n: number) => (random.next().value as number) % n;
  const pick = <T>(list: readonly T[]): T => list[next(list.length)] as T;
  const mobile = () => `1${[3, 5, 7, 8, 9][next(5)]}${String(next(1_000_000_000)).padStart(9, '0')}`;
  const givenName = (female: boolean) =>
    pick(
      female
        ? ['秀英', '丽华', '海燕', '雪梅', '玉兰', '淑珍', '芳', '静', '婷', '欣怡', '雨桐']
        : ['建国', '志强', '明辉', '晓东', '俊杰', '国庆', '伟', '磊', '强', '浩然', '宇轩'],
    );
  const customers = await tx
    .select({ id: customer.id, kind: customer.kind, name: customer.name, gender: customer.gender })
    .from(customer)
    .where(eq(customer.companyId, company.id))
    .orderBy(asc(customer.code));
  const rooms = await tx
    .select({ customerId: occupancy.customerId, roomId: occupancy.roomId })
    .from(occupancy)
    .innerJoin(customer, eq(customer.id, occupancy.customerId))
    .where(eq(customer.companyId, company.id))
    .orderBy(asc(occupancy.fromDate));
  const roomOf = new Map(rooms.map((r) => [r.customerId, r.roomId]));
  const counts = { family: 0, emergency: 0, accounts: 0, records: 0, events: 0 };
  const contacts: (typeof customerContact.$inferInsert)[] = [];
  const accounts: (typeof customerBankAccount.$inferInsert)[] = [];
  const records: (typeof contactRecord.$inferInsert)[] = [];
  const events: (typeof customerEvent.$inferInsert)[] = [];
  const usedNumbers = new Set<string>();
  const account = (customerId: string, accountName: string, isPrimary: boolean, corporate: boolean) => {
    let number: string;
    do {
      if (corporate) {
        number = `3105${String(next(1_000_000_000)).padStart(9, '0')}${String(next(10_000_000)).padStart(7, '0')}`;
      } else {
        const bank = pick(banks);
        const body =
          `${bank.bin}${String(next(1_000_000_000)).padStart(9, '0')}${String(next(10_000)).padStart(4, '0')}`.slice(
            0,
            bank.length - 1,
          );
        number = body + luhnCheckDigit(body);
      }
    } while (usedNumbers.has(number));
    usedNumbers.add(number);
    const bankName = corporate ? '中国建设银行' : (banks.find((b) => number.startsWith(b.bin))?.name ?? '中国工商银行');
    accounts.push({
      customerId,
      bankName,
      branch: pick(branches[company.region] ?? ['营业部']),
      accountName,
      accountNumberEncrypted: secrets.encrypt(number),
      accountNumberHash: secrets.hash(number),
      accountNumberMasked: maskBankAccount(number),
      isPrimary,
    });
    counts.accounts++;
  };
  const daysAgo = (days: number, hour: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days, hour - 8, next(60)));

  let people = 0;
  for (const c of customers) {
    const roomId = roomOf.get(c.id) ?? null;
    if (c.kind === 'organisation') {
      if (next(2) === 0) account(c.id, c.name, true, true);
      continue;
    }
    // Every twelfth person has a full ledger, so that the 360 page shows every tab filled.
    const full = people++ % 12 === 0;
    const surname = c.name.slice(0, 1);
    if (next(100) < 45 || full) {
      const spouseFemale = c.gender !== 'female';
      contacts.push({
        customerId: c.id,
        kind: 'family',
        name: `${pick([...surnames])}${givenName(spouseFemale)}`,
        relation: 'spouse',
        mobile: mobile(),
        gender: spouseFemale ? 'female' : 'male',
      });
      counts.family++;
      if (next(2) === 0 || full) {
        const female = next(2) === 0;
        contacts.push({
          customerId: c.id,
          kind: 'family',
          name: `${surname}${givenName(female)}`,
          relation: 'child',
          mobile: next(3) === 0 ? null : mobile(),
          gender: female ? 'female' : 'male',
          notes: next(4) === 0 ? '在外地读书' : null,
        });
        counts.family++;
      }
    }
    if (next(100) < 12) {
      const female = next(2) === 0;
      contacts.push({
        customerId: c.id,
        kind: 'family',
        name: `${surname}${givenName(female)}`,
        relation: 'parent',
        mobile: mobile(),
        gender: female ? 'female' : 'male',
        notes: next(2) === 0 ? '同住，年事已高' : null,
      });
      counts.family++;
    }
    if (next(100) < 30 || full) {
      const female = next(2) === 0;
      contacts.push({
        customerId: c.id,
        kind: 'emergency',
        name: `${pick([...surnames])}${givenName(female)}`,
        relation: pick(['sibling', 'relative', 'friend', 'colleague']),
        mobile: mobile(),
        gender: female ? 'female' : 'male',
        notes: next(3) === 0 ? '业主外出时可联系' : null,
      });
      counts.emergency++;
    }
    if (next(100) < 30 || full) {
      account(c.id, c.name, true, false);
      if (next(8) === 0 || full) account(c.id, c.name, false, false);
    }
    if (next(100) < 35 || full) {
      const n = full ? 3 + next(3) : 1 + next(3);
      const first = next(recordSamples.length);
      for (let i = 0; i < n; i++) {
        // Different samples for one customer: 3 and the number of samples share no divisor.
        const [channel, summary] = recordSamples[
          (first + i * 3) % recordSamples.length
        ] as (typeof recordSamples)[number];
        records.push({
          customerId: c.id,
          roomId,
          channel,
          occurredAt: daysAgo(1 + next(120), 9 + next(9)),
          summary,
          staffId: staff.id,
          staffName: staff.name,
        });
        counts.records++;
      }
    }
    if (next(100) < 10 || full) {
      const first = next(eventSamples.length);
      for (let i = 0; i < (full ? 2 : 1); i++) {
        const [category, description] = eventSamples[
          (first + i * 3) % eventSamples.length
        ] as (typeof eventSamples)[number];
        events.push({
          customerId: c.id,
          roomId,
          category,
          occurredOn: beijingDay(daysAgo(10 + next(400), 12)),
          description,
          handlerId: staff.id,
          handlerName: staff.name,
        });
        counts.events++;
      }
    }
  }
  if (contacts.length) await tx.insert(customerContact).values(contacts);
  if (accounts.length) await tx.insert(customerBankAccount).values(accounts);
  if (records.length) await tx.insert(contactRecord).values(records);
  if (events.length) await tx.insert(customerEvent).values(events);
  audit.record({
    action: 'customer.create',
    entityType: 'customer',
    orgPath: company.path,
    summary:
      `演示数据：家庭成员 ${counts.family} 位、紧急联系人 ${counts.emergency} 位、银行账户 ${counts.accounts} 个、` +
      `沟通记录 ${counts.records} 条、客户事件 ${counts.events} 条`,
  });
}
