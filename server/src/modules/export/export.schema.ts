import { z } from 'zod';
import { pageQuery } from '../../platform/routes.js';
import { exportResources } from './export.registry.js';
import { exportRequestStatuses } from './export.table.js';

export const exportRequestBody = z.strictObject({
  resource: z.enum(exportResources).meta({ description: '导出的列表：customers 客户，users 用户' }),
  query: z
    .record(z.string(), z.unknown())
    .default({})
    .meta({ description: '与该列表导出接口相同的筛选条件（不含分页）' }),
  reason: z.string().trim().min(5).max(200).meta({ description: '导出用途，至少 5 个字' }),
});
export type ExportRequestInput = z.infer<typeof exportRequestBody>;

export const approveBody = z.strictObject({
  note: z.string().trim().max(200).optional().meta({ description: '审批意见（可选）' }),
});
export const rejectBody = z.strictObject({
  note: z.string().trim().min(2).max(200).meta({ description: '驳回理由' }),
});

export const exportRequestListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(exportRequestStatuses).optional(),
  mine: z.enum(['true', 'false']).optional().meta({ description: 'true：只看我提交的申请' }),
});

export const exportRequestDto = z.object({
  id: z.uuid(),
  resource: z.string(),
  resourceLabel: z.string(),
  query: z.record(z.string(), z.unknown()),
  filters: z.array(z.object({ label: z.string(), value: z.string() })).meta({ description: '筛选条件（文字）' }),
  rowCount: z.number().int().meta({ description: '申请时按申请人数据范围计算的行数' }),
  reason: z.string(),
  status: z.enum(exportRequestStatuses).meta({ description: '审批通过但超过有效期未下载的显示为 expired' }),
  requestedBy: z.uuid(),
  requestedByName: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionNote: z.string().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  usedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  mine: z.boolean(),
  canDecide: z.boolean().meta({ description: '当前用户可以审批（有审批权限、非本人、待审批）' }),
  canDownload: z.boolean().meta({ description: '当前用户可以下载（本人、已批准且未过期、未下载）' }),
});
export type ExportRequestDto = z.infer<typeof exportRequestDto>;
