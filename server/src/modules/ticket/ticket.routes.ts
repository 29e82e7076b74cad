import type { z } from 'zod';
import { authed } from '../../platform/http.js';
import { idempotent } from '../../platform/idempotency.js';
import type { Permission } from '../../platform/permissions.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { exportPersonalData } from '../export/export.service.js';
import { dispatchCandidates } from './dispatch.candidates.js';
import { dispatchTicket, reassignTicket, suggest } from './dispatch.service.js';
import {
  acceptTicket,
  addNote,
  pauseTicket,
  postProgress,
  reclassifyTicket,
  resolveTicket,
  resumeTicket,
} from './progress.service.js';
import { ticketExport } from './ticket.export.js';
import {
  closeBody,
  dispatchBody,
  dispatchCandidatesDto,
  mergeBody,
  noteBody,
  progressBody,
  reasonBody,
  reassignBody,
  reclassifyBody,
  resolveBody,
  resumeBody,
  suggestBody,
  suggestionDto,
  ticketBody,
  ticketDetailDto,
  ticketExportQuery,
  ticketListQuery,
  ticketSummaryDto,
  visitBody,
} from './ticket.schema.js';
import { createTicket, getTicket, listTickets } from './ticket.service.js';
import { cancelTicket, closeTicket, mergeTicket, visitTicket } from './visit.service.js';

export const ticketRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/tickets',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['ticket'],
        summary: '工单列表（编号、标题、联系电话、联系人；按项目、类型、状态、分类、处理人、超时、时间筛选）',
        querystring: ticketListQuery,
        response: { 200: pageOf(ticketSummaryDto) },
      },
    },
    async (request) => listTickets(deps, authed(request), request.query),
  );

  app.get(
    '/api/tickets/export',
    {
      config: { permission: 'ticket.export' },
      schema: {
        tags: ['ticket'],
        summary: '导出工单（Excel，与列表相同的筛选；电话脱敏；超过审批阈值需申请）',
        querystring: ticketExportQuery,
      },
    },
    async (request, reply) => exportPersonalData(deps, authed(request), reply, ticketExport, request.query),
  );

  app.post(
    '/api/tickets',
    {
      config: { permission: 'ticket.create' },
      schema: {
        tags: ['ticket'],
        summary: '在已有接待记录上新建工单（支持 Idempotency-Key）',
        body: ticketBody,
        response: { 201: ticketSummaryDto },
      },
    },
    async (request, reply) => {
      const ctx = authed(request);
      return idempotent(deps, ctx, request, reply, async (d) => ({
        status: 201,
        body: await createTicket(d, ctx, request.body),
      }));
    },
  );

  app.get(
    '/api/tickets/:id',
    {
      config: { permission: 'ticket.read' },
      schema: {
        tags: ['ticket'],
        summary: '工单详情：时限、可执行的操作、时间线、回访、升级',
        params: idParams,
        response: { 200: ticketDetailDto },
      },
    },
    async (request) => getTicket(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/dispatch/suggest',
    {
      config: { permission: ['ticket.create', 'ticket.dispatch'] },
      schema: {
        tags: ['ticket'],
        summary: '派工建议：保修 → 派工规则 → 值班/负载 → 处理部门',
        body: suggestBody,
        response: { 200: suggestionDto },
      },
    },
    async (request) => suggest(deps, authed(request), request.body),
  );

  app.get(
    '/api/tickets/:id/dispatch-candidates',
    {
      config: { permission: 'ticket.dispatch' },
      schema: {
        tags: ['ticket'],
        summary: '派工候选：本项目的部门、人员（在办工单数、是否值班）和保修承建商，仅含姓名',
        params: idParams,
        response: { 200: dispatchCandidatesDto },
      },
    },
    async (request) => dispatchCandidates(deps, authed(request), request.params.id),
  );

  /** A ticket action: runs it, then answers the fresh detail. */
  function action<S extends z.ZodType>(
    path: string,
    permission: Permission | readonly Permission[],
    summary: string,
    body: S | null,
    run: (ctx: ReturnType<typeof authed>, id: string, input: z.output<S>) => Promise<void>,
  ) {
    app.post(
      `/api/tickets/:id/${path}`,
      {
        config: { permission },
        schema: {
          tags: ['ticket'],
          summary,
          params: idParams,
          ...(body ? { body } : {}),
          response: { 200: ticketDetailDto },
        },
      },
      async (request) => {
        const ctx = authed(request);
        const { id } = request.params as { id: string };
        await run(ctx, id, request.body as z.output<S>);
        return getTicket(deps, ctx, id);
      },
    );
  }

  action('dispatch', 'ticket.dispatch', '派工（待派工或重开的工单）', dispatchBody, (ctx, id, input) =>
    dispatchTicket(deps, ctx, id, input),
  );
  action(
    'reassign',
    ['ticket.dispatch', 'ticket.handle'],
    '改派 / 转派（须填写原因；处理人本人可转派）',
    reassignBody,
    (ctx, id, input) => reassignTicket(deps, ctx, id, input),
  );
  action('accept', 'ticket.handle', '接单（停止响应计时）', null, (ctx, id) => acceptTicket(deps, ctx, id));
  action('progress', 'ticket.handle', '更新进度（可附照片、视频，最多 9 个）', progressBody, (ctx, id, input) =>
    postProgress(deps, ctx, id, input),
  );
  action('notes', ['ticket.handle', 'ticket.create'], '添加备注（内部或客户可见）', noteBody, (ctx, id, input) =>
    addNote(deps, ctx, id, input),
  );
  action('pause', 'ticket.handle', '挂起等待客户（时限暂停）', reasonBody, (ctx, id, input) =>
    pauseTicket(deps, ctx, id, input.reason),
  );
  action('resume', 'ticket.handle', '恢复处理（时限顺延挂起的工作时间）', resumeBody, (ctx, id, input) =>
    resumeTicket(deps, ctx, id, input?.note),
  );
  action('resolve', 'ticket.handle', '办结（需回访的生成回访任务，否则直接关闭）', resolveBody, (ctx, id, input) =>
    resolveTicket(deps, ctx, id, input.resolution),
  );
  action(
    'reclassify',
    ['ticket.dispatch', 'ticket.create'],
    '重新分类（按新问题重算时限并记录原因）',
    reclassifyBody,
    (ctx, id, input) => reclassifyTicket(deps, ctx, id, input),
  );
  action('visit', 'ticket.visit', '回访（满意关闭；不满意重开并重新派工）', visitBody, (ctx, id, input) =>
    visitTicket(deps, ctx, id, input),
  );
  action('close', 'ticket.visit', '关闭（无需回访或已回访的工单）', closeBody, (ctx, id, input) =>
    closeTicket(deps, ctx, id, input?.note),
  );
  action('cancel', 'ticket.cancel', '作废（须填写原因）', reasonBody, (ctx, id, input) =>
    cancelTicket(deps, ctx, id, input.reason),
  );
  action('merge', 'ticket.cancel', '合并重复工单到另一张未完结的工单', mergeBody, (ctx, id, input) =>
    mergeTicket(deps, ctx, id, input),
  );
};
