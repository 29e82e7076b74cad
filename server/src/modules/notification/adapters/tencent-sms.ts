import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { sms } from 'tencentcloud-sdk-nodejs-sms';
import type { TencentReceipt } from '../message.schema.js';
import { type MessageAdapter, type OutgoingMessage, type ProviderDefinition, SendFailure } from './adapter.js';
import { cleanProviderText, type Endpoint, errorText, parseEndpoint, refusingAdapter } from './endpoint.js';
import { beijingTime, type DeliveryReport, receiptFailureText } from './receipt.js';

type SmsClient = InstanceType<typeof sms.v20210111.Client>;

/** The SDK takes a few hundred milliseconds to load, so it loads on the first send, not with the server. */
async function loadClient() {
  const module = await import('tencentcloud-sdk-nodejs-sms');
  return module.sms.v20210111.Client;
}

export const tencentSmsEndpoint = 'sms.tencentcloudapi.com';

/** Our words for the codes an administrator most often meets; the provider's message follows. */
const reasons: Record<string, string> = {
  'InvalidParameterValue.IncorrectPhoneNumber': '手机号码格式不正确',
  'FailedOperation.TemplateIncorrectOrUnapproved': '短信模板不存在或未通过审核',
  'FailedOperation.SignatureIncorrectOrUnapproved': '短信签名不存在或未通过审核',
  'FailedOperation.InsufficientBalanceInSmsPackage': '腾讯云短信套餐包余量不足',
  'FailedOperation.PhoneNumberInBlacklist': '手机号在免打扰名单中',
  'InvalidParameterValue.TemplateParameterFormatError': '短信模板变量格式不正确',
  'InvalidParameterValue.TemplateParameterLengthLimit': '短信模板变量超出长度限制',
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': '短信模板变量中不能含有网址',
  'UnauthorizedOperation.SmsSdkAppIdVerifyFail': 'SmsSdkAppId 校验失败',
  'AuthFailure.SecretIdNotFound': 'SecretId 不存在',
  'AuthFailure.SignatureFailure': 'SecretKey 不正确（签名不匹配）',
};

export function tencentFailure(code: string, providerMessage: string, httpStatus?: number): SendFailure {
  const retryable =
    code.startsWith('LimitExceeded') ||
    code.startsWith('InternalError') ||
    code === 'RequestLimitExceeded' ||
    code === 'FailedOperation.FailResolvePacket' ||
    (httpStatus !== undefined && httpStatus >= 500);
  const ours =
    reasons[code] ??
    (code.startsWith('LimitExceeded') || code === 'RequestLimitExceeded'
      ? '触发腾讯云发送频率限制，稍后重试'
      : code.startsWith('AuthFailure')
        ? '腾讯云密钥校验失败'
        : '腾讯云短信发送失败');
  return new SendFailure(`${ours}（${code}：${cleanProviderText(providerMessage)}）`, retryable, code);
}

/** +86 for mainland numbers as the platform stores them (11 digits); numbers with a country code stay. */
export function e164(to: string): string {
  const digits = to.replace(/[\s-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('0086')) return `+${digits.slice(2)}`;
  if (/^86\d{11}$/.test(digits)) return `+${digits}`;
  return `+86${digits}`;
}

/**
 * TemplateParamSet is positional ({1}, {2} … in the approved template). `paramOrder` names the
 * variables in that order; without it, numeric names ("1", "2") sort as numbers and other names
 * keep the template's order.
 */
export function orderedParams(params: Record<string, string>, paramOrder: string | undefined): string[] {
  const order = (paramOrder ?? '')
    .split(/[,，\s]+/)
    .map((name) => name.trim())
    .filter(Boolean);
  if (order.length > 0) {
    const missing = order.filter((name) => params[name] === undefined);
    if (missing.length > 0) {
      throw new SendFailure(`短信模板缺少变量：${missing.join('、')}`, false, 'TEMPLATE_PARAM_MISSING');
    }
    return order.map((name) => params[name] ?? '');
  }
  const keys = Object.keys(params);
  if (keys.every((key) => /^\d+$/.test(key))) keys.sort((a, b) => Number(a) - Number(b));
  return keys.map((key) => params[key] ?? '');
}

/**
 * The SDK signs with the service named by the endpoint's first label (`sms.…`), so a private or
 * test endpoint is named `sms.<something>`. Names under `.localhost` are loopback by definition
 * (RFC 6761) even where the system resolver does not know them.
 */
function agentFor(endpoint: Endpoint): HttpAgent | undefined {
  if (!endpoint.hostname.endsWith('.localhost')) return undefined;
  const lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    if (!hostname.endsWith('.localhost')) {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) =>
        options.all ? callback(error, addresses) : callback(error, addresses[0]?.address ?? '', addresses[0]?.family),
      );
      return;
    }
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };
  return endpoint.protocol === 'https' ? new HttpsAgent({ lookup }) : new HttpAgent({ lookup });
}

interface TencentSdkError {
  code?: unknown;
  httpCode?: unknown;
  message?: unknown;
}

function mapThrown(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const e = (error ?? {}) as TencentSdkError;
  const providerMessage = errorText(error);
  if (typeof e.code === 'string' && e.code) return tencentFailure(e.code, providerMessage);
  if (typeof e.httpCode === 'number') return tencentFailure(`HTTP ${e.httpCode}`, providerMessage, e.httpCode);
  // The SDK wraps socket errors and timeouts in an exception without a code; its text names them.
  const code =
    /\b(E[A-Z]{4,})\b/.exec(providerMessage)?.[1] ?? (/timeout/i.test(providerMessage) ? 'TIMEOUT' : 'NETWORK');
  return new SendFailure(`无法连接腾讯云短信接口（${providerMessage}）`, true, code);
}

