// 解决方案库: answers for consultations and standard fixes, found from the reception screen by
// title, pinyin initials or keyword, the ones linked to the caller's catalogue item first.
import { and, arrayContains, arrayOverlaps, count, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import { type DataScope, requireGroupScope, scopeRoot } from '../../platform/scope.js';
import { catalogueNode } from '../catalogue/catalogue.table.js';
import { nameKeys } from '../customer/customer.names.js';
import { organization } from '../org/org.table.js';
import { companyIdOfPath, reachesCompany, visibleTicket } from './casework.common.js';
import type { SolutionDto, SolutionInput, SolutionListQuery, SolutionUpdateInput } from './casework.schema.js';
import { solutionArticle, solutionUse } from './casework.table.js';

type ArticleRow = typeof solutionArticle.$inferSelect;
const a = solutionArticle;

/**
 * Group articles (no company) are read by everyone; a company's by whoever works in that company:
 * a scope inside it (a project office, a list of its projects) or around it.
 */
export function articleVisible(scope: DataScope): SQL | undefined {
  if (scope.all) return undefined;
  const paths = [...new Set([...scope.orgPaths, ...scope.projectOrgPaths])];
  const conditions: SQL[] = [isNull(a.companyId)];
  for (const p of paths) {
    conditions.push(sql`${a.orgPath} like ${`${escapeLike(p)}%`}`, sql`${p} like ${a.orgPath} || '%'`);
  }
  return or(...conditions);
}

async function articleRow(db: DbOrTx, ctx: AuthedContext, id: string): Promise<ArticleRow> {
  const [row] = await db
    .select()
    .from(a)
    .where(and(eq(a.id, id), articleVisible(ctx.actor.scope)));
  if (!row) throw new AppError('SOLUTION_NOT_FOUND');
  return row;
}

/**
 * Group articles are changed by all-data managers only, as the catalogue; a company's by any
 * manager working in that company (a project office's 客服主管 keeps the company's answers up to
 * date: the solution base is shared know-how, not master data with legal weight).
 */
function editable(scope: DataScope, row: Pick<ArticleRow, 'companyId' | 'orgPath'>): boolean {
  return row.companyId === null ? scope.all : reachesCompany(scope, row.orgPath);
}

/** Node ids of a node and the categories above it (its materialised path). */
async function nodeAndAncestors(db: DbOrTx, nodeId: string): Promise<string[]> {
  const [node] = await db.select({ path: catalogueNode.path }).from(catalogueNode).where(eq(catalogueNode.id, nodeId));
  if (!node) return [nodeId];
  return node.path.split('/').filter(Boolean);
}

async function present(db: DbOrTx, ctx: AuthedContext, rows: ArticleRow[], matchIds: string[] = []) {
  const nodeIds = [...new Set(rows.flatMap((r) => r.catalogueNodeIds))];
  const companyIds = [...new Set(rows.map((r) => r.companyId).filter((x): x is string => !!x))];
  const [nodes, companies] = await Promise.all([
    nodeIds.length
      ? db
          .select({ id: catalogueNode.id, name: catalogueNode.name, path: catalogueNode.path })
          .from(catalogueNode)
          .where(inArray(catalogueNode.id, nodeIds))
      : Promise.resolve([]),
    companyIds.length
      ? db
          .select({ id: organization.id, name: organization.name })
          .from(organization)
          .where(inArray(organization.id, companyIds))
      : Promise.resolve([]),
  ]);
  // Path texts (房屋质量 › 渗漏 › 卫生间渗漏) need the names above each linked node.
  const above = [...new Set(nodes.flatMap((n) => n.path.split('/').filter(Boolean)))];
  const names = new Map(
    above.length
      ? (
          await db
            .select({ id: catalogueNode.id, name: catalogueNode.name })
            .from(catalogueNode)
            .where(inArray(catalogueNode.id, above))
        ).map((n) => [n.id, n.name])
      : [],
  );
  const nodeById = new Map(
    nodes.map((n) => [
      n.id,
      {
        id: n.id,
        name: n.name,
        pathText: n.path
          .split('/')
          .filter(Boolean)
          .map((id) => names.get(id) ?? '')
          .join(' › '),
      },
    ]),
  );
  const companyNames = new Map(companies.map((c) => [c.id, c.name]));
  return rows.map(
    (r): SolutionDto => ({
      id: r.id,
      companyId: r.companyId,
      companyName: r.companyId ? (companyNames.get(r.companyId) ?? null) : null,
      title: r.title,
      body: r.body,
      keywords: r.keywords,
      catalogueNodes: r.catalogueNodeIds.flatMap((id) => nodeById.get(id) ?? []),
      ticketTypes: r.ticketTypes,
      usageCount: r.usageCount,
      active: r.active,
      matchesNode: r.catalogueNodeIds.some((id) => matchIds.includes(id)),
      editable: editable(ctx.actor.scope, r),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }),
  );
}

/**
 * The search: a part of the title, the title's pinyin initials or full pinyin (mjkbb, menjin),
 * or a keyword. With a catalogue node, the articles linked to it or a category above it come
 * first; then the most used.
 */
export async function listSolutions(deps: Deps, ctx: AuthedContext, q: SolutionListQuery) {
  const conditions: (SQL | undefined)[] = [articleVisible(ctx.actor.scope)];
  if (q.active) conditions.push(eq(a.active, q.active === 'true'));
  if (q.type) conditions.push(or(sql`cardinality(${a.ticketTypes}) = 0`, arrayContains(a.ticketTypes, [q.type])));
  const text = q.q?.replace(/\s+/g, '').toLowerCase();
  const order: SQL[] = [];
  let textRank: SQL | undefined;
  if (text) {
    const contains = `%${escapeLike(text)}%`;
    const starts = `${escapeLike(text)}%`;
    const titleHit = sql`(${a.title} ilike ${contains} or ${a.titleInitials} like ${contains} or ${a.titlePinyin} like ${contains})`;
    const keywordHit = sql`exists (select 1 from unnest(${a.keywords}) k where k ilike ${contains})`;
    conditions.push(sql`(${titleHit} or ${keywordHit})`);
    textRank = sql`case when ${a.title} ilike ${starts} or ${a.titleInitials} like ${starts} then 0
      when ${titleHit} then 1 else 2 end`;
  }
  const matchIds = q.catalogueNodeId ? await nodeAndAncestors(deps.db, q.catalogueNodeId) : [];
  if (matchIds.length) order.push(sql`case when ${arrayOverlaps(a.catalogueNodeIds, matchIds)} then 0 else 1 end`);
  if (textRank) order.push(textRank);
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(a)
      .where(where)
      .orderBy(...order, desc(a.usageCount), a.title)
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(a).where(where),
  ]);
  return {
    data: await present(deps.db, ctx, rows, matchIds),
    total: total?.n ?? 0,
    current: q.current,
    pageSize: q.pageSize,
  };
}

