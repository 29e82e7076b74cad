// The service desk's demo: routing rules and intake duties for 上海浦东管理处, and about 25 tickets
// in every state, raised and worked through the services themselves with the clock set back, so
// their timelines, deadlines, visits and overdue marks are what real use would have produced.
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { catalogueNode } from '../../modules/catalogue/catalogue.table.js';
import { customer, customerPhone, occupancy } from '../../modules/customer/customer.table.js';
import { organization } from '../../modules/org/org.table.js';
import { project } from '../../modules/project/project.table.js';
import { building, room } from '../../modules/property/property.table.js';
import { dispatchTicket } from '../../modules/ticket/dispatch.service.js';
import {
  acceptTicket,
  addNote,
  pauseTicket,
  postProgress,
  resolveTicket,
} from '../../modules/ticket/progress.service.js';
import { createReception } from '../../modules/ticket/reception.service.js';
import type { ReceptionInput } from '../../modules/ticket/ticket.schema.js';
import { dutyAssignment, routingRule } from '../../modules/ticket/ticket.table.js';
import { visitTicket } from '../../modules/ticket/visit.service.js';
import { appUser } from '../../modules/user/user.table.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { systemContext, userContext } from './system-context.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function idOf<T extends { id: string }>(rows: Promise<T[]>, what: string): Promise<string> {
  const [row] = await rows;
  if (!row) throw new Error(`demo tickets: ${what} missing`);
  return row.id;
}

/** Routing rules and duties for 上海浦东管理处: 邻里花园 repairs to 李建国, complaints to its 客服中心. */
async function seedDispatchSettings(deps: Deps) {
  const db = deps.db;
  const [sh] = await db.select().from(organization).where(eq(organization.code, 'SH'));
  const llhy = await idOf(db.select({ id: project.id }).from(project).where(eq(project.code, 'SH-LLHY')), '邻里花园');
  const bjyh = await idOf(db.select({ id: project.id }).from(project).where(eq(project.code, 'SH-BJYH')), '滨江壹号');
  const handler = await idOf(
    db.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, 'handler')),
    'handler',
  );
  const kefu = await idOf(db.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, 'kefu')), 'kefu');
  const pdService = await idOf(
    db.select({ id: organization.id }).from(organization).where(eq(organization.code, 'SH-PD-KF')),
    '客服中心',
  );
  if (!sh) throw new Error('demo tickets: 上海公司 missing');
  await write(deps, systemContext('seed-demo-tickets'), async (tx, audit) => {
    await tx.insert(routingRule).values([
      {
        companyId: sh.id,
        orgPath: sh.path,
        name: '邻里花园报修 → 李建国',
        priority: 10,
        projectIds: [llhy],
        ticketTypes: ['repair'],
        targetKind: 'user',
        targetUserId: handler,
      },
      {
        companyId: sh.id,
        orgPath: sh.path,
        name: '浦东投诉 → 浦东客服中心',
        priority: 20,
        projectIds: [llhy, bjyh],
        ticketTypes: ['complaint'],
        targetKind: 'department',
        targetOrgId: pdService,
      },
    ]);
    await tx.insert(dutyAssignment).values([
      {
        companyId: sh.id,
        orgPath: sh.path,
        userId: handler,
        projectIds: [llhy, bjyh],
        ticketTypes: ['repair'],
        department: 'engineering',
        weekdays: [1, 2, 3, 4, 5, 6],
        startTime: '08:30',
        endTime: '17:30',
      },
      {
        companyId: sh.id,
        orgPath: sh.path,
        userId: kefu,
        projectIds: [llhy, bjyh],
        ticketTypes: ['consultation', 'query', 'suggestion', 'praise'],
        department: 'customer_service',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTime: '08:00',
        endTime: '20:00',
      },
    ]);
    audit.record({
      action: 'routing_rule.create',
      entityType: 'routing_rule',
      orgPath: sh.path,
      summary: '演示数据：上海浦东管理处的派工规则与受理职责',
    });
  });
}

interface Home {
  projectId: string;
  roomId: string;
  customerId: string | null;
  callerName: string | null;
  callerPhone: string | null;
}

