// The move-in register as a spreadsheet: owners' names and masked mobiles, so personal data
// behind the export approval rule.
import { eq } from 'drizzle-orm';
import { EXPORT_MAX_ROWS, prepareExport } from '../../platform/excel.js';
import { type FilterText, personalExport } from '../export/personal-export.js';
import { project } from '../project/project.table.js';
import { moveInExportQuery } from './move-in.schema.js';
import { countMoveIns, exportMoveIns } from './move-in.service.js';

export const moveInExport = personalExport({
  resource: 'move-ins',
  permission: 'customer.export',
  label: { 'zh-CN': '入伙登记', 'en-US': 'Move-ins' },
  query: moveInExportQuery,
  count: (deps, ctx, query) => countMoveIns(deps, ctx, query),
  async prepare(deps, ctx, query) {
    const zh = ctx.locale === 'zh-CN';
    const rows = await exportMoveIns(deps, ctx, query, EXPORT_MAX_ROWS);
    return prepareExport({
      sheet: zh ? '入伙登记' : 'Move-ins',
      file: zh ? '入伙登记.xlsx' : 'move-ins.xlsx',
      rows,
      columns: [
        { header: zh ? '项目' : 'Project', value: (r) => r.projectName, width: 16 },
        { header: zh ? '房间' : 'Room', value: (r) => r.roomCode, width: 14 },
        { header: zh ? '客户编号' : 'Customer code', value: (r) => r.customerCode, width: 12 },
        { header: zh ? '业主' : 'Owner', value: (r) => r.customerName, width: 20 },
        { header: zh ? '手机号码' : 'Mobile', value: (r) => r.customerMobile, width: 14 },
        { header: zh ? '入伙日期' : 'Move-in date', value: (r) => r.moveInDate, width: 12 },
        { header: zh ? '购房合同号' : 'Purchase contract no.', value: (r) => r.contractNo, width: 20 },
        { header: zh ? '收楼书号' : 'Handover letter no.', value: (r) => r.handoverLetterNo, width: 20 },
        { header: zh ? '业主验收' : 'Owner inspection', value: (r) => r.inspectionNote, width: 40 },
        {
          header: zh ? '当前业主' : 'Still owner',
          value: (r) => (r.current ? (zh ? '是' : 'Yes') : zh ? '否' : 'No'),
          width: 10,
        },
        { header: zh ? '登记人' : 'Registered by', value: (r) => r.createdByName, width: 12 },
      ],
      audit: {
        action: 'move_in.export',
        entityType: 'move_in',
        summary: `导出入伙登记 ${rows.length} 条（脱敏）`,
        after: query,
      },
    });
  },
  async describe(deps, locale, query) {
    const zh = locale === 'zh-CN';
    const out: FilterText[] = [];
    if (query.projectId) {
      const [row] = await deps.db.select({ name: project.name }).from(project).where(eq(project.id, query.projectId));
      out.push({ label: zh ? '项目' : 'Project', value: row?.name ?? query.projectId });
    }
    if (query.dateFrom) out.push({ label: zh ? '入伙日期起' : 'From', value: query.dateFrom });
    if (query.dateTo) out.push({ label: zh ? '入伙日期止' : 'To', value: query.dateTo });
    if (query.q) out.push({ label: zh ? '搜索' : 'Search', value: query.q });
    return out;
  },
});
