import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import {
  topicBody,
  topicDetailDto,
  topicDto,
  topicLinkBody,
  topicListQuery,
  topicPostedDto,
  topicTicketParams,
  topicUpdateBody,
} from './casework.schema.js';
import {
  closeTopic,
  createTopic,
  getTopic,
  linkTickets,
  listTopics,
  postTopicUpdate,
  unlinkTicket,
} from './topic.service.js';

export const topicRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/topics',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['casework'],
        summary: '投诉专题列表（按项目、状态、标题或编号筛选）',
        querystring: topicListQuery,
        response: { 200: pageOf(topicDto) },
      },
    },
    async (request) => listTopics(deps, authed(request), request.query),
  );

  app.post(
    '/api/topics',
    {
      config: { permission: 'topic.manage' },
      schema: {
        tags: ['casework'],
        summary: '新建投诉专题（编号 ZT-YYYYMMDD-NNNN；可指定同项目的主工单）',
        body: topicBody,
        response: { 201: topicDetailDto },
      },
    },
    async (request, reply) => reply.code(201).send(await createTopic(deps, authed(request), request.body)),
  );

  app.get(
    '/api/topics/:id',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['casework'],
        summary: '投诉专题详情：关联的工单与发布过的进展',
        params: idParams,
        response: { 200: topicDetailDto },
      },
    },
    async (request) => getTopic(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/topics/:id/tickets',
    {
      config: { permission: 'topic.manage' },
      schema: {
        tags: ['casework'],
        summary: '关联工单（须为专题所在项目的工单，且未关联其他专题）',
        params: idParams,
        body: topicLinkBody,
        response: { 200: topicDetailDto },
      },
    },
    async (request) => linkTickets(deps, authed(request), request.params.id, request.body.ticketIds),
  );

  app.delete(
    '/api/topics/:id/tickets/:ticketId',
    {
      config: { permission: 'topic.manage' },
      schema: {
        tags: ['casework'],
        summary: '把工单移出专题',
        params: topicTicketParams,
        response: { 200: topicDetailDto },
      },
    },
    async (request) => unlinkTicket(deps, authed(request), request.params.id, request.params.ticketId),
  );

  app.post(
    '/api/topics/:id/updates',
    {
      config: { permission: 'topic.manage' },
      schema: {
        tags: ['casework'],
        summary: '发布进展：同一条客户可见的进展写入每张关联工单的时间线（一个事务）',
        params: idParams,
        body: topicUpdateBody,
        response: { 200: topicPostedDto },
      },
    },
    async (request) => postTopicUpdate(deps, authed(request), request.params.id, request.body.body),
  );

  app.post(
    '/api/topics/:id/close',
    {
      config: { permission: 'topic.manage' },
      schema: { tags: ['casework'], summary: '关闭投诉专题', params: idParams, response: { 200: topicDetailDto } },
    },
    async (request) => closeTopic(deps, authed(request), request.params.id),
  );
};
