import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { exportPersonalData } from '../export/export.service.js';
import { userExport } from './user.export.js';
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
      config: { permission: userExport.permission },
      schema: {
        tags: ['user'],
        summary: '导出用户（Excel，手机号脱敏；超过审批阈值须先申请）',
        querystring: userExportQuery,
      },
    },
    async (request, reply) => exportPersonalData(deps, authed(request), reply, userExport, request.query),
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
