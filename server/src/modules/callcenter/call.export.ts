// The call log as a spreadsheet: customers' numbers masked, behind the approval rule.
import { EXPORT_MAX_ROWS, prepareExport } from '../../platform/excel.js';
import { formatDateTime, type Locale } from '../../platform/locale.js';
import { maskMobile } from '../../platform/mask.js';
import { type FilterText, personalExport } from '../export/personal-export.js';
import type { CallDto } from './call.schema.js';
import { callExportQuery } from './call.schema.js';
import { countCalls, exportCallRows } from './call.service.js';

export const callDirectionLabels: Record<CallDto['direction'], Record<Locale, string>> = {
  inbound: { 'zh-CN': '呼入', 'en-US': 'Inbound' },
  outbound: { 'zh-CN': '呼出', 'en-US': 'Outbound' },
};

export const callStateLabels: Record<CallDto['state'], Record<Locale, string>> = {
  ringing: { 'zh-CN': '振铃中', 'en-US': 'Ringing' },
  answered: { 'zh-CN': '通话中', 'en-US': 'In progress' },
  ended: { 'zh-CN': '已接通', 'en-US': 'Answered' },
  missed: { 'zh-CN': '未接', 'en-US': 'Missed' },
};

export const callbackLabels: Record<CallDto['callbackState'], Record<Locale, string>> = {
  none: { 'zh-CN': '', 'en-US': '' },
  pending: { 'zh-CN': '待回拨', 'en-US': 'To call back' },
  done: { 'zh-CN': '已回拨', 'en-US': 'Called back' },
};

const at = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : '');

export const callExport = personalExport({
  resource: 'calls',
  permission: 'call.read',
  label: { 'zh-CN': '通话记录', 'en-US': 'Call log' },
  query: callExportQuery,
  count: (deps, ctx, query) => countCalls(deps, ctx, query),
  async prepare(deps, ctx, query) {
    const zh = ctx.locale === 'zh-CN';
    const l = ctx.locale;
    const rows = await exportCallRows(deps, ctx, query, EXPORT_MAX_ROWS);
    return prepareExport({
      sheet: zh ? '通话记录' : 'Call log',
      file: zh ? '通话记录.xlsx' : 'calls.xlsx',
      rows,
      columns: [
        { header: zh ? '时间' : 'Time', value: (r) => at(r.ringingAt ?? r.createdAt), width: 17 },
        { header: zh ? '方向' : 'Direction', value: (r) => callDirectionLabels[r.direction][l], width: 8 },
        { header: zh ? '状态' : 'State', value: (r) => callStateLabels[r.state][l], width: 8 },
        { header: zh ? '主叫' : 'Caller', value: (r) => r.callerNumber, width: 14 },
        { header: zh ? '被叫' : 'Called', value: (r) => r.calledNumber, width: 14 },
        { header: zh ? '分机' : 'Extension', value: (r) => r.extension, width: 8 },
        { header: zh ? '坐席' : 'Agent', value: (r) => r.agentName, width: 10 },
        { header: zh ? '通话时长（秒）' : 'Talk time (s)', value: (r) => r.durationSeconds, width: 12 },
        { header: zh ? '客户' : 'Customer', value: (r) => r.customerName, width: 12 },
        { header: zh ? '接待编号' : 'Reception no.', value: (r) => r.receptionNo, width: 18 },
        { header: zh ? '回拨' : 'Call-back', value: (r) => callbackLabels[r.callbackState][l], width: 8 },
        { header: zh ? '回拨说明' : 'Call-back note', value: (r) => r.callbackNote, width: 24 },
        { header: zh ? '录音' : 'Recording', value: (r) => r.recordingUrl, width: 30 },
      ],
      audit: {
        action: 'call.export',
        entityType: 'call',
        summary: `导出通话记录 ${rows.length} 条（号码脱敏）`,
        after: query,
      },
    });
  },
  async describe(_deps, locale, query) {
    const zh = locale === 'zh-CN';
    const out: FilterText[] = [];
    if (query.direction)
      out.push({ label: zh ? '方向' : 'Direction', value: callDirectionLabels[query.direction][locale] });
    if (query.state) out.push({ label: zh ? '状态' : 'State', value: callStateLabels[query.state][locale] });
    if (query.callback) out.push({ label: zh ? '回拨' : 'Call-back', value: callbackLabels[query.callback][locale] });
    if (query.number) out.push({ label: zh ? '号码' : 'Number', value: maskMobile(query.number) });
    if (query.from) out.push({ label: zh ? '时间起' : 'From', value: query.from });
    if (query.to) out.push({ label: zh ? '时间止' : 'To', value: query.to });
    return out;
  },
});
