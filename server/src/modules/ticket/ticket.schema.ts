import { z } from 'zod';
import { day, pageQuery } from '../../platform/routes.js';
import { severities, ticketTypes } from '../catalogue/catalogue.table.js';
import { ticketStates } from './ticket.states.js';
import {
  attachmentKinds,
  clockModes,
  dispatchMethods,
  eventVisibilities,
  handlerKinds,
  receptionChannels,
  ticketEventKinds,
} from './ticket.table.js';

// ── shared pieces ──────────────────────────────────────────────────────────

const instant = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);
/** A filter that takes one value or the same key repeated (?type=repair&type=complaint). */
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).max(20)]).optional();

export const handlerFields = {
  handlerKind: z
    .enum(handlerKinds)
    .optional()
    .meta({ description: '处理方：user 个人、department 部门、contractor 承建商' }),
  handlerUserId: z.uuid().optional().meta({ description: '处理人（承建商工单：跟进的本公司员工，可选）' }),
  handlerOrgId: z.uuid().optional().meta({ description: '处理部门' }),
  contractorId: z.uuid().optional().meta({ description: '承建商' }),
};

export const ticketDispatchInput = z.strictObject({
  mode: z
    .enum(['auto', 'manual', 'none'])
    .default('auto')
    .meta({ description: 'auto 按保修/规则/值班/负载/部门自动派工；manual 指定处理方；none 暂不派工' }),
  ...handlerFields,
});

const ticketFields = {
  type: z.enum(ticketTypes).meta({ description: '报修、投诉、咨询、建议、质疑、表扬' }),
  catalogueItemId: z.uuid().optional().meta({ description: '投诉问题标准库中的问题' }),
  title: text(100).optional().meta({ description: '省略则取问题名称或内容的前 30 个字' }),
  content: text(2000).optional().meta({ description: '省略则取接待内容' }),
  severity: z.enum(severities).optional().meta({ description: '省略则取问题的默认紧急程度，否则一般' }),
  roomId: z.uuid().optional().meta({ description: '省略则取接待记录的房间' }),
  dispatch: ticketDispatchInput.optional(),
  answer: text(2000).optional().meta({ description: '当场答复（仅咨询）：工单建立即以该答复办结关闭' }),
};
export const receptionTicketInput = z.strictObject(ticketFields);
export type ReceptionTicketInput = z.infer<typeof receptionTicketInput>;

export const receptionBody = z.strictObject({
  projectId: z.uuid(),
  channel: z.enum(receptionChannels),
  callerName: text(40).optional(),
  callerPhone: z
    .string()
    .trim()
    .max(30)
    .optional()
    .meta({ description: '手机号会规范化（+86、空格、连字符）；座机按输入保存' }),
  customerId: z.uuid().optional().meta({ description: '已知来电人；陌生来电可省略，之后补录' }),
  roomId: z.uuid().optional(),
  content: text(2000),
  receivedAt: instant.optional().meta({ description: '接待时间，省略为现在' }),
  tickets: z
    .array(receptionTicketInput)
    .max(10)
    .default([])
    .meta({ description: '由本次接待生成的工单（0–10 个；0 个：无需工单的接待，只作记录）' }),
  callId: z
    .uuid()
    .optional()
    .meta({ description: '来电弹屏登记时的通话：接待关联该通话；未填来电号码时取该通话的客户号码' }),
});
export type ReceptionInput = z.infer<typeof receptionBody>;

export const receptionUpdateBody = z.strictObject({
  customerId: z.uuid().nullish(),
  roomId: z.uuid().nullish(),
  callerName: text(40).nullish(),
  callerPhone: z.string().trim().max(30).nullish(),
});
export type ReceptionUpdateInput = z.infer<typeof receptionUpdateBody>;

export const ticketBody = z.strictObject({ receptionId: z.uuid(), ...ticketFields });
export type TicketInput = z.infer<typeof ticketBody>;

// ── answers ────────────────────────────────────────────────────────────────