/** The n-th delivered room of a building with its current owner (who calls). */
export async function home(deps: Deps, projectCode: string, buildingCode: string, n: number): Promise<Home> {
  const rows = await deps.db
    .select({ id: room.id, projectId: room.projectId })
    .from(room)
    .innerJoin(building, eq(building.id, room.buildingId))
    .innerJoin(project, eq(project.id, room.projectId))
    .where(and(eq(project.code, projectCode), eq(building.code, buildingCode), isNotNull(room.deliveryDate)))
    .orderBy(asc(room.code))
    .limit(n + 1);
  const r = rows[n] ?? rows[rows.length - 1];
  if (!r) throw new Error(`demo tickets: no room in ${projectCode}/${buildingCode}`);
  const [owner] = await deps.db
    .select({ id: customer.id, name: customer.name, phone: customerPhone.number })
    .from(occupancy)
    .innerJoin(customer, eq(customer.id, occupancy.customerId))
    .leftJoin(customerPhone, and(eq(customerPhone.customerId, customer.id), eq(customerPhone.isPrimary, true)))
    .where(and(eq(occupancy.roomId, r.id), isNull(occupancy.toDate)))
    .limit(1);
  return {
    projectId: r.projectId,
    roomId: r.id,
    customerId: owner?.id ?? null,
    callerName: owner?.name ?? null,
    callerPhone: owner?.phone ?? null,
  };
}

async function item(deps: Deps, name: string): Promise<string> {
  return idOf(
    deps.db
      .select({ id: catalogueNode.id })
      .from(catalogueNode)
      .where(and(eq(catalogueNode.name, name), eq(catalogueNode.kind, 'item'))),
    `catalogue item ${name}`,
  );
}

/**
 * The demo tickets. Times count back from now: "3 days ago" is created then, and each later step
 * happens at its own time, so deadlines, visits and overdue marks fall where they would.
 */
