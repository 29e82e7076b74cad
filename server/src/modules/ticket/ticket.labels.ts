// The service desk's words for the ticket's coded values, for error messages, exports and
// notifications (the web screens have their own copies in their locale files).
import type { Locale } from '../../platform/locale.js';
import type { TicketAction, TicketState } from './ticket.states.js';
import type { ReceptionChannel } from './ticket.table.js';

export const ticketStateLabels: Record<TicketState, Record<Locale, string>> = {
  new: { 'zh-CN': '待派工', 'en-US': 'New' },
  dispatched: { 'zh-CN': '已派工', 'en-US': 'Dispatched' },
  accepted: { 'zh-CN': '已接单', 'en-US': 'Accepted' },
  in_progress: { 'zh-CN': '处理中', 'en-US': 'In progress' },
  waiting: { 'zh-CN': '等待客户', 'en-US': 'Waiting on customer' },
  resolved: { 'zh-CN': '已办结', 'en-US': 'Resolved' },
  visited: { 'zh-CN': '已回访', 'en-US': 'Visited' },
  closed: { 'zh-CN': '已关闭', 'en-US': 'Closed' },
  reopened: { 'zh-CN': '已重开', 'en-US': 'Reopened' },
  cancelled: { 'zh-CN': '已作废', 'en-US': 'Cancelled' },
  merged: { 'zh-CN': '已合并', 'en-US': 'Merged' },
};

export const ticketActionLabels: Record<TicketAction, Record<Locale, string>> = {
  dispatch: { 'zh-CN': '派工', 'en-US': 'dispatch it' },
  reassign: { 'zh-CN': '改派', 'en-US': 'reassign it' },
  accept: { 'zh-CN': '接单', 'en-US': 'accept it' },
  start: { 'zh-CN': '开始处理', 'en-US': 'start work' },
  pause: { 'zh-CN': '挂起等待客户', 'en-US': 'wait on the customer' },
  resume: { 'zh-CN': '恢复处理', 'en-US': 'resume work' },
  resolve: { 'zh-CN': '办结', 'en-US': 'resolve it' },
  visit_satisfied: { 'zh-CN': '回访（满意）', 'en-US': 'record a satisfied visit' },
  visit_unsatisfied: { 'zh-CN': '回访（不满意）', 'en-US': 'record an unsatisfied visit' },
  close: { 'zh-CN': '关闭', 'en-US': 'close it' },
  answer: { 'zh-CN': '当场答复并关闭', 'en-US': 'answer and close it' },
  cancel: { 'zh-CN': '作废', 'en-US': 'cancel it' },
  merge: { 'zh-CN': '合并', 'en-US': 'merge it' },
};

export const receptionChannelLabels: Record<ReceptionChannel, Record<Locale, string>> = {
  phone: { 'zh-CN': '电话', 'en-US': 'Phone' },
  walk_in: { 'zh-CN': '来访', 'en-US': 'Walk-in' },
  portal: { 'zh-CN': '业主端', 'en-US': 'Resident portal' },
  wechat: { 'zh-CN': '微信', 'en-US': 'WeChat' },
  email: { 'zh-CN': '邮件', 'en-US': 'E-mail' },
  inspection: { 'zh-CN': '巡检', 'en-US': 'Inspection' },
  handover: { 'zh-CN': '交付', 'en-US': 'Handover' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};
