// The staff list as a spreadsheet: names and (masked) mobiles, behind the export approval rule.
import { eq } from 'drizzle-orm';
import { prepareExport } from '../../platform/excel.js';
import { formatDateTime } from '../../platform/locale.js';
import { type FilterText, personalExport } from '../export/personal-export.js';
import { organization } from '../org/org.table.js';
import { role } from '../role/role.table.js';
import { userExportQuery } from './user.schema.js';
import { countUsers, exportUsers } from './user.service.js';

export const userExport = personalExport({
  resource: 'users',
  permission: 'user.read',
  label: { 'zh-CN': '用户', 'en-US': 'Users' },
  query: userExportQuery,
  count: (deps, ctx, query) => countUsers(deps, ctx, query),
  async prepare(deps, ctx, query) {
    const rows = await exportUsers(deps, ctx, query);
    const zh = ctx.locale === 'zh-CN';
    const yes = zh ? '是' : 'Yes';
    const no = zh ? '否' : 'No';
    return prepareExport({
      sheet: zh ? '用户' : 'Users',
      file: zh ? '用户.xlsx' : 'users.xlsx',
      rows,
      columns: [
        { header: zh ? '用户名' : 'Username', value: (r) => r.username },
        { header: zh ? '姓名' : 'Name', value: (r) => r.name },
        { header: zh ? '手机号' : 'Mobile', value: (r) => r.mobile },
        { header: zh ? '所属组织' : 'Organisation', value: (r) => r.orgName, width: 24 },
        { header: zh ? '岗位' : 'Positions', value: (r) => r.positions.join('、'), width: 24 },
        {
          header: zh ? '角色与数据范围' : 'Roles and scopes',
          value: (r) => r.assignments.map((a) => `${a.roleName}（${a.scopeLabel}）`).join('；'),
          width: 48,
        },
        { header: zh ? '启用' : 'Active', value: (r) => (r.active ? yes : no), width: 8 },
        { header: zh ? '锁定' : 'Locked', value: (r) => (r.locked ? yes : no), width: 8 },
        {
          header: zh ? '最近登录' : 'Last login',
          value: (r) => (r.lastLoginAt ? formatDateTime(new Date(r.lastLoginAt)) : ''),
        },
      ],
      audit: {
        action: 'user.export',
        entityType: 'user',
        summary: `导出用户 ${rows.length} 条`,
        after: query,
      },
    });
  },
  async describe(deps, locale, query) {
    const zh = locale === 'zh-CN';
    const out: FilterText[] = [];
    if (query.keyword) out.push({ label: zh ? '关键字' : 'Keyword', value: query.keyword });
    if (query.orgId) {
      const [row] = await deps.db
        .select({ name: organization.name })
        .from(organization)
        .where(eq(organization.id, query.orgId));
      out.push({ label: zh ? '所属组织' : 'Organisation', value: row?.name ?? query.orgId });
    }
    if (query.roleId) {
      const [row] = await deps.db.select({ name: role.name }).from(role).where(eq(role.id, query.roleId));
      out.push({ label: zh ? '角色' : 'Role', value: row?.name ?? query.roleId });
    }
    if (query.active) {
      const active = query.active === 'true';
      out.push({ label: zh ? '状态' : 'Status', value: active ? (zh ? '启用' : 'Active') : zh ? '停用' : 'Disabled' });
    }
    return out;
  },
});
