import { z } from 'zod';
import { pageQuery } from '../../platform/routes.js';

const timeZone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'time_zone_invalid');

export const projectDto = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  timeZone: z.string(),
  address: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type ProjectDto = z.infer<typeof projectDto>;

export const projectFilter = {
  keyword: z.string().trim().max(60).optional(),
  companyId: z.uuid().optional(),
};
export const projectListQuery = z.strictObject({ ...pageQuery, ...projectFilter });
export const projectExportQuery = z.strictObject(projectFilter);

export const projectBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,40}$/, 'code_format'),
  orgId: z.uuid().meta({ description: '所属公司或管理处' }),
  timeZone: timeZone.default('Asia/Shanghai'),
  address: z.string().trim().max(200).nullish(),
});
