import { en, zhCN } from 'zod/locales';
import type { Locale } from './locale.js';

/** Messages for the custom checks in our schemas; a schema names the key as its message. */
export const validationMessages: Record<string, Record<Locale, string>> = {
  mobile_invalid: { 'zh-CN': '手机号码格式不正确', 'en-US': 'Not a valid mainland mobile number' },
  username_format: {
    'zh-CN': '用户名须为 3–32 位字母、数字、点、下划线或连字符',
    'en-US': 'Usernames are 3–32 letters, digits, dots, underscores or hyphens',
  },
  extension_format: { 'zh-CN': '分机号须为 2–10 位数字', 'en-US': 'Extensions are 2–10 digits' },
  nothing_to_change: { 'zh-CN': '请至少填写一项要修改的内容', 'en-US': 'Nothing to change' },
  one_of_number_customer_call: {
    'zh-CN': '请填写号码、客户或要回拨的通话，三者选一',
    'en-US': 'Give exactly one of a number, a customer or a call to call back',
  },
  code_format: {
    'zh-CN': '编码须为 1–40 位字母、数字、点、下划线或连字符',
    'en-US': 'Codes are 1–40 letters, digits, dots, underscores or hyphens',
  },
  time_zone_invalid: { 'zh-CN': '时区无效', 'en-US': 'Unknown time zone' },
  quiet_hours_invalid: { 'zh-CN': '时间须为 HH:MM（24 小时制）', 'en-US': 'Times are HH:MM (24-hour clock)' },
  quiet_hours_pair: {
    'zh-CN': '免打扰时段须同时填写开始和结束时间',
    'en-US': 'Quiet hours need both a start and an end',
  },
  quiet_hours_same: {
    'zh-CN': '免打扰开始和结束时间不能相同',
    'en-US': 'Quiet hours cannot start and end at the same time',
  },
  date_invalid: { 'zh-CN': '日期无效', 'en-US': 'Not a valid date' },
  date_range_invalid: { 'zh-CN': '开始日期不能晚于结束日期', 'en-US': 'The start date is after the end date' },
  email_invalid: { 'zh-CN': '邮箱格式不正确', 'en-US': 'Not a valid e-mail address' },
  required: { 'zh-CN': '必填', 'en-US': 'Required' },
  property_code_format: {
    'zh-CN': '楼栋编码须为 1–10 位字母或数字',
    'en-US': 'Building codes are 1–10 letters or digits',
  },
  area_decimals: { 'zh-CN': '面积最多两位小数', 'en-US': 'Areas have at most two decimals' },
  catalogue_limit_invalid: {
    'zh-CN': '时限须为正整数（分钟）',
    'en-US': 'Limits are whole minutes, at least 1',
  },
  catalogue_limit_too_long: { 'zh-CN': '时限不能超过一年', 'en-US': 'Limits cannot exceed a year' },
  catalogue_types_required: {
    'zh-CN': '请至少选择一种适用类型',
    'en-US': 'Choose at least one ticket type',
  },
  catalogue_types_repeated: { 'zh-CN': '适用类型重复', 'en-US': 'A ticket type is listed twice' },
  catalogue_resolution_before_response: {
    'zh-CN': '处理时限不能短于响应时限',
    'en-US': 'The resolution limit cannot be shorter than the response limit',
  },
  datetime_invalid: {
    'zh-CN': '时间须为 ISO-8601 格式，如 2026-02-13T17:00:00+08:00',
    'en-US': 'Give an ISO-8601 date and time, such as 2026-02-13T17:00:00+08:00',
  },
  clock_format: { 'zh-CN': '时间须为 HH:MM（00:00–24:00）', 'en-US': 'Times are HH:MM (00:00–24:00)' },
  shift_order: { 'zh-CN': '班次的结束时间须晚于开始时间', 'en-US': 'A shift must end after it starts' },
  shifts_overlap: {
    'zh-CN': '班次须按时间先后排列且不能重叠',
    'en-US': 'Shifts must be in order and must not overlap',
  },
  work_week_empty: { 'zh-CN': '至少选择一个工作日', 'en-US': 'Choose at least one working weekday' },
  work_week_duplicate: { 'zh-CN': '工作日不能重复', 'en-US': 'A weekday is listed twice' },
  // Casework: compensation amounts in integer fen, approval tiers.
  amount_fen_integer: {
    'zh-CN': '金额须为整数（单位：分），如 ¥800.00 填 80000',
    'en-US': 'Amounts are whole fen, e.g. 80000 for ¥800.00',
  },
  amount_fen_positive: { 'zh-CN': '金额须大于 0', 'en-US': 'The amount must be more than 0' },
  amount_fen_too_large: {
    'zh-CN': '金额不能超过 ¥100,000.00（10000000 分）',
    'en-US': 'The amount cannot exceed ¥100,000.00 (10,000,000 fen)',
  },
  tier_roles_required: {
    'zh-CN': '每一档至少指定一个审批角色',
    'en-US': 'Each tier needs at least one approving role',
  },
  floor_range_invalid: { 'zh-CN': '起始楼层不能高于结束楼层', 'en-US': 'The first floor is above the last floor' },
};

const zodLocales = { 'zh-CN': zhCN(), 'en-US': en() };

export interface ValidationIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  [key: string]: unknown;
}

export function localiseIssue(issue: ValidationIssue, locale: Locale): string {
  const custom = validationMessages[issue.message];
  if (custom) return custom[locale];
  if (issue.code === 'custom') return issue.message;
  try {
    const result = zodLocales[locale].localeError(issue as never);
    const text = typeof result === 'string' ? result : result?.message;
    if (text) return text;
  } catch {
    // fall through to the message zod produced
  }
  return issue.message;
}
