// The reception list as a spreadsheet: callers' names and masked phones, behind the approval rule.
import { eq } from 'drizzle-orm';
import { EXPORT_MAX_ROWS, prepareExport } from '../../platform/excel.js';
import { formatDateTime } from '../../platform/locale.js';
import { type FilterText, personalExport } from '../export/personal-export.js';
import { project } from '../project/project.table.js';
import { countReceptions, exportReceptionRows } from './reception.service.js';
import { receptionChannelLabels } from './ticket.labels.js';
import { receptionExportQuery } from './ticket.schema.js';

export const receptionExport = personalExport({
  resource: 'receptions',
  permission: 'ticket.export',
  label: { 'zh-CN': '接待记录', 'en-US': 'Reception records' },
  query: receptionExportQuery,
  count: (deps, ctx, query) => countReceptions(deps, ctx, query),
  async prepare(deps, ctx, query) {
    const zh = ctx.locale === 'zh-CN';
    const rows = await exportReceptionRows(deps, ctx, query, EXPORT_MAX_ROWS);
    return prepareExport({
      sheet: zh ? '接待记录' : 'Reception records',
      file: zh ? '接待记录.xlsx' : 'receptions.xlsx',
      rows,
      columns: [
        { header: zh ? '接待编号' : 'Reception no.', value: (r) => r.publicNo, width: 18 },
        { header: zh ? '接待时间' : 'Received', value: (r) => formatDateTime(new Date(r.receivedAt)), width: 17 },
        { header: zh ? '渠道' : 'Channel', value: (r) => receptionChannelLabels[r.channel][ctx.locale], width: 8 },
        { header: zh ? '项目' : 'Project', value: (r) => r.projectName, width: 14 },
        { header: zh ? '来电人' : 'Caller', value: (r) => r.callerName, width: 12 },
        { header: zh ? '来电号码' : 'Caller phone', value: (r) => r.callerPhone, width: 14 },
        { header: zh ? '客户' : 'Customer', value: (r) => r.customerName, width: 12 },
        { header: zh ? '房间' : 'Room', value: (r) => r.roomCode, width: 12 },
        { header: zh ? '内容' : 'Content', value: (r) => r.content, width: 40 },
        { header: zh ? '工单数' : 'Tickets', value: (r) => r.ticketCount, width: 8 },
        { header: zh ? '接待人' : 'Agent', value: (r) => r.agentName, width: 10 },
      ],
      audit: {
        action: 'reception.export',
        entityType: 'reception',
        summary: `导出接待记录 ${rows.length} 条（电话脱敏）`,
        after: query,
      },
    });
  },
  async describe(deps, locale, query) {
    const zh = locale === 'zh-CN';
    const out: FilterText[] = [];
    if (query.q) out.push({ label: zh ? '搜索' : 'Search', value: query.q });
    if (query.projectId) {
      const [row] = await deps.db.select({ name: project.name }).from(project).where(eq(project.id, query.projectId));
      out.push({ label: zh ? '项目' : 'Project', value: row?.name ?? query.projectId });
    }
    if (query.channel)
      out.push({ label: zh ? '渠道' : 'Channel', value: receptionChannelLabels[query.channel][locale] });
    if (query.from) out.push({ label: zh ? '接待时间起' : 'From', value: query.from });
    if (query.to) out.push({ label: zh ? '接待时间止' : 'To', value: query.to });
    return out;
  },
});
