import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { exportPersonalData } from '../export/export.service.js';
import { moveInExport } from './move-in.export.js';
import { moveInDto, moveInExportQuery, moveInListQuery, moveInRegisterBody } from './move-in.schema.js';
import { listMoveIns, registerMoveIn, roomMoveIns } from './move-in.service.js';

export const moveInRoutes: RouteModule = (app, deps) => {
  app.post(
    '/api/rooms/:id/move-ins',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags: ['customer'],
        summary: '入伙登记（原有客户迁出，客户成为业主并迁入，房态改为已入住）',
        params: idParams,
        body: moveInRegisterBody,
        response: { 201: moveInDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerMoveIn(deps, authed(request), request.params.id, request.body)),
  );

  app.get(
    '/api/rooms/:id/move-ins',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags: ['customer'],
        summary: '房间的入伙登记',
        params: idParams,
        response: { 200: z.array(moveInDto) },
      },
    },
    async (request) => roomMoveIns(deps, authed(request), request.params.id),
  );

  app.get(
    '/api/move-ins',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags: ['customer'],
        summary: '入伙登记列表',
        querystring: moveInListQuery,
        response: { 200: pageOf(moveInDto) },
      },
    },
    async (request) => listMoveIns(deps, authed(request), request.query),
  );

  app.get(
    '/api/move-ins/export',
    {
      config: { permission: moveInExport.permission },
      schema: {
        tags: ['customer'],
        summary: '导出入伙登记（Excel，个人信息脱敏；超过阈值需审批）',
        querystring: moveInExportQuery,
      },
    },
    async (request, reply) => exportPersonalData(deps, authed(request), reply, moveInExport, request.query),
  );
};
