// The rename requests as a spreadsheet: customers' old and new names, so personal data behind
// the export approval rule.
import { EXPORT_MAX_ROWS, prepareExport } from '../../platform/excel.js';
import { formatDateTime } from '../../platform/locale.js';
import { type FilterText, personalExport } from '../export/personal-export.js';
import { renameExportQuery } from './rename.schema.js';
import { countRenameRequests, exportRenameRequests } from './rename.service.js';

const statusNames: Record<string, [string, string]> = {
  pending: ['待审批', 'Pending'],
  approved: ['已通过', 'Approved'],
  rejected: ['已驳回', 'Rejected'],
  withdrawn: ['已撤回', 'Withdrawn'],
};

export const renameExport = personalExport({
  resource: 'rename-requests',
  permission: 'customer.export',
  label: { 'zh-CN': '客户更名申请', 'en-US': 'Rename requests' },
  query: renameExportQuery,
  count: (deps, ctx, query) => countRenameRequests(deps, ctx, query),
  async prepare(deps, ctx, query) {
    const zh = ctx.locale === 'zh-CN';
    const l = zh ? 0 : 1;
    const rows = await exportRenameRequests(deps, ctx, query, EXPORT_MAX_ROWS);
    const time = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : '');
    return prepareExport({
      sheet: zh ? '客户更名' : 'Renames',
      file: zh ? '客户更名申请.xlsx' : 'rename-requests.xlsx',
      rows,
      columns: [
        { header: zh ? '客户编号' : 'Customer code', value: (r) => r.customerCode, width: 12 },
        { header: zh ? '原名称' : 'Old name', value: (r) => r.oldName, width: 20 },
        { header: zh ? '新名称' : 'New name', value: (r) => r.newName, width: 20 },
        { header: zh ? '更名原因' : 'Reason', value: (r) => r.reason, width: 30 },
        { header: zh ? '证明材料' : 'Evidence', value: (r) => r.evidence, width: 24 },
        { header: zh ? '状态' : 'Status', value: (r) => statusNames[r.status]?.[l] ?? r.status, width: 10 },
        { header: zh ? '申请人' : 'Requested by', value: (r) => r.requestedByName, width: 12 },
        { header: zh ? '申请时间' : 'Requested at', value: (r) => time(r.createdAt), width: 18 },
        { header: zh ? '审批人' : 'Decided by', value: (r) => r.decidedByName, width: 12 },
        { header: zh ? '审批时间' : 'Decided at', value: (r) => time(r.decidedAt), width: 18 },
        { header: zh ? '审批意见' : 'Note', value: (r) => r.decisionNote, width: 30 },
      ],
      audit: {
        action: 'rename.export',
        entityType: 'rename_request',
        summary: `导出客户更名申请 ${rows.length} 条`,
        after: query,
      },
    });
  },
  async describe(_deps, locale, query) {
    const zh = locale === 'zh-CN';
    const out: FilterText[] = [];
    if (query.status)
      out.push({ label: zh ? '状态' : 'Status', value: statusNames[query.status]?.[zh ? 0 : 1] ?? query.status });
    if (query.q) out.push({ label: zh ? '搜索' : 'Search', value: query.q });
    if (query.customerId) out.push({ label: zh ? '客户' : 'Customer', value: query.customerId });
    return out;
  },
});
