import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.js';
import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { exportPersonalData } from '../export/export.service.js';
import { callExport } from './call.export.js';
import {
  callbackBody,
  callDto,
  callExportQuery,
  callListQuery,
  callPopDto,
  callUpdateBody,
  ctiAnswer,
  ctiEventBody,
  dialBody,
} from './call.schema.js';
import { callPop, callRow, completeCallback, dialCall, listCalls, presentCall, updateCall } from './call.service.js';
import { ctiEvent } from './call.table.js';
import { receiveCtiEvent, recordCtiRejection } from './cti.service.js';
import { CTI_SIGNATURE_HEADER, CTI_TIMESTAMP_HEADER, CtiRateLimiter, ctiSecret, verifyCti } from './cti.signature.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes of a telephony event, as signed. */
    ctiRawBody?: string;
    ctiSigned?: { sentAt: Date; signatureHash: string };
  }
}

const CTI_BODY_LIMIT = 64 * 1024;

/**
 * 呼叫中心: the signed telephony endpoint (public, but only with a valid signature) and the call
 * log, screen pop, call-backs and click-to-call for signed-in staff.
 */
export const callRoutes: RouteModule = async (app, deps) => {
  const limiter = new CtiRateLimiter(deps.config.CTI_EVENTS_PER_MINUTE);

  // The telephony endpoint lives in its own scope: its body is kept as the raw text that was
  // signed (any content type, so that an unsigned request of any kind is a 401, not a 415).
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: CTI_BODY_LIMIT }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      request.ctiRawBody = text;
      try {
        done(null, text === '' ? {} : JSON.parse(text));
      } catch {
        // Refused by validation after the signature check (a signed request that is not JSON).
        done(null, { unreadable: true });
      }
    });

    const refuse = async (request: FastifyRequest, code: AppError['code'], reason: string) => {
      request.log.warn({ ip: request.ip, reason }, 'telephony event refused');
      await recordCtiRejection(deps, request.ctx, reason);
      return new AppError(code);
    };

    scope.post(
      '/api/cti/events',
      {
        config: { public: true },
        onRequest: async (request, reply) => {
          const verdict = limiter.hit(request.ip, Date.now());
          if (!verdict.ok) {
            request.log.warn({ ip: request.ip }, 'telephony events over the per-IP limit');
            reply.header('retry-after', String(verdict.retryAfter));
            throw new AppError('CTI_RATE_LIMITED', { seconds: verdict.retryAfter });
          }
        },
        preValidation: async (request) => {
          const verdict = verifyCti(
            ctiSecret(deps.config, deps.secrets),
            request.headers,
            request.ctiRawBody ?? '',
            deps.clock(),
          );
          if (!verdict.ok) throw await refuse(request, verdict.code, verdict.reason);
          const [seen] = await deps.db
            .select({ id: ctiEvent.id })
            .from(ctiEvent)
            .where(eq(ctiEvent.signatureHash, verdict.signatureHash));
          if (seen) throw await refuse(request, 'CTI_REPLAYED', 'replayed signature');
          request.ctiSigned = { sentAt: verdict.sentAt, signatureHash: verdict.signatureHash };
        },
        schema: {
          tags: ['callcenter'],
          summary: '话务平台事件接入（振铃、接听、挂机、未接；HMAC-SHA256 签名，5 分钟有效，防重放，按来源 IP 限流）',
          description:
            `交换机或云呼叫中心推送通话事件。请求头 ${CTI_TIMESTAMP_HEADER}: Unix 秒；${CTI_SIGNATURE_HEADER}: ` +
            'v1=<hex(HMAC-SHA256(密钥, 时间戳 + "." + 原始请求体))>。未签名、签名错误、时间戳超出 5 分钟或重放的请求返回 401 并记录；' +
            '号码无法识别返回 422。应答只有 {ok:true}，不含任何客户信息。',
          security: [],
          body: ctiEventBody,
          response: { 200: ctiAnswer },
        },
      },
      async (request) => {
        const signed = request.ctiSigned;
        if (!signed) throw new AppError('CTI_SIGNATURE_INVALID');
        try {
          await receiveCtiEvent(deps, request.ctx, request.body, signed);
        } catch (error) {
          if (error instanceof AppError && error.code === 'CTI_REPLAYED') {
            throw await refuse(request, 'CTI_REPLAYED', 'replayed signature');
          }
          throw error;
        }
        return { ok: true as const };
      },
    );
  });

  app.get(
    '/api/calls',
    {
      config: { permission: 'call.read' },
      schema: {
        tags: ['callcenter'],
        summary: '通话记录（呼入、呼出、未接；按方向、状态、时间、坐席、号码、待回拨筛选；客户号码脱敏）',
        querystring: callListQuery,
        response: { 200: pageOf(callDto) },
      },
    },
    async (request) => listCalls(deps, authed(request), request.query),
  );

  app.get(
    '/api/calls/export',
    {
      config: { permission: 'call.read' },
      schema: {
        tags: ['callcenter'],
        summary: '导出通话记录（Excel，号码脱敏；超过审批阈值需申请）',
        querystring: callExportQuery,
      },
    },
    async (request, reply) => exportPersonalData(deps, authed(request), reply, callExport, request.query),
  );

  app.post(
    '/api/calls/dial',
    {
      config: { permission: 'call.dial' },
      schema: {
        tags: ['callcenter'],
        summary: '点击外呼（号码、客户或回拨某通电话；经话务通道发起，默认只记日志）',
        body: dialBody,
        response: { 201: callDto },
      },
    },
    async (request, reply) => {
      const dto = await dialCall(deps, authed(request), request.body, request.log);
      return reply.code(201).send(dto);
    },
  );

  app.get(
    '/api/calls/:id',
    {
      config: { permission: 'call.read' },
      schema: { tags: ['callcenter'], summary: '通话记录详情', params: idParams, response: { 200: callDto } },
    },
    async (request) => {
      const ctx = authed(request);
      return presentCall(deps.db, await callRow(deps.db, ctx, request.params.id));
    },
  );

  app.get(
    '/api/calls/:id/pop',
    {
      config: { permission: 'call.read' },
      schema: {
        tags: ['callcenter'],
        summary: '来电弹屏：匹配的客户及其房间、在办工单与时限、最近沟通与接待记录、房间保修状态',
        params: idParams,
        response: { 200: callPopDto },
      },
    },
    async (request) => callPop(deps, authed(request), request.params.id),
  );

  app.patch(
    '/api/calls/:id',
    {
      config: { permission: 'call.read' },
      schema: {
        tags: ['callcenter'],
        summary: '通话关联客户或接待记录',
        params: idParams,
        body: callUpdateBody,
        response: { 200: callDto },
      },
    },
    async (request) => updateCall(deps, authed(request), request.params.id, request.body),
  );

  app.post(
    '/api/calls/:id/callback',
    {
      config: { permission: 'call.read' },
      schema: {
        tags: ['callcenter'],
        summary: '标记未接来电已回拨（可填回拨说明）',
        params: idParams,
        body: callbackBody,
        response: { 200: callDto },
      },
    },
    async (request) => completeCallback(deps, authed(request), request.params.id, request.body.note),
  );
};
