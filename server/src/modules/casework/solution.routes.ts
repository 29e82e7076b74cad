import { authed } from '../../platform/http.js';
import { idParams, okResponse, pageOf, type RouteModule } from '../../platform/routes.js';
import {
  solutionBody,
  solutionDto,
  solutionListQuery,
  solutionUpdateBody,
  solutionUseBody,
  solutionUseDto,
} from './casework.schema.js';
import {
  createSolution,
  deleteSolution,
  getSolution,
  listSolutions,
  updateSolution,
  useSolution,
} from './solution.service.js';

export const solutionRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/solutions',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['casework'],
        summary: '解决方案库搜索（标题、拼音首字母、关键词；关联所选问题及其上级分类的排在前面）',
        querystring: solutionListQuery,
        response: { 200: pageOf(solutionDto) },
      },
    },
    async (request) => listSolutions(deps, authed(request), request.query),
  );

  app.post(
    '/api/solutions',
    {
      config: { permission: 'solution.manage' },
      schema: {
        tags: ['casework'],
        summary: '新建解决方案（集团通用的需“全部数据”范围）',
        body: solutionBody,
        response: { 201: solutionDto },
      },
    },
    async (request, reply) => reply.code(201).send(await createSolution(deps, authed(request), request.body)),
  );

  app.get(
    '/api/solutions/:id',
    {
      config: { permission: 'ticket.read' },
      schema: { tags: ['casework'], summary: '解决方案详情', params: idParams, response: { 200: solutionDto } },
    },
    async (request) => getSolution(deps, authed(request), request.params.id),
  );

  app.put(
    '/api/solutions/:id',
    {
      config: { permission: 'solution.manage' },
      schema: {
        tags: ['casework'],
        summary: '修改解决方案',
        params: idParams,
        body: solutionUpdateBody,
        response: { 200: solutionDto },
      },
    },
    async (request) => updateSolution(deps, authed(request), request.params.id, request.body),
  );

  app.delete(
    '/api/solutions/:id',
    {
      config: { permission: 'solution.manage' },
      schema: { tags: ['casework'], summary: '删除解决方案', params: idParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteSolution(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/solutions/:id/use',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['casework'],
        summary: '记一次使用（坐席用该文章答复客户时调用）',
        params: idParams,
        body: solutionUseBody,
        response: { 200: solutionUseDto },
      },
    },
    async (request) => useSolution(deps, authed(request), request.params.id, request.body.ticketId),
  );
};
