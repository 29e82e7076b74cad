import { z } from 'zod';
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
