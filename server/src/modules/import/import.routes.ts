import { write } from '../../platform/audit.js';
import { sendWorkbook } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { importCreated, importDto, importListQuery, importPreviewDto } from './import.schema.js';
import {
  createImport,
  getImport,
  IMPORT_QUEUE,
  listImports,
  previewImport,
  receiveUpload,
  rejectionsWorkbook,
  runImport,
  templateWorkbook,
} from './import.service.js';

const multipartNote =
  'multipart/form-data：file（.xlsx 或 .csv，CSV 可为 UTF-8 或 GBK）；type=rooms-customers；mode=skip-bad-rows（默认）| all-or-nothing；' +
  'mapping（可选，JSON：字段 → 列序号或表头文字，未给出的字段按中文列名自动对应）；projectId（表中无项目列时导入到该项目）。';

export const importRoutes: RouteModule = (app, deps) => {
  deps.jobs.handle<{ importId: string }>(IMPORT_QUEUE, (data) => runImport(deps, data.importId), {
    retryLimit: 3,
    expireInSeconds: 60 * 60,
  });

  app.get(
    '/api/imports',
    {
      config: { permission: 'property.import' },
      schema: {
        tags: ['import'],
        summary: '导入任务列表',
        querystring: importListQuery,
        response: { 200: pageOf(importDto) },
      },
    },
    async (request) => listImports(deps, authed(request), request.query),
  );

  app.post(
    '/api/imports/preview',
    {
      config: { permission: 'property.import' },
      schema: {
        tags: ['import'],
        summary: '预览导入文件：找到表头、自动对应列、检查前 10 行（文件不保存）',
        description: multipartNote,
        consumes: ['multipart/form-data'],
        response: { 200: importPreviewDto },
      },
    },
    async (request) => {
      const ctx = authed(request);
      return previewImport(deps, ctx, await receiveUpload(deps, request, ctx.locale));
    },
  );

  app.post(
    '/api/imports',
    {
      config: { permission: 'property.import' },
      schema: {
        tags: ['import'],
        summary: '导入房间与客户：上传后在后台执行，返回任务 id，用 GET /api/imports/{id} 查看进度',
        description: multipartNote,
        consumes: ['multipart/form-data'],
        response: { 202: importCreated },
      },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const created = await createImport(deps, ctx, await receiveUpload(deps, request, ctx.locale));
      return reply.code(202).send(created);
    },
  );

  app.get(
    '/api/imports/template',
    {
      config: { permission: 'property.import' },
      schema: { tags: ['import'], summary: '下载导入模板（XLSX）' },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const data = await templateWorkbook(ctx.locale);
      return sendWorkbook(
        reply,
        ctx.locale === 'zh-CN' ? '房间与客户导入模板.xlsx' : 'rooms-customers-template.xlsx',
        data,
      );
    },
  );

  app.get(
    '/api/imports/:id',
    {
      config: { permission: 'property.import' },
      schema: { tags: ['import'], summary: '导入任务的进度与结果', params: idParams, response: { 200: importDto } },
    },
    async (request) => getImport(deps, authed(request), request.params.id),
  );

  app.get(
    '/api/imports/:id/rejections',
    {
      config: { permission: 'property.import' },
      schema: { tags: ['import'], summary: '下载被拒绝的行（XLSX，含错误原因列，可修正后重新导入）', params: idParams },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const result = await rejectionsWorkbook(deps, ctx, request.params.id);
      await write(deps, ctx, async (_tx, audit) => {
        audit.record({
          action: 'import.rejections_export',
          entityType: 'import',
          entityId: result.job.id,
          orgPath: result.job.orgPath,
          summary: `下载导入「${result.job.fileName}」的错误行（${result.count} 行）`,
        });
      });
      return sendWorkbook(reply, result.fileName, result.data);
    },
  );
};
