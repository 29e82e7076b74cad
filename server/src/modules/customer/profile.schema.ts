// Request and response shapes of the customer profile extras: family members and emergency
// contacts, bank accounts for direct debit, contact records (沟通记录) and customer events (客户事件).
import { z } from 'zod';
import { day, pageQuery } from '../../platform/routes.js';
import { contactChannels, contactKinds, genders } from './customer.table.js';

export const contactParams = z.strictObject({ id: z.uuid(), contactId: z.uuid() });
export const bankAccountParams = z.strictObject({ id: z.uuid(), accountId: z.uuid() });
export const eventParams = z.strictObject({ id: z.uuid(), eventId: z.uuid() });

const reason = z.string().trim().min(2).max(200);

// ── 家庭成员与紧急联系人 ─────────────────────────────────────────────────────

export const contactBody = z.strictObject({
  kind: z.enum(contactKinds).meta({ description: 'family 家庭成员；emergency 紧急联系人' }),
  name: z.string().trim().min(1).max(40),
  relation: z.string().trim().min(1).max(40).meta({ description: '字典 contact_relation 的编码' }),
  mobile: z
    .string()
    .trim()
    .max(30)
    .nullish()
    .meta({ description: '手机号；修改时不传则不变，null 清空；紧急联系人必填' }),
  gender: z.enum(genders).nullish(),
  notes: z.string().trim().max(200).nullish(),
});
export type ContactInput = z.infer<typeof contactBody>;

export const contactDto = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: z.enum(contactKinds),
  name: z.string(),
  relation: z.string(),
  mobile: z.string().nullable().meta({ description: '脱敏手机号' }),
  gender: z.enum(genders).nullable(),
  notes: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const contactRevealBody = z.strictObject({ reason });
export const contactRevealResponse = z.object({ field: z.literal('mobile'), value: z.string().nullable() });

// ── 银行账户 ────────────────────────────────────────────────────────────────

export const bankAccountBody = z.strictObject({
  bankName: z.string().trim().min(2).max(40).meta({ description: '开户银行，如 中国工商银行' }),
  branch: z.string().trim().max(60).nullish().meta({ description: '开户网点，如 上海浦东支行' }),
  accountName: z.string().trim().min(1).max(60).meta({ description: '开户名' }),
  accountNumber: z.string().trim().max(40).meta({ description: '银行账号：去掉空格后 8–30 位数字' }),
  isPrimary: z.boolean().optional().meta({ description: '设为托收主账户；客户的第一个账户自动成为主账户' }),
});
export type BankAccountInput = z.infer<typeof bankAccountBody>;

export const bankAccountDto = z.object({
  id: z.string(),
  customerId: z.string(),
  bankName: z.string(),
  branch: z.string().nullable(),
  accountName: z.string(),
  accountNumber: z.string().meta({ description: '脱敏：前 4 位 + 后 4 位' }),
  isPrimary: z.boolean(),
  createdAt: z.iso.datetime(),
});

export const bankAccountRevealBody = z.strictObject({ reason });
export const bankAccountRevealResponse = z.object({ field: z.literal('accountNumber'), value: z.string() });

// ── 沟通记录 ────────────────────────────────────────────────────────────────

export const contactRecordBody = z.strictObject({
  channel: z
    .enum(contactChannels)
    .meta({ description: 'call 电话、visit 上门/来访、message 短信、wechat 微信、email 邮件' }),
  occurredAt: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: '沟通时间；不传为当前时间；不能晚于当前时间' }),
  summary: z.string().trim().min(2).max(1000),
  roomId: z.uuid().nullish().meta({ description: '涉及的房间（客户当前或曾经的房间）' }),
});
export type ContactRecordInput = z.infer<typeof contactRecordBody>;

export const contactRecordDto = z.object({
  id: z.string(),
  customerId: z.string(),
  channel: z.enum(contactChannels),
  occurredAt: z.iso.datetime(),
  summary: z.string(),
  roomId: z.string().nullable(),
  roomCode: z.string().nullable(),
  projectName: z.string().nullable(),
  staffId: z.string(),
  staffName: z.string(),
  createdAt: z.iso.datetime(),
});

export const contactRecordListQuery = z.strictObject({
  ...pageQuery,
  channel: z.enum(contactChannels).optional(),
});

// ── 客户事件 ────────────────────────────────────────────────────────────────

export const eventBody = z.strictObject({
  category: z.string().trim().min(1).max(40).meta({ description: '字典 customer_event_category 的编码' }),
  occurredOn: day.meta({ description: '事件日期，不能晚于今天' }),
  description: z.string().trim().min(2).max(1000),
  roomId: z.uuid().nullish().meta({ description: '涉及的房间（客户当前或曾经的房间）' }),
});
export type EventInput = z.infer<typeof eventBody>;

export const eventDto = z.object({
  id: z.string(),
  customerId: z.string(),
  category: z.string(),
  occurredOn: z.string(),
  description: z.string(),
  roomId: z.string().nullable(),
  roomCode: z.string().nullable(),
  projectName: z.string().nullable(),
  handlerId: z.string(),
  handlerName: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const eventListQuery = z.strictObject({
  ...pageQuery,
  category: z.string().trim().max(40).optional(),
});