/**
 * 腾讯云短信 (SMS API 2021-01-11 SendSms through the official SDK, signed TC3-HMAC-SHA256). The
 * signature comes from the template (or the channel's default), the template id from the
 * template's code, the variables in `paramOrder`, and the message id as SessionContext.
 */
export const tencentSmsProvider: ProviderDefinition = {
  provider: 'tencent_sms',
  channels: ['sms'],
  label: { 'zh-CN': '腾讯云短信', 'en-US': 'Tencent Cloud SMS' },
  settings: [
    {
      key: 'smsSdkAppId',
      label: { 'zh-CN': '短信应用 SDK AppID', 'en-US': 'SMS SdkAppId' },
      required: true,
      placeholder: '1400000000',
    },
    {
      key: 'region',
      label: { 'zh-CN': '地域', 'en-US': 'Region' },
      required: false,
      placeholder: 'ap-guangzhou',
    },
    {
      key: 'signName',
      label: { 'zh-CN': '默认短信签名', 'en-US': 'Default SMS signature' },
      required: false,
      placeholder: '邻里物业',
    },
    {
      key: 'paramOrder',
      label: {
        'zh-CN': '模板变量顺序（逗号分隔的变量名，对应 {1}、{2}…）',
        'en-US': 'Template variable order (comma-separated names for {1}, {2} …)',
      },
      required: false,
      placeholder: 'customerName,ticketNo,deadline',
    },
    {
      key: 'endpoint',
      label: { 'zh-CN': '接口地址（可选，覆盖默认地址）', 'en-US': 'API endpoint (optional override)' },
      required: false,
      placeholder: tencentSmsEndpoint,
    },
  ],
  credentials: [
    { key: 'secretId', label: { 'zh-CN': 'SecretId', 'en-US': 'SecretId' }, required: true },
    { key: 'secretKey', label: { 'zh-CN': 'SecretKey', 'en-US': 'SecretKey' }, required: true },
  ],
  create(settings, credentials): MessageAdapter {
    let endpoint: Endpoint;
    try {
      endpoint = parseEndpoint(settings.endpoint, tencentSmsEndpoint, '腾讯云短信');
    } catch (error) {
      return refusingAdapter('tencent_sms', error);
    }
    const agent = agentFor(endpoint);
    let client: Promise<SmsClient> | undefined;
    const connect = () => {
      client ??= loadClient().then(
        (Client) =>
          new Client({
            credential: { secretId: credentials.secretId ?? '', secretKey: credentials.secretKey ?? '' },
            region: settings.region || 'ap-guangzhou',
            profile: {
              signMethod: 'TC3-HMAC-SHA256',
              language: 'zh-CN',
              httpProfile: {
                reqMethod: 'POST',
                endpoint: endpoint.host,
                protocol: `${endpoint.protocol}://`,
                reqTimeout: 10,
                ...(agent ? { agent } : {}),
              },
            },
          }),
      );
      return client;
    };
    return {
      provider: 'tencent_sms',
      async send(message: OutgoingMessage) {
        const signName = message.smsSignName || settings.signName;
        if (!settings.smsSdkAppId) throw new SendFailure('腾讯云短信渠道未设置 SdkAppId', false, 'SDK_APP_ID_MISSING');
        if (!signName) throw new SendFailure('短信模板未填写签名，渠道也没有默认签名', false, 'SIGN_NAME_MISSING');
        if (!message.smsTemplateCode)
          throw new SendFailure('短信模板未填写腾讯云模板 ID', false, 'TEMPLATE_CODE_MISSING');
        if (!message.to) throw new SendFailure('收件手机号为空', false, 'EMPTY_ADDRESS');
        const templateParamSet = orderedParams(message.params, settings.paramOrder);
        const tencent = await connect();
        let response: Awaited<ReturnType<SmsClient['SendSms']>>;
        try {
          response = await tencent.SendSms({
            PhoneNumberSet: [e164(message.to)],
            SmsSdkAppId: settings.smsSdkAppId,
            SignName: signName,
            TemplateId: message.smsTemplateCode,
            TemplateParamSet: templateParamSet,
            SessionContext: message.id,
          });
        } catch (error) {
          throw mapThrown(error);
        }
        const status = response.SendStatusSet?.[0];
        if (!status)
          throw tencentFailure('EMPTY_RESPONSE', `接口没有返回发送状态（RequestId ${response.RequestId ?? '-'}）`);
        if (status.Code !== 'Ok') throw tencentFailure(status.Code ?? 'UNKNOWN', status.Message ?? '');
        return { providerMessageId: status.SerialNo ?? response.RequestId ?? null };
      },
    };
  },
};

/**
 * 状态回调 (delivery status callback): each element names the message by sid, the SerialNo that
 * send() stored. report_status SUCCESS or FAIL decides; a failure keeps errmsg (the operator's
 * code) and description. user_receive_time is Beijing time.
 */
export function tencentReports(body: readonly TencentReceipt[]): DeliveryReport[] {
  return body.map((r) => {
    const delivered = r.report_status === 'SUCCESS';
    return {
      providerMessageId: r.sid.trim(),
      messageId: null,
      delivered,
      at: beijingTime(r.user_receive_time),
      error: delivered ? null : receiptFailureText('腾讯云短信', r.errmsg || 'FAIL', r.description),
    };
  });
}

/** The answer Tencent Cloud expects; anything else and it calls back again. */
export const tencentReceiptAnswer = { result: 0 as const, errmsg: 'OK' };
