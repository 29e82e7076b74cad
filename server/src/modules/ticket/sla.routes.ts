import { authed } from '../../platform/http.js';
import { idParams, type RouteModule } from '../../platform/routes.js';
import { fastForwardBody, fastForwardDto, instructionBody, instructionDto } from './sla.schema.js';
import { addInstruction, fastForward } from './sla.service.js';
import { subscribeDeadlineRecompute } from './ticket.recompute.js';
import { registerSweep } from './ticket.sweep.js';

/** Time limits: the sweep job, holiday recomputation, leadership instructions, the demo fast-forward. */
export const slaRoutes: RouteModule = (app, deps) => {
  registerSweep(deps);
  subscribeDeadlineRecompute();

  app.post(
    '/api/tickets/:id/instructions',
    {
      config: { permission: 'ticket.instruct' },
      schema: {
        tags: ['ticket'],
        summary: '领导批示（内部可见；通知责任人或责任部门成员及受理客服）',
        params: idParams,
        body: instructionBody,
        response: { 201: instructionDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addInstruction(deps, authed(request), request.params.id, request.body.body)),
  );

  app.post(
    '/api/tickets/:id/sla/fast-forward',
    {
      config: { permission: 'ticket.configure' },
      schema: {
        tags: ['ticket'],
        summary: '【仅演示环境】把工单本轮待触发的时限点提前到现在并执行巡检',
        description:
          '演示工具：仅当配置 DEMO_TOOLS=true（npm start 使用内置演示数据库时默认开启）时可用，否则返回 404；' +
          '只有“全部数据”范围的管理员可用，并记入审计日志。正式环境不要开启。',
        params: idParams,
        body: fastForwardBody,
        response: { 200: fastForwardDto },
      },
    },
    async (request) => fastForward(deps, authed(request), request.params.id, request.body.all),
  );
};
