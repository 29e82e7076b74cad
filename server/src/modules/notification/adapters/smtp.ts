import nodemailer from 'nodemailer';
import { type MessageAdapter, type OutgoingMessage, type ProviderDefinition, SendFailure } from './adapter.js';
import { cleanProviderText, errorText } from './endpoint.js';

interface SmtpError {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
}

/** Connection-level failures nodemailer reports without an SMTP reply: worth another try. */
const connectionCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNRESET', 'ECONNREFUSED']);

export function smtpFailure(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const e = (error ?? {}) as SmtpError;
  const reply = typeof e.response === 'string' ? cleanProviderText(e.response) : errorText(error);
  if (typeof e.responseCode === 'number') {
    const status = e.responseCode;
    const code = `SMTP ${status}`;
    if (e.code === 'EAUTH') return new SendFailure(`邮件服务器拒绝登录，请检查用户名和密码（${reply}）`, false, code);
    if (status >= 400 && status < 500) return new SendFailure(`邮件服务器暂时拒收，稍后重试（${reply}）`, true, code);
    return new SendFailure(`邮件服务器拒收（${reply}）`, false, code);
  }
  const code = typeof e.code === 'string' && e.code ? e.code : 'UNKNOWN';
  if (code === 'EAUTH') return new SendFailure(`邮件服务器拒绝登录（${reply}）`, false, code);
  if (connectionCodes.has(code)) return new SendFailure(`无法连接邮件服务器（${reply}）`, true, code);
  if (code === 'EENVELOPE') return new SendFailure(`邮件地址无效（${reply}）`, false, code);
  return new SendFailure(`邮件发送失败（${reply}）`, true, code);
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return ['true', '1', 'yes', 'on', '是'].includes(value.trim().toLowerCase());
}

/**
 * SMTP through nodemailer: the host and port are the endpoint. Port 465 means implicit TLS
 * unless `secure` says otherwise; other ports upgrade with STARTTLS when the server offers it.
 * Plain text with the template's subject; the SMTP message id is the provider's id.
 */
export const smtpProvider: ProviderDefinition = {
  provider: 'smtp',
  channels: ['email'],
  label: { 'zh-CN': 'SMTP 邮件', 'en-US': 'SMTP e-mail' },
  settings: [
    {
      key: 'host',
      label: { 'zh-CN': 'SMTP 服务器地址', 'en-US': 'SMTP host' },
      required: true,
      placeholder: 'smtp.exmail.qq.com',
    },
    { key: 'port', label: { 'zh-CN': '端口', 'en-US': 'Port' }, required: false, placeholder: '465' },
    {
      key: 'secure',
      label: { 'zh-CN': '使用 SSL/TLS 连接（true/false）', 'en-US': 'Implicit SSL/TLS (true/false)' },
      required: false,
      placeholder: 'true',
    },
    {
      key: 'from',
      label: { 'zh-CN': '发件人地址', 'en-US': 'From address' },
      required: true,
      placeholder: '邻里物业 <service@example.com>',
    },
  ],
  credentials: [
    { key: 'user', label: { 'zh-CN': '用户名', 'en-US': 'User name' }, required: false },
    { key: 'password', label: { 'zh-CN': '密码或授权码', 'en-US': 'Password or app password' }, required: false },
  ],
  create(settings, credentials): MessageAdapter {
    const host = settings.host?.trim();
    const port = Number(settings.port?.trim() || (flag(settings.secure) === false ? 587 : 465));
    const secure = flag(settings.secure) ?? port === 465;
    const transport = nodemailer.createTransport({
      host,
      port,
      secure,
      auth: credentials.user ? { user: credentials.user, pass: credentials.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    return {
      provider: 'smtp',
      async send(message: OutgoingMessage) {
        if (!host) throw new SendFailure('邮件渠道未设置 SMTP 服务器地址', false, 'HOST_MISSING');
        if (!Number.isInteger(port) || port <= 0 || port > 65535) {
          throw new SendFailure(`SMTP 端口无效：${settings.port}`, false, 'PORT_INVALID');
        }
        if (!settings.from) throw new SendFailure('邮件渠道未设置发件人地址', false, 'FROM_MISSING');
        if (!message.to) throw new SendFailure('收件邮箱为空', false, 'EMPTY_ADDRESS');
        try {
          const info = await transport.sendMail({
            from: settings.from,
            to: message.to,
            subject: message.subject ?? '',
            text: message.body,
            headers: { 'X-Linli-Message-Id': message.id },
          });
          return { providerMessageId: info.messageId ?? null };
        } catch (error) {
          throw smtpFailure(error);
        }
      },
    };
  },
};
