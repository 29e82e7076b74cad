import { maskEmail, maskMobile } from '../../../platform/mask.js';
import type { MessageProvider } from '../message.table.js';
import { type MessageAdapter, SendFailure } from './adapter.js';

/** Where a provider's API is: the scheme, and host with its port (`sms.tencentcloudapi.com`, `127.0.0.1:4201`). */
export interface Endpoint {
  protocol: 'http' | 'https';
  host: string;
  hostname: string;
  /** Scheme, host and any path prefix, without a trailing slash. */
  base: string;
}

/**
 * The endpoint override a provider's settings may hold: a bare host (`dysmsapi.aliyuncs.com`,
 * HTTPS assumed) or a URL (`https://sms.internal.tencentcloudapi.com`, `http://127.0.0.1:4201`).
 * Empty means the provider's public endpoint.
 */
export function parseEndpoint(value: string | undefined, fallback: string, providerLabel: string): Endpoint {
  const raw = value?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new SendFailure(`${providerLabel}的接口地址无效：${raw}`, false, 'ENDPOINT_INVALID');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SendFailure(`${providerLabel}的接口地址只能是 http 或 https：${raw}`, false, 'ENDPOINT_INVALID');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return {
    protocol: url.protocol === 'http:' ? 'http' : 'https',
    host: url.host,
    hostname: url.hostname,
    base: `${url.protocol}//${url.host}${path}`,
  };
}

/**
 * The adapter for settings that cannot work (an endpoint that is not a URL): creating it never
 * throws, each send fails with the reason and is not retried.
 */
export function refusingAdapter(provider: MessageProvider, error: unknown): MessageAdapter {
  const failure =
    error instanceof SendFailure
      ? error
      : new SendFailure(`发送通道设置无效（${errorText(error)}）`, false, 'SETTINGS_INVALID');
  return {
    provider,
    send: () => Promise.reject(failure),
  };
}

/** Low-level socket and HTTP failures that are worth another try later. */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The system error code of a network failure (also when wrapped as `cause`), or null. */
export function networkErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, name, cause } = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof code === 'string' && networkCodes.has(code)) return code;
    if (name === 'TimeoutError' || name === 'AbortError') return 'TIMEOUT';
    if (typeof name === 'string' && /timeout/i.test(name)) return 'TIMEOUT';
    current = cause;
  }
  return null;
}

/**
 * A provider's words fit for the sent log: URLs lose their query (where SDKs put the phone number
 * and WeChat its access token), mobile numbers and e-mail addresses are masked.
 */
export function cleanProviderText(text: string): string {
  return text
    .replace(/(https?:\/\/[^\s?]+)\?[^\s）)]*/g, '$1?…')
    .replace(/(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g, (mobile) => maskMobile(mobile.slice(-11)))
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, (email) => maskEmail(email));
}

/** An error's message, cleaned as above. */
export function errorText(error: unknown): string {
  return cleanProviderText(error instanceof Error ? error.message : String(error));
}
