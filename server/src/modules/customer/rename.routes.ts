import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { exportPersonalData } from '../export/export.service.js';
import { renameExport } from './rename.export.js';
import {
  renameApproveBody,
  renameExportQuery,
  renameListQuery,
  renameRejectBody,
  renameRequestBody,
  renameRequestDto,
} from './rename.schema.js';
import { decideRename, listRenameRequests, requestRename, withdrawRename } from './rename.service.js';

export const renameRoutes: RouteModule = (app, deps) => {
  app.post(
    '/api/customers/:id/rename-requests',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags: ['customer'],
        summary: '申请更名（审批通过后客户名称自动变更）',
        params: idParams,
        body: renameRequestBody,
        response: { 201: renameRequestDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await requestRename(deps, authed(request), request.params.id, request.body)),
  );

  app.get(
    '/api/rename-requests',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags: ['customer'],
        summary: '客户更名申请',
        querystring: renameListQuery,
        response: { 200: pageOf(renameRequestDto) },
      },
    },
    async (request) => listRenameRequests(deps, authed(request), request.query),
  );

  app.get(
    '/api/rename-requests/export',
    {
      config: { permission: renameExport.permission },
      schema: {
        tags: ['customer'],
        summary: '导出客户更名申请（Excel；超过阈值需审批）',
        querystring: renameExportQuery,
      },
    },
    async (request, reply) => exportPersonalData(deps, authed(request), reply, renameExport, request.query),
  );

  app.post(
    '/api/rename-requests/:id/approve',
    {
      config: { permission: 'customer.approve' },
      schema: {
        tags: ['customer'],
        summary: '审批通过更名（不能审批自己的申请）',
        params: idParams,
        body: renameApproveBody,
        response: { 200: renameRequestDto },
      },
    },
    async (request) => decideRename(deps, authed(request), request.params.id, 'approved', request.body.note || null),
  );

  app.post(
    '/api/rename-requests/:id/reject',
    {
      config: { permission: 'customer.approve' },
      schema: {
        tags: ['customer'],
        summary: '驳回更名（须填写理由）',
        params: idParams,
        body: renameRejectBody,
        response: { 200: renameRequestDto },
      },
    },
    async (request) => decideRename(deps, authed(request), request.params.id, 'rejected', request.body.note),
  );

  app.post(
    '/api/rename-requests/:id/withdraw',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags: ['customer'],
        summary: '撤回更名申请（仅申请人）',
        params: idParams,
        response: { 200: renameRequestDto },
      },
    },
    async (request) => withdrawRename(deps, authed(request), request.params.id),
  );
};
