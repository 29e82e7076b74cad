import { z } from 'zod';
import { day, pageQuery } from '../../platform/routes.js';
import { warrantyUnits } from './contractor.table.js';

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'code_format');

/**
 * A contractor as typed: the service normalises and checks the credit code (GB 32100) and the
 * contact's mobile, answering 422 with the field named.
 */
const contractorFields = {
  name: z.string().trim().min(1).max(100).meta({ description: '承建商名称（营业执照上的全称）' }),
  uscc: z.string().trim().max(30).nullish().meta({ description: '统一社会信用代码（GB 32100）' }),
  contactName: z.string().trim().max(40).nullish().meta({ description: '联系人' }),
  contactMobile: z.string().trim().max(30).nullish().meta({ description: '联系人手机，允许 +86、空格和连字符' }),
  phone: z
    .string()
    .trim()
    .max(40)
    .nullish()
    .meta({ description: '联系电话（座机、400 或报修专线）', example: '021-5888-1200' }),
  notes: z.string().trim().max(500).nullish(),
};

export const contractorBody = z.strictObject({
  companyId: z.uuid().optional().meta({ description: '所属公司；数据范围内只有一个公司时可省略' }),
  code: code.optional().meta({ description: '编码，公司内唯一；省略则自动编号（CJS0001）' }),
  ...contractorFields,
});
export type ContractorInput = z.infer<typeof contractorBody>;

export const contractorUpdateBody = z.strictObject({ code, ...contractorFields });
export type ContractorUpdateInput = z.infer<typeof contractorUpdateBody>;

export const periodDto = z.object({
  unit: z.enum(warrantyUnits),
  value: z.number().int(),
  label: z.string().meta({ description: '如“5年”“2个采暖期”' }),
});

export const contractorDto = z.object({
  id: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  code: z.string(),
  name: z.string(),
  uscc: z.string().nullable(),
  contactName: z.string().nullable(),
  contactMobile: z
    .string()
    .nullable()
    .meta({ description: '业务联系人手机，完整显示给有“查看承建商”权限的人员（不是客户个人信息）' }),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  active: z.boolean(),
  projects: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .meta({ description: '施工范围涉及的项目（调用者可见的）' }),
  trades: z.array(z.object({ code: z.string(), label: z.string() })),
  scopeCount: z.number().int(),
  editable: z.boolean().meta({ description: '调用者的数据范围覆盖其所属公司，可修改资料（仍需维护权限）' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ContractorDto = z.infer<typeof contractorDto>;

export const contractorFilter = {
  q: z
    .string()
    .trim()
    .max(60)
    .optional()
    .meta({ description: '名称或其中几个字、拼音首字母、编码、统一社会信用代码、联系人' }),
  companyId: z.uuid().optional(),
  projectId: z.uuid().optional().meta({ description: '施工范围包含该项目' }),
  trade: z.string().trim().max(40).optional().meta({ description: '施工范围包含该专业（字典 trade）' }),
  active: z.enum(['true', 'false']).optional(),
};
export const contractorListQuery = z.strictObject({ ...pageQuery, ...contractorFilter });
export const contractorExportQuery = z.strictObject(contractorFilter);
export type ContractorFilter = z.infer<typeof contractorExportQuery>;

export const scopeBody = z.strictObject({
  projectId: z.uuid(),
  buildingId: z.uuid().nullish().meta({ description: '楼栋；省略或 null 表示全部楼栋' }),
  trade: z.string().trim().min(1).max(40).meta({ description: '专业（字典 trade）' }),
  warrantyUnit: z.enum(warrantyUnits).optional().meta({ description: '省略则取该专业的法定最低保修期' }),
  warrantyValue: z
    .number()
    .int()
    .min(1)
    .max(1200)
    .optional()
    .meta({ description: '月数或采暖期数；省略则取该专业的法定最低保修期' }),
  startDate: day.nullish().meta({ description: '保修起算日；省略则按每个房间的交付日期起算' }),
});
export type ScopeInput = z.infer<typeof scopeBody>;

export const scopeParams = z.strictObject({ id: z.uuid(), scopeId: z.uuid() });

export const scopeDto = z.object({
  id: z.string(),
  contractorId: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  buildingId: z.string().nullable(),
  buildingName: z.string().nullable().meta({ description: 'null：全部楼栋' }),
  trade: z.string(),
  tradeLabel: z.string(),
  warranty: periodDto,
  startDate: z.string().nullable(),
  statutoryMinimum: periodDto.nullable(),
  createdAt: z.iso.datetime(),
});
export type ScopeDto = z.infer<typeof scopeDto>;

export const warrantyMinimumDto = z.object({
  trade: z.string(),
  tradeLabel: z.string(),
  minimum: periodDto.nullable().meta({ description: '法定最低保修期；null：法规未规定，由合同约定' }),
  basis: z.string().nullable().meta({ description: '依据条款' }),
});

const at = z
  .union([day, z.iso.datetime({ offset: true })])
  .optional()
  .meta({ description: '查询日期（YYYY-MM-DD 或 ISO 时间）；省略为今天' });

export const warrantyQuery = z.strictObject({
  trade: z.string().trim().min(1).max(40).meta({ description: '专业（字典 trade）' }),
  at,
});
export const warrantiesQuery = z.strictObject({ at });

export const warrantyDto = z.object({
  roomId: z.string(),
  trade: z.string(),
  tradeLabel: z.string(),
  at: z.string().meta({ description: '按项目时区的日历日' }),
  contractor: z
    .object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      contactName: z.string().nullable(),
      contactMobile: z.string().nullable(),
      phone: z.string().nullable(),
    })
    .nullable()
    .meta({ description: '负责该专业的承建商（无论是否在保）；null：没有承建商的施工范围覆盖' }),
  scopeId: z.string().nullable(),
  basis: z.enum(['building', 'project']).nullable().meta({ description: '按楼栋范围（优先）或项目范围' }),
  warranty: periodDto.nullable(),
  startBasis: z.enum(['delivery_date', 'scope_start_date']).nullable(),
  start: z.string().nullable(),
  end: z.string().nullable().meta({ description: '保修期最后一天（含）' }),
  inWarranty: z.boolean().meta({ description: '在保：由承建商维修；否则由物业公司处理' }),
  reason: z.enum(['no_scope', 'no_start_date', 'not_started', 'expired']).nullable(),
  statutoryMinimum: periodDto.nullable(),
});
export type WarrantyDto = z.infer<typeof warrantyDto>;

export const roomWarrantiesDto = z.object({
  roomId: z.string(),
  roomCode: z.string(),
  deliveryDate: z.string().nullable(),
  at: z.string(),
  items: z.array(warrantyDto).meta({ description: '每个专业一项，按字典顺序' }),
});
