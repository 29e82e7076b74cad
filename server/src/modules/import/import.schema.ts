import { z } from 'zod';
import { pageQuery } from '../../platform/routes.js';
import { importFields } from './import.fields.js';
import { importModes, importPhases, importStatuses, importTypes } from './import.table.js';

export const importField = z.enum(importFields);

export const importDto = z
  .object({
    id: z.uuid(),
    type: z.enum(importTypes),
    mode: z.enum(importModes),
    status: z.enum(importStatuses),
    phase: z.enum(importPhases).nullable(),
    fileName: z.string(),
    fileSize: z.number().int(),
    headerRow: z.number().int().nullable().describe('表头所在行（表格程序显示的行号）'),
    mapping: z.record(z.string(), z.number().int()),
    totalRows: z.number().int().describe('数据行数（不含表头与空行）；运行中尚未统计完时为 0'),
    processedRows: z.number().int(),
    acceptedRows: z.number().int(),
    rejectedCount: z.number().int(),
    rejectedRows: z
      .array(z.object({ row: z.number().int(), reason: z.string() }))
      .describe('被拒绝的行（表格程序显示的行号与原因），最多列出前 500 行；全部见 rejections 下载'),
    created: z.number().int().describe('新建的记录数（楼栋、单元、房间、客户、房间关系、入伙登记）'),
    updated: z.number().int().describe('有变化而更新的记录数'),
    error: z.string().nullable(),
    projectId: z.uuid().nullable(),
    createdByName: z.string(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Import' });
export type ImportDto = z.infer<typeof importDto>;

export const importCreated = z.object({ id: z.uuid() });

export const importPreviewDto = z
  .object({
    format: z.enum(['xlsx', 'csv']),
    headerRow: z.number().int().describe('表头所在行（表格程序显示的行号）'),
    headers: z.array(z.string()),
    mapping: z.record(z.string(), z.number().int()).describe('字段 → 列序号（从 0 开始）'),
    missing: z.array(importField).describe('必需但未对应上的字段'),
    needsProject: z.boolean().describe('表中没有项目列，需要选择项目'),
    sample: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()), problem: z.string().nullable() })),
    fields: z.array(z.object({ field: importField, label: z.string(), required: z.boolean() })),
  })
  .meta({ id: 'ImportPreview' });
export type ImportPreviewDto = z.infer<typeof importPreviewDto>;

export const importListQuery = z.strictObject({ ...pageQuery });
