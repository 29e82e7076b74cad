import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RouteModule } from '../platform/routes.js';

const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgresql']),
  version: z.string(),
  time: z.iso.datetime(),
});

export const healthRoutes: RouteModule = (app, deps) => {
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
};
