import { z } from 'zod';
import { day, pageQuery } from '../../platform/routes.js';

/** A document number as typed on the paper: trimmed; empty means not given. */
const documentNo = z.string().trim().max(40).nullish();

export const moveInRegisterBody = z.strictObject({
  customerId: z.uuid().meta({ description: '入伙的客户（成为业主）' }),
  moveInDate: day.meta({ description: '入伙日期：房间原有客户于当日迁出，客户自当日起为业主' }),
  contractNo: documentNo.meta({ description: '购房合同号（同一项目内不能重复）' }),
  handoverLetterNo: documentNo.meta({ description: '收楼书号' }),
  inspectionNote: z.string().trim().max(500).nullish().meta({ description: '业主验收意见' }),
});
export type MoveInRegisterInput = z.infer<typeof moveInRegisterBody>;

export const moveInDto = z.object({
  id: z.string(),
  roomId: z.string(),
  roomCode: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  customerId: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  customerMobile: z.string().nullable().meta({ description: '脱敏主手机号' }),
  occupancyId: z.string().nullable(),
  current: z.boolean().meta({ description: '入伙时建立的业主关系是否仍有效' }),
  moveInDate: z.string(),
  contractNo: z.string().nullable(),
  handoverLetterNo: z.string().nullable(),
  inspectionNote: z.string().nullable(),
  createdBy: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type MoveInDto = z.infer<typeof moveInDto>;

export const moveInFilter = {
  projectId: z.uuid().optional(),
  dateFrom: day.optional().meta({ description: '入伙日期起（含）' }),
  dateTo: day.optional().meta({ description: '入伙日期止（含）' }),
  q: z.string().trim().max(40).optional().meta({ description: '房号或房间编码、客户名称、合同号或收楼书号' }),
};
export const moveInListQuery = z.strictObject({ ...pageQuery, ...moveInFilter });
export const moveInExportQuery = z.strictObject(moveInFilter);
