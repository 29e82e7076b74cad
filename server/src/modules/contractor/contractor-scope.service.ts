// 施工范围: what a contractor built (a trade in a project, or in one building of it) and how long
// it answers for it. The warranty lookup needs one answer per room and trade, so a project /
// building / trade is held by at most one active contractor.
import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { scopeRows } from '../../platform/scope.js';
import { findDictionaryItem } from '../dictionary/dictionary.service.js';
import { organization } from '../org/org.table.js';
import { project } from '../project/project.table.js';
import { building } from '../property/property.table.js';
import {
  type ContractorRow,
  contractorRow,
  type ScopeRow,
  scopesOf,
  TRADE_DICTIONARY,
  tradeLabels,
} from './contractor.repository.js';
import type { ScopeDto, ScopeInput } from './contractor.schema.js';
import { contractor, contractorScope } from './contractor.table.js';
import { covers, periodLabel, statutoryBasis, statutoryMinimum, type WarrantyPeriod } from './warranty.js';

function fieldError(field: string, message: string) {
  return { errors: [{ field, in: 'body', message }] };
}

/** All the building's name for a scope without one: 全部楼栋. */
function buildingText(name: string | null, zh: boolean): string {
  return name ?? (zh ? '全部楼栋' : 'all buildings');
}

export async function listScopes(deps: Deps, ctx: AuthedContext, contractorId: string): Promise<ScopeDto[]> {
  const c = await contractorRow(deps, ctx, contractorId);
  return scopesOf(deps.db, ctx.actor.scope, [c.id], ctx.locale);
}

interface CheckedScope {
  projectId: string;
  projectName: string;
  projectOrgPath: string;
  buildingId: string | null;
  buildingName: string | null;
  trade: string;
  tradeLabel: string;
  /** For the audit log, which is written in Chinese. */
  tradeLabelZh: string;
  warrantyUnit: WarrantyPeriod['unit'];
  warrantyValue: number;
  startDate: string | null;
}

/**
 * Checks a scope as asked: the project in the caller's scope (else 404) and of the contractor's
 * company (422), the building in that project, the trade from the dictionary, and a warranty no
 * shorter than the statutory minimum (422, naming it); an omitted warranty is that minimum.
 */
async function checkScope(
  deps: Deps,
  ctx: AuthedContext,
  c: ContractorRow,
  input: ScopeInput,
  unchangedTrade?: string,
): Promise<CheckedScope> {
  const zh = ctx.locale === 'zh-CN';
  const [p] = await deps.db
    .select({ id: project.id, name: project.name, orgPath: project.orgPath, companyId: project.companyId })
    .from(project)
    .where(
      and(
        eq(project.id, input.projectId),
        scopeRows(ctx.actor.scope, { path: project.orgPath, projectId: project.id }),
      ),
    );
  if (!p) {
    throw new AppError('PROJECT_NOT_FOUND', {}, fieldError('projectId', errorMessage('PROJECT_NOT_FOUND', ctx.locale)));
  }
  if (p.companyId !== c.companyId) {
    const [company] = await deps.db
      .select({ name: organization.name })
      .from(organization)
      .where(eq(organization.id, c.companyId));
    const params = { project: p.name, company: company?.name ?? '' };
    throw new AppError(
      'CONTRACTOR_PROJECT_COMPANY',
      params,
      fieldError('projectId', errorMessage('CONTRACTOR_PROJECT_COMPANY', ctx.locale, params)),
    );
  }
  let buildingName: string | null = null;
  if (input.buildingId) {
    const [b] = await deps.db
      .select({ name: building.name })
      .from(building)
      .where(and(eq(building.id, input.buildingId), eq(building.projectId, p.id)));
    if (!b) {
      throw new AppError(
        'BUILDING_NOT_FOUND',
        {},
        fieldError('buildingId', errorMessage('BUILDING_NOT_FOUND', ctx.locale)),
      );
    }
    buildingName = b.name;
  }
  // A trade kept unchanged on an update may have been deactivated since.
  const found = await findDictionaryItem(deps.db, TRADE_DICTIONARY, input.trade);
  if (!found.item || (!found.item.active && input.trade !== unchangedTrade)) {
    const dictionary = zh ? found.name : (found.nameEn ?? found.name);
    throw new AppError(
      'DICTIONARY_CODE_INVALID',
      { label: zh ? '专业' : 'Trade', code: input.trade, dictionary },
      fieldError('trade', zh ? `请从“${dictionary}”中选择` : `Choose an item of "${dictionary}"`),
    );
  }
  const tradeLabel = zh ? found.item.label : (found.item.labelEn ?? found.item.label);
  const minimum = statutoryMinimum(input.trade);
  const unit = input.warrantyUnit ?? (input.warrantyValue !== undefined ? 'months' : minimum?.unit);
  const value = input.warrantyValue ?? (minimum && unit === minimum.unit ? minimum.value : undefined);
  if (!unit || value === undefined) {
    throw new AppError(
      'WARRANTY_REQUIRED',
      { trade: tradeLabel },
      fieldError('warrantyValue', errorMessage('WARRANTY_REQUIRED', ctx.locale, { trade: tradeLabel })),
    );
  }
  if (unit === 'heating_seasons' && value > 100) {
    throw new AppError('VALIDATION_FAILED', {}, fieldError('warrantyValue', zh ? '采暖期数过大' : 'Too many seasons'));
  }
  const warranty: WarrantyPeriod = { unit, value };
  if (minimum && !covers(warranty, minimum, input.startDate ?? null)) {
    const params = {
      trade: tradeLabel,
      minimum: periodLabel(minimum, ctx.locale),
      basis: statutoryBasis(input.trade, ctx.locale) ?? '',
      value: periodLabel(warranty, ctx.locale),
    };
    throw new AppError(
      'WARRANTY_BELOW_STATUTORY',
      params,
      fieldError('warrantyValue', errorMessage('WARRANTY_BELOW_STATUTORY', ctx.locale, params)),
    );
  }
  return {
    projectId: p.id,
    projectName: p.name,
    projectOrgPath: p.orgPath,
    buildingId: input.buildingId ?? null,
    buildingName,
    trade: input.trade,
    tradeLabel,
    tradeLabelZh: found.item.label,
    warrantyUnit: unit,
    warrantyValue: value,
    startDate: input.startDate ?? null,
  };
}

