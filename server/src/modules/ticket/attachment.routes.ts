import { authed } from '../../platform/http.js';
import { idParams, type RouteModule } from '../../platform/routes.js';
import { serveAttachment, uploadAttachment } from './attachment.service.js';
import { attachmentDto, attachmentParams } from './ticket.schema.js';

export const attachmentRoutes: RouteModule = (app, deps) => {
  app.post(
    '/api/tickets/:id/attachments',
    {
      config: { permission: ['ticket.handle', 'ticket.create'] },
      schema: {
        tags: ['ticket'],
        summary:
          '上传工单附件（multipart，每次一个文件：JPEG/PNG/WebP 照片 ≤ 10 MB，MP4/MOV 视频 ≤ 50 MB；照片去除 GPS 等元数据）',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: attachmentDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await uploadAttachment(deps, authed(request), request.params.id, request)),
  );

  app.get(
    '/api/tickets/:id/attachments/:attachmentId',
    {
      config: { permission: 'ticket.read' },
      schema: { tags: ['ticket'], summary: '查看工单附件（照片直接显示，视频下载）', params: attachmentParams },
    },
    async (request, reply) =>
      serveAttachment(deps, authed(request), request.params.id, request.params.attachmentId, reply),
  );
};
