// 派工规则 and 受理职责 (intake duties): company settings the dispatch suggestion reads; and the
// user's saved ticket list views.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { DataScope } from '../../platform/scope.js';
import { requireDictionaryCode } from '../catalogue/catalogue.service.js';
import { catalogueNode } from '../catalogue/catalogue.table.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { appUser } from '../user/user.table.js';
import { referenceError } from './dispatch.service.js';
import { loadNames } from './ticket.repository.js';
import type { DutyInput, DutyUpdate, RoutingRuleInput, RoutingRuleUpdate } from './ticket.schema.js';
import { dutyAssignment, routingRule, ticketView } from './ticket.table.js';

type Company = { id: string; path: string };

/**
 * Whether the caller's scope reaches into a company: its whole tree, an office or department of
 * it, or one of its projects. Dispatch settings are the company's, and those who run any part of
 * it (a project office's 客服主管) maintain them.
 */
function touches(scope: DataScope, companyPath: string): boolean {
  if (scope.all) return true;
  return (
    scope.orgPaths.some((p) => p.startsWith(companyPath) || companyPath.startsWith(p)) ||
    scope.projectOrgPaths.some((p) => p.startsWith(companyPath))
  );
}

async function companiesOf(deps: Deps, ctx: AuthedContext): Promise<Company[]> {
  const rows = await deps.db
    .select({ id: organization.id, path: organization.path })
    .from(organization)
    .where(eq(organization.kind, 'company'));
  return rows.filter((c) => touches(ctx.actor.scope, c.path));
}

async function companyFor(deps: Deps, ctx: AuthedContext, companyId?: string): Promise<Company> {
  const companies = await companiesOf(deps, ctx);
  if (companyId) {
    const found = companies.find((c) => c.id === companyId);
    if (!found) throw new AppError('ORG_NOT_FOUND');
    return found;
  }
  if (companies.length !== 1) {
    throw new AppError(
      'CONTRACTOR_COMPANY_REQUIRED',
      {},
      { errors: [{ field: 'companyId', in: 'body', message: ctx.locale === 'zh-CN' ? '请选择公司' : 'Required' }] },
    );
  }
  return companies[0] as Company;
}

/** Projects, users, departments and catalogue nodes named by a setting: all of the company (else 422). */
async function checkRefs(
  deps: Deps,
  ctx: AuthedContext,
  companyId: string,
  refs: {
    projectIds?: string[];
    catalogueNodeIds?: string[];
    users?: { field: string; id: string }[];
    orgId?: string | null;
    department?: string | null;
  },
) {
  const locale = ctx.locale;
  if (refs.projectIds?.length) {
    const found = await deps.db
      .select({ id: project.id })
      .from(project)
      .where(and(inArray(project.id, refs.projectIds), eq(project.companyId, companyId)));
    if (found.length !== new Set(refs.projectIds).size) throw referenceError(locale, 'projectIds', 'not_found');
  }
  if (refs.catalogueNodeIds?.length) {
    const found = await deps.db
      .select({ id: catalogueNode.id })
      .from(catalogueNode)
      .where(inArray(catalogueNode.id, refs.catalogueNodeIds));
    if (found.length !== new Set(refs.catalogueNodeIds).size) {
      throw referenceError(locale, 'catalogueNodeIds', 'not_found');
    }
  }
  for (const u of refs.users ?? []) {
    const [row] = await deps.db.select().from(appUser).where(eq(appUser.id, u.id));
    if (!row || row.companyId !== companyId) throw referenceError(locale, u.field, 'not_found');
    if (!row.active) throw referenceError(locale, u.field, 'inactive');
  }
  if (refs.orgId) {
    const [o] = await deps.db.select().from(organization).where(eq(organization.id, refs.orgId));
    if (!o || o.companyId !== companyId) throw referenceError(locale, 'targetOrgId', 'not_found');
    if (o.kind !== 'department') throw referenceError(locale, 'targetOrgId', 'not_department');
  }
  if (refs.department) {
    await requireDictionaryCode(deps.db, locale, 'handling_department', 'department', refs.department);
  }
}

// ── routing rules ──────────────────────────────────────────────────────────

type RuleRow = typeof routingRule.$inferSelect;