/**
 * Refuses (409, naming the other contractor) scopes that another active contractor already holds
 * for the same project, building (or whole project) and trade, or — unless `othersOnly`, as when
 * the contractor's own scopes are checked on enabling it — that this contractor holds twice.
 * Takes the projects' locks first, so two requests cannot both pass.
 */
export async function refuseOverlaps(
  tx: Tx,
  ctx: AuthedContext,
  c: ContractorRow,
  scopes: Pick<ScopeRow, 'projectId' | 'buildingId' | 'trade'>[],
  options: { exceptScopeId?: string; othersOnly?: boolean } = {},
): Promise<void> {
  const { exceptScopeId, othersOnly = false } = options;
  const zh = ctx.locale === 'zh-CN';
  const projects = [...new Set(scopes.map((s) => s.projectId))].sort();
  for (const projectId of projects) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contractor_scope:${projectId}`}))`);
  }
  for (const s of scopes) {
    const [other] = await tx
      .select({
        name: contractor.name,
        projectName: project.name,
        buildingName: building.name,
      })
      .from(contractorScope)
      .innerJoin(contractor, eq(contractor.id, contractorScope.contractorId))
      .innerJoin(project, eq(project.id, contractorScope.projectId))
      .leftJoin(building, eq(building.id, contractorScope.buildingId))
      .where(
        and(
          eq(contractorScope.projectId, s.projectId),
          eq(contractorScope.trade, s.trade),
          s.buildingId ? eq(contractorScope.buildingId, s.buildingId) : isNull(contractorScope.buildingId),
          exceptScopeId ? ne(contractorScope.id, exceptScopeId) : undefined,
          othersOnly
            ? and(ne(contractor.id, c.id), eq(contractor.active, true))
            : or(eq(contractor.id, c.id), eq(contractor.active, true)),
        ),
      )
      .limit(1);
    if (other) {
      const trades = await tradeLabels(tx, ctx.locale);
      const params = {
        project: other.projectName,
        building: buildingText(other.buildingName, zh),
        trade: trades.get(s.trade) ?? s.trade,
        name: other.name,
      };
      throw new AppError('CONTRACTOR_SCOPE_TAKEN', params);
    }
  }
}

