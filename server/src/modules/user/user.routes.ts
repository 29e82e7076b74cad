import { replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { formatDateTime } from '../../platform/locale.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import {
  createUserBody,
  issuedPasswordResponse,
  resetPasswordBody,
  updateUserBody,
  userDto,
  userExportQuery,
  userListQuery,
} from './user.schema.js';
import {
  createUser,
  disableUser,
  enableUser,
  exportUsers,
  getUser,
  listUsers,
  resetPassword,
  unlockUser,
  updateUser,
} from './user.service.js';

export const userRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/users',
    {
      config: { permission: 'user.read' },
      schema: { tags: ['user'], summary: '用户列表', querystring: userListQuery, response: { 200: pageOf(userDto) } },
    },
    async (request) => listUsers(deps, authed(request), request.query),
  );

  app.get(
    '/api/users/export',
    {
      config: { permission: 'user.read' },
      schema: { tags: ['user'], summary: '导出用户（Excel，手机号脱敏）', querystring: userExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const rows = await exportUsers(deps, ctx, request.query);
      const zh = ctx.locale === 'zh-CN';
      const yes = zh ? '是' : 'Yes';
      const no = zh ? '否' : 'No';
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '用户' : 'Users',
        file: zh ? '用户.xlsx' : 'users.xlsx',
        rows,
        columns: [
          { header: zh ? '用户名' : 'Username', value: (r) => r.username },
          { header: zh ? '姓名' : 'Name', value: (r) => r.name },
          { header: zh ? '手机号' : 'Mobile', value: (r) => r.mobile },
          { header: zh ? '所属组织' : 'Organisation', value: (r) => r.orgName, width: 24 },
          { header: zh ? '岗位' : 'Positions', value: (r) => r.positions.join('、'), width: 24 },
          {
            header: zh ? '角色与数据范围' : 'Roles and scopes',
            value: (r) => r.assignments.map((a) => `${a.roleName}（${a.scopeLabel}）`).join('；'),
            width: 48,
          },
          { header: zh ? '启用' : 'Active', value: (r) => (r.active ? yes : no), width: 8 },
          { header: zh ? '锁定' : 'Locked', value: (r) => (r.locked ? yes : no), width: 8 },
          {
            header: zh ? '最近登录' : 'Last login',
            value: (r) => (r.lastLoginAt ? formatDateTime(new Date(r.lastLoginAt)) : ''),
          },
        ],
        audit: {
          action: 'user.export',
          entityType: 'user',
          summary: `导出用户 ${rows.length} 条`,
          after: request.query,
        },
      });
    },
  );

  app.get(
    '/api/users/:id',
    {
      config: { permission: 'user.read' },
      schema: { tags: ['user'], summary: '用户详情', params: idParams, response: { 200: userDto } },
    },
    async (request) => getUser(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/users',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['user'],
        summary: '新建用户（返回一次性初始密码）',
        body: createUserBody,
        response: { 200: issuedPasswordResponse },
      },
    },
    async (request) => createUser(deps, authed(request), request.body),
  );

  app.put(
    '/api/users/:id',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['user'],
        summary: '修改用户与授权',
        params: idParams,
        body: updateUserBody,
        response: { 200: userDto },
      },
    },
    async (request) => updateUser(deps, authed(request), request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/disable',
    {
      config: { permission: 'user.manage' },
      schema: { tags: ['user'], summary: '停用用户（同时结束其会话）', params: idParams, response: { 200: userDto } },
    },
    async (request) => disableUser(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/users/:id/enable',
    {
      config: { permission: 'user.manage' },
      schema: { tags: ['user'], summary: '启用用户', params: idParams, response: { 200: userDto } },
    },
    async (request) => enableUser(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/users/:id/unlock',
    {
      config: { permission: 'user.manage' },
      schema: { tags: ['user'], summary: '解锁用户', params: idParams, response: { 200: userDto } },
    },
    async (request) => unlockUser(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['user'],
        summary: '重置密码（返回一次性密码，用户登录后须修改）',
        params: idParams,
        body: resetPasswordBody,
        response: { 200: issuedPasswordResponse },
      },
    },
    async (request) => resetPassword(deps, authed(request), request.params.id, request.body.password),
  );
};
