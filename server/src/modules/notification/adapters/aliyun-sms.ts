import type DysmsapiModule from '@alicloud/dysmsapi20170525';
import type { AliyunReceipt } from '../message.schema.js';
import { type MessageAdapter, type OutgoingMessage, type ProviderDefinition, SendFailure } from './adapter.js';
import {
  cleanProviderText,
  type Endpoint,
  errorText,
  networkErrorCode,
  parseEndpoint,
  refusingAdapter,
} from './endpoint.js';
import { beijingTime, type DeliveryReport, ourMessageId, receiptFailureText } from './receipt.js';

type DysmsapiClient = typeof DysmsapiModule.default;

/**
 * The SDK takes about a second to load, so it loads on the first send, not with the server.
 * It is CommonJS with `exports.default`: Node's ESM loader hands over `module.exports` as the
 * default, bundler-style loaders (vitest) the class itself.
 */
async function loadSdk() {
  const [dysmsapi, openapi] = await Promise.all([
    import('@alicloud/dysmsapi20170525'),
    import('@alicloud/openapi-core'),
  ]);
  const exported = dysmsapi.default as DysmsapiClient | typeof DysmsapiModule;
  const Client: DysmsapiClient = 'default' in exported ? exported.default : exported;
  return { Client, SendSmsRequest: dysmsapi.SendSmsRequest, Config: openapi.$OpenApiUtil.Config };
}

export const aliyunSmsEndpoint = 'dysmsapi.aliyuncs.com';

/** Codes after which the same message may go through later (flow control, the platform's own trouble). */
const retryableCodes = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isv.DAY_LIMIT_CONTROL',
  'isv.MONTH_LIMIT_CONTROL',
  'isp.SYSTEM_ERROR',
  'isp.RAM_PERMISSION_DENY',
  'ServiceUnavailable',
  'InternalError',
  'SignatureNonceUsed',
]);

/** Our words for the codes an administrator most often meets; the provider's message follows. */
const reasons: Record<string, string> = {
  'isv.MOBILE_NUMBER_ILLEGAL': '手机号码格式不正确',
  'isv.SMS_TEMPLATE_ILLEGAL': '短信模板不存在或未通过审核',
  'isv.SMS_SIGNATURE_ILLEGAL': '短信签名不存在或未通过审核',
  'isv.SMS_SIGN_ILLEGAL': '短信签名不存在或未通过审核',
  'isv.TEMPLATE_MISSING_PARAMETERS': '短信模板缺少变量',
  'isv.INVALID_JSON_PARAM': '短信模板变量格式不正确',
  'isv.BUSINESS_LIMIT_CONTROL': '触发阿里云发送频率限制，稍后重试',
  'isv.AMOUNT_NOT_ENOUGH': '阿里云账户余额不足',
  'isv.OUT_OF_SERVICE': '阿里云短信业务已停机',
  'isv.BLACK_KEY_CONTROL_LIMIT': '短信内容含有禁止发送的关键字',
  'InvalidAccessKeyId.NotFound': 'AccessKeyId 不存在',
  SignatureDoesNotMatch: 'AccessKeySecret 不正确（签名不匹配）',
};

export function aliyunFailure(code: string, providerMessage: string, httpStatus?: number): SendFailure {
  const retryable =
    code.startsWith('Throttling') ||
    retryableCodes.has(code) ||
    (httpStatus !== undefined && httpStatus >= 500 && !code.startsWith('InvalidAccessKeyId'));
  const ours = reasons[code] ?? (code.startsWith('Throttling') ? '触发阿里云接口限流，稍后重试' : '阿里云短信发送失败');
  return new SendFailure(`${ours}（${code}：${cleanProviderText(providerMessage)}）`, retryable, code);
}

interface AliyunSdkError {
  code?: unknown;
  statusCode?: unknown;
  data?: { Message?: unknown; message?: unknown } | null;
}

function mapThrown(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const e = (error ?? {}) as AliyunSdkError;
  if (typeof e.statusCode === 'number' && typeof e.code === 'string' && e.code && e.code !== 'undefined') {
    const providerMessage = String(e.data?.Message ?? e.data?.message ?? errorText(error));
    return aliyunFailure(e.code, providerMessage, e.statusCode);
  }
  const network = networkErrorCode(error);
  if (network) return new SendFailure(`无法连接阿里云短信接口（${errorText(error)}）`, true, network);
  return new SendFailure(`阿里云短信发送失败（${errorText(error)}）`, true, 'UNKNOWN');
}

