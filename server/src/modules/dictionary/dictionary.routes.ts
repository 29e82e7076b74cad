import { z } from 'zod';
import { replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { idParams, okResponse, type RouteModule } from '../../platform/routes.js';
import {
  dictionaryBody,
  dictionaryCodeParams,
  dictionaryDto,
  dictionaryItemBody,
  dictionaryItemDto,
  itemParams,
  itemsQuery,
} from './dictionary.schema.js';
import {
  createDictionary,
  createItem,
  deleteDictionary,
  deleteItem,
  exportDictionaryItems,
  listDictionaries,
  listItems,
  updateDictionary,
  updateItem,
} from './dictionary.service.js';

export const dictionaryRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/dictionaries',
    {
      config: { permission: 'dictionary.read' },
      schema: { tags: ['dictionary'], summary: '数据字典列表', response: { 200: z.array(dictionaryDto) } },
    },
    async () => listDictionaries(deps),
  );

  app.get(
    '/api/dictionaries/export',
    {
      config: { permission: 'dictionary.read' },
      schema: { tags: ['dictionary'], summary: '导出全部字典与字典项（Excel）' },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const zh = ctx.locale === 'zh-CN';
      const rows = await exportDictionaryItems(deps);
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '数据字典' : 'Dictionaries',
        file: zh ? '数据字典.xlsx' : 'dictionaries.xlsx',
        rows,
        columns: [
          { header: zh ? '字典编码' : 'Dictionary code', value: (r) => r.dictionaryCode },
          { header: zh ? '字典名称' : 'Dictionary', value: (r) => r.dictionaryName },
          { header: zh ? '项编码' : 'Item code', value: (r) => r.code },
          { header: zh ? '名称' : 'Label', value: (r) => r.label, width: 24 },
          { header: zh ? '英文名称' : 'English label', value: (r) => r.labelEn, width: 24 },
          { header: zh ? '排序' : 'Order', value: (r) => r.sortOrder, width: 8 },
          {
            header: zh ? '启用' : 'Active',
            value: (r) => (r.active ? (zh ? '是' : 'Yes') : zh ? '否' : 'No'),
            width: 8,
          },
        ],
        audit: {
          action: 'dictionary.export',
          entityType: 'dictionary',
          summary: `导出字典项 ${rows.length} 条`,
        },
      });
    },
  );

  // Every screen's selects read code lists, so any logged-in user may read the items.
  app.get(
    '/api/dictionary-items/:code',
    {
      schema: {
        tags: ['dictionary'],
        summary: '字典项（按编码）',
        params: dictionaryCodeParams,
        querystring: itemsQuery,
        response: { 200: z.array(dictionaryItemDto) },
      },
    },
    async (request) => listItems(deps, request.params.code, request.query.includeInactive === 'true'),
  );

  app.post(
    '/api/dictionaries',
    {
      config: { permission: 'dictionary.manage' },
      schema: { tags: ['dictionary'], summary: '新建字典', body: dictionaryBody, response: { 200: dictionaryDto } },
    },
    async (request) => createDictionary(deps, authed(request), request.body),
  );

  app.put(
    '/api/dictionaries/:id',
    {
      config: { permission: 'dictionary.manage' },
      schema: {
        tags: ['dictionary'],
        summary: '修改字典',
        params: idParams,
        body: dictionaryBody,
        response: { 200: dictionaryDto },
      },
    },
    async (request) => updateDictionary(deps, authed(request), request.params.id, request.body),
  );

  app.delete(
    '/api/dictionaries/:id',
    {
      config: { permission: 'dictionary.manage' },
      schema: { tags: ['dictionary'], summary: '删除字典', params: idParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteDictionary(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/dictionaries/:id/items',
    {
      config: { permission: 'dictionary.manage' },
      schema: {
        tags: ['dictionary'],
        summary: '新增字典项',
        params: idParams,
        body: dictionaryItemBody,
        response: { 200: dictionaryItemDto },
      },
    },
    async (request) => createItem(deps, authed(request), request.params.id, request.body),
  );

  app.put(
    '/api/dictionaries/:id/items/:itemId',
    {
      config: { permission: 'dictionary.manage' },
      schema: {
        tags: ['dictionary'],
        summary: '修改字典项',
        params: itemParams,
        body: dictionaryItemBody,
        response: { 200: dictionaryItemDto },
      },
    },
    async (request) => updateItem(deps, authed(request), request.params.id, request.params.itemId, request.body),
  );

  app.delete(
    '/api/dictionaries/:id/items/:itemId',
    {
      config: { permission: 'dictionary.manage' },
      schema: { tags: ['dictionary'], summary: '删除字典项', params: itemParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteItem(deps, authed(request), request.params.id, request.params.itemId);
      return { ok: true as const };
    },
  );
};