/** 邻里花园 全部楼栋 屋面防水 5年: the scope as the audit log names it. */
function scopeSummary(s: CheckedScope): string {
  const period = periodLabel({ unit: s.warrantyUnit, value: s.warrantyValue }, 'zh-CN');
  return `${s.projectName} ${buildingText(s.buildingName, true)} ${s.tradeLabelZh} ${period}`;
}

function scopeColumns(s: CheckedScope) {
  return {
    projectId: s.projectId,
    buildingId: s.buildingId,
    trade: s.trade,
    warrantyUnit: s.warrantyUnit,
    warrantyValue: s.warrantyValue,
    startDate: s.startDate,
  };
}

export async function addScope(deps: Deps, ctx: AuthedContext, contractorId: string, input: ScopeInput) {
  const c = await contractorRow(deps, ctx, contractorId);
  const checked = await checkScope(deps, ctx, c, input);
  const id = await write(deps, ctx, async (tx, audit) => {
    await refuseOverlaps(tx, ctx, c, [checked]);
    const [row] = await tx
      .insert(contractorScope)
      .values({ contractorId: c.id, ...scopeColumns(checked) })
      .returning();
    if (!row) throw new Error('insert contractor scope returned nothing');
    audit.record({
      action: 'contractor.scope_add',
      entityType: 'contractor',
      entityId: c.id,
      orgPath: c.orgPath,
      projectId: checked.projectId,
      summary: `承建商「${c.name}」新增施工范围：${scopeSummary(checked)}`,
      after: row,
    });
    return row.id;
  });
  return scopeDto(deps, ctx, c.id, id);
}

async function scopeDto(deps: Deps, ctx: AuthedContext, contractorId: string, scopeId: string): Promise<ScopeDto> {
  const found = (await scopesOf(deps.db, ctx.actor.scope, [contractorId], ctx.locale)).find((s) => s.id === scopeId);
  if (!found) throw new AppError('CONTRACTOR_SCOPE_NOT_FOUND');
  return found;
}

/** A scope of a contractor the caller sees, in a project the caller sees (else 404): as shown, and its row. */
async function scopeRow(deps: Deps, ctx: AuthedContext, c: ContractorRow, scopeId: string) {
  // Shown in Chinese: it names the scope in the audit log.
  const shown = (await scopesOf(deps.db, ctx.actor.scope, [c.id], 'zh-CN')).find((s) => s.id === scopeId);
  if (!shown) throw new AppError('CONTRACTOR_SCOPE_NOT_FOUND');
  const [row] = await deps.db.select().from(contractorScope).where(eq(contractorScope.id, scopeId));
  if (!row) throw new AppError('CONTRACTOR_SCOPE_NOT_FOUND');
  return { shown, row };
}

export async function updateScope(
  deps: Deps,
  ctx: AuthedContext,
  contractorId: string,
  scopeId: string,
  input: ScopeInput,
) {
  const c = await contractorRow(deps, ctx, contractorId);
  const { row: before } = await scopeRow(deps, ctx, c, scopeId);
  const checked = await checkScope(deps, ctx, c, input, before.trade);
  await write(deps, ctx, async (tx, audit) => {
    await refuseOverlaps(tx, ctx, c, [checked], { exceptScopeId: scopeId });
    const [row] = await tx
      .update(contractorScope)
      .set(scopeColumns(checked))
      .where(eq(contractorScope.id, scopeId))
      .returning();
    audit.record({
      action: 'contractor.scope_update',
      entityType: 'contractor',
      entityId: c.id,
      orgPath: c.orgPath,
      projectId: checked.projectId,
      summary: `承建商「${c.name}」修改施工范围：${scopeSummary(checked)}`,
      before,
      after: row,
    });
  });
  return scopeDto(deps, ctx, c.id, scopeId);
}

export async function removeScope(deps: Deps, ctx: AuthedContext, contractorId: string, scopeId: string) {
  const c = await contractorRow(deps, ctx, contractorId);
  const { shown, row: before } = await scopeRow(deps, ctx, c, scopeId);
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(contractorScope).where(eq(contractorScope.id, scopeId));
    audit.record({
      action: 'contractor.scope_remove',
      entityType: 'contractor',
      entityId: c.id,
      orgPath: c.orgPath,
      projectId: before.projectId,
      summary: `承建商「${c.name}」移除施工范围：${shown.projectName} ${buildingText(shown.buildingName, true)} ${shown.tradeLabel} ${shown.warranty.label}`,
      before,
    });
  });
}
