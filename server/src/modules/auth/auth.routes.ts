import { AppError } from '../../platform/errors.js';
import { authed, sessionCookieOptions } from '../../platform/http.js';
import { LoginThrottle } from '../../platform/login-throttle.js';
import { okResponse, type RouteModule } from '../../platform/routes.js';
import { changePasswordBody, loginBody, loginResponse, meResponse } from './auth.schema.js';
import { changePassword, describeUser, login, logout } from './auth.service.js';
import { SESSION_COOKIE } from './session.service.js';

export const authRoutes: RouteModule = (app, deps) => {
  const throttle = new LoginThrottle(deps.config.LOGIN_FAILURES_PER_MINUTE, deps.config.LOGIN_FAILURES_PER_HOUR);

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: '登录', body: loginBody, response: { 200: loginResponse } },
    },
    async (request, reply) => {
      const wait = throttle.retryAfter(request.ip);
      if (wait > 0) throw new AppError('LOGIN_RATE_LIMITED', { seconds: wait });
      try {
        const result = await login(deps, request.ctx, { ...request.body, userAgent: request.headers['user-agent'] });
        reply.setCookie(SESSION_COOKIE, result.token, sessionCookieOptions(deps, result.expiresAt));
        return { user: await describeUser(deps, result.userId), expiresAt: result.expiresAt.toISOString() };
      } catch (error) {
        if (error instanceof AppError && (error.code === 'INVALID_CREDENTIALS' || error.code === 'ACCOUNT_LOCKED')) {
          throttle.recordFailure(request.ip);
        }
        throw error;
      }
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags: ['auth'], summary: '退出登录', response: { 200: okResponse } },
    },
    async (request, reply) => {
      await logout(deps, authed(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags: ['auth'], summary: '当前用户、权限与数据范围', response: { 200: meResponse } },
    },
    async (request) => describeUser(deps, authed(request).actor.id),
  );

  app.post(
    '/api/auth/change-password',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags: ['auth'], summary: '修改密码', body: changePasswordBody, response: { 200: meResponse } },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const session = await changePassword(deps, ctx, { ...request.body, userAgent: request.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(deps, session.expiresAt));
      return describeUser(deps, ctx.actor.id);
    },
  );
};
