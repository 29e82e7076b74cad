import { eq } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import { authed } from '../../platform/http.js';
import { RealtimeHub } from '../../platform/realtime.js';
import type { RouteModule } from '../../platform/routes.js';
import { hashToken, SESSION_COOKIE } from '../auth/session.service.js';
import { appUser, userSession } from '../user/user.table.js';

/**
 * Whether the stream's session still holds, without touching it: an open stream does not keep a
 * session alive, so the idle limit still ends an unattended one.
 */
async function sessionStillValid(deps: Deps, token: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ session: userSession, active: appUser.active })
    .from(userSession)
    .innerJoin(appUser, eq(appUser.id, userSession.userId))
    .where(eq(userSession.id, hashToken(token)));
  if (!row || row.session.revokedAt || !row.active) return false;
  const now = deps.clock();
  const idleMinutes = await deps.parameters.get('security.session_idle_minutes');
  return row.session.expiresAt > now && row.session.lastSeenAt.getTime() + idleMinutes * 60_000 > now.getTime();
}

/**
 * `GET /api/events`: the signed-in user's Server-Sent Events stream (see platform/realtime.ts).
 * One hub per app instance; streams end when the app closes, so a server stops promptly.
 */
export const eventRoutes: RouteModule = (app, deps) => {
  const hub = new RealtimeHub(deps.database);
  hub.useLogger(app.log);
  app.decorate('realtime', hub);
  app.addHook('preClose', async () => {
    await hub.close();
  });

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['notification'],
        summary: '实时事件流（text/event-stream）',
        description:
          'Server-Sent Events：event notification {id,title,ticketId} 发给收件人；event ticket {ticketId,publicNo,state} ' +
          '发给工单相关人员（责任人、责任部门成员、受理客服、升级接收人）及数据范围覆盖该项目且有 ticket.read 的在线用户；' +
          'event call {callId,number,state} 来电弹屏，只发给振铃分机或接听分机的坐席（号码脱敏）；' +
          'event workbench {} 表示工作台计数可能变化。每 25 秒发送一行注释作心跳；会话退出、过期或被撤销后连接关闭。载荷只含编号与状态，不含个人信息。',
      },
    },
    async (request, reply) => {
      const ctx = authed(request);
      await hub.start();
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      raw.write('retry: 5000\n\n: connected\n\n');
      const token = request.cookies[SESSION_COOKIE] ?? '';
      hub.attach(
        {
          userId: ctx.actor.id,
          scope: ctx.actor.scope,
          permissions: ctx.actor.permissions,
          stillValid: () => sessionStillValid(deps, token),
        },
        raw,
      );
    },
  );
};

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's realtime hub (SSE connections and the LISTEN side). */
    realtime: RealtimeHub;
  }
}
