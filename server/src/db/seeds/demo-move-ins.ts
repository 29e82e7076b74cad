import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { customer, moveIn, occupancy, renameRequest } from '../../modules/customer/customer.table.js';
import { project } from '../../modules/project/project.table.js';
import { room } from '../../modules/property/property.table.js';
import type { AuditRecorder } from '../../platform/audit.js';
import type { Tx } from '../client.js';

const inspectionNotes = [
  '验收合格，水电燃气表读数已确认',
  '客厅墙面一处细微裂缝，已登记整改，约定 15 日内修复',
  '主卧窗户密封条脱落，工程部已更换',
  '卫生间地漏返味，已安排工程部跟进',
  '验收合格，钥匙 3 套、门禁卡 2 张已领取',
  null,
];

/** Characters a clerk easily mixes up, for the rename requests of the demo (英 ↔ 瑛). */
const homophones: Record<string, string> = {
  国: '帼',
  英: '瑛',
  强: '蔷',
  华: '骅',
  燕: '艳',
  辉: '晖',
  东: '冬',
  梅: '玫',
  杰: '洁',
  兰: '岚',
  庆: '青',
  珍: '贞',
  伟: '玮',
  芳: '方',
  静: '靖',
  磊: '蕾',
  敏: '民',
  洋: '阳',
  婷: '庭',
  军: '君',
  娟: '涓',
  涛: '滔',
  超: '潮',
  霞: '侠',
  平: '萍',
  刚: '钢',
  涵: '菡',
  桐: '彤',
  然: '冉',
  怡: '仪',
  轩: '萱',
};

function misspelt(name: string): string {
  const last = name.slice(-1);
  return `${name.slice(0, -1)}${homophones[last] ?? '义'}`;
}

type Staff = { id: string; name: string };

/**
 * 入伙登记 for the owners of lived-in homes of the demo projects (contract and handover-letter
 * numbers per project), and rename requests in each state in 邻里花园, two of them waiting for
 * the supervisor.
 */
export async function seedDemoMoveIns(
  tx: Tx,
  audit: AuditRecorder,
  staff: { delivery: Staff; kefu: Staff; supervisor: Staff; hzAdmin: Staff },
  projects: { key: string; id: string; perProject: number }[],
): Promise<void> {
  let registered = 0;
  for (const p of projects) {
    const [info] = await tx
      .select({ code: project.code, orgPath: project.orgPath })
      .from(project)
      .where(eq(project.id, p.id));
    if (!info) throw new Error(`demo seed: project ${p.key} missing`);
    const owners = await tx
      .select({ occupancy, roomCode: room.code })
      .from(occupancy)
      .innerJoin(room, eq(room.id, occupancy.roomId))
      .where(
        and(
          eq(occupancy.projectId, p.id),
          eq(occupancy.role, 'owner'),
          isNull(occupancy.toDate),
          eq(room.type, 'residence'),
          inArray(room.status, ['occupied', 'decorating', 'delivered']),
        ),
      )
      .orderBy(asc(room.code))
      .limit(p.perProject);
    const createdBy = p.key === 'xxyl' ? staff.hzAdmin : staff.delivery;
    for (const [i, o] of owners.entries()) {
      const year = o.occupancy.fromDate.slice(0, 4);
      const seq = String(i + 1).padStart(4, '0');
      await tx.insert(moveIn).values({
        roomId: o.occupancy.roomId,
        projectId: p.id,
        customerId: o.occupancy.customerId,
        occupancyId: o.occupancy.id,
        moveInDate: o.occupancy.fromDate,
        contractNo: `${info.code}-HT${year}-${seq}`,
        handoverLetterNo: `SL${year}${String(i + 1).padStart(5, '0')}`,
        inspectionNote: inspectionNotes[i % inspectionNotes.length] ?? null,
        createdBy: createdBy.id,
      });
      registered++;
    }
  }
  audit.record({
    action: 'move_in.create',
    entityType: 'move_in',
    summary: `演示数据：入伙登记 ${registered} 条`,
  });

  // Rename requests: owners of 邻里花园 (the supervisor's office sees them through their rooms).
  const llhy = projects.find((p) => p.key === 'llhy');
  if (!llhy) return;
  const people = await tx
    .selectDistinct({ id: customer.id, name: customer.name, orgPath: customer.orgPath, code: customer.code })
    .from(customer)
    .innerJoin(occupancy, eq(occupancy.customerId, customer.id))
    .where(and(eq(occupancy.projectId, llhy.id), eq(customer.kind, 'person'), isNull(occupancy.toDate)))
    .orderBy(asc(customer.code))
    .limit(12);
  const [first, second, third, fourth] = [people[1], people[4], people[7], people[10]];
  if (!first || !second || !third || !fourth) return;
  const day = (d: string, time = '10:12') => new Date(`${d}T${time}:00+08:00`);
  const requests: (typeof renameRequest.$inferInsert)[] = [
    {
      customerId: first.id,
      orgPath: first.orgPath,
      oldName: first.name,
      newName: misspelt(first.name),
      reason: '姓名用字与身份证不一致，按身份证更正',
      evidence: '身份证复印件（本人签字）',
      requestedBy: staff.kefu.id,
      requestedByName: staff.kefu.name,
      createdAt: day('2026-11-20', '09:41'),
    },
    {
      customerId: second.id,
      orgPath: second.orgPath,
      oldName: second.name,
      newName: `${second.name.slice(0, 1)}思远`,
      reason: '本人已在派出所办理户籍更名，身份证已换发',
      evidence: '派出所更名证明、新身份证复印件',
      requestedBy: staff.kefu.id,
      requestedByName: staff.kefu.name,
      createdAt: day('2026-11-23', '15:06'),
    },
    {
      // Approved long ago: the customer carries the new name already.
      customerId: third.id,
      orgPath: third.orgPath,
      oldName: misspelt(third.name),
      newName: third.name,
      reason: '建档时姓名录入错误',
      evidence: '身份证复印件',
      status: 'approved',
      requestedBy: staff.kefu.id,
      requestedByName: staff.kefu.name,
      decidedBy: staff.supervisor.id,
      decidedByName: staff.supervisor.name,
      decidedAt: day('2026-09-03', '16:20'),
      decisionNote: '已核对身份证原件',
      createdAt: day('2026-09-02'),
    },
    {
      customerId: fourth.id,
      orgPath: fourth.orgPath,
      oldName: fourth.name,
      newName: `${fourth.name.slice(0, 1)}丽娟`,
      reason: '业主来电要求改为配偶姓名',
      status: 'rejected',
      requestedBy: staff.kefu.id,
      requestedByName: staff.kefu.name,
      decidedBy: staff.supervisor.id,
      decidedByName: staff.supervisor.name,
      decidedAt: day('2026-10-15', '11:02'),
      decisionNote: '更换业主须办理过户，不能以更名代替',
      createdAt: day('2026-10-14'),
    },
  ];
  await tx.insert(renameRequest).values(requests);
  audit.record({
    action: 'rename.request',
    entityType: 'rename_request',
    orgPath: first.orgPath,
    summary: `演示数据：客户更名申请 ${requests.length} 条（其中待审批 2 条）`,
  });
}
