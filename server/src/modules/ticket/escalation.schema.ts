import { z } from 'zod';
import { ticketTypes } from '../catalogue/catalogue.table.js';

export const escalationRungBody = z.strictObject({
  level: z.number().int().min(1).max(9).meta({ description: '级别，从 1 起连续' }),
  name: z.string().trim().min(1).max(40).meta({ description: '级别名称，如 客服主管' }),
  afterMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 60)
    .meta({ description: '办结时限到期后多少分钟升级（按工单的计时方式：工作分钟或自然分钟），逐级不减' }),
  targetKind: z
    .enum(['role', 'users'])
    .meta({ description: 'role：持有该角色且数据范围覆盖工单项目的人；users：指定人员' }),
  roleCode: z.string().trim().max(60).nullish().meta({ description: '角色编码（targetKind=role 时必填）' }),
  userIds: z.array(z.uuid()).max(50).optional().meta({ description: '指定人员（targetKind=users 时必填）' }),
});
export type EscalationRungInput = z.infer<typeof escalationRungBody>;

export const escalationPolicyBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  companyId: z.uuid().nullable().meta({ description: '所属公司；null 表示全集团（需“全部数据”范围）' }),
  ticketType: z.enum(ticketTypes).nullish().meta({ description: '适用的工单类型；空为全部类型' }),
  catalogueNodeId: z.uuid().nullish().meta({ description: '适用的问题分类或问题（含其下级）；空为全部' }),
  active: z.boolean().default(true),
  levels: z.array(escalationRungBody).min(1).max(9),
});
export type EscalationPolicyInput = z.infer<typeof escalationPolicyBody>;

export const escalationRungDto = z.object({
  level: z.number().int(),
  name: z.string(),
  afterMinutes: z.number().int(),
  targetKind: z.enum(['role', 'users']),
  roleCode: z.string().nullable(),
  roleName: z.string().nullable(),
  userIds: z.array(z.uuid()),
  users: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

export const escalationPolicyDto = z.object({
  id: z.uuid(),
  name: z.string(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  ticketType: z.enum(ticketTypes).nullable(),
  catalogueNodeId: z.uuid().nullable(),
  catalogueNodeName: z.string().nullable(),
  active: z.boolean(),
  /** Whether the caller may change it (the group's need an all-data scope). */
  editable: z.boolean(),
  levels: z.array(escalationRungDto),
  updatedAt: z.iso.datetime(),
});
export type EscalationPolicyDto = z.infer<typeof escalationPolicyDto>;

export const defaultLadderDto = z.object({
  name: z.string(),
  description: z.string(),
  levels: z.array(escalationRungDto),
});
