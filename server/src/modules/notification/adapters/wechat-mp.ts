import { createHash } from 'node:crypto';
import { type MessageAdapter, type OutgoingMessage, type ProviderDefinition, SendFailure } from './adapter.js';
import {
  cleanProviderText,
  type Endpoint,
  errorText,
  networkErrorCode,
  parseEndpoint,
  refusingAdapter,
} from './endpoint.js';

export const wechatApiEndpoint = 'https://api.weixin.qq.com';

/** The access token is invalid or expired: fetch a new one and try once more. */
const tokenInvalid = new Set([40001, 40014, 42001]);
/** System busy (-1), the daily quota (45009), the frequency limit (45047, 45011): later may work. */
const retryableErrcodes = new Set([-1, 45009, 45011, 45047]);

const reasons = new Map<number, string>([
  [40001, '微信 access_token 无效'],
  [40003, '微信 openid 无效（收件人未关注公众号或不属于本公众号）'],
  [40013, '微信 AppID 无效'],
  [40037, '微信模板 ID 无效'],
  [42001, '微信 access_token 已过期'],
  [40125, '微信 AppSecret 无效'],
  [43004, '收件人未关注公众号'],
  [43101, '收件人拒收该模板消息'],
  [45009, '微信接口调用超过每日限额，稍后重试'],
  [47003, '微信模板参数不正确'],
  [48001, '公众号没有发送模板消息的权限'],
  [61004, '服务器 IP 不在公众号白名单中'],
  [-1, '微信系统繁忙，稍后重试'],
]);