export const ticketSummaryDto = z.object({
  id: z.string(),
  publicNo: z.string().meta({ example: 'BX-20261126-0007' }),
  type: z.enum(ticketTypes),
  title: z.string(),
  state: z.enum(ticketStates),
  severity: z.enum(severities),
  projectId: z.string(),
  projectName: z.string(),
  receptionId: z.string().nullable(),
  catalogueItemId: z.string().nullable(),
  catalogueItemName: z.string().nullable(),
  roomId: z.string().nullable(),
  roomCode: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable().meta({ description: '脱敏' }),
  handlerKind: z.enum(handlerKinds).nullable(),
  handlerUserId: z.string().nullable(),
  handlerOrgId: z.string().nullable(),
  contractorId: z.string().nullable(),
  handlerName: z.string().nullable().meta({ description: '处理方：人名 / 部门名 / 承建商名（及跟进人）' }),
  dispatchMethod: z.enum(dispatchMethods).nullable(),
  ownerAgentId: z.string(),
  ownerAgentName: z.string(),
  createdAt: z.string(),
  responseDueAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  responseOverdue: z.boolean(),
  resolutionOverdue: z.boolean(),
  overdue: z.boolean().meta({ description: '响应或处理已超时（或未办结且已过处理时限）' }),
  escalationLevel: z.number().int(),
  paused: z.boolean(),
  provisional: z.boolean().meta({ description: '时限落在尚未录入法定节假日安排的年份，录入后会重算' }),
  round: z.number().int(),
  reopenCount: z.number().int(),
  satisfaction: z.number().int().nullable(),
});
export type TicketSummaryDto = z.infer<typeof ticketSummaryDto>;

export const attachmentDto = z.object({
  id: z.string(),
  kind: z.enum(attachmentKinds),
  fileName: z.string(),
  size: z.number().int(),
  mime: z.string(),
  url: z.string(),
});
export type AttachmentDto = z.infer<typeof attachmentDto>;

export const ticketEventDto = z.object({
  id: z.string(),
  kind: z.enum(ticketEventKinds),
  fromState: z.enum(ticketStates).nullable(),
  toState: z.enum(ticketStates).nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  visibility: z.enum(eventVisibilities),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
  attachments: z.array(attachmentDto),
});

export const ticketActionNames = [
  'dispatch',
  'reassign',
  'accept',
  'start',
  'pause',
  'resume',
  'resolve',
  'visit',
  'close',
  'cancel',
  'merge',
  'note',
  'progress',
  'reclassify',
  'instruct',
  /** Demo installations only (DEMO_TOOLS): bring the next time limit forward. */
  'fast_forward',
] as const;

export const returnVisitDto = z.object({
  id: z.string(),
  round: z.number().int(),
  agentId: z.string(),
  agentName: z.string().nullable(),
  dueAt: z.string(),
  visitedAt: z.string().nullable(),
  visitedByName: z.string().nullable(),
  reached: z.boolean().nullable(),
  satisfaction: z.number().int().nullable(),
  comment: z.string().nullable(),
  outcome: z.enum(['closed', 'reopened', 'unreached']).nullable(),
});

export const ticketEscalationDto = z.object({
  id: z.string(),
  round: z.number().int(),
  clock: z.enum(['response', 'resolution']),
  level: z.number().int(),
  levelName: z.string(),
  senior: z.boolean(),
  firedAt: z.string(),
});

const ticketRef = z.object({ id: z.string(), publicNo: z.string() });

const slaClockDto = z
  .object({
    state: z.enum(['running', 'paused', 'stopped']),
    secondsLeft: z.number().int().meta({ description: '距时限的工作时间（秒），按工单日历；超时为负' }),
    minutesLeft: z.number().int().meta({ description: '同上，按分钟（向零取整）' }),
    percentUsed: z.number().int().meta({ description: '已用时限的百分比（超时后大于 100）' }),
    at: z.string().meta({ description: '数值对应的时刻：计时中为服务器当前时间，挂起或停止时为挂起/停止时刻' }),
    ticking: z.boolean().meta({ description: '此刻在工作时间内、倒计时逐秒减少' }),
    changesAt: z
      .string()
      .nullable()
      .meta({ description: '计时中：ticking 何时改变（本班次结束或下一班次开始）；全天计时为 null' }),
  })
  .nullable();

