import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import type { Locale } from '../../platform/locale.js';
import { idParams, okResponse, type RouteModule } from '../../platform/routes.js';
import { requireGroupScope } from '../../platform/scope.js';
import { dictionary, dictionaryItem } from '../dictionary/dictionary.table.js';
import { receiveUpload } from '../import/import.service.js';
import { importCatalogue } from './catalogue.import.js';
import { PATH_SEPARATOR, severityLabels, ticketTypeLabels, yesNo } from './catalogue.labels.js';
import {
  catalogueNodeDto,
  catalogueTreeNode,
  categoryBody,
  importResult,
  itemBody,
  reorderBody,
  searchHit,
  searchQuery,
  treeQuery,
} from './catalogue.schema.js';
import {
  catalogueTree,
  createCategory,
  createItem,
  deleteNode,
  exportRows,
  reorder,
  searchCatalogue,
  setActive,
  updateCategory,
  updateItem,
} from './catalogue.service.js';

/** Labels of 处理部门 and 专业 in the reader's language, for the export. */
async function dictionaryLabels(deps: Deps, locale: Locale): Promise<Map<string, string>> {
  const rows = await deps.db
    .select({
      dictionary: dictionary.code,
      code: dictionaryItem.code,
      label: dictionaryItem.label,
      labelEn: dictionaryItem.labelEn,
    })
    .from(dictionaryItem)
    .innerJoin(dictionary, eq(dictionary.id, dictionaryItem.dictionaryId))
    .where(and(inArray(dictionary.code, ['handling_department', 'trade'])));
  return new Map(rows.map((r) => [`${r.dictionary}:${r.code}`, locale === 'zh-CN' ? r.label : (r.labelEn ?? r.label)]));
}

/** Minutes as the hours the spreadsheet shows: 15 → 0.25, 120 → 2. */
const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100);

const importNote =
  'multipart/form-data：file（.xlsx 或 .csv，UTF-8 或 GBK，最多 5000 行）。列：一级分类、二级分类（更深的层级用 › 分隔）、' +
  '问题名称、编码（可选）、适用类型（投诉/报修/咨询/建议/查询/表扬，多个用 、 或 , 分隔）、处理部门、紧急程度（一般/较急/紧急/特急）、' +
  '响应时限（小时）、处理时限（小时）、是否回访（是/否）、专业、是否按自然时间（是/否）、状态（启用/停用）。' +
  '按编码、否则按分类路径 + 名称更新或新增；任何一行有误则全部不导入，并逐行说明原因。';

