import { z } from 'zod';
import { idTypes } from '../../platform/identity.js';
import { day, pageQuery } from '../../platform/routes.js';
import { customerKinds, genders, occupancyRoles } from './customer.table.js';

/**
 * Identifiers arrive as typed; the service normalises and checks them, answering 422 with the
 * field named (GB 11643 / GB 32100 check digits, mobile numbers).
 */
export const phoneInput = z.strictObject({
  number: z.string().trim().min(1).max(30),
  label: z.string().trim().max(20).nullish(),
  isPrimary: z.boolean().default(false),
});

export const moveInBody = z.strictObject({
  roomId: z.uuid(),
  role: z.enum(occupancyRoles),
  fromDate: day,
  note: z.string().trim().max(200).nullish(),
});

export const customerBody = z.strictObject({
  kind: z.enum(customerKinds),
  name: z.string().trim().min(1).max(60),
  idType: z.enum(idTypes).nullish(),
  idNumber: z.string().trim().max(40).nullish(),
  mobile: z.string().trim().max(30).nullish().meta({ description: '主手机号（可与 phones 二选一）' }),
  phones: z.array(phoneInput).max(5).optional(),
  gender: z.enum(genders).nullish(),
  birthday: day.nullish(),
  source: z.string().trim().max(40).nullish(),
  tags: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
  notes: z.string().trim().max(500).nullish(),
  companyId: z.uuid().optional().meta({ description: '所属公司；只有一个公司范围或同时迁入时可省略' }),
  moveIn: moveInBody.optional().meta({
    description: '同时迁入的房间；数据范围只到项目或管理处的用户新建客户时必填',
  }),
});
export type CustomerInput = z.infer<typeof customerBody>;

export const customerUpdateBody = customerBody.omit({ companyId: true, kind: true, moveIn: true });

export const occupancyDto = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  roomId: z.string(),
  roomCode: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  role: z.enum(occupancyRoles),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  note: z.string().nullable(),
  current: z.boolean(),
});

export const customerDto = z.object({
  id: z.string(),
  code: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  kind: z.enum(customerKinds),
  name: z.string(),
  gender: z.enum(genders).nullable(),
  birthday: z.string().nullable(),
  idType: z.enum(idTypes).nullable(),
  idNumber: z.string().nullable().meta({ description: '脱敏：前 6 位 + 后 4 位' }),
  mobile: z.string().nullable().meta({ description: '脱敏主手机号' }),
  phones: z.array(
    z.object({ id: z.string(), number: z.string(), label: z.string().nullable(), isPrimary: z.boolean() }),
  ),
  source: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  active: z.boolean(),
  anonymised: z.boolean(),
  rooms: z.array(occupancyDto).meta({ description: '当前有效的房间关系' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CustomerDto = z.infer<typeof customerDto>;

export const customerFilter = {
  q: z
    .string()
    .trim()
    .max(40)
    .optional()
    .meta({ description: '姓名或其中几个字、拼音首字母、手机号或后 4 位、房号或房间编码、证件号后 6 位' }),
  kind: z.enum(customerKinds).optional(),
  projectId: z.uuid().optional(),
  active: z.enum(['true', 'false']).optional(),
  tag: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .optional()
    .meta({ description: '客户标签（字典 customer_tag 的编码或自由标签）' }),
};
export const customerListQuery = z.strictObject({ ...pageQuery, ...customerFilter });
export const customerExportQuery = z.strictObject(customerFilter);

export const revealBody = z.strictObject({
  field: z.enum(['idNumber', 'mobile']),
  reason: z.string().trim().min(2).max(200),
});
export const revealResponse = z.object({ field: z.enum(['idNumber', 'mobile']), value: z.string().nullable() });

export const moveOutBody = z.strictObject({
  toDate: day,
  note: z.string().trim().max(200).nullish(),
});

export const transferBody = z.strictObject({
  toCustomerIds: z.array(z.uuid()).min(1).max(5).meta({ description: '新业主（可多人共有）' }),
  date: day.meta({ description: '过户日期：原业主关系于当日结束，新业主自当日起' }),
  note: z.string().trim().max(200).nullish(),
});
export type TransferInput = z.infer<typeof transferBody>;
