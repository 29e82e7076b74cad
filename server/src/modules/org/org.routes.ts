import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { idParams, okResponse, type RouteModule } from '../../platform/routes.js';
import { listOrgsInScope } from './org.repository.js';
import { createOrgBody, orgListQuery, orgNode, orgTreeNode, updateOrgBody } from './org.schema.js';
import { createOrg, deleteOrg, orgTree, presentOrg, updateOrg } from './org.service.js';

export const orgRoutes: RouteModule = (app, deps) => {
  // Readable by every logged-in user within their scope: pickers on many screens need the names.
  app.get(
    '/api/orgs/tree',
    { schema: { tags: ['org'], summary: '组织架构树', response: { 200: z.array(orgTreeNode) } } },
    async (request) => orgTree(deps, authed(request)),
  );

  app.get(
    '/api/orgs',
    {
      schema: {
        tags: ['org'],
        summary: '组织列表（平铺）',
        querystring: orgListQuery,
        response: { 200: z.array(orgNode) },
      },
    },
    async (request) => {
      const rows = await listOrgsInScope(deps.db, authed(request).actor.scope, request.query.kind);
      return rows.map((r) => presentOrg(r));
    },
  );

  app.post(
    '/api/orgs',
    {
      config: { permission: 'org.manage' },
      schema: { tags: ['org'], summary: '新建组织', body: createOrgBody, response: { 200: orgNode } },
    },
    async (request) => createOrg(deps, authed(request), request.body),
  );

  app.put(
    '/api/orgs/:id',
    {
      config: { permission: 'org.manage' },
      schema: { tags: ['org'], summary: '修改组织', params: idParams, body: updateOrgBody, response: { 200: orgNode } },
    },
    async (request) => updateOrg(deps, authed(request), request.params.id, request.body),
  );

  app.delete(
    '/api/orgs/:id',
    {
      config: { permission: 'org.manage' },
      schema: { tags: ['org'], summary: '删除组织', params: idParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteOrg(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );
};
