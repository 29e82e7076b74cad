import { replyWithExport } from '../../platform/excel.js';
import { authed } from '../../platform/http.js';
import { idParams, pageOf, type RouteModule } from '../../platform/routes.js';
import { projectBody, projectDto, projectExportQuery, projectListQuery } from './project.schema.js';
import { createProject, exportProjects, getProject, listProjects, updateProject } from './project.service.js';

export const projectRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/projects',
    {
      config: { permission: 'project.read' },
      schema: {
        tags: ['project'],
        summary: '项目列表',
        querystring: projectListQuery,
        response: { 200: pageOf(projectDto) },
      },
    },
    async (request) => listProjects(deps, authed(request), request.query),
  );

  app.get(
    '/api/projects/export',
    {
      config: { permission: 'project.read' },
      schema: { tags: ['project'], summary: '导出项目（Excel）', querystring: projectExportQuery },
    },
    async (request, reply) => {
      const ctx = authed(request);
      const rows = await exportProjects(deps, ctx, request.query);
      const zh = ctx.locale === 'zh-CN';
      return replyWithExport(deps, ctx, reply, {
        sheet: zh ? '项目' : 'Projects',
        file: zh ? '项目.xlsx' : 'projects.xlsx',
        rows,
        columns: [
          { header: zh ? '项目编码' : 'Code', value: (r) => r.code },
          { header: zh ? '项目名称' : 'Name', value: (r) => r.name, width: 28 },
          { header: zh ? '所属公司' : 'Company', value: (r) => r.companyName, width: 24 },
          { header: zh ? '管理处' : 'Project office', value: (r) => r.orgName, width: 24 },
          { header: zh ? '时区' : 'Time zone', value: (r) => r.timeZone },
          { header: zh ? '地址' : 'Address', value: (r) => r.address, width: 36 },
        ],
        audit: {
          action: 'project.export',
          entityType: 'project',
          summary: `导出项目 ${rows.length} 条`,
          after: request.query,
        },
      });
    },
  );

  app.get(
    '/api/projects/:id',
    {
      config: { permission: 'project.read' },
      schema: { tags: ['project'], summary: '项目详情', params: idParams, response: { 200: projectDto } },
    },
    async (request) => getProject(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/projects',
    {
      config: { permission: 'project.manage' },
      schema: { tags: ['project'], summary: '新建项目', body: projectBody, response: { 200: projectDto } },
    },
    async (request) => createProject(deps, authed(request), request.body),
  );

  app.put(
    '/api/projects/:id',
    {
      config: { permission: 'project.manage' },
      schema: {
        tags: ['project'],
        summary: '修改项目',
        params: idParams,
        body: projectBody,
        response: { 200: projectDto },
      },
    },
    async (request) => updateProject(deps, authed(request), request.params.id, request.body),
  );
};
