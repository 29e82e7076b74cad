// The customer list as a spreadsheet: personal data, masked, behind the export approval rule.
import { eq } from 'drizzle-orm';
import { EXPORT_MAX_ROWS, prepareExport } from '../../platform/excel.js';
import { type FilterText, personalExport } from '../export/personal-export.js';
import { project } from '../project/project.table.js';
import { customerExportQuery } from './customer.schema.js';
import { countCustomers, exportCustomers } from './customer.service.js';

const idTypeLabels: Record<string, [string, string]> = {
  resident_id: ['居民身份证', 'Resident ID'],
  hk_macao_permit: ['港澳通行证', 'HK/Macao permit'],
  taiwan_permit: ['台胞证', 'Taiwan permit'],
  passport: ['护照', 'Passport'],
  uscc: ['统一社会信用代码', 'USCC'],
};
const roleNames: Record<string, [string, string]> = {
  owner: ['业主', 'Owner'],
  tenant: ['租户', 'Tenant'],
  resident: ['住户', 'Resident'],
};

export const customerExport = personalExport({
  resource: 'customers',
  permission: 'customer.export',
  label: { 'zh-CN': '客户', 'en-US': 'Customers' },
  query: customerExportQuery,
  count: (deps, ctx, query) => countCustomers(deps, ctx, query),
  async prepare(deps, ctx, query) {
    const zh = ctx.locale === 'zh-CN';
    const l = zh ? 0 : 1;
    const rows = await exportCustomers(deps, ctx, query, EXPORT_MAX_ROWS);
    return prepareExport({
      sheet: zh ? '客户' : 'Customers',
      file: zh ? '客户.xlsx' : 'customers.xlsx',
      rows,
      columns: [
        { header: zh ? '客户编号' : 'Code', value: (r) => r.code, width: 12 },
        { header: zh ? '客户名称' : 'Name', value: (r) => r.name, width: 20 },
        {
          header: zh ? '客户类型' : 'Kind',
          value: (r) => (r.kind === 'person' ? (zh ? '个人' : 'Person') : zh ? '单位' : 'Organisation'),
        },
        { header: zh ? '证件类型' : 'ID type', value: (r) => (r.idType ? idTypeLabels[r.idType]?.[l] : '') },
        { header: zh ? '证件号码' : 'ID number', value: (r) => r.idNumber, width: 22 },
        { header: zh ? '手机号码' : 'Mobile', value: (r) => r.mobile, width: 14 },
        {
          header: zh ? '房间' : 'Rooms',
          value: (r) => r.rooms.map((o) => `${o.projectName} ${o.roomCode}（${roleNames[o.role]?.[l]}）`).join('；'),
          width: 40,
        },
        { header: zh ? '所属公司' : 'Company', value: (r) => r.companyName, width: 20 },
        { header: zh ? '标签' : 'Tags', value: (r) => r.tags.join('、'), width: 20 },
      ],
      audit: {
        action: 'customer.export',
        entityType: 'customer',
        summary: `导出客户 ${rows.length} 条（脱敏）`,
        after: query,
      },
    });
  },
  async describe(deps, locale, query) {
    const zh = locale === 'zh-CN';
    const out: FilterText[] = [];
    if (query.q) out.push({ label: zh ? '搜索' : 'Search', value: query.q });
    if (query.kind) {
      const kind = query.kind === 'person' ? (zh ? '个人' : 'Person') : zh ? '单位' : 'Organisation';
      out.push({ label: zh ? '客户类型' : 'Kind', value: kind });
    }
    if (query.projectId) {
      const [row] = await deps.db.select({ name: project.name }).from(project).where(eq(project.id, query.projectId));
      out.push({ label: zh ? '项目' : 'Project', value: row?.name ?? query.projectId });
    }
    if (query.active) {
      const active = query.active === 'true';
      out.push({ label: zh ? '状态' : 'Status', value: active ? (zh ? '启用' : 'Active') : zh ? '停用' : 'Disabled' });
    }
    if (query.tag) out.push({ label: zh ? '标签' : 'Tag', value: query.tag });
    return out;
  },
});
