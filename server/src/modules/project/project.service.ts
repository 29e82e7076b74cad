import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { type DataScope, scopeCoversPath, scopeRows } from '../../platform/scope.js';
import { findOrgInScope } from '../org/org.repository.js';
import { organization } from '../org/org.table.js';
import type { ProjectDto } from './project.schema.js';
import { project } from './project.table.js';

const company = alias(organization, 'company');

function projectQuery(db: DbOrTx) {
  return db
    .select({ project, companyName: company.name, orgName: organization.name })
    .from(project)
    .innerJoin(company, eq(company.id, project.companyId))
    .innerJoin(organization, eq(organization.id, project.orgId));
}

type Row = { project: typeof project.$inferSelect; companyName: string; orgName: string };

function present(row: Row): ProjectDto {
  const p = row.project;
  return {
    id: p.id,
    name: p.name,
    code: p.code,
    companyId: p.companyId,
    companyName: row.companyName,
    orgId: p.orgId,
    orgName: row.orgName,
    timeZone: p.timeZone,
    address: p.address,
    createdAt: p.createdAt.toISOString(),
  };
}

export function projectConditions(scope: DataScope, filter: { keyword?: string; companyId?: string }): SQL | undefined {
  const conditions: (SQL | undefined)[] = [scopeRows(scope, { path: project.orgPath, projectId: project.id })];
  if (filter.keyword) {
    const k = `%${escapeLike(filter.keyword)}%`;
    conditions.push(or(ilike(project.name, k), ilike(project.code, k)));
  }
  if (filter.companyId) conditions.push(eq(project.companyId, filter.companyId));
  return and(...conditions);
}

export async function listProjects(
  deps: Deps,
  ctx: AuthedContext,
  q: { current: number; pageSize: number; keyword?: string; companyId?: string },
) {
  const where = projectConditions(ctx.actor.scope, q);
  const [rows, [total]] = await Promise.all([
    projectQuery(deps.db)
      .where(where)
      .orderBy(asc(project.code))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(project).where(where),
  ]);
  return { data: rows.map(present), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

export async function exportProjects(deps: Deps, ctx: AuthedContext, filter: { keyword?: string; companyId?: string }) {
  const rows = await projectQuery(deps.db).where(projectConditions(ctx.actor.scope, filter)).orderBy(asc(project.code));
  return rows.map(present);
}

export async function getProject(deps: Deps, ctx: AuthedContext, id: string): Promise<ProjectDto> {
  const [row] = await projectQuery(deps.db)
    .where(and(eq(project.id, id), scopeRows(ctx.actor.scope, { path: project.orgPath, projectId: project.id })))
    .limit(1);
  if (!row) throw new AppError('PROJECT_NOT_FOUND');
  return present(row);
}

async function owningOrg(deps: Deps, ctx: AuthedContext, orgId: string) {
  const org = await findOrgInScope(deps.db, ctx.actor.scope, orgId);
  if (!org || !scopeCoversPath(ctx.actor.scope, org.path)) throw new AppError('ORG_NOT_FOUND');
  if ((org.kind !== 'company' && org.kind !== 'project_office') || !org.companyId) {
    throw new AppError('ORG_PARENT_INVALID', {
      reason:
        ctx.locale === 'zh-CN' ? '项目须归属于公司或管理处' : 'a project belongs to a company or a project office',
    });
  }
  return org as typeof org & { companyId: string };
}

async function codeTaken(db: DbOrTx, code: string, exceptId?: string) {
  const rows = await db.select({ id: project.id }).from(project).where(eq(project.code, code));
  return rows.some((r) => r.id !== exceptId);
}

export async function insertProject(
  tx: DbOrTx,
  org: { id: string; path: string; companyId: string },
  input: { name: string; code: string; timeZone?: string; address?: string | null },
) {
  const [row] = await tx
    .insert(project)
    .values({
      name: input.name,
      code: input.code,
      companyId: org.companyId,
      orgId: org.id,
      orgPath: org.path,
      timeZone: input.timeZone ?? 'Asia/Shanghai',
      address: input.address ?? null,
    })
    .returning();
  if (!row) throw new Error('insert project returned nothing');
  return row;
}

export async function createProject(
  deps: Deps,
  ctx: AuthedContext,
  input: { name: string; code: string; orgId: string; timeZone: string; address?: string | null },
): Promise<ProjectDto> {
  const org = await owningOrg(deps, ctx, input.orgId);
  if (await codeTaken(deps.db, input.code)) throw new AppError('CODE_TAKEN', { code: input.code });
  const id = await write(deps, ctx, async (tx, audit) => {
    const row = await insertProject(tx, org, input);
    audit.record({
      action: 'project.create',
      entityType: 'project',
      entityId: row.id,
      orgPath: row.orgPath,
      projectId: row.id,
      summary: `新建项目「${row.name}」`,
      after: row,
    });
    return row.id;
  });
  return getProject(deps, { ...ctx, actor: { ...ctx.actor, scope: { all: true } } }, id);
}

export async function updateProject(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: { name: string; code: string; orgId: string; timeZone: string; address?: string | null },
): Promise<ProjectDto> {
  const before = await getProject(deps, ctx, id);
  const org = await owningOrg(deps, ctx, input.orgId);
  if (org.companyId !== before.companyId) {
    throw new AppError('ORG_PARENT_INVALID', {
      reason: ctx.locale === 'zh-CN' ? '项目不能转到其他公司' : 'a project cannot move to another company',
    });
  }
  if (await codeTaken(deps.db, input.code, id)) throw new AppError('CODE_TAKEN', { code: input.code });
  await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(project)
      .set({
        name: input.name,
        code: input.code,
        orgId: org.id,
        orgPath: org.path,
        timeZone: input.timeZone,
        address: input.address ?? null,
        updatedAt: deps.clock(),
      })
      .where(eq(project.id, id))
      .returning();
    audit.record({
      action: 'project.update',
      entityType: 'project',
      entityId: id,
      orgPath: row?.orgPath,
      projectId: id,
      summary: `修改项目「${input.name}」`,
      before,
      after: row,
    });
  });
  return getProject(deps, { ...ctx, actor: { ...ctx.actor, scope: { all: true } } }, id);
}