export async function seedDemoTickets(deps: Deps): Promise<void> {
  await seedDispatchSettings(deps);
  const now = deps.clock().getTime();
  const at = (ms: number): Deps => ({ ...deps, clock: () => new Date(ms) });
  const [kefu, handler, supervisor, hzAdmin] = await Promise.all([
    userContext(deps, 'seed-demo-tickets', 'kefu'),
    userContext(deps, 'seed-demo-tickets', 'handler'),
    userContext(deps, 'seed-demo-tickets', 'supervisor'),
    userContext(deps, 'seed-demo-tickets', 'hz_admin'),
  ]);
  const raise = async (
    when: number,
    who: AuthedContext,
    h: Home,
    channel: ReceptionInput['channel'],
    content: string,
    tickets: ReceptionInput['tickets'],
    withCustomer = true,
  ) => {
    const created = await createReception(at(when), who, {
      projectId: h.projectId,
      channel,
      callerName: h.callerName ?? undefined,
      callerPhone: h.callerPhone ?? undefined,
      customerId: withCustomer ? (h.customerId ?? undefined) : undefined,
      roomId: withCustomer ? h.roomId : undefined,
      content,
      receivedAt: new Date(when).toISOString(),
      tickets,
    });
    return created.tickets.map((t) => t.id);
  };
  const wet = await item(deps, '卫生间渗漏');
  const pipe = await item(deps, '管道漏水');
  const light = await item(deps, '楼道灯不亮');
  const noise = await item(deps, '噪音扰民');
  const attitude = await item(deps, '服务态度差');
  const fee = await item(deps, '物业费标准');
  const decoration = await item(deps, '装修手续');
  const parkingCard = await item(deps, '停车办理');
  const improve = await item(deps, '服务改进建议');
  const praise = await item(deps, '表扬员工');
  const feeDispute = await item(deps, '物业费收费异议');
  const mould = await item(deps, '墙面发霉起皮');

  // 1. A leak in a 邻里花园 bathroom, inside the 5-year waterproofing warranty: to 中建八局.
  const [leak] = await raise(
    now - 2 * HOUR,
    kefu,
    await home(deps, 'SH-LLHY', '1', 0),
    'phone',
    '主卫天花板渗水，楼上卫生间用水后滴水更明显',
    [{ type: 'repair', catalogueItemId: wet, severity: 'high' }],
  );
  // 2. 滨江壹号, delivered this autumn: the bathroom subcontractor's 10-year scope answers.
  await raise(
    now - 26 * HOUR,
    kefu,
    await home(deps, 'SH-BJYH', '1', 3),
    'portal',
    '次卫淋浴间墙角渗水，踢脚线已发黑',
    [{ type: 'repair', catalogueItemId: wet }],
  );
  // 3. A pipe leak past the plumbing warranty: the rule sends it to 李建国, who is working on it.
  const [pipeId] = await raise(
    now - 5 * HOUR,
    kefu,
    await home(deps, 'SH-LLHY', '2', 1),
    'phone',
    '厨房水槽下方水管接头漏水',
    [{ type: 'repair', catalogueItemId: pipe }],
  );
  if (pipeId) {
    await acceptTicket(at(now - 4 * HOUR), handler, pipeId);
    await postProgress(at(now - 3 * HOUR), handler, pipeId, {
      body: '已上门查看，接头老化，需更换角阀，明天上午带配件再来',
      visibility: 'customer',
      attachmentIds: [],
    });
  }
  // 4. A corridor light: dispatched to 李建国, not yet accepted.
  await raise(now - 40 * 60_000, kefu, await home(deps, 'SH-LLHY', '3', 2), 'wechat', '3栋1单元7楼楼道灯不亮两天了', [
    { type: 'repair', catalogueItemId: light },
  ]);
  // 5. A noise complaint: to the 客服中心 by rule; the supervisor accepted it.
  const [noiseId] = await raise(
    now - 6 * HOUR,
    kefu,
    await home(deps, 'SH-LLHY', '1', 5),
    'phone',
    '楼上每晚十一点后拖动家具，影响休息',
    [{ type: 'complaint', catalogueItemId: noise }],
  );
  if (noiseId) await acceptTicket(at(now - 5 * HOUR), supervisor, noiseId);
  // 6–8. Consultations answered on the spot.
  await raise(now - 3 * DAY, kefu, await home(deps, 'SH-LLHY', '2', 3), 'phone', '咨询物业费收费标准', [
    {
      type: 'consultation',
      catalogueItemId: fee,
      answer: '住宅物业费 2.8 元/平方米·月，可按季度或年度缴纳，业主端可在线缴费。',
    },
  ]);
  await raise(now - 30 * HOUR, kefu, await home(deps, 'SH-BJYH', '1', 8), 'walk_in', '准备装修，询问需要办理哪些手续', [
    {
      type: 'consultation',
      catalogueItemId: decoration,
      answer: '请携带身份证、装修方案和施工单位资质到管理处办理装修申请，押金 3000 元。',
    },
  ]);
  await raise(now - 50 * 60_000, kefu, await home(deps, 'SH-LLHY', '3', 4), 'phone', '想办理月租车位', [
    {
      type: 'consultation',
      catalogueItemId: parkingCard,
      answer: '地下车库月租 500 元，请到管理处前台登记车牌并缴费。',
    },
  ]);
  // 9–10. Resolved, awaiting the return visit.
  for (const [offset, b, n, text] of [
    [3 * DAY, '1', 7, '卫生间下水管滴水'],
    [2 * DAY, '2', 6, '阳台洗衣机排水管漏水'],
  ] as const) {
    const [id] = await raise(now - offset, kefu, await home(deps, 'SH-LLHY', b, n), 'phone', text, [
      { type: 'repair', catalogueItemId: pipe },
    ]);
    if (!id) continue;
    await acceptTicket(at(now - offset + HOUR), handler, id);
    await postProgress(at(now - offset + 2 * HOUR), handler, id, {
      body: '已更换密封圈，试水无渗漏',
      visibility: 'customer',
      attachmentIds: [],
    });
    await resolveTicket(at(now - offset + 3 * HOUR), handler, id, '更换下水管密封圈，试水 30 分钟无渗漏');
  }
  // 11–13. Closed after a satisfied visit.
  for (const [offset, b, n, score] of [
    [9 * DAY, '1', 9, 5],
    [8 * DAY, '2', 10, 4],
    [7 * DAY, '3', 11, 5],
  ] as const) {
    const [id] = await raise(now - offset, kefu, await home(deps, 'SH-LLHY', b, n), 'phone', '入户走廊灯闪烁', [
      { type: 'repair', catalogueItemId: light },
    ]);
    if (!id) continue;
    await acceptTicket(at(now - offset + HOUR), handler, id);
    await resolveTicket(at(now - offset + 4 * HOUR), handler, id, '更换镇流器，灯具恢复正常');
    await visitTicket(at(now - offset + DAY), kefu, id, {
      reached: true,
      satisfaction: score,
      comment: '师傅很准时，满意',
    });
  }
  // 14. Reopened: the customer was not satisfied; the rule dispatched it again to 李建国.
  {
    const [id] = await raise(now - 6 * DAY, kefu, await home(deps, 'SH-LLHY', '2', 12), 'phone', '次卧墙面发霉起皮', [
      { type: 'repair', catalogueItemId: mould },
    ]);
    if (id) {
      await acceptTicket(at(now - 6 * DAY + HOUR), handler, id);
      await resolveTicket(at(now - 5 * DAY), handler, id, '铲除霉斑并刷防霉涂料');
      await visitTicket(at(now - 4 * DAY), kefu, id, {
        reached: true,
        satisfaction: 2,
        comment: '只刷了表面，一周后又发霉了，要求查找渗水原因',
      });
    }
  }
  // 15–16. Waiting on the customer.
  for (const [offset, b, n, reason] of [
    [DAY, '1', 13, '业主出差，约定下周二上门'],
    [2 * DAY, '3', 14, '需业主确认更换方案及费用'],
  ] as const) {
    const [id] = await raise(now - offset, kefu, await home(deps, 'SH-LLHY', b, n), 'phone', '马桶水箱一直漏水', [
      { type: 'repair', catalogueItemId: pipe },
    ]);
    if (!id) continue;
    await acceptTicket(at(now - offset + HOUR), handler, id);
    await pauseTicket(at(now - offset + 2 * HOUR), handler, id, reason);
  }
  // 17–19. Past their resolution deadline (hours to days ago): the SLA sweep escalates them.
  for (const [offset, b, n, text] of [
    [6 * DAY, '1', 15, '厨房墙角水管渗水，地板泡坏'],
    [5 * DAY, '2', 16, '卫生间地漏返水'],
    [4 * DAY, '3', 17, '阳台排水管破裂'],
  ] as const) {
    const [id] = await raise(now - offset, kefu, await home(deps, 'SH-LLHY', b, n), 'phone', text, [
      { type: 'repair', catalogueItemId: pipe, severity: 'high' },
    ]);
    if (id && offset < 6 * DAY) await acceptTicket(at(now - offset + 3 * HOUR), handler, id);
  }
  // 20. A complaint about service attitude, overdue, still with the 客服中心.
  await raise(now - 4 * DAY, kefu, await home(deps, 'SH-LLHY', '1', 18), 'phone', '前台工作人员态度冷淡，办事推诿', [
    { type: 'complaint', catalogueItemId: attitude },
  ]);
  // 21. A fee dispute raised from an unknown number, linked to nobody yet, waiting for dispatch.
  await raise(
    now - 90 * 60_000,
    kefu,
    { ...(await home(deps, 'SH-BJYH', '1', 12)), callerName: '李女士', callerPhone: '021-5888-6612' },
    'phone',
    '对本季度物业费金额有异议，要求核对',
    [{ type: 'query', catalogueItemId: feeDispute, dispatch: { mode: 'none' } }],
    false,
  );
  // 22–23. A suggestion and a praise.
  await raise(now - 2 * DAY, kefu, await home(deps, 'SH-LLHY', '2', 19), 'portal', '建议小区增设电动车充电桩', [
    { type: 'suggestion', catalogueItemId: improve },
  ]);
  const [praiseId] = await raise(
    now - DAY,
    kefu,
    await home(deps, 'SH-LLHY', '3', 20),
    'walk_in',
    '表扬维修师傅李建国上门及时、态度好',
    [{ type: 'praise', catalogueItemId: praise }],
  );
  if (praiseId) {
    await addNote(at(now - DAY + HOUR), supervisor, praiseId, { body: '已在班前会通报表扬', visibility: 'internal' });
  }
  // 24. A repair dispatched by hand to the engineering department (a contractor scope nobody holds).
  const [manual] = await raise(
    now - 3 * HOUR,
    kefu,
    await home(deps, 'SH-BJYH', '1', 20),
    'phone',
    '客厅墙面开关面板松动',
    [{ type: 'repair', dispatch: { mode: 'none' } }],
  );
  if (manual) {
    const [eng] = await deps.db
      .select({ id: organization.id })
      .from(organization)
      .where(eq(organization.code, 'SH-PD-GC'));
    if (eng)
      await dispatchTicket(at(now - 2 * HOUR), supervisor, manual, {
        mode: 'manual',
        handlerKind: 'department',
        handlerOrgId: eng.id,
      });
  }
  // 25–26. Hangzhou: its own desk (杭州公司's administrator records them).
  await raise(now - 3 * HOUR, hzAdmin, await home(deps, 'HZ-XXYL', '1', 2), 'phone', '主卫淋浴区墙面渗水到走廊', [
    { type: 'repair', catalogueItemId: wet },
  ]);
  await raise(now - 1 * DAY, hzAdmin, await home(deps, 'HZ-XXYL', '2', 3), 'phone', '对物业费标准有疑问', [
    { type: 'consultation', catalogueItemId: fee, answer: '西溪云庐住宅物业费 3.2 元/平方米·月，详见公示栏。' },
  ]);
  void leak;
}
