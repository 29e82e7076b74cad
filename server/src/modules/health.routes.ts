import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { authed } from '../platform/http.js';
import type { RouteModule } from '../platform/routes.js';
import { RuntimeMonitor } from '../platform/runtime-stats.js';
import { requireGroupScope } from '../platform/scope.js';

const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgresql']),
  version: z.string(),
  time: z.iso.datetime(),
});

const delayStats = z.object({
  samples: z.number().int().meta({ description: '采样数（每 20 毫秒一次）' }),
  p50Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
});

const runtimeResponse = z.object({
  pid: z.number().int(),
  uptimeSeconds: z.number().int(),
  rssMb: z.number().meta({ description: '常驻内存（MB）' }),
  heapUsedMb: z.number(),
  eventLoopDelay: z.object({
    lastMinute: delayStats.meta({ description: '最近约一分钟的事件循环延迟' }),
    sinceStart: delayStats.meta({ description: '启动以来的事件循环延迟' }),
  }),
});

export const healthRoutes: RouteModule = (app, deps) => {
  const monitor = new RuntimeMonitor().start();
  app.addHook('onClose', async () => monitor.stop());

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: '健康检查', response: { 200: healthResponse } },
    },
    async () => {
      await deps.db.execute(sql`select 1`);
      return {
        status: 'ok' as const,
        database: deps.database.kind,
        version: '0.1.0',
        time: deps.clock().toISOString(),
      };
    },
  );

  app.get(
    '/api/system/runtime',
    {
      config: { permission: 'parameter.manage' },
      schema: {
        tags: ['system'],
        summary: '本服务进程的运行状况：内存与事件循环延迟',
        description:
          '供运维与压测使用：常驻内存、堆内存，以及最近一分钟与启动以来的事件循环延迟（p50/p99/最大）。' +
          '只反映应答这个请求的那一个服务进程；需要系统参数管理权限和全部数据范围。',
        response: { 200: runtimeResponse },
      },
    },
    async (request) => {
      requireGroupScope(authed(request).actor.scope);
      return monitor.read();
    },
  );
};
