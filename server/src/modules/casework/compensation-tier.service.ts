// 赔付审批档位: which roles approve a compensation, in order, by amount. A company's own tiers
// replace the group's defaults; a request fixes its chain when it is made.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type AuditRecorder, write } from '../../platform/audit.js';
import type { AuthedContext, Deps, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Locale } from '../../platform/locale.js';
import { requireGroupScope, scopeCoversPath, scopeRoot } from '../../platform/scope.js';
import { organization } from '../org/org.table.js';
import { role } from '../role/role.table.js';
import { companyIdOfPath, reachesCompany, yuan } from './casework.common.js';
import type { TiersDto, TiersInput } from './casework.schema.js';
import { compensationTier } from './casework.table.js';

export interface Tier {
  maxAmountFen: number | null;
  roleCodes: string[];
}

/** The group's defaults: ≤ ¥500 客服主管; ≤ ¥5,000 + 项目经理; above that + 公司领导. */
export const defaultTiers: Tier[] = [
  { maxAmountFen: 50_000, roleCodes: ['supervisor'] },
  { maxAmountFen: 500_000, roleCodes: ['supervisor', 'project_manager'] },
  { maxAmountFen: null, roleCodes: ['supervisor', 'project_manager', 'leadership'] },
];

async function tiersOf(db: DbOrTx, companyId: string | null): Promise<Tier[]> {
  const rows = await db
    .select()
    .from(compensationTier)
    .where(companyId ? eq(compensationTier.companyId, companyId) : isNull(compensationTier.companyId))
    .orderBy(asc(compensationTier.maxAmountFen));
  // Ascending with the open-ended tier (null) last: PostgreSQL sorts nulls last ascending.
  return rows.map((r) => ({ maxAmountFen: r.maxAmountFen, roleCodes: r.roleCodes }));
}

/** The tiers in effect for a company: its own, else the group's. */
export async function effectiveTiers(
  db: DbOrTx,
  companyId: string | null,
): Promise<{ tiers: Tier[]; inherited: boolean }> {
  if (companyId) {
    const own = await tiersOf(db, companyId);
    if (own.length > 0) return { tiers: own, inherited: false };
  }
  return { tiers: await tiersOf(db, null), inherited: companyId !== null };
}

/** The chain for an amount: the first tier whose upper bound (inclusive) holds it. */
export function chainFor(tiers: Tier[], amountFen: number): string[] | null {
  const tier = tiers.find((t) => t.maxAmountFen === null || amountFen <= t.maxAmountFen);
  return tier ? [...tier.roleCodes] : null;
}

export async function roleNames(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ code: role.code, name: role.name }).from(role).where(inArray(role.code, unique));
  return new Map(rows.map((r) => [r.code, r.name]));
}

async function present(db: DbOrTx, companyId: string | null, inherited: boolean, tiers: Tier[]): Promise<TiersDto> {
  const names = await roleNames(
    db,
    tiers.flatMap((t) => t.roleCodes),
  );
  let companyName: string | null = null;
  if (companyId) {
    const [c] = await db.select({ name: organization.name }).from(organization).where(eq(organization.id, companyId));
    companyName = c?.name ?? null;
  }
  return {
    companyId,
    companyName,
    inherited,
    tiers: tiers.map((t) => ({
      maxAmountFen: t.maxAmountFen,
      roleCodes: t.roleCodes,
      roles: t.roleCodes.map((code) => ({ code, name: names.get(code) ?? code })),
    })),
  };
}

/** A company the caller works in (their scope reaches it), else 404. */
async function companyInReach(db: DbOrTx, ctx: AuthedContext, companyId: string) {
  const [company] = await db
    .select()
    .from(organization)
    .where(and(eq(organization.id, companyId), eq(organization.kind, 'company')));
  const reaches = company && reachesCompany(ctx.actor.scope, company.path);
  if (!company || !reaches) throw new AppError('ORG_NOT_FOUND');
  return company;
}

export async function getTiers(deps: Deps, ctx: AuthedContext, companyId?: string): Promise<TiersDto> {
  let target: string | null = null;
  if (companyId) target = (await companyInReach(deps.db, ctx, companyId)).id;
  else if (!ctx.actor.scope.all) target = companyIdOfPath(scopeRoot(ctx.actor.scope));
  const { tiers, inherited } = await effectiveTiers(deps.db, target);
  return present(deps.db, target, inherited, tiers);
}

