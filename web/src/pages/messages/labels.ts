import type { paths } from '../../api/schema';

type Json<P extends keyof paths, M extends 'get' | 'put' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type MessageTemplate = Json<'/api/message-templates', 'get'>[number];
export type MessageChannelRow = Json<'/api/message-channels', 'get'>[number];
export type MessageProvider = Json<'/api/message-providers', 'get'>[number];
export type OutboundMessage = Json<'/api/messages', 'get'>['data'][number];

export const messageEvents = [
  'dispatched',
  'accepted',
  'resolved',
  'sla_warning',
  'overdue',
  'escalated',
  'instruction',
  'visit_due',
  'callback_due',
] as const;
export type MessageEvent = (typeof messageEvents)[number];

export const messageChannels = ['sms', 'email', 'wechat'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const messageStates = ['queued', 'sent', 'delivered', 'failed', 'cancelled'] as const;

export const stateColors: Record<string, string> = {
  queued: 'processing',
  sent: 'success',
  delivered: 'success',
  failed: 'error',
  cancelled: 'default',
};
