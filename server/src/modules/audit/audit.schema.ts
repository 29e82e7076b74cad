import { z } from 'zod';
import { day, pageQuery } from '../../platform/routes.js';

export const auditEntryDto = z.object({
  seq: z.number().int(),
  occurredAt: z.iso.datetime(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  summary: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

const beijingDay = day.meta({ description: 'YYYY-MM-DD（北京时间）' });

export const auditFilter = {
  actorId: z.uuid().optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(80).optional(),
  action: z.string().max(60).optional(),
  keyword: z.string().trim().max(60).optional().meta({ description: '摘要关键字' }),
  from: beijingDay.optional(),
  to: beijingDay.optional(),
};
export const auditListQuery = z
  .strictObject({ ...pageQuery, ...auditFilter })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'date_range_invalid', path: ['to'] });
export const auditExportQuery = z
  .strictObject(auditFilter)
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'date_range_invalid', path: ['to'] });

export const chainReportDto = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstSeq: z.number().int().nullable(),
  lastSeq: z.number().int().nullable(),
  broken: z.object({ seq: z.number().int(), reason: z.enum(['prev_hash', 'hash']) }).nullable(),
});
