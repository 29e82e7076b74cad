import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EXPORT_MAX_ROWS, replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { formatDateTime } from '../../platform/locale.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import {
  messageChannelDto,
  messageChannelInput,
  messageChannelParams,
  messageExportQuery,
  messageListQuery,
  messagePreviewDto,
  messagePreviewInput,
  messageProviderDto,
  messageTemplateDto,
  messageTemplateInput,
  messageTestDto,
  messageTestInput,
  outboundMessageDto,
} from './message.schema.js';
import { registerSender } from './message.sender.js';
import {
  type ChannelView,
  exportMessages,
  getTemplate,
  listChannels,
  listMessages,
  listProviders,
  listTemplates,
  previewTemplate,
  retryMessage,
  sendTest,
  updateChannel,
  updateTemplate,
} from './message.service.js';

const channelNames = {
  'zh-CN': { sms: '短信', email: '邮件', wechat: '微信' },
  'en-US': { sms: 'SMS', email: 'E-mail', wechat: 'WeChat' },
} as const;
const stateNames = {
  'zh-CN': {
    queued: '待发送',
    sending: '发送中',
    sent: '已发送',
    delivered: '已送达',
    failed: '失败',
    cancelled: '已取消',
  },
  'en-US': {
    queued: 'Queued',
    sending: 'Sending',
    sent: 'Sent',
    delivered: 'Delivered',
    failed: 'Failed',
    cancelled: 'Cancelled',
  },
} as const;
const eventNames = {
  'zh-CN': {
    dispatched: '派工',
    accepted: '接单',
    resolved: '办结',
    sla_warning: '时限预警',
    overdue: '超时',
    escalated: '升级',
    instruction: '领导批示',
    visit_due: '回访到期',
    callback_due: '未接来电回拨',
  },
  'en-US': {
    dispatched: 'Dispatched',
    accepted: 'Accepted',
    resolved: 'Resolved',
    sla_warning: 'SLA warning',
    overdue: 'Overdue',
    escalated: 'Escalated',
    instruction: 'Instruction',
    visit_due: 'Return visit due',
    callback_due: 'Missed call call-back',
  },
} as const;

/** The site's address as the caller reached it, and whether the caller may see receipt URLs. */
function channelView(request: FastifyRequest): ChannelView {
  return {
    origin: `${request.protocol}://${request.host}`,
    manage: authed(request).actor.permissions.has('message.manage'),
  };
}

