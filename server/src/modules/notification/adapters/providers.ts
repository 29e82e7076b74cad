import type { ProviderDefinition } from './adapter.js';
import { aliyunSmsProvider } from './aliyun-sms.js';
import { smtpProvider } from './smtp.js';
import { tencentSmsProvider } from './tencent-sms.js';
import { wechatMpProvider } from './wechat-mp.js';

/** The real providers (SMS, SMTP, WeChat), each in its own file beside this one. */
export const realProviders: readonly ProviderDefinition[] = [
  aliyunSmsProvider,
  tencentSmsProvider,
  smtpProvider,
  wechatMpProvider,
];
