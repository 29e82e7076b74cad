import { z } from 'zod';
import { day, pageQuery } from '../../platform/routes.js';
import { ticketTypes } from '../catalogue/catalogue.table.js';
import { compensationStates, topicStates } from './casework.table.js';

// ── 解决方案库 ─────────────────────────────────────────────────────────────

const articleFields = {
  title: z.string().trim().min(1).max(100).meta({ description: '标题，如“门禁卡补办”' }),
  body: z.string().trim().min(1).max(10_000).meta({ description: '答复正文（可直接读给客户听）' }),
  keywords: z
    .array(z.string().trim().min(1).max(20))
    .max(20)
    .default([])
    .meta({ description: '关键词（同义说法，如“门卡”“钥匙扣”）' }),
  catalogueNodeIds: z
    .array(z.uuid())
    .max(20)
    .default([])
    .meta({ description: '关联的投诉问题标准库分类或问题（分类覆盖其下全部问题）' }),
  ticketTypes: z.array(z.enum(ticketTypes)).max(6).default([]).meta({ description: '适用类型；空：全部类型' }),
  active: z.boolean().default(true),
};

export const solutionBody = z.strictObject({
  companyId: z.uuid().nullable().optional().meta({
    description: '所属公司；null：集团通用（需“全部数据”范围）；省略：调用者所在的公司，全部数据时为集团',
  }),
  ...articleFields,
});
export type SolutionInput = z.infer<typeof solutionBody>;

export const solutionUpdateBody = z.strictObject(articleFields);
export type SolutionUpdateInput = z.infer<typeof solutionUpdateBody>;

export const solutionListQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(60).optional().meta({ description: '标题中的字、拼音首字母（wjkbb → 门禁卡补办）或关键词' }),
  catalogueNodeId: z.uuid().optional().meta({ description: '关联该问题或其上级分类的文章排在前面' }),
  type: z.enum(ticketTypes).optional().meta({ description: '适用该类型（或不限类型）的文章' }),
  active: z.enum(['true', 'false']).optional(),
});
export type SolutionListQuery = z.infer<typeof solutionListQuery>;

