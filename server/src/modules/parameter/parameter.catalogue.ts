import { z } from 'zod';

/**
 * 业务参数: typed settings with defaults. The stored value (business_parameter) overrides the
 * default; `schema` validates a new value before it is saved.
 */
export const parameterCatalogue = {
  'security.password_policy': {
    group: 'security',
    type: 'enum',
    options: ['default', 'dengbao'],
    default: 'default',
    schema: z.enum(['default', 'dengbao']),
    label: { 'zh-CN': '密码策略', 'en-US': 'Password policy' },
    description: {
      'zh-CN': 'default：至少 8 位且非常见弱密码；dengbao（等保）：另须三类字符，90 天更换',
      'en-US':
        'default: 8+ characters, not a common password; dengbao (MLPS): also three character classes and 90-day rotation',
    },
  },
  'security.lockout_threshold': {
    group: 'security',
    type: 'integer',
    default: 5,
    schema: z.number().int().min(3).max(20),
    label: { 'zh-CN': '连续登录失败锁定次数', 'en-US': 'Failed logins before lockout' },
    description: { 'zh-CN': '3–20 次', 'en-US': '3 to 20' },
  },
  'security.lockout_minutes': {
    group: 'security',
    type: 'integer',
    default: 30,
    schema: z.number().int().min(5).max(1440),
    label: { 'zh-CN': '账号锁定时长（分钟）', 'en-US': 'Lockout duration (minutes)' },
    description: { 'zh-CN': '5–1440 分钟', 'en-US': '5 to 1440 minutes' },
  },
  'security.session_idle_minutes': {
    group: 'security',
    type: 'integer',
    default: 30,
    schema: z.number().int().min(5).max(480),
    label: { 'zh-CN': '会话空闲超时（分钟）', 'en-US': 'Session idle timeout (minutes)' },
    description: { 'zh-CN': '无操作超过该时长需重新登录', 'en-US': 'Log in again after this long without activity' },
  },
  'security.session_absolute_hours': {
    group: 'security',
    type: 'integer',
    default: 12,
    schema: z.number().int().min(1).max(72),
    label: { 'zh-CN': '会话最长有效期（小时）', 'en-US': 'Session lifetime (hours)' },
    description: { 'zh-CN': '登录后最长可用时长', 'en-US': 'Longest time a login stays valid' },
  },
  'audit.retention_months': {
    group: 'audit',
    type: 'integer',
    default: 12,
    schema: z.number().int().min(6).max(120),
    label: { 'zh-CN': '审计日志保留月数', 'en-US': 'Audit log retention (months)' },
    description: { 'zh-CN': '不少于 6 个月（180 天）', 'en-US': 'At least 6 months (180 days)' },
  },
  'export.approval_threshold': {
    group: 'export',
    type: 'integer',
    default: 200,
    schema: z.number().int().min(1).max(50_000),
    label: { 'zh-CN': '个人信息导出审批阈值（行）', 'en-US': 'Personal data export approval threshold (rows)' },
    description: {
      'zh-CN': '导出客户、用户等含个人信息的列表超过该行数时，须提交申请并经审批后下载',
      'en-US': 'Exports of lists with personal data (customers, users) above this many rows need an approved request',
    },
  },
  'export.download_hours': {
    group: 'export',
    type: 'integer',
    default: 24,
    schema: z.number().int().min(1).max(168),
    label: { 'zh-CN': '审批通过后下载有效期（小时）', 'en-US': 'Download window after approval (hours)' },
    description: {
      'zh-CN': '审批通过的导出须在该时长内下载，且只能下载一次；1–168 小时',
      'en-US': 'An approved export must be downloaded within this time, once; 1 to 168 hours',
    },
  },
  'service.hotline': {
    group: 'service',
    type: 'string',
    default: '400-800-8888',
    schema: z.string().trim().min(3).max(30),
    label: { 'zh-CN': '客服热线', 'en-US': 'Service hotline' },
    description: { 'zh-CN': '显示在页面与通知中的服务电话', 'en-US': 'Shown on pages and in notifications' },
  },
  'service.name': {
    group: 'service',
    type: 'string',
    default: '邻里客户服务中心',
    schema: z.string().trim().min(2).max(40),
    label: { 'zh-CN': '服务中心名称', 'en-US': 'Service centre name' },
    description: { 'zh-CN': '页面标题与通知落款', 'en-US': 'Page title and notification signature' },
  },
  'service.sla_warning_percent': {
    group: 'service',
    type: 'integer',
    default: 80,
    schema: z.number().int().min(50).max(99),
    label: { 'zh-CN': '时限预警比例（%）', 'en-US': 'Time-limit warning (% of the limit)' },
    description: {
      'zh-CN': '响应或办结时限用去该比例时提醒处理人与受理人，50–99',
      'en-US': 'Warn the handler and the owner agent when this share of a limit has passed; 50 to 99',
    },
  },
  'service.return_visit_hours': {
    group: 'service',
    type: 'integer',
    default: 24,
    schema: z.number().int().min(1).max(720),
    label: { 'zh-CN': '回访时限（工作小时）', 'en-US': 'Return visit due within (business hours)' },
    description: {
      'zh-CN': '办结后应在该工作时长内完成回访',
      'en-US': 'A resolved ticket should be visited within this many business hours',
    },
  },
  'customer.rename_requires_approval': {
    group: 'customer',
    type: 'boolean',
    default: true,
    schema: z.boolean(),
    label: { 'zh-CN': '客户更名须审批', 'en-US': 'Customer renames need approval' },
    description: {
      'zh-CN': '开启时不能在编辑客户时直接修改名称，须提交更名申请，审批通过后自动更名',
      'en-US': 'When on, a name cannot be edited directly: a rename request changes it once approved',
    },
  },
} as const;

export type ParameterKey = keyof typeof parameterCatalogue;
export type ParameterValue<K extends ParameterKey> = z.infer<(typeof parameterCatalogue)[K]['schema']>;

export function isParameterKey(key: string): key is ParameterKey {
  return Object.hasOwn(parameterCatalogue, key);
}
