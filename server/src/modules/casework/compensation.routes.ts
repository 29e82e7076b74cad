import { EXPORT_MAX_ROWS, replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { idempotent } from '../../platform/idempotency.js';
import { formatDateTime } from '../../platform/locale.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { yuan } from './casework.common.js';
import {
  compensationBody,
  compensationDto,
  compensationExportQuery,
  compensationListQuery,
  decideBody,
  ledgerDto,
  ledgerQuery,
  paidBody,
  tiersBody,
  tiersDto,
  tiersQuery,
} from './casework.schema.js';
import {
  compensationStateLabels,
  decideCompensation,
  exportCompensations,
  getCompensation,
  ledger,
  listCompensations,
  markPaid,
  requestCompensation,
  withdrawCompensation,
} from './compensation.service.js';
import { getTiers, setTiers } from './compensation-tier.service.js';

export const compensationRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/compensation-tiers',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['casework'],
        summary: '赔付审批档位（公司自己的，未设置时沿用集团默认）',
        querystring: tiersQuery,
        response: { 200: tiersDto },
      },
    },
    async (request) => getTiers(deps, authed(request), request.query.companyId),
  );

  app.put(
    '/api/compensation-tiers',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['casework'],
        summary: '设置赔付审批档位（金额从低到高，最后一档不设上限；角色须存在）',
        body: tiersBody,
        response: { 200: tiersDto },
      },
    },
    async (request) => setTiers(deps, authed(request), request.body),
  );

  app.post(
    '/api/tickets/:id/compensations',
    {
      config: { permission: 'compensation.request' },
      schema: {
        tags: ['casework'],
        summary: '申请赔付（金额为整数分；按金额档位确定审批链，编号 PF-YYYYMMDD-NNNN；支持 Idempotency-Key）',
        params: idParams,
        body: compensationBody,
        response: { 201: compensationDto },
      },
    },
    async (request, reply) => {
      const ctx = authed(request);
      return idempotent(deps, ctx, request, reply, async (d) => ({
        status: 201,
        body: await requestCompensation(d, ctx, request.params.id, request.body),
      }));
    },
  );

  app.get(
    '/api/compensations',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['casework'],
        summary: '赔付申请列表（按项目、工单、状态、申请日期；“待我审批”）',
        querystring: compensationListQuery,
        response: { 200: pageOf(compensationDto) },
      },
    },
    async (request) => listCompensations(deps, authed(request), request.query),
  );

  app.get(
    '/api/compensations/export',
    {
      config: { permission: 'ticket.export' },
      schema: { tags: ['casework'], summary: '导出赔付申请（Excel）', querystring: compensationExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const zh = ctx.locale === 'zh-CN';
      const rows = await exportCompensations(deps, ctx, request.query, EXPORT_MAX_ROWS);
      const decision = (d: 'approved' | 'rejected' | null) =>
        d === 'approved'
          ? zh
            ? '同意'
            : 'approved'
          : d === 'rejected'
            ? zh
              ? '驳回'
              : 'rejected'
            : zh
              ? '待审批'
              : 'pending';
      const time = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : '');
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '赔付申请' : 'Compensation',
        file: zh ? '赔付申请.xlsx' : 'compensation.xlsx',
        rows,
        columns: [
          { header: zh ? '赔付编号' : 'Number', value: (r) => r.publicNo, width: 20 },
          { header: zh ? '工单编号' : 'Ticket', value: (r) => r.ticket.publicNo, width: 20 },
          { header: zh ? '工单标题' : 'Ticket title', value: (r) => r.ticket.title, width: 28 },
          { header: zh ? '项目' : 'Project', value: (r) => r.projectName, width: 14 },
          { header: zh ? '金额' : 'Amount', value: (r) => yuan(r.amountFen), width: 14 },
          { header: zh ? '原因' : 'Reason', value: (r) => r.reason, width: 36 },
          { header: zh ? '状态' : 'State', value: (r) => compensationStateLabels[r.state][ctx.locale], width: 10 },
          {
            header: zh ? '审批链' : 'Approval chain',
            value: (r) =>
              r.steps
                .map((s) => `${s.roleName}${s.approverName ? ` ${s.approverName}` : ''} ${decision(s.decision)}`)
                .join(' → '),
            width: 48,
          },
          { header: zh ? '申请人' : 'Requested by', value: (r) => r.requestedByName, width: 10 },
          { header: zh ? '申请时间' : 'Requested at', value: (r) => time(r.requestedAt), width: 17 },
          { header: zh ? '审批完成' : 'Decided at', value: (r) => time(r.decidedAt), width: 17 },
          { header: zh ? '支付时间' : 'Paid at', value: (r) => time(r.paidAt), width: 17 },
          { header: zh ? '支付说明' : 'Payment note', value: (r) => r.paymentNote, width: 24 },
        ],
        audit: {
          action: 'compensation.export',
          entityType: 'compensation_request',
          summary: `导出赔付申请 ${rows.length} 条`,
          after: request.query,
        },
      });
    },
  );

  app.get(
    '/api/compensations/ledger',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['casework'],
        summary: '赔付台账：按项目统计当年申请数、已批准、已支付、审批中金额（分）',
        querystring: ledgerQuery,
        response: { 200: ledgerDto },
      },
    },
    async (request) => ledger(deps, authed(request), request.query.year),
  );

  app.get(
    '/api/compensations/:id',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['casework'],
        summary: '赔付申请详情（含审批链与每步意见）',
        params: idParams,
        response: { 200: compensationDto },
      },
    },
    async (request) => getCompensation(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/compensations/:id/decide',
    {
      config: { permission: 'compensation.approve' },
      schema: {
        tags: ['casework'],
        summary: '审批当前步骤（须持有该步骤的角色且数据范围包含该项目；申请人不能审批）',
        params: idParams,
        body: decideBody,
        response: { 200: compensationDto },
      },
    },
    async (request) => decideCompensation(deps, authed(request), request.params.id, request.body),
  );

  app.post(
    '/api/compensations/:id/withdraw',
    {
      config: { permission: 'compensation.request' },
      schema: {
        tags: ['casework'],
        summary: '撤回赔付申请（申请人本人，审批中的）',
        params: idParams,
        response: { 200: compensationDto },
      },
    },
    async (request) => withdrawCompensation(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/compensations/:id/paid',
    {
      config: { permission: 'compensation.approve' },
      schema: {
        tags: ['casework'],
        summary: '登记已支付（审批通过的申请）',
        params: idParams,
        body: paidBody,
        response: { 200: compensationDto },
      },
    },
    async (request) => markPaid(deps, authed(request), request.params.id, request.body.paymentNote),
  );
};
