import type { MessageChannel, MessageProvider } from '../message.table.js';

/** One message as an adapter sends it: the address in clear, the text and the template values. */
export interface OutgoingMessage {
  /** The outbound_message id: providers that take a caller reference get this (idempotent retries). */
  id: string;
  channel: MessageChannel;
  /** Mobile number (digits), e-mail address or WeChat openid. */
  to: string;
  subject: string | null;
  body: string;
  /** The template's variables by name, for providers that render their own approved template. */
  params: Record<string, string>;
  smsSignName?: string | null;
  smsTemplateCode?: string | null;
  wechatTemplateId?: string | null;
  /** A link for the recipient (WeChat template messages open it). */
  url?: string | null;
}

export interface SendResult {
  /** The provider's id for the message (request id, BizId, SerialNo, msgid, SMTP message id). */
  providerMessageId: string | null;
  /** True when the provider already reports delivery (the outbox stores and is done). */
  delivered?: boolean;
}

/**
 * A failed send. `retryable` says whether trying again later can help (network, throttling,
 * provider 5xx) or not (bad number, template not approved, wrong credentials); `code` is the
 * provider's own error code, kept in the sent log with the message.
 */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

export interface MessageAdapter {
  readonly provider: MessageProvider;
  send(message: OutgoingMessage): Promise<SendResult>;
}

/** A provider's settings form: plain settings and secret credentials, each a labelled field. */
export interface ProviderField {
  key: string;
  label: { 'zh-CN': string; 'en-US': string };
  required: boolean;
  /** A default shown in the form (e.g. the provider's endpoint or region). */
  placeholder?: string;
}

export interface ProviderDefinition {
  provider: MessageProvider;
  /** The channels this provider can serve. */
  channels: readonly MessageChannel[];
  label: { 'zh-CN': string; 'en-US': string };
  settings: readonly ProviderField[];
  credentials: readonly ProviderField[];
  create(settings: Record<string, string>, credentials: Record<string, string>): MessageAdapter;
}