export async function getSolution(deps: Deps, ctx: AuthedContext, id: string): Promise<SolutionDto> {
  const [dto] = await present(deps.db, ctx, [await articleRow(deps.db, ctx, id)]);
  if (!dto) throw new AppError('SOLUTION_NOT_FOUND');
  return dto;
}

// ── writing ────────────────────────────────────────────────────────────────

/** Where a new article belongs: the company named, the one the caller works in, or the group. */
async function ownerFor(deps: Deps, ctx: AuthedContext, companyId: string | null | undefined) {
  const scope = ctx.actor.scope;
  if (companyId === null || (companyId === undefined && scope.all)) {
    requireGroupScope(scope);
    return { companyId: null, orgPath: '/', name: null };
  }
  if (companyId === undefined) {
    const own = companyIdOfPath(scopeRoot(scope));
    if (!own) throw fieldError('SOLUTION_COMPANY_REQUIRED', ctx.locale, 'companyId');
    companyId = own;
  }
  const [company] = await deps.db
    .select()
    .from(organization)
    .where(and(eq(organization.id, companyId), eq(organization.kind, 'company')));
  if (!company) throw new AppError('ORG_NOT_FOUND');
  if (!reachesCompany(scope, company.path)) throw new AppError('SOLUTION_COMPANY_SCOPE', { company: company.name });
  return { companyId: company.id, orgPath: company.path, name: company.name };
}

async function requireEditable(deps: Deps, ctx: AuthedContext, row: ArticleRow): Promise<void> {
  if (row.companyId === null) return requireGroupScope(ctx.actor.scope);
  if (editable(ctx.actor.scope, row)) return;
  const [company] = await deps.db
    .select({ name: organization.name })
    .from(organization)
    .where(eq(organization.id, row.companyId));
  throw new AppError('SOLUTION_COMPANY_SCOPE', { company: company?.name ?? '' });
}

