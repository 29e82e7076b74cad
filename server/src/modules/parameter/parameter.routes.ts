import { z } from 'zod';
import { write } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { authed } from '../../platform/http.js';
import type { RouteModule } from '../../platform/routes.js';
import { requireGroupScope } from '../../platform/scope.js';
import { localiseIssue } from '../../platform/validation-messages.js';
import { isParameterKey, type ParameterKey, parameterCatalogue } from './parameter.catalogue.js';
import { parameterBody, parameterDto, parameterKeyParams } from './parameter.schema.js';
import { businessParameter } from './parameter.table.js';

export const parameterRoutes: RouteModule = (app, deps) => {
  async function describe(locale: 'zh-CN' | 'en-US') {
    const rows = await deps.db.select().from(businessParameter);
    const stored = new Map(rows.map((r) => [r.key, r]));
    return (Object.keys(parameterCatalogue) as ParameterKey[]).map((key) => {
      const def = parameterCatalogue[key];
      const row = stored.get(key);
      const parsed = row ? def.schema.safeParse(row.value) : undefined;
      const value = (parsed?.success ? parsed.data : def.default) as string | number | boolean;
      return {
        key,
        group: def.group,
        type: def.type,
        options: 'options' in def ? [...def.options] : null,
        label: def.label[locale],
        description: def.description[locale],
        value,
        defaultValue: def.default,
        isDefault: !parsed?.success || value === def.default,
        updatedAt: row?.updatedAt.toISOString() ?? null,
      };
    });
  }

  app.get(
    '/api/parameters',
    {
      config: { permission: 'parameter.read' },
      schema: { tags: ['parameter'], summary: '业务参数', response: { 200: z.array(parameterDto) } },
    },
    async (request) => describe(request.ctx.locale),
  );

  app.put(
    '/api/parameters/:key',
    {
      config: { permission: 'parameter.manage' },
      schema: {
        tags: ['parameter'],
        summary: '修改业务参数',
        params: parameterKeyParams,
        body: parameterBody,
        response: { 200: parameterDto },
      },
    },
    async (request) => {
      const ctx = authed(request);
      requireGroupScope(ctx.actor.scope);
      const { key } = request.params;
      if (!isParameterKey(key)) throw new AppError('PARAMETER_NOT_FOUND');
      const parsed = parameterCatalogue[key].schema.safeParse(request.body.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const reason = issue ? localiseIssue({ ...issue, path: issue.path } as never, ctx.locale) : '';
        throw new AppError('PARAMETER_INVALID', { reason });
      }
      const before = await deps.parameters.get(key);
      const now = deps.clock();
      await write(deps, ctx, async (tx, audit) => {
        await tx
          .insert(businessParameter)
          .values({ key, value: parsed.data, updatedAt: now, updatedBy: ctx.actor.id })
          .onConflictDoUpdate({
            target: businessParameter.key,
            set: { value: parsed.data, updatedAt: now, updatedBy: ctx.actor.id },
          });
        audit.record({
          action: 'parameter.update',
          entityType: 'parameter',
          entityId: key,
          summary: `修改业务参数「${parameterCatalogue[key].label['zh-CN']}」`,
          before: { value: before },
          after: { value: parsed.data },
        });
      });
      deps.parameters.invalidate();
      const all = await describe(ctx.locale);
      const updated = all.find((p) => p.key === key);
      if (!updated) throw new AppError('PARAMETER_NOT_FOUND');
      return updated;
    },
  );
};