export const ticketDetailDto = ticketSummaryDto.extend({
  content: z.string(),
  resolution: z.string().nullable(),
  cancelReason: z.string().nullable(),
  returnVisitRequired: z.boolean(),
  reception: z.object({ id: z.string(), publicNo: z.string(), channel: z.enum(receptionChannels) }).nullable(),
  clock: z.object({
    mode: z.enum(clockModes),
    calendarId: z.string().nullable(),
    responseMinutes: z.number().int().nullable(),
    resolutionMinutes: z.number().int().nullable(),
    startedAt: z.string().nullable(),
    pausedAt: z.string().nullable(),
    pausedMinutes: z.number().int(),
    responseDueAt: z.string().nullable(),
    resolutionDueAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    dispatchedAt: z.string().nullable(),
  }),
  sla: z
    .object({ response: slaClockDto, resolution: slaClockDto })
    .meta({ description: '按工单日历在服务器当前时刻计算的剩余工作时间（挂起时冻结）；无时限为 null' }),
  actions: z
    .array(z.enum(ticketActionNames))
    .meta({ description: '当前用户现在可以执行的操作（按状态、权限和其在工单中的角色）' }),
  events: z.array(ticketEventDto),
  visits: z.array(returnVisitDto),
  escalations: z.array(ticketEscalationDto),
  mergedInto: ticketRef.nullable(),
  duplicates: z.array(ticketRef),
  version: z.number().int(),
});
export type TicketDetailDto = z.infer<typeof ticketDetailDto>;

export const receptionDto = z.object({
  id: z.string(),
  publicNo: z.string().meta({ example: 'JD-20261126-0001' }),
  projectId: z.string(),
  projectName: z.string(),
  channel: z.enum(receptionChannels),
  callerName: z.string().nullable(),
  callerPhone: z.string().nullable().meta({ description: '脱敏' }),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  roomId: z.string().nullable(),
  roomCode: z.string().nullable(),
  content: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  receivedAt: z.string(),
  createdAt: z.string(),
  ticketCount: z.number().int(),
});
export type ReceptionDto = z.infer<typeof receptionDto>;

export const receptionDetailDto = receptionDto.extend({ tickets: z.array(ticketSummaryDto) });
export const receptionCreatedDto = z.object({ reception: receptionDto, tickets: z.array(ticketSummaryDto) });

// ── lists ──────────────────────────────────────────────────────────────────

const dayOrInstant = z.union([day, instant]);

export const receptionFilter = {
  q: z.string().trim().max(60).optional().meta({ description: '接待编号、来电号码、来电人' }),
  projectId: z.uuid().optional(),
  channel: z.enum(receptionChannels).optional(),
  customerId: z.uuid().optional(),
  from: dayOrInstant.optional().meta({ description: '接待时间起（含；日期按北京时间）' }),
  to: dayOrInstant.optional().meta({ description: '接待时间止（含当天）' }),
};
export const receptionListQuery = z.strictObject({ ...pageQuery, ...receptionFilter });
export const receptionExportQuery = z.strictObject(receptionFilter);
export type ReceptionFilter = z.infer<typeof receptionExportQuery>;

export const ticketFilter = {
  q: z.string().trim().max(60).optional().meta({ description: '工单编号、标题、联系电话、联系人' }),
  projectId: z.uuid().optional(),
  type: oneOrMany(z.enum(ticketTypes)),
  state: oneOrMany(z.enum(ticketStates)),
  catalogueNodeId: z.uuid().optional().meta({ description: '问题分类（含其下所有问题）' }),
  handlerUserId: z.uuid().optional(),
  mine: z
    .enum(['handler', 'owner', 'department'])
    .optional()
    .meta({ description: 'handler 我处理的；owner 我受理的；department 我部门处理的' }),
  overdue: z.enum(['true', 'false']).optional(),
  customerId: z.uuid().optional(),
  roomId: z.uuid().optional(),
  contractorId: z.uuid().optional(),
  receptionId: z.uuid().optional(),
  from: dayOrInstant.optional().meta({ description: '建单时间起' }),
  to: dayOrInstant.optional().meta({ description: '建单时间止（含当天）' }),
  sort: z.enum(['created_desc', 'resolution_due_asc']).default('created_desc'),
};
export const ticketListQuery = z.strictObject({ ...pageQuery, ...ticketFilter });
export const ticketExportQuery = z.strictObject(ticketFilter);
export type TicketFilter = z.infer<typeof ticketExportQuery>;