/** 消息设置 (templates, channels, providers) and 发送记录 (the sent log). */
export const messageRoutes: RouteModule = (app, deps) => {
  registerSender(app, deps);

  app.get(
    '/api/message-templates',
    {
      config: { permission: 'message.read' },
      schema: {
        tags: ['message'],
        summary: '消息模板列表（事件 × 通道，含各事件可用变量）',
        response: { 200: z.array(messageTemplateDto) },
      },
    },
    async () => listTemplates(deps),
  );

  app.get(
    '/api/message-templates/:id',
    {
      config: { permission: 'message.read' },
      schema: { tags: ['message'], summary: '消息模板详情', params: idParams, response: { 200: messageTemplateDto } },
    },
    async (request) => getTemplate(deps, request.params.id),
  );

  app.put(
    '/api/message-templates/:id',
    {
      config: { permission: 'message.manage' },
      schema: {
        tags: ['message'],
        summary: '修改消息模板（版本号校验；含未知变量时拒绝保存）',
        params: idParams,
        body: messageTemplateInput,
        response: { 200: messageTemplateDto },
      },
    },
    async (request) => updateTemplate(deps, authed(request), request.params.id, request.body),
  );

  app.post(
    '/api/message-templates/preview',
    {
      config: { permission: 'message.manage' },
      schema: {
        tags: ['message'],
        summary: '用示例值预览模板（含未知变量时 422）',
        body: messagePreviewInput,
        response: { 200: messagePreviewDto },
      },
    },
    async (request) => previewTemplate(authed(request), request.body),
  );

  app.get(
    '/api/message-channels',
    {
      config: { permission: 'message.read' },
      schema: {
        tags: ['message'],
        summary: '发送通道（服务商、设置、凭据是否已设置、免打扰时段）',
        response: { 200: z.array(messageChannelDto) },
      },
    },
    async (request) => listChannels(deps, channelView(request)),
  );

  app.put(
    '/api/message-channels/:channel',
    {
      config: { permission: 'message.manage' },
      schema: {
        tags: ['message'],
        summary: '修改发送通道（凭据只写，留空保持原值）',
        params: messageChannelParams,
        body: messageChannelInput,
        response: { 200: messageChannelDto },
      },
    },
    async (request) => updateChannel(deps, authed(request), request.params.channel, request.body, channelView(request)),
  );

  app.post(
    '/api/message-channels/:channel/test',
    {
      config: { permission: 'message.manage' },
      schema: {
        tags: ['message'],
        summary: '测试发送：经该通道当前服务商立即发一条消息到指定地址（记审计）',
        params: messageChannelParams,
        body: messageTestInput,
        response: { 200: messageTestDto },
      },
    },
    async (request) => sendTest(deps, authed(request), request.params.channel, request.body),
  );

  app.get(
    '/api/message-providers',
    {
      config: { permission: 'message.read' },
      schema: {
        tags: ['message'],
        summary: '可用的消息服务商及其设置、凭据字段',
        response: { 200: z.array(messageProviderDto) },
      },
    },
    async () => listProviders(),
  );

  app.get(
    '/api/messages',
    {
      config: { permission: 'message.read' },
      schema: {
        tags: ['message'],
        summary: '发送记录（地址脱敏；按数据范围）',
        querystring: messageListQuery,
        response: { 200: pageOf(outboundMessageDto) },
      },
    },
    async (request) => listMessages(deps, authed(request), request.query),
  );

  app.get(
    '/api/messages/export',
    {
      config: { permission: 'message.read' },
      schema: { tags: ['message'], summary: '导出发送记录（Excel，地址脱敏）', querystring: messageExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const rows = await exportMessages(deps, ctx, request.query, EXPORT_MAX_ROWS);
      const zh = ctx.locale === 'zh-CN';
      const time = (v: string | null) => (v ? formatDateTime(new Date(v)) : '');
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '发送记录' : 'Sent messages',
        file: zh ? '发送记录.xlsx' : 'sent-messages.xlsx',
        rows,
        columns: [
          { header: zh ? '创建时间' : 'Created', value: (r) => time(r.createdAt) },
          { header: zh ? '通道' : 'Channel', value: (r) => channelNames[ctx.locale][r.channel], width: 10 },
          { header: zh ? '事件' : 'Event', value: (r) => eventNames[ctx.locale][r.event], width: 14 },
          { header: zh ? '收件人' : 'Recipient', value: (r) => r.recipientName },
          { header: zh ? '地址' : 'Address', value: (r) => r.addressMasked, width: 22 },
          { header: zh ? '工单' : 'Ticket', value: (r) => r.ticketPublicNo },
          { header: zh ? '主题' : 'Subject', value: (r) => r.subject, width: 30 },
          { header: zh ? '内容' : 'Text', value: (r) => r.body, width: 60 },
          { header: zh ? '状态' : 'State', value: (r) => stateNames[ctx.locale][r.state], width: 10 },
          { header: zh ? '尝试次数' : 'Attempts', value: (r) => r.attempts, width: 10 },
          { header: zh ? '服务商' : 'Provider', value: (r) => r.provider },
          { header: zh ? '服务商消息号' : 'Provider message id', value: (r) => r.providerMessageId, width: 30 },
          { header: zh ? '失败原因' : 'Error', value: (r) => r.error, width: 40 },
          { header: zh ? '发送时间' : 'Sent', value: (r) => time(r.sentAt) },
          { header: zh ? '送达时间' : 'Delivered', value: (r) => time(r.deliveredAt) },
        ],
        audit: {
          action: 'message.export',
          entityType: 'outbound_message',
          summary: `导出发送记录 ${rows.length} 条`,
          after: request.query,
        },
      });
    },
  );

  app.post(
    '/api/messages/:id/retry',
    {
      config: { permission: 'message.manage' },
      schema: {
        tags: ['message'],
        summary: '重发一条失败的消息',
        params: idParams,
        response: { 200: outboundMessageDto },
      },
    },
    async (request) => retryMessage(deps, authed(request), request.params.id),
  );
};
