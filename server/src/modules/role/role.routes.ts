import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { permissionCatalogue } from '../../platform/permissions.js';
import { idParams, okResponse, type RouteModule } from '../../platform/routes.js';
import { permissionTree, roleBody, roleDto } from './role.schema.js';
import { createRole, deleteRole, listRoles, updateRole } from './role.service.js';

export const roleRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/permissions',
    {
      config: { permission: 'role.read' },
      schema: { tags: ['role'], summary: '权限目录（按模块分组）', response: { 200: permissionTree } },
    },
    async (request) => {
      const locale = request.ctx.locale;
      return permissionCatalogue.map((m) => ({
        module: m.module,
        label: m.label[locale],
        permissions: m.permissions.map((p) => ({ code: p.code, label: p.label[locale] })),
      }));
    },
  );

  app.get(
    '/api/roles',
    {
      config: { permission: 'role.read' },
      schema: { tags: ['role'], summary: '角色列表', response: { 200: z.array(roleDto) } },
    },
    async () => listRoles(deps),
  );

  // Names of roles for the pickers in the user form.
  app.get(
    '/api/roles/options',
    {
      config: { permission: 'user.read' },
      schema: {
        tags: ['role'],
        summary: '角色选项',
        response: { 200: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })) },
      },
    },
    async () => (await listRoles(deps)).map((r) => ({ id: r.id, code: r.code, name: r.name })),
  );

  app.post(
    '/api/roles',
    {
      config: { permission: 'role.manage' },
      schema: { tags: ['role'], summary: '新建角色', body: roleBody, response: { 200: roleDto } },
    },
    async (request) => createRole(deps, authed(request), request.body),
  );

  app.put(
    '/api/roles/:id',
    {
      config: { permission: 'role.manage' },
      schema: { tags: ['role'], summary: '修改角色', params: idParams, body: roleBody, response: { 200: roleDto } },
    },
    async (request) => updateRole(deps, authed(request), request.params.id, request.body),
  );

  app.delete(
    '/api/roles/:id',
    {
      config: { permission: 'role.manage' },
      schema: { tags: ['role'], summary: '删除角色', params: idParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteRole(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );
};
