import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { exportPersonalData } from '../export/export.service.js';
import { customerExport } from './customer.export.js';
import {
  customerBody,
  customerDto,
  customerExportQuery,
  customerListQuery,
  customerUpdateBody,
  moveInBody,
  moveOutBody,
  occupancyDto,
  revealBody,
  revealResponse,
  transferBody,
} from './customer.schema.js';
import {
  anonymiseCustomer,
  createCustomer,
  getCustomer,
  listCustomers,
  revealCustomerField,
  setCustomerActive,
  updateCustomer,
} from './customer.service.js';
import { customerOccupancies, moveIn, moveOut, roomOccupancies, transferRoom } from './occupancy.service.js';

export const customerRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/customers',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags: ['customer'],
        summary: '客户列表与搜索（姓名、拼音首字母、手机号后 4 位、房号、证件号后 6 位）',
        querystring: customerListQuery,
        response: { 200: pageOf(customerDto) },
      },
    },
    async (request) => listCustomers(deps, authed(request), request.query),
  );

  app.get(
    '/api/customers/export',
    {
      config: { permission: customerExport.permission },
      schema: {
        tags: ['customer'],
        summary: '导出客户（Excel，个人信息脱敏；超过审批阈值须先申请）',
        querystring: customerExportQuery,
      },
    },
    async (request, reply) => exportPersonalData(deps, authed(request), reply, customerExport, request.query),
  );

  app.post(
    '/api/customers',
    {
      config: { permission: 'customer.manage' },
      schema: { tags: ['customer'], summary: '新建客户', body: customerBody, response: { 201: customerDto } },
    },
    async (request, reply) => reply.code(201).send(await createCustomer(deps, authed(request), request.body)),
  );

  app.get(
    '/api/customers/:id',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags: ['customer'],
        summary: '客户详情（个人信息脱敏）',
        params: idParams,
        response: { 200: customerDto },
      },
    },
    async (request) => getCustomer(deps, authed(request), request.params.id),
  );

  app.put(
    '/api/customers/:id',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags: ['customer'],
        summary: '修改客户（不传证件或电话则保持不变）',
        params: idParams,
        body: customerUpdateBody,
        response: { 200: customerDto },
      },
    },
    async (request) => updateCustomer(deps, authed(request), request.params.id, request.body),
  );

  app.post(
    '/api/customers/:id/reveal',
    {
      config: { permission: 'customer.reveal' },
      schema: {
        tags: ['customer'],
        summary: '查看完整证件号或手机号（记录理由）',
        params: idParams,
        body: revealBody,
        response: { 200: revealResponse },
      },
    },
    async (request) => revealCustomerField(deps, authed(request), request.params.id, request.body),
  );

  for (const [action, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post(
      `/api/customers/:id/${action}`,
      {
        config: { permission: 'customer.manage' },
        schema: {
          tags: ['customer'],
          summary: active ? '启用客户' : '停用客户',
          params: idParams,
          response: { 200: customerDto },
        },
      },
      async (request) => setCustomerActive(deps, authed(request), request.params.id, active),
    );
  }

  app.post(
    '/api/customers/:id/anonymise',
    {
      config: { permission: 'customer.anonymise' },
      schema: {
        tags: ['customer'],
        summary: '按客户要求匿名化（不可恢复）',
        params: idParams,
        response: { 200: customerDto },
      },
    },
    async (request) => anonymiseCustomer(deps, authed(request), request.params.id),
  );

  app.get(
    '/api/customers/:id/occupancies',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags: ['customer'],
        summary: '客户的房间关系（含历史）',
        params: idParams,
        response: { 200: z.array(occupancyDto) },
      },
    },
    async (request) => customerOccupancies(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/customers/:id/occupancies',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags: ['customer'],
        summary: '迁入（业主、租户或住户）',
        params: idParams,
        body: moveInBody,
        response: { 200: occupancyDto },
      },
    },
    async (request) => moveIn(deps, authed(request), request.params.id, request.body),
  );

  app.post(
    '/api/occupancies/:id/end',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags: ['customer'],
        summary: '迁出（结束房间关系，保留历史）',
        params: idParams,
        body: moveOutBody,
        response: { 200: occupancyDto },
      },
    },
    async (request) => moveOut(deps, authed(request), request.params.id, request.body),
  );

  app.get(
    '/api/rooms/:id/occupancies',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags: ['customer'],
        summary: '房间的住户历史',
        params: idParams,
        response: { 200: z.array(occupancyDto) },
      },
    },
    async (request) => roomOccupancies(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/rooms/:id/transfer',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags: ['customer'],
        summary: '过户（结束当前业主关系，新业主自过户日期起；租户、住户不变）',
        params: idParams,
        body: transferBody,
        response: { 200: z.array(occupancyDto) },
      },
    },
    async (request) => transferRoom(deps, authed(request), request.params.id, request.body),
  );
};
