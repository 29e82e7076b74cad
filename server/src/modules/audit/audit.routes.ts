import { verifyAuditChain } from '../../platform/audit-verify.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_MAX_ROWS, replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { formatDateTime } from '../../platform/locale.js';
import { pageOf, type RouteModule } from '../../platform/routes.js';
import { auditEntryDto, auditExportQuery, auditListQuery, chainReportDto } from './audit.schema.js';
import { exportAudit, listAudit } from './audit.service.js';

export const auditRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志',
        querystring: auditListQuery,
        response: { 200: pageOf(auditEntryDto) },
      },
    },
    async (request) => listAudit(deps, authed(request), request.query),
  );

  app.get(
    '/api/audit/export',
    {
      config: { permission: 'audit.export' },
      schema: { tags: ['audit'], summary: '导出审计日志（Excel）', querystring: auditExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const rows = await exportAudit(deps, ctx, request.query, EXPORT_MAX_ROWS);
      const zh = ctx.locale === 'zh-CN';
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '审计日志' : 'Audit log',
        file: zh ? '审计日志.xlsx' : 'audit-log.xlsx',
        rows,
        columns: [
          { header: zh ? '序号' : 'Seq', value: (r) => r.seq, width: 10 },
          { header: zh ? '时间' : 'Time', value: (r) => formatDateTime(new Date(r.occurredAt)) },
          { header: zh ? '操作人' : 'Actor', value: (r) => r.actorName },
          { header: zh ? '操作' : 'Action', value: (r) => r.action, width: 24 },
          { header: zh ? '对象类型' : 'Entity type', value: (r) => r.entityType },
          { header: zh ? '对象 ID' : 'Entity id', value: (r) => r.entityId, width: 38 },
          { header: zh ? '摘要' : 'Summary', value: (r) => r.summary, width: 40 },
          { header: zh ? '变更前' : 'Before', value: (r) => (r.before ? JSON.stringify(r.before) : ''), width: 40 },
          { header: zh ? '变更后' : 'After', value: (r) => (r.after ? JSON.stringify(r.after) : ''), width: 40 },
          { header: 'IP', value: (r) => r.ip },
          { header: zh ? '请求 ID' : 'Request id', value: (r) => r.requestId, width: 38 },
        ],
        audit: {
          action: 'audit.export',
          entityType: 'audit_entry',
          summary: `导出审计日志 ${rows.length} 条`,
          after: request.query,
        },
      });
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: { tags: ['audit'], summary: '校验审计日志哈希链', response: { 200: chainReportDto } },
    },
    async (request) => {
      // The chain spans every company: only a caller who may see all data may walk it.
      if (!authed(request).actor.scope.all) throw new AppError('FORBIDDEN');
      return verifyAuditChain(deps.db);
    },
  );
};