async function presentRules(deps: Deps, rows: RuleRow[]) {
  const names = await loadNames(deps.db, {
    users: rows.map((r) => r.targetUserId),
    orgs: rows.map((r) => r.targetOrgId),
  });
  return rows.map((r) => ({
    id: r.id,
    companyId: r.companyId,
    name: r.name,
    priority: r.priority,
    projectIds: r.projectIds,
    ticketTypes: r.ticketTypes,
    catalogueNodeIds: r.catalogueNodeIds,
    targetKind: r.targetKind,
    targetUserId: r.targetUserId,
    targetOrgId: r.targetOrgId,
    targetName:
      r.targetKind === 'user'
        ? r.targetUserId
          ? (names.users.get(r.targetUserId) ?? null)
          : null
        : r.targetOrgId
          ? (names.orgs.get(r.targetOrgId) ?? null)
          : null,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function listRules(deps: Deps, ctx: AuthedContext) {
  const companies = await companiesOf(deps, ctx);
  if (companies.length === 0) return [];
  const rows = await deps.db
    .select()
    .from(routingRule)
    .where(
      inArray(
        routingRule.companyId,
        companies.map((c) => c.id),
      ),
    )
    .orderBy(asc(routingRule.companyId), asc(routingRule.priority), asc(routingRule.createdAt));
  return presentRules(deps, rows);
}

async function ruleRow(deps: Deps, ctx: AuthedContext, id: string): Promise<RuleRow> {
  const companies = await companiesOf(deps, ctx);
  const [row] = await deps.db.select().from(routingRule).where(eq(routingRule.id, id));
  if (!row || !companies.some((c) => c.id === row.companyId)) throw new AppError('ROUTING_RULE_NOT_FOUND');
  return row;
}

function targetOf(ctx: AuthedContext, input: Pick<RoutingRuleInput, 'targetKind' | 'targetUserId' | 'targetOrgId'>) {
  if (input.targetKind === 'user') {
    if (!input.targetUserId) throw referenceError(ctx.locale, 'targetUserId', 'missing');
    return { targetKind: 'user' as const, targetUserId: input.targetUserId, targetOrgId: null };
  }
  if (!input.targetOrgId) throw referenceError(ctx.locale, 'targetOrgId', 'missing');
  return { targetKind: 'department' as const, targetUserId: null, targetOrgId: input.targetOrgId };
}

export async function createRule(deps: Deps, ctx: AuthedContext, input: RoutingRuleInput) {
  const company = await companyFor(deps, ctx, input.companyId);
  const target = targetOf(ctx, input);
  await checkRefs(deps, ctx, company.id, {
    projectIds: input.projectIds,
    catalogueNodeIds: input.catalogueNodeIds,
    users: target.targetUserId ? [{ field: 'targetUserId', id: target.targetUserId }] : [],
    orgId: target.targetOrgId,
  });
  const now = deps.clock();
  const row = await write(deps, ctx, async (tx, audit) => {
    const [created] = await tx
      .insert(routingRule)
      .values({
        companyId: company.id,
        orgPath: company.path,
        name: input.name,
        priority: input.priority,
        projectIds: input.projectIds,
        ticketTypes: input.ticketTypes,
        catalogueNodeIds: input.catalogueNodeIds,
        ...target,
        active: input.active,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new Error('insert routing rule returned nothing');
    audit.record({
      action: 'routing_rule.create',
      entityType: 'routing_rule',
      entityId: created.id,
      orgPath: company.path,
      summary: `新建派工规则「${created.name}」`,
      after: created,
    });
    return created;
  });
  return (await presentRules(deps, [row]))[0] as Awaited<ReturnType<typeof presentRules>>[number];
}

export async function updateRule(deps: Deps, ctx: AuthedContext, id: string, input: RoutingRuleUpdate) {
  const before = await ruleRow(deps, ctx, id);
  const merged = { ...before, ...input };
  const target = targetOf(ctx, {
    targetKind: merged.targetKind,
    targetUserId: merged.targetUserId ?? undefined,
    targetOrgId: merged.targetOrgId ?? undefined,
  });
  await checkRefs(deps, ctx, before.companyId, {
    projectIds: input.projectIds,
    catalogueNodeIds: input.catalogueNodeIds,
    users: target.targetUserId ? [{ field: 'targetUserId', id: target.targetUserId }] : [],
    orgId: target.targetOrgId,
  });
  const row = await write(deps, ctx, async (tx, audit) => {
    const [after] = await tx
      .update(routingRule)
      .set({ ...input, ...target, updatedAt: deps.clock() })
      .where(eq(routingRule.id, id))
      .returning();
    audit.record({
      action: 'routing_rule.update',
      entityType: 'routing_rule',
      entityId: id,
      orgPath: before.orgPath,
      summary: `修改派工规则「${after?.name ?? before.name}」`,
      before,
      after,
    });
    return after as RuleRow;
  });
  return (await presentRules(deps, [row]))[0] as Awaited<ReturnType<typeof presentRules>>[number];
}

export async function deleteRule(deps: Deps, ctx: AuthedContext, id: string) {
  const before = await ruleRow(deps, ctx, id);
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(routingRule).where(eq(routingRule.id, id));
    audit.record({
      action: 'routing_rule.delete',
      entityType: 'routing_rule',
      entityId: id,
      orgPath: before.orgPath,
      summary: `删除派工规则「${before.name}」`,
      before,
    });
  });
}

// ── intake duties ──────────────────────────────────────────────────────────

type DutyRow = typeof dutyAssignment.$inferSelect;
const hhmm = (t: string) => t.slice(0, 5);
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

async function presentDuties(deps: Deps, rows: DutyRow[]) {
  const names = await loadNames(deps.db, { users: rows.map((r) => r.userId) });
  return rows.map((r) => ({
    id: r.id,
    companyId: r.companyId,
    userId: r.userId,
    userName: names.users.get(r.userId) ?? '',
    projectIds: r.projectIds,
    ticketTypes: r.ticketTypes,
    department: r.department,
    weekdays: r.weekdays,
    startTime: hhmm(r.startTime),
    endTime: hhmm(r.endTime),
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function listDuties(deps: Deps, ctx: AuthedContext) {
  const companies = await companiesOf(deps, ctx);
  if (companies.length === 0) return [];
  const rows = await deps.db
    .select()
    .from(dutyAssignment)
    .where(
      inArray(
        dutyAssignment.companyId,
        companies.map((c) => c.id),
      ),
    )
    .orderBy(asc(dutyAssignment.companyId), asc(dutyAssignment.createdAt));
  return presentDuties(deps, rows);
}

async function dutyRow(deps: Deps, ctx: AuthedContext, id: string): Promise<DutyRow> {
  const companies = await companiesOf(deps, ctx);
  const [row] = await deps.db.select().from(dutyAssignment).where(eq(dutyAssignment.id, id));
  if (!row || !companies.some((c) => c.id === row.companyId)) throw new AppError('DUTY_NOT_FOUND');
  return row;
}

function checkHours(ctx: AuthedContext, start: string, end: string) {
  if (minutes(start) >= minutes(end)) {
    const zh = ctx.locale === 'zh-CN';
    const message = zh ? '结束时间须晚于开始时间' : 'The end must be after the start';
    throw new AppError(
      'TICKET_REFERENCE_INVALID',
      { label: zh ? '值班时间' : 'Duty hours', reason: message },
      { errors: [{ field: 'endTime', in: 'body', message }] },
    );
  }
}

/** The user's company is the duty's company; the caller must reach it. */
async function dutyCompany(deps: Deps, ctx: AuthedContext, userId: string): Promise<Company> {
  const [u] = await deps.db.select({ companyId: appUser.companyId }).from(appUser).where(eq(appUser.id, userId));
  const companies = await companiesOf(deps, ctx);
  const company = companies.find((c) => c.id === u?.companyId);
  if (!company) throw referenceError(ctx.locale, 'userId', 'not_found');
  return company;
}

export async function createDuty(deps: Deps, ctx: AuthedContext, input: DutyInput) {
  const company = await dutyCompany(deps, ctx, input.userId);
  checkHours(ctx, input.startTime, input.endTime);
  await checkRefs(deps, ctx, company.id, {
    projectIds: input.projectIds,
    users: [{ field: 'userId', id: input.userId }],
    department: input.department,
  });
  const now = deps.clock();
  const row = await write(deps, ctx, async (tx, audit) => {
    const [created] = await tx
      .insert(dutyAssignment)
      .values({
        companyId: company.id,
        orgPath: company.path,
        userId: input.userId,
        projectIds: input.projectIds,
        ticketTypes: input.ticketTypes,
        department: input.department ?? null,
        weekdays: [...new Set(input.weekdays)].sort(),
        startTime: input.startTime,
        endTime: input.endTime,
        active: input.active,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new Error('insert duty returned nothing');
    audit.record({
      action: 'duty.create',
      entityType: 'duty_assignment',
      entityId: created.id,
      orgPath: company.path,
      summary: '新建受理职责',
      after: created,
    });
    return created;
  });
  return (await presentDuties(deps, [row]))[0] as Awaited<ReturnType<typeof presentDuties>>[number];
}

export async function updateDuty(deps: Deps, ctx: AuthedContext, id: string, input: DutyUpdate) {
  const before = await dutyRow(deps, ctx, id);
  const userId = input.userId ?? before.userId;
  const company = await dutyCompany(deps, ctx, userId);
  if (company.id !== before.companyId) throw referenceError(ctx.locale, 'userId', 'other_company');
  checkHours(ctx, input.startTime ?? hhmm(before.startTime), input.endTime ?? hhmm(before.endTime));
  await checkRefs(deps, ctx, before.companyId, {
    projectIds: input.projectIds,
    users: input.userId ? [{ field: 'userId', id: input.userId }] : [],
    department: input.department,
  });
  const row = await write(deps, ctx, async (tx, audit) => {
    const [after] = await tx
      .update(dutyAssignment)
      .set({
        ...input,
        ...(input.weekdays ? { weekdays: [...new Set(input.weekdays)].sort() } : {}),
        updatedAt: deps.clock(),
      })
      .where(eq(dutyAssignment.id, id))
      .returning();
    audit.record({
      action: 'duty.update',
      entityType: 'duty_assignment',
      entityId: id,
      orgPath: before.orgPath,
      summary: '修改受理职责',
      before,
      after,
    });
    return after as DutyRow;
  });
  return (await presentDuties(deps, [row]))[0] as Awaited<ReturnType<typeof presentDuties>>[number];
}

export async function deleteDuty(deps: Deps, ctx: AuthedContext, id: string) {
  const before = await dutyRow(deps, ctx, id);
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(dutyAssignment).where(eq(dutyAssignment.id, id));
    audit.record({
      action: 'duty.delete',
      entityType: 'duty_assignment',
      entityId: id,
      orgPath: before.orgPath,
      summary: '删除受理职责',
      before,
    });
  });
}

// ── saved views ────────────────────────────────────────────────────────────

const presentView = (v: typeof ticketView.$inferSelect) => ({
  id: v.id,
  name: v.name,
  filters: v.filters as Record<string, unknown>,
  createdAt: v.createdAt.toISOString(),
});

export async function listViews(deps: Deps, ctx: AuthedContext) {
  const rows = await deps.db
    .select()
    .from(ticketView)
    .where(eq(ticketView.userId, ctx.actor.id))
    .orderBy(desc(ticketView.createdAt));
  return rows.map(presentView);
}

export async function createView(
  deps: Deps,
  ctx: AuthedContext,
  input: { name: string; filters: Record<string, unknown> },
) {
  const [taken] = await deps.db
    .select({ id: ticketView.id })
    .from(ticketView)
    .where(and(eq(ticketView.userId, ctx.actor.id), eq(ticketView.name, input.name)));
  if (taken) throw new AppError('TICKET_VIEW_NAME_TAKEN', { name: input.name });
  const row = await write(deps, ctx, async (tx, audit) => {
    const [created] = await tx
      .insert(ticketView)
      .values({ userId: ctx.actor.id, name: input.name, filters: input.filters, createdAt: deps.clock() })
      .returning();
    if (!created) throw new Error('insert view returned nothing');
    audit.record({
      action: 'ticket_view.create',
      entityType: 'ticket_view',
      entityId: created.id,
      summary: `保存工单视图「${created.name}」`,
    });
    return created;
  });
  return presentView(row);
}

export async function deleteView(deps: Deps, ctx: AuthedContext, id: string) {
  const [row] = await deps.db
    .select()
    .from(ticketView)
    .where(and(eq(ticketView.id, id), eq(ticketView.userId, ctx.actor.id)));
  if (!row) throw new AppError('TICKET_VIEW_NOT_FOUND');
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(ticketView).where(eq(ticketView.id, id));
    audit.record({
      action: 'ticket_view.delete',
      entityType: 'ticket_view',
      entityId: id,
      summary: `删除工单视图「${row.name}」`,
    });
  });
}
