import { authed } from '../../platform/http.js';
import { idempotent } from '../../platform/idempotency.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { exportPersonalData } from '../export/export.service.js';
import { receptionExport } from './reception.export.js';
import { createReception, getReception, listReceptions, updateReception } from './reception.service.js';
import {
  receptionBody,
  receptionCreatedDto,
  receptionDetailDto,
  receptionDto,
  receptionExportQuery,
  receptionListQuery,
  receptionUpdateBody,
} from './ticket.schema.js';

export const receptionRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/receptions',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['ticket'],
        summary: '接待记录列表（接待编号、来电号码、来电人；按项目、渠道、时间筛选）',
        querystring: receptionListQuery,
        response: { 200: pageOf(receptionDto) },
      },
    },
    async (request) => listReceptions(deps, authed(request), request.query),
  );

  app.get(
    '/api/receptions/export',
    {
      config: { permission: 'ticket.export' },
      schema: {
        tags: ['ticket'],
        summary: '导出接待记录（Excel，来电号码脱敏；超过审批阈值需申请）',
        querystring: receptionExportQuery,
      },
    },
    async (request, reply) => exportPersonalData(deps, authed(request), reply, receptionExport, request.query),
  );

  app.post(
    '/api/receptions',
    {
      config: { permission: 'ticket.create' },
      schema: {
        tags: ['ticket'],
        summary: '登记接待记录并生成工单（支持 Idempotency-Key）',
        body: receptionBody,
        response: { 201: receptionCreatedDto },
      },
    },
    async (request, reply) => {
      const ctx = authed(request);
      return idempotent(deps, ctx, request, reply, async (d) => ({
        status: 201,
        body: await createReception(d, ctx, request.body),
      }));
    },
  );

  app.get(
    '/api/receptions/:id',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['ticket'],
        summary: '接待记录详情及其工单',
        params: idParams,
        response: { 200: receptionDetailDto },
      },
    },
    async (request) => getReception(deps, authed(request), request.params.id),
  );

  app.patch(
    '/api/receptions/:id',
    {
      config: { permission: 'ticket.create' },
      schema: {
        tags: ['ticket'],
        summary: '补录来电人的客户与房间（同时补到该接待下尚无客户、房间的工单）',
        params: idParams,
        body: receptionUpdateBody,
        response: { 200: receptionDto },
      },
    },
    async (request) => updateReception(deps, authed(request), request.params.id, request.body),
  );
};
