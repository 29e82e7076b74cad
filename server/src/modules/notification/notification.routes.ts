import { authed } from '../../platform/http.js';
import { idParams, okResponse, pageOf, type RouteModule } from '../../platform/routes.js';
import { notificationDto, notificationListQuery, readAllDto, unreadCountDto } from './notification.schema.js';
import { listNotifications, markAllRead, markRead, unreadCount } from './notification.service.js';

/** 站内消息: each user reads and marks only their own; being logged in is the only permission. */
export const notificationRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notification'],
        summary: '我的站内消息（最新在前；unread=true 只看未读）',
        querystring: notificationListQuery,
        response: { 200: pageOf(notificationDto) },
      },
    },
    async (request) => listNotifications(deps, authed(request), request.query),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      schema: { tags: ['notification'], summary: '我的未读消息数', response: { 200: unreadCountDto } },
    },
    async (request) => ({ count: await unreadCount(deps.db, authed(request).actor.id) }),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags: ['notification'],
        summary: '标记一条消息为已读（只能标记自己的）',
        params: idParams,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await markRead(deps, authed(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: { tags: ['notification'], summary: '全部标记为已读', response: { 200: readAllDto } },
    },
    async (request) => ({ updated: await markAllRead(deps, authed(request)) }),
  );
};
