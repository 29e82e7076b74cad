import { authed } from '../../platform/http.js';
import type { RouteModule } from '../../platform/routes.js';
import { workbenchDto } from './workbench.schema.js';
import { workbench } from './workbench.service.js';

export const workbenchRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/workbench',
    {
      schema: {
        tags: ['ticket'],
        summary: '我的工作台：我的待办、即将超时、已超时、待回访、待审批、升级给我的工单、待回拨来电与未读消息数',
        response: { 200: workbenchDto },
      },
    },
    async (request) => workbench(deps, authed(request)),
  );
};
