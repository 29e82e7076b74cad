import { z } from 'zod';
import { EXPORT_MAX_ROWS, replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { moveInDto, moveInExportQuery, moveInListQuery, moveInRegisterBody } from './move-in.schema.js';
import { exportMoveIns, listMoveIns, registerMoveIn, roomMoveIns } from './move-in.service.js';

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
      config: { permission: 'customer.export' },
      schema: { tags: ['customer'], summary: '导出入伙登记（Excel，个人信息脱敏）', querystring: moveInExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const zh = ctx.locale === 'zh-CN';
      const rows = await exportMoveIns(deps, ctx, request.query, EXPORT_MAX_ROWS);
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '入伙登记' : 'Move-ins',
        file: zh ? '入伙登记.xlsx' : 'move-ins.xlsx',
        rows,
        columns: [
          { header: zh ? '项目' : 'Project', value: (r) => r.projectName, width: 16 },
          { header: zh ? '房间' : 'Room', value: (r) => r.roomCode, width: 14 },
          { header: zh ? '客户编号' : 'Customer code', value: (r) => r.customerCode, width: 12 },
          { header: zh ? '业主' : 'Owner', value: (r) => r.customerName, width: 20 },
          { header: zh ? '手机号码' : 'Mobile', value: (r) => r.customerMobile, width: 14 },
          { header: zh ? '入伙日期' : 'Move-in date', value: (r) => r.moveInDate, width: 12 },
          { header: zh ? '购房合同号' : 'Purchase contract no.', value: (r) => r.contractNo, width: 20 },
          { header: zh ? '收楼书号' : 'Handover letter no.', value: (r) => r.handoverLetterNo, width: 20 },
          { header: zh ? '业主验收' : 'Owner inspection', value: (r) => r.inspectionNote, width: 40 },
          {
            header: zh ? '当前业主' : 'Still owner',
            value: (r) => (r.current ? (zh ? '是' : 'Yes') : zh ? '否' : 'No'),
            width: 10,
          },
          { header: zh ? '登记人' : 'Registered by', value: (r) => r.createdByName, width: 12 },
        ],
        audit: {
          action: 'move_in.export',
          entityType: 'move_in',
          summary: `导出入伙登记 ${rows.length} 条（脱敏）`,
          after: request.query,
        },
      });
    },
  );
};
