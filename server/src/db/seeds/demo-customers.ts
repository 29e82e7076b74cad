import { and, asc, eq, inArray } from 'drizzle-orm';
import { nameKeys } from '../../modules/customer/customer.names.js';
import { customer, customerPhone, occupancy } from '../../modules/customer/customer.table.js';
import { room } from '../../modules/property/property.table.js';
import type { AuditRecorder } from '../../platform/audit.js';
import { residentIdCheckChar, usccCheckChar } from '../../platform/identity.js';
import { maskIdNumber } from '../../platform/mask.js';
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
