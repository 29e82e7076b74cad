import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { idParams, okResponse, type RouteModule } from '../../platform/routes.js';
import {
  createDuty,
  createRule,
  createView,
  deleteDuty,
  deleteRule,
  deleteView,
  listDuties,
  listRules,
  listViews,
  updateDuty,
  updateRule,
} from './routing.service.js';
import {
  dutyBody,
  dutyDto,
  dutyUpdateBody,
  routingRuleBody,
  routingRuleDto,
  routingRuleUpdateBody,
  ticketViewBody,
  ticketViewDto,
} from './ticket.schema.js';

export const routingRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/routing-rules',
    {
      config: { permission: 'ticket.configure' },
      schema: { tags: ['ticket'], summary: '派工规则（按优先级）', response: { 200: z.array(routingRuleDto) } },
    },
    async (request) => listRules(deps, authed(request)),
  );
  app.post(
    '/api/routing-rules',
    {
      config: { permission: 'ticket.configure' },
      schema: { tags: ['ticket'], summary: '新建派工规则', body: routingRuleBody, response: { 201: routingRuleDto } },
    },
    async (request, reply) => reply.code(201).send(await createRule(deps, authed(request), request.body)),
  );
  app.patch(
    '/api/routing-rules/:id',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['ticket'],
        summary: '修改派工规则',
        params: idParams,
        body: routingRuleUpdateBody,
        response: { 200: routingRuleDto },
      },
    },
    async (request) => updateRule(deps, authed(request), request.params.id, request.body),
  );
  app.delete(
    '/api/routing-rules/:id',
    {
      config: { permission: 'ticket.configure' },
      schema: { tags: ['ticket'], summary: '删除派工规则', params: idParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteRule(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/duties',
    {
      config: { permission: 'ticket.configure' },
      schema: { tags: ['ticket'], summary: '受理职责（值班）', response: { 200: z.array(dutyDto) } },
    },
    async (request) => listDuties(deps, authed(request)),
  );
  app.post(
    '/api/duties',
    {
      config: { permission: 'ticket.configure' },
      schema: { tags: ['ticket'], summary: '新建受理职责', body: dutyBody, response: { 201: dutyDto } },
    },
    async (request, reply) => reply.code(201).send(await createDuty(deps, authed(request), request.body)),
  );
  app.patch(
    '/api/duties/:id',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['ticket'],
        summary: '修改受理职责',
        params: idParams,
        body: dutyUpdateBody,
        response: { 200: dutyDto },
      },
    },
    async (request) => updateDuty(deps, authed(request), request.params.id, request.body),
  );
  app.delete(
    '/api/duties/:id',
    {
      config: { permission: 'ticket.configure' },
      schema: { tags: ['ticket'], summary: '删除受理职责', params: idParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteDuty(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/ticket-views',
    {
      config: { permission: 'ticket.read' },
      schema: { tags: ['ticket'], summary: '我保存的工单视图', response: { 200: z.array(ticketViewDto) } },
    },
    async (request) => listViews(deps, authed(request)),
  );
  app.post(
    '/api/ticket-views',
    {
      config: { permission: 'ticket.read' },
      schema: { tags: ['ticket'], summary: '保存工单视图', body: ticketViewBody, response: { 201: ticketViewDto } },
    },
    async (request, reply) => reply.code(201).send(await createView(deps, authed(request), request.body)),
  );
  app.delete(
    '/api/ticket-views/:id',
    {
      config: { permission: 'ticket.read' },
      schema: { tags: ['ticket'], summary: '删除我的工单视图', params: idParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteView(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );
};
