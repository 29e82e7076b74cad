// Reading contractors and their work scopes within the caller's scope, and presenting them.
import { and, asc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Locale } from '../../platform/locale.js';
import { type DataScope, scopeCoversPath, scopeRows } from '../../platform/scope.js';
import { dictionary, dictionaryItem } from '../dictionary/dictionary.table.js';
import { organization } from '../org/org.table.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { building } from '../property/property.table.js';
import type { ContractorDto, ScopeDto } from './contractor.schema.js';
import { contractor, contractorScope } from './contractor.table.js';
import { periodLabel, statutoryMinimum, type WarrantyPeriod } from './warranty.js';

export type ContractorRow = typeof contractor.$inferSelect;
export type ScopeRow = typeof contractorScope.$inferSelect;

export const TRADE_DICTIONARY = 'trade';

/**
 * A contractor belongs to one company and is visible to whoever's scope covers that company,
 * and to those who see a project inside its work scope (a project's handler sees who built it).
 */
export function contractorVisible(scope: DataScope): SQL | undefined {
  if (scope.all) return undefined;
  const byCompany = scopeRows(scope, { path: contractor.orgPath });
  const byProject = sql`exists (select 1 from ${contractorScope} where ${contractorScope.contractorId} = ${contractor.id} and ${scopeByProject(scope, contractorScope.projectId)})`;
  return or(byCompany, byProject);
}

export async function contractorRow(deps: Deps, ctx: AuthedContext, id: string): Promise<ContractorRow> {
  const [row] = await deps.db
    .select()
    .from(contractor)
    .where(and(eq(contractor.id, id), contractorVisible(ctx.actor.scope)));
  if (!row) throw new AppError('CONTRACTOR_NOT_FOUND');
  return row;
}

/** The trades of the `trade` dictionary (inactive ones too: old scopes may name them), in its order. */
export async function tradeItems(db: DbOrTx, locale: Locale) {
  const rows = await db
    .select({
      code: dictionaryItem.code,
      label: dictionaryItem.label,
      labelEn: dictionaryItem.labelEn,
      active: dictionaryItem.active,
    })
    .from(dictionaryItem)
    .innerJoin(dictionary, eq(dictionary.id, dictionaryItem.dictionaryId))
    .where(eq(dictionary.code, TRADE_DICTIONARY))
    .orderBy(asc(dictionaryItem.sortOrder), asc(dictionaryItem.code));
  return rows.map((r) => ({
    code: r.code,
    label: locale === 'en-US' && r.labelEn ? r.labelEn : r.label,
    active: r.active,
  }));
}

export async function tradeLabels(db: DbOrTx, locale: Locale): Promise<Map<string, string>> {
  return new Map((await tradeItems(db, locale)).map((t) => [t.code, t.label]));
}

export function presentPeriod(period: WarrantyPeriod, locale: Locale) {
  return { unit: period.unit, value: period.value, label: periodLabel(period, locale) };
}

export function presentMinimum(trade: string, locale: Locale) {
  const minimum = statutoryMinimum(trade);
  return minimum ? presentPeriod(minimum, locale) : null;
}

/** The scopes of these contractors in projects the caller sees, with project, building and trade names. */
export async function scopesOf(
  db: DbOrTx,
  scope: DataScope,
  contractorIds: string[],
  locale: Locale,
): Promise<ScopeDto[]> {
  if (contractorIds.length === 0) return [];
  const [rows, trades] = await Promise.all([
    db
      .select({
        scope: contractorScope,
        projectName: project.name,
        projectCode: project.code,
        buildingName: building.name,
      })
      .from(contractorScope)
      .innerJoin(project, eq(project.id, contractorScope.projectId))
      .leftJoin(building, eq(building.id, contractorScope.buildingId))
      .where(
        and(inArray(contractorScope.contractorId, contractorIds), scopeByProject(scope, contractorScope.projectId)),
      )
      .orderBy(
        asc(project.code),
        sql`${building.sortOrder} asc nulls first`,
        asc(building.code),
        asc(contractorScope.trade),
        asc(contractorScope.createdAt),
      ),
    tradeLabels(db, locale),
  ]);
  return rows.map((r) => ({
    id: r.scope.id,
    contractorId: r.scope.contractorId,
    projectId: r.scope.projectId,
    projectName: r.projectName,
    buildingId: r.scope.buildingId,
    buildingName: r.buildingName,
    trade: r.scope.trade,
    tradeLabel: trades.get(r.scope.trade) ?? r.scope.trade,
    warranty: presentPeriod({ unit: r.scope.warrantyUnit, value: r.scope.warrantyValue }, locale),
    startDate: r.scope.startDate,
    statutoryMinimum: presentMinimum(r.scope.trade, locale),
    createdAt: r.scope.createdAt.toISOString(),
  }));
}

export async function present(
  db: DbOrTx,
  ctx: AuthedContext,
  rows: ContractorRow[],
): Promise<(ContractorDto & { scopes: ScopeDto[] })[]> {
  const scope = ctx.actor.scope;
  const companyIds = [...new Set(rows.map((r) => r.companyId))];
  const [scopes, companies] = await Promise.all([
    scopesOf(
      db,
      scope,
      rows.map((r) => r.id),
      ctx.locale,
    ),
    companyIds.length
      ? db
          .select({ id: organization.id, name: organization.name })
          .from(organization)
          .where(inArray(organization.id, companyIds))
      : Promise.resolve([]),
  ]);
  const companyNames = new Map(companies.map((c) => [c.id, c.name]));
  return rows.map((c) => {
    const own = scopes.filter((s) => s.contractorId === c.id);
    const projects = new Map(own.map((s) => [s.projectId, s.projectName]));
    const trades = new Map(own.map((s) => [s.trade, s.tradeLabel]));
    return {
      id: c.id,
      companyId: c.companyId,
      companyName: companyNames.get(c.companyId) ?? '',
      code: c.code,
      name: c.name,
      uscc: c.uscc,
      contactName: c.contactName,
      contactMobile: c.contactMobile,
      phone: c.phone,
      notes: c.notes,
      active: c.active,
      projects: [...projects].map(([id, name]) => ({ id, name })),
      trades: [...trades].map(([code, label]) => ({ code, label })),
      scopeCount: own.length,
      editable: scopeCoversPath(scope, c.orgPath),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      scopes: own,
    };
  });
}