export function wechatFailure(errcode: number, errmsg: string): SendFailure {
  const ours = reasons.get(errcode) ?? '微信模板消息发送失败';
  return new SendFailure(
    `${ours}（${errcode}：${cleanProviderText(errmsg)}）`,
    retryableErrcodes.has(errcode) || tokenInvalid.has(errcode),
    String(errcode),
  );
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Access tokens by endpoint, AppID and a fingerprint of the secret: shared by every adapter the
 * service creates for the same account (WeChat limits how often a token may be fetched), and
 * dropped by a changed secret.
 */
const tokens = new Map<string, CachedToken>();
/** Token fetches under way, so that sends at the same moment share one. */
const fetching = new Map<string, Promise<string>>();

/** Forget cached access tokens (tests; a process that changes accounts). */
export function clearWechatTokens(): void {
  tokens.clear();
  fetching.clear();
}

interface WechatReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

/**
 * 微信公众号模板消息: a stable access token (`/cgi-bin/stable_token`, kept in memory until five
 * minutes before it expires), then `/cgi-bin/message/template/send` with the openid, the template
 * id and the template's variables as `{ key: { value } }`. An invalid token is refreshed once.
 */
export const wechatMpProvider: ProviderDefinition = {
  provider: 'wechat_mp',
  channels: ['wechat'],
  label: { 'zh-CN': '微信公众号模板消息', 'en-US': 'WeChat Official Account template messages' },
  settings: [
    { key: 'appId', label: { 'zh-CN': '公众号 AppID', 'en-US': 'AppID' }, required: true, placeholder: 'wx…' },
    {
      key: 'endpoint',
      label: { 'zh-CN': '接口地址（可选，覆盖默认地址）', 'en-US': 'API endpoint (optional override)' },
      required: false,
      placeholder: wechatApiEndpoint,
    },
  ],
  credentials: [{ key: 'appSecret', label: { 'zh-CN': 'AppSecret', 'en-US': 'AppSecret' }, required: true }],
  create(settings, credentials): MessageAdapter {
    let endpoint: Endpoint;
    try {
      endpoint = parseEndpoint(settings.endpoint, wechatApiEndpoint, '微信公众号');
    } catch (error) {
      return refusingAdapter('wechat_mp', error);
    }
    const appId = settings.appId?.trim() ?? '';
    const appSecret = credentials.appSecret ?? '';
    const cacheKey = `${endpoint.base}|${appId}|${createHash('sha256').update(appSecret).digest('hex').slice(0, 16)}`;

    async function call(path: string, body: unknown): Promise<{ reply: WechatReply; text: string }> {
      let response: Response;
      try {
        response = await fetch(`${endpoint.base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (error) {
        const code = networkErrorCode(error) ?? 'NETWORK';
        throw new SendFailure(`无法连接微信接口（${errorText(error)}）`, true, code);
      }
      const text = await response.text();
      if (!response.ok) {
        throw new SendFailure(
          `微信接口返回 HTTP ${response.status}（${cleanProviderText(text.slice(0, 200))}）`,
          response.status >= 500 || response.status === 429,
          `HTTP ${response.status}`,
        );
      }
      try {
        return { reply: JSON.parse(text) as WechatReply, text };
      } catch {
        throw new SendFailure(
          `微信接口的回答无法解析（${cleanProviderText(text.slice(0, 200))}）`,
          true,
          'BAD_RESPONSE',
        );
      }
    }

    function accessToken(forceRefresh: boolean): Promise<string> {
      const cached = tokens.get(cacheKey);
      if (!forceRefresh && cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.token);
      // A forced refresh does not join a plain fetch, which may hand back the refused token.
      const fetchKey = `${cacheKey}|${forceRefresh ? 'force' : 'plain'}`;
      const under = fetching.get(fetchKey);
      if (under) return under;
      const fetched = fetchToken(forceRefresh).finally(() => fetching.delete(fetchKey));
      fetching.set(fetchKey, fetched);
      return fetched;
    }

    async function fetchToken(forceRefresh: boolean): Promise<string> {
      const { reply } = await call('/cgi-bin/stable_token', {
        grant_type: 'client_credential',
        appid: appId,
        secret: appSecret,
        force_refresh: forceRefresh,
      });
      if (!reply.access_token) {
        const errcode = reply.errcode ?? -1;
        const failure = wechatFailure(errcode, reply.errmsg ?? '没有返回 access_token');
        // A wrong AppID or AppSecret does not get better by waiting.
        throw new SendFailure(failure.message, retryableErrcodes.has(errcode), failure.code);
      }
      const lifetime = Math.max(60, (reply.expires_in ?? 7200) - 300) * 1000;
      tokens.set(cacheKey, { token: reply.access_token, expiresAt: Date.now() + lifetime });
      return reply.access_token;
    }

    async function sendOnce(message: OutgoingMessage, token: string) {
      const data = wechatTemplateData(message);
      return call(`/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, {
        touser: message.to,
        template_id: message.wechatTemplateId,
        ...(message.url ? { url: message.url } : {}),
        data,
        client_msg_id: message.id,
      });
    }

    return {
      provider: 'wechat_mp',
      async send(message: OutgoingMessage) {
        if (!appId) throw new SendFailure('微信渠道未设置公众号 AppID', false, 'APP_ID_MISSING');
        if (!message.wechatTemplateId) throw new SendFailure('微信模板未填写模板 ID', false, 'TEMPLATE_ID_MISSING');
        if (!message.to) throw new SendFailure('收件人没有绑定微信 openid', false, 'EMPTY_ADDRESS');
        let answer = await sendOnce(message, await accessToken(false));
        if (answer.reply.errcode !== undefined && tokenInvalid.has(answer.reply.errcode)) {
          tokens.delete(cacheKey);
          answer = await sendOnce(message, await accessToken(true));
        }
        const { reply, text } = answer;
        if (reply.errcode !== undefined && reply.errcode !== 0) {
          throw wechatFailure(reply.errcode, reply.errmsg ?? '');
        }
        // msgid can exceed 2^53: read it from the text, not from the parsed number.
        const msgid = /"msgid"\s*:\s*"?(\d+)/.exec(text)?.[1] ?? null;
        return { providerMessageId: msgid };
      },
    };
  },
};

/** WeChat's length limits per keyword type (characters); longer values are refused with 47003. */
const keywordLimits: readonly [prefix: string, max: number][] = [
  ['character_string', 32],
  ['thing', 20],
  ['phrase', 5],
  ['car_number', 8],
  ['phone_number', 17],
  ['number', 32],
  ['letter', 32],
  ['symbol', 5],
  ['name', 10],
];

/**
 * The `data` of a template message. An official account's template names its own fields
 * (thing1, character_string2, time3 …), so a Linli template for WeChat maps them one per line,
 * `thing1={{content}}`, rendered like any other text; each value is cut to its field type's
 * limit. A body without such lines sends the template's variables under their own names.
 */
export function wechatTemplateData(
  message: Pick<OutgoingMessage, 'body' | 'params'>,
): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const line of message.body.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*[=＝]\s*(.*?)\s*$/.exec(line);
    if (match?.[1]) data[match[1]] = { value: match[2] ?? '' };
  }
  if (Object.keys(data).length === 0) {
    for (const [key, value] of Object.entries(message.params)) data[key] = { value };
  }
  for (const [key, entry] of Object.entries(data)) {
    const limit = keywordLimits.find(([prefix]) => key.startsWith(prefix))?.[1];
    if (limit && [...entry.value].length > limit) entry.value = `${[...entry.value].slice(0, limit - 1).join('')}…`;
  }
  return data;
}