export const solutionDto = z.object({
  id: z.string(),
  companyId: z.string().nullable(),
  companyName: z.string().nullable().meta({ description: 'null：集团通用' }),
  title: z.string(),
  body: z.string(),
  keywords: z.array(z.string()),
  catalogueNodes: z.array(z.object({ id: z.string(), name: z.string(), pathText: z.string() })),
  ticketTypes: z.array(z.enum(ticketTypes)),
  usageCount: z.number().int(),
  active: z.boolean(),
  /** Linked to the node asked about (or one above it). */
  matchesNode: z.boolean(),
  editable: z.boolean().meta({ description: '调用者的数据范围允许修改（集团文章需“全部数据”）' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SolutionDto = z.infer<typeof solutionDto>;

export const solutionUseBody = z.strictObject({
  ticketId: z.uuid().nullish().meta({ description: '用这篇文章答复的工单（可省略）' }),
});
export const solutionUseDto = z.object({ id: z.string(), usageCount: z.number().int() });

// ── 投诉专题 ───────────────────────────────────────────────────────────────

export const topicBody = z.strictObject({
  projectId: z.uuid(),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).nullish(),
  masterTicketId: z.uuid().nullish().meta({ description: '主工单（同项目），创建时一并关联' }),
});
export type TopicInput = z.infer<typeof topicBody>;

export const topicListQuery = z.strictObject({
  ...pageQuery,
  projectId: z.uuid().optional(),
  state: z.enum(topicStates).optional(),
  q: z.string().trim().max(60).optional().meta({ description: '标题或专题编号' }),
});
export type TopicListQuery = z.infer<typeof topicListQuery>;

const ticketRef = z.object({ id: z.string(), publicNo: z.string(), title: z.string() });

export const topicDto = z.object({
  id: z.string(),
  publicNo: z.string(),
  companyId: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  masterTicket: ticketRef.nullable(),
  state: z.enum(topicStates),
  ticketCount: z.number().int(),
  createdByName: z.string().nullable(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type TopicDto = z.infer<typeof topicDto>;

export const topicTicketDto = z.object({
  id: z.string(),
  publicNo: z.string(),
  title: z.string(),
  type: z.enum(ticketTypes),
  state: z.string(),
  contactName: z.string().nullable(),
  isMaster: z.boolean(),
  createdAt: z.iso.datetime(),
});

export const topicUpdateDto = z.object({
  body: z.string(),
  actorName: z.string().nullable(),
  occurredAt: z.iso.datetime(),
  ticketCount: z.number().int().meta({ description: '写入了多少张工单的进展' }),
});

export const topicDetailDto = topicDto.extend({
  tickets: z.array(topicTicketDto),
  updates: z.array(topicUpdateDto).meta({ description: '发布过的进展，最新在前' }),
});
export type TopicDetailDto = z.infer<typeof topicDetailDto>;

export const topicLinkBody = z.strictObject({
  ticketIds: z.array(z.uuid()).min(1).max(200),
});
export const topicTicketParams = z.strictObject({ id: z.uuid(), ticketId: z.uuid() });
export const topicUpdateBody = z.strictObject({
  body: z.string().trim().min(1).max(2000).meta({ description: '进展内容，客户可见' }),
});
export const topicPostedDto = z.object({ ticketCount: z.number().int() });

// ── 赔付 ───────────────────────────────────────────────────────────────────

/** Compensation above ¥100,000 is not a service-desk matter. */
export const MAX_AMOUNT_FEN = 10_000_000;

export const amountFen = z
  .number({ message: 'amount_fen_integer' })
  .int('amount_fen_integer')
  .min(1, 'amount_fen_positive')
  .max(MAX_AMOUNT_FEN, 'amount_fen_too_large')
  .meta({ description: '金额（分，整数）：¥800.00 = 80000', example: 80000 });

const roleCodes = z.array(z.string().trim().min(1).max(40)).min(1, 'tier_roles_required').max(6);

export const tierDto = z.object({
  maxAmountFen: z.number().int().nullable().meta({ description: '本档上限（含，分）；null：以上全部' }),
  roleCodes: z.array(z.string()),
  roles: z.array(z.object({ code: z.string(), name: z.string() })),
});
export const tiersDto = z.object({
  companyId: z.string().nullable().meta({ description: '档位所属公司；null：集团默认' }),
  companyName: z.string().nullable(),
  inherited: z.boolean().meta({ description: '该公司没有自己的档位，沿用集团默认' }),
  tiers: z.array(tierDto),
});
export type TiersDto = z.infer<typeof tiersDto>;
export const tiersQuery = z.strictObject({
  companyId: z.uuid().optional().meta({ description: '省略：调用者所在公司（全部数据时为集团默认）' }),
});
export const tiersBody = z.strictObject({
  companyId: z.uuid().nullable().meta({ description: 'null：集团默认档位（需“全部数据”范围）' }),
  tiers: z
    .array(
      z.strictObject({
        maxAmountFen: amountFen.nullable(),
        roleCodes,
      }),
    )
    .max(10)
    .meta({ description: '按金额从低到高；最后一档不设上限。公司传空数组表示改回沿用集团默认' }),
});
export type TiersInput = z.infer<typeof tiersBody>;

export const compensationBody = z.strictObject({
  amountFen,
  reason: z.string().trim().min(2).max(1000).meta({ description: '赔付原因' }),
});
export type CompensationInput = z.infer<typeof compensationBody>;

const compensationFilter = {
  projectId: z.uuid().optional(),
  ticketId: z.uuid().optional(),
  state: z.enum(compensationStates).optional(),
  from: day.optional().meta({ description: '申请日期起（含）' }),
  to: day.optional().meta({ description: '申请日期止（含）' }),
  awaitingMe: z.enum(['true', 'false']).optional().meta({ description: 'true：当前审批步骤由我审批的待审批申请' }),
  q: z.string().trim().max(60).optional().meta({ description: '赔付编号、工单编号或原因' }),
};
export const compensationListQuery = z.strictObject({ ...pageQuery, ...compensationFilter });
export const compensationExportQuery = z.strictObject(compensationFilter);
export type CompensationFilter = z.infer<typeof compensationExportQuery>;

export const compensationStepDto = z.object({
  step: z.number().int(),
  roleCode: z.string(),
  roleName: z.string(),
  decision: z.enum(['approved', 'rejected']).nullable(),
  approverName: z.string().nullable(),
  comment: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
});

export const compensationDto = z.object({
  id: z.string(),
  publicNo: z.string(),
  companyId: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  ticket: ticketRef,
  amountFen: z.number().int(),
  reason: z.string(),
  state: z.enum(compensationStates),
  currentStep: z.number().int(),
  steps: z.array(compensationStepDto),
  requestedById: z.string(),
  requestedByName: z.string(),
  requestedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  paidAt: z.iso.datetime().nullable(),
  paymentNote: z.string().nullable(),
  canDecide: z.boolean().meta({ description: '调用者可审批当前步骤' }),
  canWithdraw: z.boolean(),
});
export type CompensationDto = z.infer<typeof compensationDto>;

export const decideBody = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  comment: z.string().trim().max(500).nullish(),
});
export type DecideInput = z.infer<typeof decideBody>;
export const paidBody = z.strictObject({
  paymentNote: z.string().trim().min(1).max(500).meta({ description: '支付说明（转账流水号、抵扣物业费等）' }),
});

export const ledgerQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional().meta({ description: '申请年份；省略为今年' }),
});
export const ledgerDto = z.object({
  year: z.number().int(),
  projects: z.array(
    z.object({
      projectId: z.string(),
      projectName: z.string(),
      count: z.number().int().meta({ description: '申请数（不含撤回）' }),
      approvedFen: z.number().int().meta({ description: '已批准金额（含已支付）' }),
      paidFen: z.number().int(),
      pendingFen: z.number().int().meta({ description: '审批中金额' }),
    }),
  ),
});
