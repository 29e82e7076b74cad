import { z } from 'zod';
import { day, pageQuery } from '../../platform/routes.js';
import { isValidTimeZone } from '../calendar/calendar.zone.js';
import { messageChannels, messageEvents, messageProviders, messageStates } from './message.table.js';

const label = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

export const messageChannelEnum = z
  .enum(messageChannels)
  .meta({ description: '通道：sms 短信、email 邮件、wechat 微信公众号模板消息' });
export const messageEventEnum = z.enum(messageEvents).meta({
  description:
    '事件：dispatched 派工、accepted 接单、resolved 办结、sla_warning 时限预警、overdue 超时、escalated 升级、' +
    'instruction 领导批示、visit_due 回访到期、callback_due 未接来电回拨',
});
export const messageStateEnum = z
  .enum(messageStates)
  .meta({ description: '状态：queued 待发送、sent 已发送、delivered 已送达、failed 失败、cancelled 已取消' });

export const messageVariableDto = z.object({ name: z.string(), label, sample: z.string() });

export const messageTemplateDto = z.object({
  id: z.uuid(),
  event: messageEventEnum,
  channel: messageChannelEnum,
  enabled: z.boolean(),
  subject: z.string().nullable(),
  body: z.string(),
  smsSignName: z.string().nullable(),
  smsTemplateCode: z.string().nullable(),
  wechatTemplateId: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
  /** The variables this event's templates may use. */
  variables: z.array(messageVariableDto),
});
export type MessageTemplateDto = z.infer<typeof messageTemplateDto>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

export const messageTemplateInput = z.strictObject({
  version: z.number().int().min(1).meta({ description: '读取时的版本号（乐观锁）' }),
  enabled: z.boolean(),
  subject: optionalText(200).meta({ description: '邮件主题 / 微信首行' }),
  body: z.string().trim().min(1, 'required').max(2000),
  smsSignName: optionalText(40).meta({ description: '短信签名（服务商审核通过的）' }),
  smsTemplateCode: optionalText(60).meta({ description: '服务商的短信模板编号' }),
  wechatTemplateId: optionalText(100).meta({ description: '公众号模板消息的模板 ID' }),
});
export type MessageTemplateInput = z.infer<typeof messageTemplateInput>;

export const messagePreviewInput = z.strictObject({
  event: messageEventEnum,
  subject: z.string().max(200).nullable().optional(),
  body: z.string().max(2000),
});
export const messagePreviewDto = z.object({
  subject: z.string().nullable(),
  body: z.string(),
  /** Characters of the rendered body (SMS providers bill 70 per message, 67 per part of a long one). */
  length: z.number().int(),
  smsParts: z.number().int(),
});

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'quiet_hours_invalid')
  .meta({ description: 'HH:MM（24 小时制）', example: '21:00' });

export const messageChannelDto = z.object({
  channel: messageChannelEnum,
  provider: z.enum(messageProviders),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.string()),
  /** Each credential field of the provider: set or not; the values are never answered. */
  credentials: z.array(z.object({ key: z.string(), set: z.boolean() })),
  quietStart: z.string().nullable(),
  quietEnd: z.string().nullable(),
  timeZone: z.string(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
  /**
   * Where the SMS provider pushes its delivery reports (to paste into its console), with the
   * channel's receipt token; answered to holders of message.manage once the channel has a token.
   */
  receiptUrl: z
    .string()
    .nullable()
    .meta({ description: '送达回执地址（含回执令牌，填到服务商控制台；仅消息管理权限可见，保存短信服务商后生成）' }),
});
export type MessageChannelDto = z.infer<typeof messageChannelDto>;

export const messageChannelParams = z.strictObject({ channel: messageChannelEnum });

export const messageChannelInput = z
  .strictObject({
    version: z.number().int().min(1),
    provider: z.enum(messageProviders),
    enabled: z.boolean(),
    settings: z.record(z.string().max(60), z.string().trim().max(500)).default({}),
    /**
     * New credential values by key; a key left out (or empty) keeps the stored value. Changing
     * the provider drops the old provider's credentials.
     */
    credentials: z
      .record(z.string().max(60), z.string().max(4000))
      .default({})
      .meta({ description: '凭据（只写）：留空表示保持原值；更换服务商时旧凭据清除' }),
    quietStart: hhmm.nullable().default(null),
    quietEnd: hhmm.nullable().default(null),
    timeZone: z.string().refine(isValidTimeZone, 'time_zone_invalid').default('Asia/Shanghai'),
  })
  .refine((v) => (v.quietStart === null) === (v.quietEnd === null), {
    message: 'quiet_hours_pair',
    path: ['quietEnd'],
  })
  .refine((v) => v.quietStart === null || v.quietStart !== v.quietEnd, {
    message: 'quiet_hours_same',
    path: ['quietEnd'],
  });
export type MessageChannelInput = z.infer<typeof messageChannelInput>;