// ── dispatch ───────────────────────────────────────────────────────────────

export const suggestBody = z.strictObject({
  projectId: z.uuid(),
  roomId: z.uuid().optional(),
  type: z.enum(ticketTypes),
  catalogueItemId: z.uuid().optional(),
});
export type SuggestInput = z.infer<typeof suggestBody>;

export const warrantyNoteDto = z.object({
  trade: z.string(),
  contractorId: z.string().nullable(),
  contractorName: z.string().nullable(),
  inWarranty: z.boolean(),
  end: z.string().nullable(),
  reason: z.string().nullable().meta({ description: 'no_scope / no_start_date / not_started / expired' }),
});

export const suggestionDto = z.object({
  method: z.enum(dispatchMethods).nullable().meta({ description: 'null：没有可派的处理方，需人工派工' }),
  handlerKind: z.enum(handlerKinds).nullable(),
  handlerUserId: z.string().nullable(),
  handlerOrgId: z.string().nullable(),
  contractorId: z.string().nullable(),
  names: z.object({ user: z.string().nullable(), org: z.string().nullable(), contractor: z.string().nullable() }),
  handlerName: z.string().nullable(),
  reason: z.string().meta({ description: '为什么这样派（中文说明）' }),
  warranty: warrantyNoteDto.nullable(),
});
export type SuggestionDto = z.infer<typeof suggestionDto>;

export const dispatchCandidatesDto = z
  .object({
    departments: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        load: z.number().int().meta({ description: '以该部门为处理方的在办工单数' }),
      }),
    ),
    people: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        pinyin: z.string().meta({ description: '姓名全拼（无声调），供按拼音搜索' }),
        initials: z.string().meta({ description: '姓名拼音首字母' }),
        orgName: z.string().nullable().meta({ description: '所在部门或项目' }),
        load: z.number().int().meta({ description: '作为处理人的在办工单数' }),
        onDuty: z.boolean().meta({ description: '此刻在受理职责的值班时间内' }),
        dutyHolder: z.boolean().meta({ description: '受理职责覆盖此工单（不论此刻是否值班）' }),
      }),
    ),
    contractor: z
      .object({ id: z.string(), name: z.string(), warrantyEnd: z.string().nullable() })
      .nullable()
      .meta({ description: '保修期内负责此问题的承建商（无则 null）' }),
  })
  .meta({ description: '可接此工单的部门和人员（仅姓名，不含联系方式）' });
export type DispatchCandidatesDto = z.infer<typeof dispatchCandidatesDto>;

export const dispatchBody = z.strictObject({
  mode: z.enum(['auto', 'manual']).default('manual'),
  ...handlerFields,
  note: z.string().trim().max(500).optional(),
});
export type DispatchInput = z.infer<typeof dispatchBody>;

export const reassignBody = z.strictObject({
  mode: z.enum(['auto', 'manual']).default('manual'),
  ...handlerFields,
  reason: text(500),
});
export type ReassignInput = z.infer<typeof reassignBody>;

// ── work ───────────────────────────────────────────────────────────────────

export const progressBody = z.strictObject({
  body: text(2000),
  visibility: z.enum(eventVisibilities).default('internal'),
  attachmentIds: z.array(z.uuid()).max(9).default([]).meta({ description: '先上传的附件，最多 9 个' }),
});
export type ProgressInput = z.infer<typeof progressBody>;

