import { z } from 'zod';
import { pageQuery } from '../../platform/routes.js';
import { ticketSummaryDto } from '../ticket/ticket.schema.js';
import { callbackStates, callDirections, callStates, ctiEventKinds } from './call.table.js';

const instant = z.iso.datetime({ offset: true });
const extension = z
  .string()
  .trim()
  .regex(/^\d{2,10}$/, 'extension_format')
  .meta({ description: '坐席分机号（2–10 位数字）', example: '8001' });

// ── the telephony link ─────────────────────────────────────────────────────

/**
 * One event about one call, as a switch or cloud telephony service sends it (signed; see
 * docs/OPERATIONS.md). Numbers may come with +86, spaces and dashes; they are normalised.
 */
export const ctiEventBody = z.object({
  event: z.enum(ctiEventKinds).meta({ description: 'ringing 振铃、answered 接听、hangup 挂机、missed 未接' }),
  callId: z.string().trim().min(1).max(128).meta({ description: '话务平台的通话 ID（同一通电话的事件相同）' }),
  direction: z.enum(callDirections).default('inbound').meta({ description: 'inbound 呼入（默认）、outbound 呼出' }),
  callerNumber: z.string().max(40).meta({ description: '主叫号码', example: '+86 138-0013-8000' }),
  calledNumber: z.string().max(40).meta({ description: '被叫号码（热线或客户号码）', example: '400-820-0000' }),
  extension: extension.optional().meta({ description: '振铃或接听的坐席分机' }),
  occurredAt: instant.optional().meta({ description: '事件发生时间；省略取签名时间戳' }),
  recordingUrl: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .optional()
    .meta({ description: '录音地址（一般随挂机事件提供）' }),
});
export type CtiEventInput = z.infer<typeof ctiEventBody>;

export const ctiAnswer = z.object({ ok: z.literal(true) });

// ── the call log ───────────────────────────────────────────────────────────

export const callDto = z.object({
  id: z.string(),
  source: z.string().meta({ description: 'cti 话务平台上报；dial 点击外呼' }),
  direction: z.enum(callDirections),
  state: z.enum(callStates),
  callerNumber: z.string().meta({ description: '主叫号码（呼入时为客户号码，脱敏）' }),
  calledNumber: z.string().meta({ description: '被叫号码（呼出时为客户号码，脱敏）' }),
  extension: z.string().nullable(),
  agentUserId: z.string().nullable(),
  agentName: z.string().nullable(),
  ringingAt: z.iso.datetime().nullable(),
  answeredAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  durationSeconds: z.number().int().nullable(),
  recordingUrl: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  receptionId: z.string().nullable(),
  receptionNo: z.string().nullable(),
  callbackState: z.enum(callbackStates),
  callbackUserName: z.string().nullable(),
  callbackAt: z.iso.datetime().nullable(),
  callbackNote: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type CallDto = z.infer<typeof callDto>;

const callFilter = {
  direction: z.enum(callDirections).optional(),
  state: z.enum(callStates).optional(),
  callback: z.enum(['pending', 'done']).optional().meta({ description: 'pending 待回拨；done 已回拨' }),
  agentUserId: z.uuid().optional().meta({ description: '坐席' }),
  number: z.string().trim().max(40).optional().meta({ description: '号码精确匹配（主叫或被叫，自动规范化）' }),
  customerId: z.uuid().optional(),
  from: instant.optional().meta({ description: '通话时间起（含）' }),
  to: instant.optional().meta({ description: '通话时间止（不含）' }),
};
export const callListQuery = z.strictObject({ ...pageQuery, ...callFilter });
export const callExportQuery = z.strictObject(callFilter);
export type CallFilter = z.infer<typeof callExportQuery>;

export const callUpdateBody = z
  .strictObject({
    customerId: z.uuid().nullable().optional().meta({ description: '关联客户；null 取消关联' }),
    receptionId: z.uuid().nullable().optional().meta({ description: '关联接待记录；null 取消关联' }),
  })
  .refine((b) => b.customerId !== undefined || b.receptionId !== undefined, { message: 'nothing_to_change' });
export type CallUpdateInput = z.infer<typeof callUpdateBody>;

export const callbackBody = z.strictObject({
  note: z.string().trim().max(500).optional().meta({ description: '回拨结果，如：已联系业主，约明早上门' }),
});

export const dialBody = z
  .strictObject({
    number: z.string().trim().max(40).optional().meta({ description: '要拨打的号码' }),
    customerId: z.uuid().optional().meta({ description: '拨打该客户的主手机号' }),
    callId: z.uuid().optional().meta({ description: '回拨这通电话的对方号码（号码不经浏览器）' }),
    extension: extension.optional().meta({ description: '主叫分机；省略取本人分机' }),
  })
  .refine((b) => [b.number, b.customerId, b.callId].filter((x) => x !== undefined).length === 1, {
    message: 'one_of_number_customer_call',
  });
export type DialInput = z.infer<typeof dialBody>;

// ── the screen pop ─────────────────────────────────────────────────────────

const popRoom = z.object({
  roomId: z.string(),
  roomCode: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  roles: z
    .array(z.enum(['owner', 'tenant', 'resident']))
    .meta({ description: '该客户在此房间的身份（业主、租户、住户）' }),
  fromDate: z.string(),
  deliveryDate: z.string().nullable(),
  warranty: z
    .array(
      z.object({
        trade: z.string(),
        tradeLabel: z.string(),
        inWarranty: z.boolean(),
        end: z.string().nullable(),
        contractorName: z.string().nullable(),
      }),
    )
    .meta({ description: '各专业保修状态（有承建商施工范围的专业）' }),
});

const popContact = z.object({
  id: z.string(),
  channel: z.string(),
  occurredAt: z.iso.datetime(),
  summary: z.string(),
  staffName: z.string(),
});

const popReception = z.object({
  id: z.string(),
  publicNo: z.string(),
  receivedAt: z.iso.datetime(),
  content: z.string(),
  agentName: z.string(),
});

export const popCustomer = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['person', 'organisation']),
  tags: z.array(z.string()),
  mobile: z.string().nullable().meta({ description: '脱敏' }),
  rooms: z.array(popRoom),
  openTickets: z.array(ticketSummaryDto),
  contacts: z.array(popContact).meta({ description: '最近的沟通记录' }),
  receptions: z.array(popReception).meta({ description: '最近的接待记录' }),
});

export const callPopDto = z.object({
  call: callDto,
  /** The number the customers were looked up by (masked). */
  number: z.string(),
  matched: z.boolean().meta({ description: 'false：陌生号码，可新建客户' }),
  fullNumber: z
    .string()
    .optional()
    .meta({ description: '仅陌生号码且本人为该通话坐席时返回完整号码，用于预填新建客户' }),
  customers: z.array(popCustomer),
});
export type CallPopDto = z.infer<typeof callPopDto>;