export const catalogueRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/catalogue/tree',
    {
      config: { permission: 'catalogue.read' },
      schema: {
        tags: ['catalogue'],
        summary: '投诉问题标准库（整棵树）',
        description: 'activeOnly=true 时只含生效的节点（自身及所有上级分类都已启用）',
        querystring: treeQuery,
        response: { 200: z.array(catalogueTreeNode) },
      },
    },
    async (request) => catalogueTree(deps, request.query.activeOnly === 'true'),
  );

  app.get(
    '/api/catalogue/search',
    {
      config: { permission: 'catalogue.read' },
      schema: {
        tags: ['catalogue'],
        summary: '查找问题（名称片段、拼音首字母、全拼或编码），供接待登记选择',
        querystring: searchQuery,
        response: { 200: z.array(searchHit) },
      },
    },
    async (request) => searchCatalogue(deps, request.query),
  );

  app.get(
    '/api/catalogue/export',
    {
      config: { permission: 'catalogue.read' },
      schema: { tags: ['catalogue'], summary: '导出投诉问题标准库（Excel，格式与导入相同）' },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const zh = ctx.locale === 'zh-CN';
      const locale = ctx.locale;
      const [rows, labels] = await Promise.all([exportRows(deps), dictionaryLabels(deps, locale)]);
      const label = (dict: string, code: string | null | undefined) =>
        code ? (labels.get(`${dict}:${code}`) ?? code) : null;
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '投诉问题标准库' : 'Issue catalogue',
        file: zh ? '投诉问题标准库.xlsx' : 'issue-catalogue.xlsx',
        rows,
        columns: [
          { header: zh ? '一级分类' : 'Category', value: (r) => r.categories[0], width: 14 },
          {
            header: zh ? '二级分类' : 'Subcategory',
            value: (r) => r.categories.slice(1).join(PATH_SEPARATOR),
            width: 14,
          },
          { header: zh ? '问题名称' : 'Item', value: (r) => r.item?.name, width: 20 },
          { header: zh ? '编码' : 'Code', value: (r) => r.item?.code, width: 12 },
          {
            header: zh ? '适用类型' : 'Ticket types',
            value: (r) => r.item?.ticketTypes.map((t) => ticketTypeLabels[t][locale]).join(zh ? '、' : ', '),
            width: 18,
          },
          { header: zh ? '处理部门' : 'Department', value: (r) => label('handling_department', r.item?.department) },
          {
            header: zh ? '紧急程度' : 'Severity',
            value: (r) => (r.item?.severity ? severityLabels[r.item.severity][locale] : null),
            width: 10,
          },
          {
            header: zh ? '响应时限（小时）' : 'Response (hours)',
            value: (r) => hours(r.item?.responseMinutes ?? null),
            width: 16,
          },
          {
            header: zh ? '处理时限（小时）' : 'Resolution (hours)',
            value: (r) => hours(r.item?.resolutionMinutes ?? null),
            width: 16,
          },
          {
            header: zh ? '是否回访' : 'Return visit',
            value: (r) => (r.item ? yesNo(r.item.returnVisitRequired, locale) : null),
            width: 10,
          },
          { header: zh ? '专业' : 'Trade', value: (r) => label('trade', r.item?.trade), width: 24 },
          {
            header: zh ? '是否按自然时间' : 'Calendar time',
            value: (r) => (r.item ? yesNo(r.item.calendarTime, locale) : null),
            width: 14,
          },
          {
            header: zh ? '状态' : 'Status',
            value: (r) => (r.item ? (r.item.active ? (zh ? '启用' : 'Active') : zh ? '停用' : 'Inactive') : null),
            width: 8,
          },
        ],
        audit: {
          action: 'catalogue.export',
          entityType: 'catalogue_node',
          summary: `导出投诉问题标准库 ${rows.length} 行`,
        },
      });
    },
  );

  app.post(
    '/api/catalogue/import',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '从 Excel 或 CSV 导入投诉问题标准库（全部成功或全部不导入）',
        description: importNote,
        consumes: ['multipart/form-data'],
        response: { 200: importResult },
      },
    },
    async (request) => {
      const ctx = authed(request);
      // Refused before the file is read, like every other change to the catalogue.
      requireGroupScope(ctx.actor.scope);
      const upload = await receiveUpload(deps, request, ctx.locale);
      try {
        return await importCatalogue(deps, ctx, {
          path: deps.files.path(upload.file.key),
          format: upload.format,
          fileName: upload.fileName,
        });
      } finally {
        await deps.files.remove(upload.file.key);
      }
    },
  );

  app.post(
    '/api/catalogue/categories',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '新建问题分类',
        body: categoryBody,
        response: { 200: catalogueNodeDto },
      },
    },
    async (request) => createCategory(deps, authed(request), request.body),
  );

  app.put(
    '/api/catalogue/categories/:id',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '修改或移动问题分类（移动时其下全部节点随之移动）',
        params: idParams,
        body: categoryBody,
        response: { 200: catalogueNodeDto },
      },
    },
    async (request) => updateCategory(deps, authed(request), request.params.id, request.body),
  );

  app.post(
    '/api/catalogue/items',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '新建问题',
        body: itemBody,
        response: { 200: catalogueNodeDto },
      },
    },
    async (request) => createItem(deps, authed(request), request.body),
  );

  app.put(
    '/api/catalogue/items/:id',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '修改或移动问题',
        params: idParams,
        body: itemBody,
        response: { 200: catalogueNodeDto },
      },
    },
    async (request) => updateItem(deps, authed(request), request.params.id, request.body),
  );

  app.post(
    '/api/catalogue/nodes/:id/enable',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '启用分类或问题',
        params: idParams,
        response: { 200: catalogueNodeDto },
      },
    },
    async (request) => setActive(deps, authed(request), request.params.id, true),
  );

  app.post(
    '/api/catalogue/nodes/:id/disable',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '停用分类或问题（停用分类时其下全部问题不再可选，子节点自身的启用状态保留）',
        params: idParams,
        response: { 200: catalogueNodeDto },
      },
    },
    async (request) => setActive(deps, authed(request), request.params.id, false),
  );

  app.delete(
    '/api/catalogue/nodes/:id',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '删除分类或问题（分类下还有节点时不能删除）',
        params: idParams,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await deleteNode(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/catalogue/reorder',
    {
      config: { permission: 'catalogue.manage' },
      schema: {
        tags: ['catalogue'],
        summary: '调整同一分类下节点的顺序',
        body: reorderBody,
        response: { 200: z.array(catalogueNodeDto) },
      },
    },
    async (request) => reorder(deps, authed(request), request.body),
  );
};
