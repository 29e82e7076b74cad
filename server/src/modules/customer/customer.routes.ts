import { z } from 'zod';
import { EXPORT_MAX_ROWS, replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
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
  exportCustomers,
  getCustomer,
  listCustomers,
  revealCustomerField,
  setCustomerActive,
  updateCustomer,
} from './customer.service.js';
import { customerOccupancies, moveIn, moveOut, roomOccupancies, transferRoom } from './occupancy.service.js';

const idTypeLabels: Record<string, [string, string]> = {
  resident_id: ['居民身份证', 'Resident ID'],
  hk_macao_permit: ['港澳通行证', 'HK/Macao permit'],
  taiwan_permit: ['台胞证', 'Taiwan permit'],
  passport: ['护照', 'Passport'],
  uscc: ['统一社会信用代码', 'USCC'],
};
const roleNames: Record<string, [string, string]> = {
  owner: ['业主', 'Owner'],
  tenant: ['租户', 'Tenant'],
  resident: ['住户', 'Resident'],
};

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
      config: { permission: 'customer.export' },
      schema: { tags: ['customer'], summary: '导出客户（Excel，个人信息脱敏）', querystring: customerExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const zh = ctx.locale === 'zh-CN';
      const l = zh ? 0 : 1;
      const rows = await exportCustomers(deps, ctx, request.query, EXPORT_MAX_ROWS);
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '客户' : 'Customers',
        file: zh ? '客户.xlsx' : 'customers.xlsx',
        rows,
        columns: [
          { header: zh ? '客户编号' : 'Code', value: (r) => r.code, width: 12 },
          { header: zh ? '客户名称' : 'Name', value: (r) => r.name, width: 20 },
          {
            header: zh ? '客户类型' : 'Kind',
            value: (r) => (r.kind === 'person' ? (zh ? '个人' : 'Person') : zh ? '单位' : 'Organisation'),
          },
          { header: zh ? '证件类型' : 'ID type', value: (r) => (r.idType ? idTypeLabels[r.idType]?.[l] : '') },
          { header: zh ? '证件号码' : 'ID number', value: (r) => r.idNumber, width: 22 },
          { header: zh ? '手机号码' : 'Mobile', value: (r) => r.mobile, width: 14 },
          {
            header: zh ? '房间' : 'Rooms',
            value: (r) => r.rooms.map((o) => `${o.projectName} ${o.roomCode}（${roleNames[o.role]?.[l]}）`).join('；'),
            width: 40,
          },
          { header: zh ? '标签' : 'Tags', value: (r) => r.tags.join('、'), width: 20 },
        ],
        audit: {
          action: 'customer.export',
          entityType: 'customer',
          summary: `导出客户 ${rows.length} 条（脱敏）`,
          after: request.query,
        },
      });
    },
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