function invalid(locale: Locale, zh: string, en: string): AppError {
  const reason = locale === 'zh-CN' ? zh : en;
  return new AppError(
    'COMPENSATION_TIERS_INVALID',
    { reason },
    { errors: [{ field: 'tiers', in: 'body', message: reason }] },
  );
}

async function checkTiers(db: DbOrTx, locale: Locale, companyId: string | null, tiers: Tier[]): Promise<void> {
  if (tiers.length === 0) {
    if (companyId === null)
      throw invalid(locale, '集团默认档位至少要有一档', 'the group defaults need at least one tier');
    return;
  }
  tiers.forEach((t, i) => {
    const last = i === tiers.length - 1;
    if (last && t.maxAmountFen !== null) {
      throw invalid(locale, '最后一档不能设上限（“以上全部”）', 'the last tier must be open-ended');
    }
    if (!last && t.maxAmountFen === null) {
      throw invalid(locale, '只有最后一档可以不设上限', 'only the last tier may be open-ended');
    }
    const previous = tiers[i - 1]?.maxAmountFen;
    if (t.maxAmountFen !== null && previous != null && t.maxAmountFen <= previous) {
      throw invalid(
        locale,
        `各档上限须从低到高递增（${yuan(t.maxAmountFen)} 不高于 ${yuan(previous)}）`,
        `upper bounds must increase (${yuan(t.maxAmountFen)} is not above ${yuan(previous)})`,
      );
    }
    if (new Set(t.roleCodes).size !== t.roleCodes.length) {
      throw invalid(locale, '同一档内审批角色不能重复', 'a role appears twice in one tier');
    }
  });
  const codes = [...new Set(tiers.flatMap((t) => t.roleCodes))];
  const known = await roleNames(db, codes);
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw invalid(locale, `角色不存在：${unknown.join('、')}`, `unknown roles: ${unknown.join(', ')}`);
  }
}

export async function replaceTiers(
  tx: DbOrTx,
  audit: AuditRecorder,
  company: { id: string; path: string; name: string } | null,
  tiers: Tier[],
  before: Tier[],
): Promise<void> {
  const companyId = company?.id ?? null;
  await tx
    .delete(compensationTier)
    .where(companyId ? eq(compensationTier.companyId, companyId) : isNull(compensationTier.companyId));
  if (tiers.length > 0) {
    await tx.insert(compensationTier).values(
      tiers.map((t) => ({
        companyId,
        orgPath: company?.path ?? '/',
        maxAmountFen: t.maxAmountFen,
        roleCodes: t.roleCodes,
      })),
    );
  }
  audit.record({
    action: 'compensation.tiers',
    entityType: 'compensation_tier',
    entityId: companyId,
    orgPath: company?.path ?? '/',
    summary: `设置赔付审批档位（${company?.name ?? '集团默认'}）`,
    before,
    after: tiers,
  });
}

export async function setTiers(deps: Deps, ctx: AuthedContext, input: TiersInput): Promise<TiersDto> {
  const scope = ctx.actor.scope;
  let company: { id: string; path: string; name: string } | null = null;
  if (input.companyId === null) requireGroupScope(scope);
  else {
    company = await companyInReach(deps.db, ctx, input.companyId);
    if (!scopeCoversPath(scope, company.path))
      throw new AppError('COMPENSATION_TIERS_SCOPE', { company: company.name });
  }
  const tiers = input.tiers.map((t) => ({ maxAmountFen: t.maxAmountFen, roleCodes: t.roleCodes }));
  await checkTiers(deps.db, ctx.locale, company?.id ?? null, tiers);
  await write(deps, ctx, async (tx, audit) => {
    const before = await tiersOf(tx, company?.id ?? null);
    await replaceTiers(tx, audit, company, tiers, before);
  });
  const { tiers: now, inherited } = await effectiveTiers(deps.db, company?.id ?? null);
  return present(deps.db, company?.id ?? null, inherited, now);
}

/** Bootstrap: the group defaults, when the group has none. */
export async function seedDefaultTiers(deps: Deps, ctx: RequestContext): Promise<void> {
  if ((await tiersOf(deps.db, null)).length > 0) return;
  await write(deps, ctx, async (tx, audit) => replaceTiers(tx, audit, null, defaultTiers, []));
}
