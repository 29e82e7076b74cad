import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { RouteModule } from '../../platform/routes.js';
import { isReceiptProvider, receiptTokenMatches, receiveReceipts } from './message.receipts.js';
import {
  aliyunReceiptBody,
  messageReceiptAnswer,
  messageReceiptParams,
  messageReceiptQuery,
  tencentReceiptBody,
} from './message.schema.js';

const RECEIPT_BODY_LIMIT = 1024 * 1024;

/**
 * 送达回执: the SMS providers' delivery reports (public, but only with the channel's receipt
 * token; see message.receipts.ts). Its own scope reads any content type as JSON text, so that a
 * provider sending text/plain is understood and an unreadable body is a 400 that changes nothing.
 */
export const receiptRoutes: RouteModule = async (app, deps) => {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: RECEIPT_BODY_LIMIT }, (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      try {
        done(null, text.trim() === '' ? null : JSON.parse(text));
      } catch {
        done(null, { unreadable: true });
      }
    });

    /** Before the body is read: a caller without the token learns nothing else. */
    const checkToken = async (request: FastifyRequest) => {
      const provider = (request.params as { provider?: unknown }).provider;
      const token = (request.query as { token?: unknown }).token;
      const reason = !isReceiptProvider(provider)
        ? 'unknown provider'
        : typeof token !== 'string' || token === ''
          ? 'missing token'
          : (await receiptTokenMatches(deps, provider, token))
            ? null
            : 'wrong token';
      if (reason) {
        request.log.warn({ ip: request.ip, provider: String(provider), reason }, 'delivery receipt refused');
        throw new AppError('MESSAGE_RECEIPT_TOKEN_INVALID');
      }
    };

    scope.post(
      '/api/message-receipts/:provider',
      {
        config: { public: true },
        onRequest: checkToken,
        // A body of neither documented shape is MESSAGE_RECEIPT_MALFORMED, not a form-field error.
        attachValidation: true,
        schema: {
          tags: ['message'],
          summary: '短信送达回执接入（阿里云短信状态报告、腾讯云短信状态回调；凭回执令牌，无需登录）',
          description:
            '服务商推送短信的送达结果：阿里云为 JSON 数组 [{phone_number, send_time, report_time, success, err_code, ' +
            'err_msg, sms_size, biz_id, out_id}]，腾讯云为 [{user_receive_time, nationcode, mobile, report_status, errmsg, ' +
            'description, sid}]。按服务商消息号（阿里云 BizId 或 out_id，腾讯云 sid）找到发送记录，已发送的记为已送达' +
            '（送达时间取回执时间）或失败（记录服务商原因）；已送达、失败为最终状态，重复或后到的回执不再改动；找不到的忽略并计数。' +
            '令牌缺失或错误返回 401；内容无法识别返回 400，不做任何改动。应答为服务商要求的格式（阿里云 {code:0}，' +
            '腾讯云 {result:0}）并附计数，不含手机号。',
          security: [],
          params: messageReceiptParams,
          querystring: messageReceiptQuery,
          body: z.union([aliyunReceiptBody, tencentReceiptBody]),
          response: { 200: messageReceiptAnswer },
        },
      },
      async (request) => {
        if (request.validationError) {
          request.log.warn({ provider: request.params.provider }, 'delivery receipt unreadable');
          throw new AppError('MESSAGE_RECEIPT_MALFORMED', { provider: String(request.params.provider) });
        }
        const { answer, counts } = await receiveReceipts(deps, request.ctx, request.params.provider, request.body);
        request.log.info({ provider: request.params.provider, ...counts }, 'delivery receipts recorded');
        return { ...answer, counts };
      },
    );
  });
};