const providerField = z.object({ key: z.string(), label, required: z.boolean(), placeholder: z.string().optional() });
export const messageProviderDto = z.object({
  provider: z.enum(messageProviders),
  channels: z.array(messageChannelEnum),
  label,
  settings: z.array(providerField),
  credentials: z.array(providerField),
});

export const messageTestInput = z.strictObject({
  to: z.string().trim().min(1, 'required').max(200).meta({ description: '手机号、邮箱或 openid' }),
  body: z.string().trim().max(500).optional(),
});
export const messageTestDto = z.object({
  ok: z.boolean(),
  provider: z.enum(messageProviders),
  providerMessageId: z.string().nullable(),
  error: z.string().nullable(),
});

const beijingDay = day.meta({ description: 'YYYY-MM-DD（北京时间）' });

export const messageFilter = {
  channel: messageChannelEnum.optional(),
  event: messageEventEnum.optional(),
  state: messageStateEnum.optional(),
  from: beijingDay.optional(),
  to: beijingDay.optional(),
  ticketNo: z.string().trim().max(40).optional().meta({ description: '工单编号（精确）' }),
  recipient: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: '收件手机号或邮箱（精确匹配，按加密哈希查找）' }),
};
export const messageListQuery = z
  .strictObject({ ...pageQuery, ...messageFilter })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'date_range_invalid', path: ['to'] });
export const messageExportQuery = z
  .strictObject(messageFilter)
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'date_range_invalid', path: ['to'] });
export type MessageFilter = z.infer<typeof messageExportQuery>;

export const outboundMessageDto = z.object({
  id: z.uuid(),
  channel: messageChannelEnum,
  event: messageEventEnum,
  recipientName: z.string().nullable(),
  addressMasked: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  state: messageStateEnum,
  urgent: z.boolean(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  provider: z.enum(messageProviders).nullable(),
  providerMessageId: z.string().nullable(),
  error: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  ticketPublicNo: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
});
export type OutboundMessageDto = z.infer<typeof outboundMessageDto>;

// ── delivery receipts ───────────────────────────────────────────────────────

export const receiptProviders = ['aliyun_sms', 'tencent_sms'] as const;
export type ReceiptProvider = (typeof receiptProviders)[number];

export const messageReceiptParams = z.strictObject({
  provider: z.enum(receiptProviders).meta({ description: '服务商：aliyun_sms 阿里云短信、tencent_sms 腾讯云短信' }),
});
export const messageReceiptQuery = z.object({
  token: z.string().max(200).optional().meta({ description: '发送通道的回执令牌（见“发送通道”页的回执地址）' }),
});

const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');
const text = (max: number) => z.string().max(max);

/** 阿里云短信 状态报告 (HTTP batch push): one element per message. */
export const aliyunReceipt = z.looseObject({
  phone_number: text(40).optional(),
  send_time: text(40).optional(),
  report_time: text(40).optional(),
  success: flag,
  err_code: text(100).optional().default(''),
  err_msg: text(500).optional().default(''),
  sms_size: z.union([z.string().max(10), z.number()]).optional(),
  biz_id: text(100).min(1),
  out_id: text(100).optional().nullable(),
});
export const aliyunReceiptBody = z.array(aliyunReceipt).max(5000).meta({
  description:
    '阿里云短信状态报告（HTTP 批量推送）：[{phone_number, send_time, report_time, success, err_code, err_msg, sms_size, biz_id, out_id}]',
});
export type AliyunReceipt = z.infer<typeof aliyunReceipt>;

/** 腾讯云短信 状态回调: one element per message. */
export const tencentReceipt = z.looseObject({
  user_receive_time: text(40).optional(),
  nationcode: text(10).optional(),
  mobile: text(40).optional(),
  report_status: z.enum(['SUCCESS', 'FAIL']),
  errmsg: text(100).optional().default(''),
  description: text(500).optional().default(''),
  sid: text(100).min(1),
});
export const tencentReceiptBody = z.array(tencentReceipt).max(5000).meta({
  description:
    '腾讯云短信状态回调：[{user_receive_time, nationcode, mobile, report_status: SUCCESS|FAIL, errmsg, description, sid}]',
});
export type TencentReceipt = z.infer<typeof tencentReceipt>;

export const messageReceiptCounts = z.object({
  received: z.number().int().meta({ description: '本次回执条数' }),
  delivered: z.number().int().meta({ description: '记为已送达' }),
  failed: z.number().int().meta({ description: '记为失败' }),
  unchanged: z.number().int().meta({ description: '已有最终状态或尚未发出，未改动（重复回执）' }),
  unknown: z.number().int().meta({ description: '找不到对应发送记录，已忽略' }),
});
export type MessageReceiptCounts = z.infer<typeof messageReceiptCounts>;

/** The answer each provider expects (it retries otherwise), with our counts beside it. */
export const messageReceiptAnswer = z.union([
  z.object({ code: z.literal(0), msg: z.string(), counts: messageReceiptCounts }),
  z.object({ result: z.literal(0), errmsg: z.string(), counts: messageReceiptCounts }),
]);