async function checkNodes(db: DbOrTx, ctx: AuthedContext, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await db.select({ id: catalogueNode.id }).from(catalogueNode).where(inArray(catalogueNode.id, unique));
  if (found.length !== unique.length) throw fieldError('SOLUTION_CATALOGUE_INVALID', ctx.locale, 'catalogueNodeIds');
  return unique;
}

function fields(input: SolutionUpdateInput, catalogueNodeIds: string[]) {
  const keys = nameKeys(input.title);
  return {
    title: input.title,
    titlePinyin: keys.pinyin,
    titleInitials: keys.initials,
    body: input.body,
    keywords: [...new Set(input.keywords)],
    catalogueNodeIds,
    ticketTypes: [...new Set(input.ticketTypes)],
    active: input.active,
  };
}

export async function createSolution(deps: Deps, ctx: AuthedContext, input: SolutionInput): Promise<SolutionDto> {
  const owner = await ownerFor(deps, ctx, input.companyId);
  const nodes = await checkNodes(deps.db, ctx, input.catalogueNodeIds);
  const id = await write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    const [row] = await tx
      .insert(a)
      .values({
        companyId: owner.companyId,
        orgPath: owner.orgPath,
        ...fields(input, nodes),
        createdBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert solution_article returned nothing');
    audit.record({
      action: 'solution.create',
      entityType: 'solution_article',
      entityId: row.id,
      orgPath: row.orgPath,
      summary: `新建解决方案「${row.title}」${owner.name ? `（${owner.name}）` : '（集团通用）'}`,
      after: row,
    });
    return row.id;
  });
  return getSolution(deps, ctx, id);
}

export async function updateSolution(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: SolutionUpdateInput,
): Promise<SolutionDto> {
  const before = await articleRow(deps.db, ctx, id);
  await requireEditable(deps, ctx, before);
  const nodes = await checkNodes(deps.db, ctx, input.catalogueNodeIds);
  await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(a)
      .set({ ...fields(input, nodes), updatedAt: deps.clock() })
      .where(eq(a.id, id))
      .returning();
    audit.record({
      action: 'solution.update',
      entityType: 'solution_article',
      entityId: id,
      orgPath: before.orgPath,
      summary: `修改解决方案「${input.title}」`,
      before,
      after: row,
    });
  });
  return getSolution(deps, ctx, id);
}

export async function deleteSolution(deps: Deps, ctx: AuthedContext, id: string): Promise<void> {
  const before = await articleRow(deps.db, ctx, id);
  await requireEditable(deps, ctx, before);
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(a).where(eq(a.id, id));
    audit.record({
      action: 'solution.delete',
      entityType: 'solution_article',
      entityId: id,
      orgPath: before.orgPath,
      summary: `删除解决方案「${before.title}」（已使用 ${before.usageCount} 次）`,
      before,
    });
  });
}

/** An agent answered from the article: one use, on the ticket when there is one. */
export async function useSolution(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  ticketId: string | null | undefined,
): Promise<{ id: string; usageCount: number }> {
  const row = await articleRow(deps.db, ctx, id);
  const usedOn = ticketId ? await visibleTicket(deps.db, ctx, ticketId) : null;
  return write(deps, ctx, async (tx, audit) => {
    const now = deps.clock();
    await tx
      .insert(solutionUse)
      .values({ articleId: id, ticketId: usedOn?.id ?? null, userId: ctx.actor.id, usedAt: now });
    const [updated] = await tx
      .update(a)
      .set({ usageCount: sql`${a.usageCount} + 1` })
      .where(eq(a.id, id))
      .returning({ usageCount: a.usageCount });
    audit.record({
      action: 'solution.use',
      entityType: 'solution_article',
      entityId: id,
      orgPath: usedOn?.orgPath ?? row.orgPath,
      projectId: usedOn?.projectId ?? null,
      summary: `使用解决方案「${row.title}」答复${usedOn ? ` ${usedOn.publicNo}` : ''}`,
    });
    return { id, usageCount: updated?.usageCount ?? row.usageCount + 1 };
  });
}