export const noteBody = z.strictObject({
  body: text(2000),
  visibility: z.enum(eventVisibilities).default('internal'),
});
export const reasonBody = z.strictObject({ reason: text(500) });
export const resumeBody = z.strictObject({ note: z.string().trim().max(500).optional() });
export const resolveBody = z.strictObject({ resolution: text(2000) });
export const reclassifyBody = z.strictObject({
  type: z.enum(ticketTypes).optional(),
  catalogueItemId: z.uuid().nullish(),
  severity: z.enum(severities).optional(),
  reason: text(500),
});
export type ReclassifyInput = z.infer<typeof reclassifyBody>;

export const visitBody = z.strictObject({
  reached: z.boolean(),
  satisfaction: z.number().int().min(1).max(5).optional(),
  comment: z.string().trim().max(1000).optional(),
});
export type VisitInput = z.infer<typeof visitBody>;
export const closeBody = z.strictObject({ note: z.string().trim().max(500).optional() });
export const mergeBody = z.strictObject({ targetTicketId: z.uuid(), reason: text(500) });

export const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });

// ── configuration ──────────────────────────────────────────────────────────

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time_invalid')
  .meta({ example: '08:30' });

export const routingRuleBody = z.strictObject({
  companyId: z.uuid().optional().meta({ description: '数据范围内只有一个公司时可省略' }),
  name: text(60),
  priority: z.number().int().min(0).max(100_000).default(100),
  projectIds: z.array(z.uuid()).max(200).default([]),
  ticketTypes: z.array(z.enum(ticketTypes)).max(6).default([]),
  catalogueNodeIds: z.array(z.uuid()).max(200).default([]),
  targetKind: z.enum(['user', 'department']),
  targetUserId: z.uuid().optional(),
  targetOrgId: z.uuid().optional(),
  active: z.boolean().default(true),
});
export type RoutingRuleInput = z.infer<typeof routingRuleBody>;
export const routingRuleUpdateBody = routingRuleBody.omit({ companyId: true }).partial().strict();
export type RoutingRuleUpdate = z.infer<typeof routingRuleUpdateBody>;

export const routingRuleDto = z.object({
  id: z.string(),
  companyId: z.string(),
  name: z.string(),
  priority: z.number().int(),
  projectIds: z.array(z.string()),
  ticketTypes: z.array(z.enum(ticketTypes)),
  catalogueNodeIds: z.array(z.string()),
  targetKind: z.enum(['user', 'department']),
  targetUserId: z.string().nullable(),
  targetOrgId: z.string().nullable(),
  targetName: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const dutyBody = z.strictObject({
  userId: z.uuid(),
  projectIds: z.array(z.uuid()).max(200).default([]),
  ticketTypes: z.array(z.enum(ticketTypes)).max(6).default([]),
  department: z.string().trim().max(40).nullish().meta({ description: '字典 handling_department；空：任何' }),
  weekdays: z
    .array(z.number().int().min(1).max(7))
    .min(1)
    .max(7)
    .default([1, 2, 3, 4, 5, 6, 7])
    .meta({ description: '1 = 周一 … 7 = 周日' }),
  startTime: hhmm.default('00:00'),
  endTime: hhmm.default('24:00'),
  active: z.boolean().default(true),
});
export type DutyInput = z.infer<typeof dutyBody>;
export const dutyUpdateBody = dutyBody.partial().strict();
export type DutyUpdate = z.infer<typeof dutyUpdateBody>;

export const dutyDto = z.object({
  id: z.string(),
  companyId: z.string(),
  userId: z.string(),
  userName: z.string(),
  projectIds: z.array(z.string()),
  ticketTypes: z.array(z.enum(ticketTypes)),
  department: z.string().nullable(),
  weekdays: z.array(z.number().int()),
  startTime: z.string(),
  endTime: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ticketViewBody = z.strictObject({
  name: text(40),
  filters: z.record(z.string(), z.unknown()).meta({ description: '列表的筛选条件（与 GET /api/tickets 的参数相同）' }),
});
export const ticketViewDto = z.object({
  id: z.string(),
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
