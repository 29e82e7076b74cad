import { z } from 'zod';
import { EXPORT_MAX_ROWS, replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { idParams, okResponse, pageOf, type RouteModule } from '../../platform/routes.js';
import {
  contractorBody,
  contractorDto,
  contractorExportQuery,
  contractorListQuery,
  contractorUpdateBody,
  scopeBody,
  scopeDto,
  scopeParams,
} from './contractor.schema.js';
import {
  createContractor,
  exportContractors,
  getContractor,
  listContractors,
  setContractorActive,
  updateContractor,
} from './contractor.service.js';
import { addScope, listScopes, removeScope, updateScope } from './contractor-scope.service.js';

export const contractorRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/contractors',
    {
      config: { permission: 'contractor.read' },
      schema: {
        tags: ['contractor'],
        summary: '承建商列表（名称、拼音首字母、编码、信用代码、联系人；按项目、专业、状态筛选）',
        querystring: contractorListQuery,
        response: { 200: pageOf(contractorDto) },
      },
    },
    async (request) => listContractors(deps, authed(request), request.query),
  );

  app.get(
    '/api/contractors/export',
    {
      config: { permission: 'contractor.read' },
      schema: { tags: ['contractor'], summary: '导出承建商及其施工范围（Excel）', querystring: contractorExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const zh = ctx.locale === 'zh-CN';
      const rows = await exportContractors(deps, ctx, request.query, EXPORT_MAX_ROWS);
      const scopeText = (r: (typeof rows)[number]) =>
        r.scopes
          .map(
            (s) =>
              `${s.projectName} ${s.buildingName ?? (zh ? '全部楼栋' : 'all buildings')} ${s.tradeLabel} ${s.warranty.label}${
                s.startDate ? (zh ? `（自 ${s.startDate} 起）` : ` (from ${s.startDate})`) : ''
              }`,
          )
          .join(zh ? '；' : '; ');
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '承建商' : 'Contractors',
        file: zh ? '承建商.xlsx' : 'contractors.xlsx',
        rows,
        columns: [
          { header: zh ? '编码' : 'Code', value: (r) => r.code, width: 10 },
          { header: zh ? '承建商名称' : 'Name', value: (r) => r.name, width: 32 },
          { header: zh ? '统一社会信用代码' : 'Social credit code', value: (r) => r.uscc, width: 22 },
          { header: zh ? '所属公司' : 'Company', value: (r) => r.companyName, width: 18 },
          { header: zh ? '联系人' : 'Contact', value: (r) => r.contactName, width: 10 },
          { header: zh ? '联系人手机' : 'Contact mobile', value: (r) => r.contactMobile, width: 14 },
          { header: zh ? '联系电话' : 'Phone', value: (r) => r.phone, width: 16 },
          { header: zh ? '施工范围与保修期' : 'Work scopes and warranties', value: scopeText, width: 60 },
          {
            header: zh ? '状态' : 'Status',
            value: (r) => (r.active ? (zh ? '启用' : 'Active') : zh ? '停用' : 'Disabled'),
          },
          { header: zh ? '备注' : 'Notes', value: (r) => r.notes, width: 30 },
        ],
        audit: {
          action: 'contractor.export',
          entityType: 'contractor',
          summary: `导出承建商 ${rows.length} 家`,
          after: request.query,
        },
      });
    },
  );

  app.post(
    '/api/contractors',
    {
      config: { permission: 'contractor.manage' },
      schema: { tags: ['contractor'], summary: '新建承建商', body: contractorBody, response: { 201: contractorDto } },
    },
    async (request, reply) => reply.code(201).send(await createContractor(deps, authed(request), request.body)),
  );

  app.get(
    '/api/contractors/:id',
    {
      config: { permission: 'contractor.read' },
      schema: { tags: ['contractor'], summary: '承建商详情', params: idParams, response: { 200: contractorDto } },
    },
    async (request) => getContractor(deps, authed(request), request.params.id),
  );

  app.put(
    '/api/contractors/:id',
    {
      config: { permission: 'contractor.manage' },
      schema: {
        tags: ['contractor'],
        summary: '修改承建商资料',
        params: idParams,
        body: contractorUpdateBody,
        response: { 200: contractorDto },
      },
    },
    async (request) => updateContractor(deps, authed(request), request.params.id, request.body),
  );

  for (const [action, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post(
      `/api/contractors/:id/${action}`,
      {
        config: { permission: 'contractor.manage' },
        schema: {
          tags: ['contractor'],
          summary: active
            ? '启用承建商（其施工范围与其他启用的承建商重叠时拒绝）'
            : '停用承建商（其施工范围不再参与保修查询）',
          params: idParams,
          response: { 200: contractorDto },
        },
      },
      async (request) => setContractorActive(deps, authed(request), request.params.id, active),
    );
  }

  app.get(
    '/api/contractors/:id/scopes',
    {
      config: { permission: 'contractor.read' },
      schema: {
        tags: ['contractor'],
        summary: '承建商的施工范围与保修期',
        params: idParams,
        response: { 200: z.array(scopeDto) },
      },
    },
    async (request) => listScopes(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/contractors/:id/scopes',
    {
      config: { permission: 'contractor.manage' },
      schema: {
        tags: ['contractor'],
        summary: '新增施工范围（保修期不得短于法定最低保修期；同一项目、楼栋、专业只能有一家承建商）',
        params: idParams,
        body: scopeBody,
        response: { 201: scopeDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addScope(deps, authed(request), request.params.id, request.body)),
  );

  app.put(
    '/api/contractors/:id/scopes/:scopeId',
    {
      config: { permission: 'contractor.manage' },
      schema: {
        tags: ['contractor'],
        summary: '修改施工范围',
        params: scopeParams,
        body: scopeBody,
        response: { 200: scopeDto },
      },
    },
    async (request) => updateScope(deps, authed(request), request.params.id, request.params.scopeId, request.body),
  );

  app.delete(
    '/api/contractors/:id/scopes/:scopeId',
    {
      config: { permission: 'contractor.manage' },
      schema: { tags: ['contractor'], summary: '移除施工范围', params: scopeParams, response: { 200: okResponse } },
    },
    async (request) => {
      await removeScope(deps, authed(request), request.params.id, request.params.scopeId);
      return { ok: true as const };
    },
  );
};
