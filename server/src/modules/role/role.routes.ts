import { z } from 'zod';
import { replyWithExport } from '../../platform/excel.js';
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

  app.get(
    '/api/roles/export',
    { config: { permission: 'role.read' }, schema: { tags: ['role'], summary: '导出角色与权限（Excel）' } },
    async (request, reply) => {
      const ctx = authed(request);
      const zh = ctx.locale === 'zh-CN';
      const labels = new Map(
        permissionCatalogue.flatMap((m) => m.permissions.map((p) => [p.code, p.label[ctx.locale]])),
      );
      const rows = await listRoles(deps);
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '角色' : 'Roles',
        file: zh ? '角色.xlsx' : 'roles.xlsx',
        rows,
        columns: [
          { header: zh ? '角色名称' : 'Name', value: (r) => r.name },
          { header: zh ? '编码' : 'Code', value: (r) => r.code },
          { header: zh ? '说明' : 'Description', value: (r) => r.description, width: 36 },
          {
            header: zh ? '内置' : 'Built-in',
            value: (r) => (r.builtin ? (zh ? '是' : 'Yes') : zh ? '否' : 'No'),
            width: 8,
          },
          { header: zh ? '用户数' : 'Users', value: (r) => r.userCount, width: 8 },
          {
            header: zh ? '功能权限' : 'Permissions',
            value: (r) => r.permissions.map((p) => labels.get(p as never) ?? p).join('、'),
            width: 80,
          },
        ],
        audit: { action: 'role.export', entityType: 'role', summary: `导出角色 ${rows.length} 条` },
      });
    },
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
