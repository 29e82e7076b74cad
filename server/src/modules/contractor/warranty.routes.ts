import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { beijingDayStart } from '../../platform/locale.js';
import { idParams, type RouteModule } from '../../platform/routes.js';
import {
  roomWarrantiesDto,
  warrantiesQuery,
  warrantyDto,
  warrantyMinimumDto,
  warrantyQuery,
} from './contractor.schema.js';
import { roomWarranties, warrantyFor, warrantyMinimums } from './warranty.service.js';

/** `at` as given: a calendar day means that day (noon in Beijing, safely inside it), else the instant. */
function instant(at: string | undefined, now: Date): Date {
  if (!at) return now;
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return new Date(beijingDayStart(at).getTime() + 12 * 3_600_000);
  return new Date(at);
}

export const warrantyRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/rooms/:id/warranty',
    {
      config: { permission: 'contractor.read' },
      schema: {
        tags: ['contractor'],
        summary: '房间某专业的保修：负责的承建商、起止日期、是否在保（楼栋范围优先于项目范围）',
        params: idParams,
        querystring: warrantyQuery,
        response: { 200: warrantyDto },
      },
    },
    async (request) =>
      warrantyFor(
        deps,
        authed(request),
        request.params.id,
        request.query.trade,
        instant(request.query.at, deps.clock()),
      ),
  );

  app.get(
    '/api/rooms/:id/warranties',
    {
      config: { permission: 'contractor.read' },
      schema: {
        tags: ['contractor'],
        summary: '房间各专业的保修情况',
        params: idParams,
        querystring: warrantiesQuery,
        response: { 200: roomWarrantiesDto },
      },
    },
    async (request) =>
      roomWarranties(deps, authed(request), request.params.id, instant(request.query.at, deps.clock())),
  );

  app.get(
    '/api/warranty-minimums',
    {
      config: { permission: 'contractor.read' },
      schema: {
        tags: ['contractor'],
        summary: '各专业的法定最低保修期（《建设工程质量管理条例》第四十条）',
        response: { 200: z.array(warrantyMinimumDto) },
      },
    },
    async (request) => warrantyMinimums(deps, authed(request)),
  );
};
