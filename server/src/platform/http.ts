import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isFatalDatabaseError, isStorageFullError } from '../db/client.js';
import { resolveSession, SESSION_COOKIE } from '../modules/auth/session.service.js';
import type { AuthedContext, Deps, RequestContext } from './context.js';
import { AppError, type ErrorCode, errorCatalogue, errorMessage } from './errors.js';
import { localeFromHeader } from './locale.js';
import type { Permission } from './permissions.js';
import { DecryptError } from './secrets.js';
import { localiseIssue, type ValidationIssue } from './validation-messages.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (the explicit public allow-list). */
    public?: boolean;
    /**
     * The permission code a caller must hold (or, given a list, at least one of them). Without
     * it: any logged-in user.
     */
    permission?: Permission | readonly Permission[];
    /** Reachable while a password change is pending (me, change password, log out). */
    allowPendingPasswordChange?: boolean;
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

/** The request's context when the route requires a session (every non-public route). */
export function authed(request: FastifyRequest): AuthedContext {
  if (!request.ctx.actor) throw new AppError('UNAUTHENTICATED');
  return request.ctx as AuthedContext;
}

export function sessionCookieOptions(deps: Deps, expires?: Date) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.COOKIE_SECURE,
    ...(expires ? { expires } : {}),
  };
}

function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  params: Record<string, string | number> = {},
  extra: Record<string, unknown> = {},
) {
  const locale = request.ctx?.locale ?? localeFromHeader(request.headers['accept-language']);
  const message = errorMessage(code, locale, params);
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://linli.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: message,
      status,
      code,
      detail: message,
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...extra,
    });
}

/**
 * Fastify's own refusals before any route is found (a malformed URL escape, a path parameter
 * over the router's length limit): the same problem+json as every other 4xx.
 */
export function frameworkProblem(
  error: Error & { statusCode?: number; code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  reply.header('x-request-id', request.id);
  return sendProblem(request, reply, error.statusCode ?? 400, 'BAD_REQUEST', {}, { reason: error.code });
}

/**
 * Deny by default: every /api route needs a session unless its config says `public`. The
 * hook also resolves the language and builds the request context used by services.
 */
export function registerHttpPlatform(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);

  app.addHook('onRequest', async (request, reply) => {
    request.ctx = {
      actor: null,
      ip: request.ip,
      requestId: request.id,
      locale: localeFromHeader(request.headers['accept-language']),
    };
    reply.header('x-request-id', request.id);
    if (!request.url.startsWith('/api/') || !request.routeOptions.url) return;
    const config = request.routeOptions.config;
    if (config.public) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('UNAUTHENTICATED');
    try {
      request.ctx.actor = await resolveSession(deps, token);
    } catch (error) {
      if (error instanceof AppError && error.code === 'SESSION_EXPIRED') {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
      throw error;
    }
    if (request.ctx.actor.mustChangePassword && !config.allowPendingPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
    const required = config.permission;
    if (required) {
      const held = request.ctx.actor.permissions;
      const ok = typeof required === 'string' ? held.has(required) : required.some((p) => held.has(p));
      if (!ok) throw new AppError('FORBIDDEN');
    }
  });

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404, 'NOT_FOUND'));

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error instanceof AppError) {
      const extra = { ...error.extra };
      delete extra.countsAsFailure;
      if (error.status === 503) reply.header('retry-after', '5');
      if (error.code === 'LOGIN_RATE_LIMITED') reply.header('retry-after', String(error.params.seconds ?? 60));
      return sendProblem(request, reply, error.status, error.code, error.params, extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const locale = request.ctx?.locale ?? 'zh-CN';
      const errors = error.validation.map((v) => {
        const issue = {
          ...(v.params as Record<string, unknown>),
          code: v.keyword,
          path: v.instancePath.split('/').filter(Boolean),
          message: v.message ?? '',
        } as ValidationIssue;
        const field = issue.path.join('.');
        return { field, in: error.validationContext ?? 'body', message: localiseIssue(issue, locale) };
      });
      return sendProblem(request, reply, 400, 'VALIDATION_FAILED', {}, { errors });
    }
    if (error instanceof DecryptError) {
      request.log.error({ err: error }, 'the master key does not match the data');
      return sendProblem(request, reply, 500, 'DATA_KEY_MISMATCH');
    }
    if (isFatalDatabaseError(error)) {
      request.log.fatal({ err: error }, 'embedded database aborted; stopping');
      reply.header('retry-after', '30');
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 100).unref();
      return sendProblem(request, reply, 503, 'SERVICE_UNAVAILABLE');
    }
    const pgCode = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
    // A unique index caught what the service's own check missed (two requests at once).
    if (pgCode === '23505') return sendProblem(request, reply, 409, 'CONFLICT');
    // The database's or the file store's disk is full. 507 and no Retry-After: unlike a dropped
    // connection it does not pass by itself, an operator has to free space. The write rolled back
    // (an upload removed its partial file); reads go on, and writes work again once there is room.
    if (isStorageFullError(error)) {
      request.log.error({ err: error }, 'storage full: a write was refused');
      return sendProblem(request, reply, 507, 'STORAGE_FULL');
    }
    // Text PostgreSQL cannot store (a NUL character, in text or in a JSON value): the input's fault.
    if (pgCode === '22021' || pgCode === '22P05') return sendProblem(request, reply, 400, 'BAD_REQUEST');
    if (pgCode && /^(08|57P0|53)/.test(pgCode)) {
      request.log.warn({ err: error }, 'database unavailable: answered 503');
      reply.header('retry-after', '5');
      return sendProblem(request, reply, 503, 'SERVICE_UNAVAILABLE');
    }
    const errno = (error as NodeJS.ErrnoException).code ?? (error.cause as NodeJS.ErrnoException | undefined)?.code;
    if (errno === 'ECONNREFUSED' || errno === 'ECONNRESET' || databaseConnectionLost(error)) {
      request.log.warn({ err: error }, 'database connection lost or pool exhausted: answered 503');
      reply.header('retry-after', '5');
      return sendProblem(request, reply, 503, 'SERVICE_UNAVAILABLE');
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendProblem(request, reply, status, 'BAD_REQUEST', {}, { reason: error.code ?? undefined });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 500, 'INTERNAL');
  });
}

export { errorCatalogue };

/**
 * node-postgres' own words for a connection that went away or could not be made (no error code):
 * the database is unavailable, not the request wrong (drizzle wraps them as the cause).
 */
const connectionLost =
  /timeout exceeded when trying to connect|Connection terminated|not queryable|Client was closed|connection error/i;
function databaseConnectionLost(error: Error): boolean {
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return connectionLost.test(error.message) || connectionLost.test(cause);
}
