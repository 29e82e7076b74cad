import { type ProviderDefinition, SendFailure } from './adapter.js';

/**
 * 发件箱: the default for every channel. It sends nothing: the message row itself, with its text
 * and masked address, is what the sent log shows, so a fresh install works with no accounts.
 */
export const outboxProvider: ProviderDefinition = {
  provider: 'outbox',
  channels: ['sms', 'email', 'wechat'],
  label: { 'zh-CN': '发件箱（不实际发送）', 'en-US': 'Outbox (stored, not sent)' },
  settings: [],
  credentials: [],
  create: () => ({
    provider: 'outbox',
    async send(message) {
      if (!message.to) throw new SendFailure('收件地址为空', false, 'EMPTY_ADDRESS');
      return { providerMessageId: `outbox-${message.id}`, delivered: true };
    },
  }),
};
