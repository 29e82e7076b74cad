import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { exportPermissions } from './export.registry.js';
import {
  approveBody,
  exportRequestBody,
  exportRequestDto,
  exportRequestListQuery,
  rejectBody,
} from './export.schema.js';
import {
  createExportRequest,
  decideExportRequest,
  downloadExportRequest,
  listExportRequests,
} from './export.service.js';

export const exportRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/export-requests',
    {
      schema: {
        tags: ['export'],
        summary: '导出申请：本人提交的；有导出审批权限时另含数据范围内他人的申请',
        querystring: exportRequestListQuery,
        response: { 200: pageOf(exportRequestDto) },
      },
    },
    async (request) => listExportRequests(deps, authed(request), request.query),
  );

  app.post(
    '/api/export-requests',
    {
      // The list's own export permission is checked by the service; here, holding any of them.
      config: { permission: exportPermissions },
      schema: {
        tags: ['export'],
        summary: '提交导出申请（超过审批阈值的个人信息导出；须填写理由）',
        body: exportRequestBody,
        response: { 201: exportRequestDto },
      },
    },
    async (request, reply) => reply.code(201).send(await createExportRequest(deps, authed(request), request.body)),
  );

  app.post(
    '/api/export-requests/:id/approve',
    {
      config: { permission: 'export.approve' },
      schema: {
        tags: ['export'],
        summary: '批准导出申请（不能审批本人的申请）',
        params: idParams,
        body: approveBody,
        response: { 200: exportRequestDto },
      },
    },
    async (request) => decideExportRequest(deps, authed(request), request.params.id, 'approve', request.body.note),
  );

  app.post(
    '/api/export-requests/:id/reject',
    {
      config: { permission: 'export.approve' },
      schema: {
        tags: ['export'],
        summary: '驳回导出申请（须填写理由）',
        params: idParams,
        body: rejectBody,
        response: { 200: exportRequestDto },
      },
    },
    async (request) => decideExportRequest(deps, authed(request), request.params.id, 'reject', request.body.note),
  );

  app.get(
    '/api/export-requests/:id/download',
    {
      config: { permission: exportPermissions },
      schema: {
        tags: ['export'],
        summary: '下载审批通过的导出（仅申请人本人，限一次，须在有效期内；个人信息脱敏）',
        params: idParams,
      },
    },
    async (request, reply) => downloadExportRequest(deps, authed(request), reply, request.params.id),
  );
};
