import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { idParams, okResponse, type RouteModule } from '../../platform/routes.js';
import { defaultLadderDto, escalationPolicyBody, escalationPolicyDto } from './escalation.schema.js';
import { createPolicy, defaultLadderView, deletePolicy, listPolicies, updatePolicy } from './escalation.service.js';

/** 升级规则 (escalation ladders): who hears about an overdue ticket, and when. */
export const escalationRoutes: RouteModule = (app, deps) => {
  const description =
    '修改或删除升级规则不改写已发生的升级；未结工单沿用派工时排定的升级时间点，各级的通知对象在升级发生时按当时的规则确定（该级已删除时按内置默认规则同级）。';

  app.get(
    '/api/escalation-policies',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['ticket'],
        summary: '升级规则列表（全集团的和数据范围内公司的，含各级）',
        response: { 200: z.array(escalationPolicyDto) },
      },
    },
    async (request) => listPolicies(deps, authed(request)),
  );

  app.get(
    '/api/escalation-policies/default',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['ticket'],
        summary: '内置默认升级规则（没有配置规则时适用）',
        response: { 200: defaultLadderDto },
      },
    },
    async () => defaultLadderView(deps),
  );

  app.post(
    '/api/escalation-policies',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['ticket'],
        summary: '新建升级规则',
        description,
        body: escalationPolicyBody,
        response: { 201: escalationPolicyDto },
      },
    },
    async (request, reply) => reply.code(201).send(await createPolicy(deps, authed(request), request.body)),
  );

  app.put(
    '/api/escalation-policies/:id',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['ticket'],
        summary: '修改升级规则（各级整体替换）',
        description,
        params: idParams,
        body: escalationPolicyBody,
        response: { 200: escalationPolicyDto },
      },
    },
    async (request) => updatePolicy(deps, authed(request), request.params.id, request.body),
  );

  app.delete(
    '/api/escalation-policies/:id',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['ticket'],
        summary: '删除升级规则',
        description,
        params: idParams,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await deletePolicy(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );
};