/**
 * 阿里云短信 (Dysmsapi 2017-05-25 SendSms through the official SDK, signed ACS3-HMAC-SHA256).
 * The signature and template code come from the message's template; a default signature may be
 * set for the channel. The template's variables go as TemplateParam JSON, the message id as OutId.
 */
export const aliyunSmsProvider: ProviderDefinition = {
  provider: 'aliyun_sms',
  channels: ['sms'],
  label: { 'zh-CN': '阿里云短信', 'en-US': 'Alibaba Cloud SMS' },
  settings: [
    {
      key: 'signName',
      label: { 'zh-CN': '默认短信签名', 'en-US': 'Default SMS signature' },
      required: false,
      placeholder: '邻里物业',
    },
    {
      key: 'endpoint',
      label: { 'zh-CN': '接口地址（可选，覆盖默认地址）', 'en-US': 'API endpoint (optional override)' },
      required: false,
      placeholder: aliyunSmsEndpoint,
    },
  ],
  credentials: [
    { key: 'accessKeyId', label: { 'zh-CN': 'AccessKey ID', 'en-US': 'AccessKey ID' }, required: true },
    { key: 'accessKeySecret', label: { 'zh-CN': 'AccessKey Secret', 'en-US': 'AccessKey Secret' }, required: true },
  ],
  create(settings, credentials): MessageAdapter {
    let endpoint: Endpoint;
    try {
      endpoint = parseEndpoint(settings.endpoint, aliyunSmsEndpoint, '阿里云短信');
    } catch (error) {
      return refusingAdapter('aliyun_sms', error);
    }
    let client: Promise<{ client: InstanceType<DysmsapiClient>; sdk: Awaited<ReturnType<typeof loadSdk>> }> | undefined;
    const connect = () => {
      client ??= loadSdk().then((sdk) => ({
        sdk,
        client: new sdk.Client(
          new sdk.Config({
            accessKeyId: credentials.accessKeyId ?? '',
            accessKeySecret: credentials.accessKeySecret ?? '',
            endpoint: endpoint.host,
            protocol: endpoint.protocol,
            regionId: 'cn-hangzhou',
            connectTimeout: 5_000,
            readTimeout: 10_000,
          }),
        ),
      }));
      return client;
    };
    return {
      provider: 'aliyun_sms',
      async send(message: OutgoingMessage) {
        const signName = message.smsSignName || settings.signName;
        if (!signName) throw new SendFailure('短信模板未填写签名，渠道也没有默认签名', false, 'SIGN_NAME_MISSING');
        if (!message.smsTemplateCode)
          throw new SendFailure('短信模板未填写阿里云模板 CODE', false, 'TEMPLATE_CODE_MISSING');
        if (!message.to) throw new SendFailure('收件手机号为空', false, 'EMPTY_ADDRESS');
        const { sdk, client: dysmsapi } = await connect();
        const request = new sdk.SendSmsRequest({
          phoneNumbers: message.to,
          signName,
          templateCode: message.smsTemplateCode,
          templateParam: JSON.stringify(message.params),
          outId: message.id,
        });
        let body: { code?: string; message?: string; bizId?: string; requestId?: string } | undefined;
        try {
          body = (await dysmsapi.sendSms(request)).body;
        } catch (error) {
          throw mapThrown(error);
        }
        if (body?.code !== 'OK') {
          throw aliyunFailure(body?.code ?? 'EMPTY_RESPONSE', body?.message ?? '接口没有返回结果');
        }
        return { providerMessageId: body.bizId ?? body.requestId ?? null };
      },
    };
  },
};

/**
 * 状态报告 (HTTP batch push of SmsReport): each element names the message by BizId (what send()
 * stored) and by out_id (the OutId we sent: our message id). `success` decides; a failure keeps
 * err_code and err_msg. report_time is Beijing time.
 */
export function aliyunReports(body: readonly AliyunReceipt[]): DeliveryReport[] {
  return body.map((r) => ({
    providerMessageId: r.biz_id.trim(),
    messageId: ourMessageId(r.out_id),
    delivered: r.success,
    at: beijingTime(r.report_time),
    error: r.success ? null : receiptFailureText('阿里云短信', r.err_code || 'FAIL', r.err_msg),
  }));
}

/** The answer Aliyun expects; anything else and it pushes the batch again. */
export const aliyunReceiptAnswer = { code: 0 as const, msg: '成功' };
