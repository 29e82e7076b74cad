import { z } from 'zod';
import { pageQuery } from '../../platform/routes.js';
import { renameStatuses } from './customer.table.js';

export const renameRequestBody = z.strictObject({
  newName: z.string().trim().min(1).max(60).meta({ description: '更名后的名称' }),
  reason: z.string().trim().min(2).max(200).meta({ description: '更名原因' }),
  evidence: z.string().trim().max(200).nullish().meta({ description: '证明材料，如户口本变更页、法院判决书编号' }),
});
export type RenameRequestInput = z.infer<typeof renameRequestBody>;

export const renameApproveBody = z.strictObject({
  note: z.string().trim().max(200).nullish(),
});
export const renameRejectBody = z.strictObject({
  note: z.string().trim().min(2).max(200).meta({ description: '驳回理由（必填）' }),
});

export const renameRequestDto = z.object({
  id: z.string(),
  customerId: z.string(),
  customerCode: z.string(),
  customerName: z.string().meta({ description: '客户当前名称' }),
  oldName: z.string(),
  newName: z.string(),
  reason: z.string(),
  evidence: z.string().nullable(),
  status: z.enum(renameStatuses),
  requestedBy: z.string(),
  requestedByName: z.string(),
  createdAt: z.iso.datetime(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionNote: z.string().nullable(),
});
export type RenameRequestDto = z.infer<typeof renameRequestDto>;

const renameFilter = {
  status: z.enum(renameStatuses).optional(),
  customerId: z.uuid().optional(),
  q: z.string().trim().max(40).optional().meta({ description: '客户编号、原名称或新名称' }),
};
export const renameListQuery = z.strictObject({ ...pageQuery, ...renameFilter });
export const renameExportQuery = z.strictObject(renameFilter);
