// The ticket and reception lists as spreadsheets: customers' names and masked phones, so personal
// data behind the export approval rule (QUALITY.md 19), registered in export.registry.ts.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { EXPORT_MAX_ROWS, prepareExport } from '../../platform/excel.js';
import { formatDateTime } from '../../platform/locale.js';
import { type FilterText, personalExport } from '../export/personal-export.js';
import { project } from '../project/project.table.js';
import { ticketStateLabels } from './ticket.labels.js';
import { ticketExportQuery } from './ticket.schema.js';
import { countTickets, exportTicketRows } from './ticket.service.js';

export const ticketTypeLabels: Record<string, [string, string]> = {
  repair: ['报修', 'Repair'],
  complaint: ['投诉', 'Complaint'],
  consultation: ['咨询', 'Consultation'],
  suggestion: ['建议', 'Suggestion'],
  query: ['质疑', 'Query'],
  praise: ['表扬', 'Praise'],
};
export const severityLabels: Record<string, [string, string]> = {
  low: ['一般', 'Low'],
  normal: ['较急', 'Normal'],
  high: ['紧急', 'High'],
  urgent: ['特急', 'Urgent'],
};
const time = (v: string | null) => (v ? formatDateTime(new Date(v)) : '');

async function projectFilter(db: DbOrTx, zh: boolean, id?: string): Promise<FilterText[]> {
  if (!id) return [];
  const [row] = await db.select({ name: project.name }).from(project).where(eq(project.id, id));
  return [{ label: zh ? '项目' : 'Project', value: row?.name ?? id }];
}

export const ticketExport = personalExport({
  resource: 'tickets',
  permission: 'ticket.export',
  label: { 'zh-CN': '工单', 'en-US': 'Tickets' },
  query: ticketExportQuery,
  count: (deps, ctx, query) => countTickets(deps, ctx, query),
  async prepare(deps, ctx, query) {
    const zh = ctx.locale === 'zh-CN';
    const l = zh ? 0 : 1;
    const rows = await exportTicketRows(deps, ctx, query, EXPORT_MAX_ROWS);
    return prepareExport({
      sheet: zh ? '工单' : 'Tickets',
      file: zh ? '工单.xlsx' : 'tickets.xlsx',
      rows,
      columns: [
        { header: zh ? '工单编号' : 'Ticket no.', value: (r) => r.publicNo, width: 18 },
        { header: zh ? '类型' : 'Type', value: (r) => ticketTypeLabels[r.type]?.[l], width: 8 },
        { header: zh ? '标题' : 'Title', value: (r) => r.title, width: 30 },
        { header: zh ? '问题分类' : 'Catalogue item', value: (r) => r.catalogueItemName, width: 16 },
        { header: zh ? '状态' : 'State', value: (r) => ticketStateLabels[r.state][ctx.locale], width: 10 },
        { header: zh ? '紧急程度' : 'Severity', value: (r) => severityLabels[r.severity]?.[l], width: 8 },
        { header: zh ? '项目' : 'Project', value: (r) => r.projectName, width: 14 },
        { header: zh ? '房间' : 'Room', value: (r) => r.roomCode, width: 12 },
        { header: zh ? '客户' : 'Customer', value: (r) => r.customerName ?? r.contactName, width: 12 },
        { header: zh ? '联系电话' : 'Phone', value: (r) => r.contactPhone, width: 14 },
        { header: zh ? '处理方' : 'Handler', value: (r) => r.handlerName, width: 24 },
        { header: zh ? '受理人' : 'Owner agent', value: (r) => r.ownerAgentName, width: 10 },
        { header: zh ? '建单时间' : 'Created', value: (r) => time(r.createdAt), width: 17 },
        { header: zh ? '响应时限' : 'Response due', value: (r) => time(r.responseDueAt), width: 17 },
        { header: zh ? '处理时限' : 'Resolution due', value: (r) => time(r.resolutionDueAt), width: 17 },
        { header: zh ? '是否超时' : 'Overdue', value: (r) => (r.overdue ? (zh ? '是' : 'Yes') : zh ? '否' : 'No') },
        { header: zh ? '升级级别' : 'Escalation', value: (r) => r.escalationLevel },
        { header: zh ? '重开次数' : 'Reopened', value: (r) => r.reopenCount },
        { header: zh ? '满意度' : 'Satisfaction', value: (r) => r.satisfaction ?? '' },
      ],
      audit: {
        action: 'ticket.export',
        entityType: 'ticket',
        summary: `导出工单 ${rows.length} 条（电话脱敏）`,
        after: query,
      },
    });
  },
  async describe(deps, locale, query) {
    const zh = locale === 'zh-CN';
    const l = zh ? 0 : 1;
    const out: FilterText[] = [];
    if (query.q) out.push({ label: zh ? '搜索' : 'Search', value: query.q });
    out.push(...(await projectFilter(deps.db, zh, query.projectId)));
    const list = <T>(v: T | T[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    const types = list(query.type);
    if (types.length) {
      out.push({ label: zh ? '类型' : 'Type', value: types.map((t) => ticketTypeLabels[t]?.[l]).join('、') });
    }
    const states = list(query.state);
    if (states.length) {
      out.push({ label: zh ? '状态' : 'State', value: states.map((s) => ticketStateLabels[s][locale]).join('、') });
    }
    if (query.overdue) out.push({ label: zh ? '超时' : 'Overdue', value: query.overdue === 'true' ? '是' : '否' });
    if (query.from) out.push({ label: zh ? '建单时间起' : 'From', value: query.from });
    if (query.to) out.push({ label: zh ? '建单时间止' : 'To', value: query.to });
    return out;
  },
});
