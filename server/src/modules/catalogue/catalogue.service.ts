// 投诉问题标准库: the tree, the reception's search, and the changes an all-data administrator
// makes to it. Every change takes one advisory lock, so moves and codes never race each other.
import { randomUUID } from 'node:crypto';
import { and, arrayContains, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { escapeLike } from '../../platform/like.js';
import type { Locale } from '../../platform/locale.js';
import { requireGroupScope } from '../../platform/scope.js';
import { nameKeys } from '../customer/customer.names.js';
import { findDictionaryItem } from '../dictionary/dictionary.service.js';
import { PATH_SEPARATOR } from './catalogue.labels.js';
import type { CatalogueNodeDto, CatalogueTreeNode, CategoryInput, ItemInput, SearchHit } from './catalogue.schema.js';
import { catalogueNode, type TicketType } from './catalogue.table.js';

export type CatalogueRow = typeof catalogueNode.$inferSelect;

/** 房屋质量 › 渗漏 › 卫生间渗漏 is three levels; five leaves room for a finer split, no more. */
export const MAX_DEPTH = 5;
const CATALOGUE_LOCK = 7_291_050;

export function depthOf(path: string): number {
  return path.split('/').filter(Boolean).length;
}

/** The ids of the categories above a node, top first (its path without itself). */
export function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean).slice(0, -1);
}

export async function lockCatalogue(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CATALOGUE_LOCK})`);
}

function present(row: CatalogueRow, effectiveActive: boolean, itemCount: number): CatalogueNodeDto {
  return {
    id: row.id,
    parentId: row.parentId,
    kind: row.kind,
    code: row.code,
    name: row.name,
    namePinyin: row.namePinyin,
    nameInitials: row.nameInitials,
    sortOrder: row.sortOrder,
    ticketTypes: row.ticketTypes,
    department: row.department,
    severity: row.severity,
    responseMinutes: row.responseMinutes,
    resolutionMinutes: row.resolutionMinutes,
    calendarTime: row.calendarTime,
    returnVisitRequired: row.returnVisitRequired,
    trade: row.trade,
    active: row.active,
    effectiveActive,
    itemCount,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function allRows(db: DbOrTx): Promise<CatalogueRow[]> {
  return db.select().from(catalogueNode).orderBy(asc(catalogueNode.sortOrder), asc(catalogueNode.code));
}

/**
 * The whole catalogue as a tree, siblings by sort order. A disabled category keeps its
 * children's own switches but turns them off in effect (`effectiveActive`); `activeOnly` leaves
 * out everything not in effect, which is what reception offers.
 */
export async function catalogueTree(deps: Deps, activeOnly: boolean): Promise<CatalogueTreeNode[]> {
  return buildTree(await allRows(deps.db), activeOnly);
}

export function buildTree(rows: CatalogueRow[], activeOnly: boolean): CatalogueTreeNode[] {
  const children = new Map<string | null, CatalogueRow[]>();
  for (const row of rows) {
    const list = children.get(row.parentId) ?? [];
    list.push(row);
    children.set(row.parentId, list);
  }
  const walk = (parentId: string | null, parentActive: boolean): CatalogueTreeNode[] => {
    const out: CatalogueTreeNode[] = [];
    for (const row of children.get(parentId) ?? []) {
      const effective = parentActive && row.active;
      if (activeOnly && !effective) continue;
      const below = walk(row.id, effective);
      const itemCount = below.reduce((n, c) => n + (c.kind === 'item' ? 1 : c.itemCount), 0);
      out.push({ ...present(row, effective, itemCount), children: below });
    }
    return out;
  };
  return walk(null, true);
}

/** One node with what the tree would say about it (whether it is in effect, its item count). */
async function describe(db: DbOrTx, row: CatalogueRow): Promise<CatalogueNodeDto> {
  const above = ancestorIds(row.path);
  const inactiveAbove = above.length
    ? await db
        .select({ id: catalogueNode.id })
        .from(catalogueNode)
        .where(and(inArray(catalogueNode.id, above), eq(catalogueNode.active, false)))
    : [];
  const [items] =
    row.kind === 'category'
      ? await db
          .select({ n: sql<number>`count(*)::int` })
          .from(catalogueNode)
          .where(and(eq(catalogueNode.kind, 'item'), sql`${catalogueNode.path} like ${`${row.path}%`}`))
      : [{ n: 0 }];
  return present(row, row.active && inactiveAbove.length === 0, items?.n ?? 0);
}

// ── search (reception) ─────────────────────────────────────────────────────

/**
 * Items in effect whose name holds the text, whose pinyin initials or full pinyin hold it
 * (wsj → 卫生间渗漏), whose code starts with it, or that sit under a category so named. Best
 * first: the exact code, then names and pinyin that start with the text, then those holding it,
 * then items found through their category. Two indexed reads of a small table.
 */
export async function searchCatalogue(
  deps: Deps,
  query: { q: string; type?: TicketType; limit: number },
): Promise<SearchHit[]> {
  const text = query.q.toLowerCase().replace(/\s+/g, '');
  const n = catalogueNode;
  const contains = `%${escapeLike(text)}%`;
  const starts = `${escapeLike(text)}%`;
  const nameStarts = sql`(${n.name} ilike ${starts} or ${n.nameInitials} like ${starts} or ${n.namePinyin} like ${starts})`;
  const nameHolds = sql`(${n.name} ilike ${contains} or ${n.nameInitials} like ${contains} or ${n.namePinyin} like ${contains})`;
  const codeStarts = sql`lower(${n.code}) like ${starts}`;
  // The outer row is catalogue_node itself; c and a are the categories above it.
  const underCategory = sql`exists (select 1 from catalogue_node c where c.kind = 'category' and ${n.path} like c.path || '%'
    and (c.name ilike ${contains} or c.name_initials like ${starts} or c.name_pinyin like ${starts}))`;
  const inEffect = sql`not exists (select 1 from catalogue_node a where a.active = false and ${n.path} like a.path || '%')`;
  const rank = sql<number>`case when lower(${n.code}) = ${text} then 0 when ${nameStarts} then 1
    when ${nameHolds} or ${codeStarts} then 2 else 3 end`;
  const rows = await deps.db
    .select({ row: n, rank })
    .from(n)
    .where(
      and(
        eq(n.kind, 'item'),
        inEffect,
        query.type ? arrayContains(n.ticketTypes, [query.type]) : undefined,
        sql`(${nameHolds} or ${codeStarts} or ${underCategory})`,
      ),
    )
    .orderBy(rank, sql`char_length(${n.name})`, asc(n.code))
    .limit(query.limit);
  const above = [...new Set(rows.flatMap((r) => ancestorIds(r.row.path)))];
  const names = new Map(
    above.length
      ? (
          await deps.db
            .select({ id: catalogueNode.id, name: catalogueNode.name })
            .from(catalogueNode)
            .where(inArray(catalogueNode.id, above))
        ).map((r) => [r.id, r.name])
      : [],
  );
  return rows.map(({ row }) => {
    const categories = ancestorIds(row.path).map((id) => names.get(id) ?? '');
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      categories,
      pathText: [...categories, row.name].join(PATH_SEPARATOR),
      ticketTypes: row.ticketTypes,
      department: row.department,
      severity: row.severity ?? 'low',
      responseMinutes: row.responseMinutes ?? 0,
      resolutionMinutes: row.resolutionMinutes ?? 0,
      calendarTime: row.calendarTime,
      returnVisitRequired: row.returnVisitRequired,
      trade: row.trade,
    };
  });
}

// ── checks shared by the forms and the import ──────────────────────────────

async function nodeById(db: DbOrTx, id: string): Promise<CatalogueRow | undefined> {
  const [row] = await db.select().from(catalogueNode).where(eq(catalogueNode.id, id));
  return row;
}

async function requireNode(db: DbOrTx, id: string, kind?: CatalogueRow['kind']): Promise<CatalogueRow> {
  const row = await nodeById(db, id);
  if (!row || (kind && row.kind !== kind)) throw new AppError('CATALOGUE_NODE_NOT_FOUND');
  return row;
}

function parentProblem(locale: Locale, reason: 'missing' | 'item' | 'cycle' | 'depth'): AppError {
  const zh = locale === 'zh-CN';
  const text = {
    missing: zh ? '所选上级分类不存在' : 'the chosen parent category does not exist',
    item: zh ? '问题下面不能再挂节点，请选择一个分类' : 'nodes hang under categories, not under items',
    cycle: zh ? '不能移到自己或自己的下级分类之下' : 'a category cannot move under itself or its own subcategories',
    depth: zh ? `分类最多 ${MAX_DEPTH - 1} 级` : `categories are at most ${MAX_DEPTH - 1} levels deep`,
  }[reason];
  return fieldError('CATALOGUE_PARENT_INVALID', locale, 'parentId', { reason: text });
}

/** The parent of a node being created or moved: a category, or null for the top level. */
async function resolveParent(db: DbOrTx, locale: Locale, parentId: string | null | undefined) {
  if (!parentId) return null;
  const parent = await nodeById(db, parentId);
  if (!parent) throw parentProblem(locale, 'missing');
  if (parent.kind !== 'category') throw parentProblem(locale, 'item');
  return parent;
}

async function requireFreeCode(db: DbOrTx, locale: Locale, code: string, exceptId?: string): Promise<void> {
  const [taken] = await db
    .select({ id: catalogueNode.id })
    .from(catalogueNode)
    .where(sql`lower(${catalogueNode.code}) = ${code.toLowerCase()}`);
  if (taken && taken.id !== exceptId) throw fieldError('CODE_TAKEN', locale, 'code', { code });
}

/** Names are unique among siblings, so that a spreadsheet row names one node by its path. */
async function requireFreeName(
  db: DbOrTx,
  locale: Locale,
  parentId: string | null,
  name: string,
  exceptId?: string,
): Promise<void> {
  const [taken] = await db
    .select({ id: catalogueNode.id })
    .from(catalogueNode)
    .where(
      and(
        parentId ? eq(catalogueNode.parentId, parentId) : isNull(catalogueNode.parentId),
        eq(catalogueNode.name, name),
      ),
    );
  if (taken && taken.id !== exceptId) throw fieldError('CATALOGUE_NAME_TAKEN', locale, 'name', { name });
}

/** 处理部门 and 专业 name active items of their dictionaries. */
export async function requireDictionaryCode(
  db: DbOrTx,
  locale: Locale,
  dictionaryCode: 'handling_department' | 'trade',
  field: 'department' | 'trade',
  code: string,
): Promise<void> {
  const found = await findDictionaryItem(db, dictionaryCode, code);
  if (found.item?.active) return;
  const zh = locale === 'zh-CN';
  const dictionary = zh ? found.name : (found.nameEn ?? found.name);
  const label = { department: zh ? '处理部门' : 'Handling department', trade: zh ? '专业' : 'Trade' }[field];
  throw new AppError(
    'DICTIONARY_CODE_INVALID',
    { label, code, dictionary },
    {
      errors: [{ field, in: 'body', message: zh ? `请从“${dictionary}”中选择` : `Choose an item of "${dictionary}"` }],
    },
  );
}

/**
 * A free code for a new node: the parent's code and the next two-digit number among its
 * children (01 房屋质量 → 0101 渗漏 → 010103 卫生间渗漏), as property companies number theirs.
 */
export async function nextCode(tx: DbOrTx, parent: CatalogueRow | null): Promise<string> {
  const prefix = parent?.code ?? '';
  const siblings = await tx
    .select({ code: catalogueNode.code })
    .from(catalogueNode)
    .where(parent ? eq(catalogueNode.parentId, parent.id) : isNull(catalogueNode.parentId));
  let next = siblings.length + 1;
  for (const { code } of siblings) {
    if (code.startsWith(prefix) && /^\d+$/.test(code.slice(prefix.length))) {
      next = Math.max(next, Number(code.slice(prefix.length)) + 1);
    }
  }
  for (let attempt = 0; attempt < 1000; attempt++, next++) {
    const candidate = `${prefix}${String(next).padStart(2, '0')}`;
    if (candidate.length > 40) break;
    const [taken] = await tx
      .select({ id: catalogueNode.id })
      .from(catalogueNode)
      .where(sql`lower(${catalogueNode.code}) = ${candidate.toLowerCase()}`);
    if (!taken) return candidate;
  }
  return `N${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}

async function nextSortOrder(tx: DbOrTx, parentId: string | null): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number | null>`max(${catalogueNode.sortOrder})` })
    .from(catalogueNode)
    .where(parentId ? eq(catalogueNode.parentId, parentId) : isNull(catalogueNode.parentId));
  return (row?.max ?? 0) + 10;
}

/** The deepest level below a node, counted from the root (the node's own when it has none). */
async function deepestBelow(tx: DbOrTx, node: CatalogueRow): Promise<number> {
  const rows = await tx
    .select({ path: catalogueNode.path })
    .from(catalogueNode)
    .where(sql`${catalogueNode.path} like ${`${node.path}%`}`);
  return Math.max(depthOf(node.path), ...rows.map((r) => depthOf(r.path)));
}

/**
 * Puts a node (and everything below it) under another parent: checks that the parent is not
 * the node or below it and that the subtree stays within MAX_DEPTH, then rewrites the paths.
 */
async function moveNode(tx: Tx, locale: Locale, node: CatalogueRow, parent: CatalogueRow | null): Promise<string> {
  const newPath = `${parent?.path ?? '/'}${node.id}/`;
  if (parent?.path.startsWith(node.path)) throw parentProblem(locale, 'cycle');
  const grows = depthOf(newPath) - depthOf(node.path);
  if ((await deepestBelow(tx, node)) + grows > MAX_DEPTH) throw parentProblem(locale, 'depth');
  await tx
    .update(catalogueNode)
    .set({ path: sql`${newPath} || substr(${catalogueNode.path}, ${node.path.length + 1})` })
    .where(sql`${catalogueNode.path} like ${`${node.path}%`}`);
  return newPath;
}

// ── categories and items ───────────────────────────────────────────────────

interface NodeFields {
  name: string;
  ticketTypes: TicketType[];
  department: string | null;
  severity: CatalogueRow['severity'];
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  calendarTime: boolean;
  returnVisitRequired: boolean;
  trade: string | null;
}

function categoryFields(name: string): NodeFields {
  return {
    name,
    ticketTypes: [],
    department: null,
    severity: null,
    responseMinutes: null,
    resolutionMinutes: null,
    calendarTime: false,
    returnVisitRequired: false,
    trade: null,
  };
}

export function itemFields(input: Omit<ItemInput, 'parentId' | 'code'>): NodeFields {
  return {
    name: input.name,
    ticketTypes: input.ticketTypes,
    department: input.department,
    severity: input.severity,
    responseMinutes: input.responseMinutes,
    resolutionMinutes: input.resolutionMinutes,
    calendarTime: input.calendarTime,
    returnVisitRequired: input.returnVisitRequired,
    trade: input.trade ?? null,
  };
}

/** Inserts a node below a parent (checked by the caller) with a generated or given code. */
export async function insertNode(
  tx: Tx,
  parent: CatalogueRow | null,
  kind: CatalogueRow['kind'],
  fields: NodeFields,
  options: { code?: string; sortOrder?: number; active?: boolean; now: Date },
): Promise<CatalogueRow> {
  const id = randomUUID();
  const keys = nameKeys(fields.name);
  const [row] = await tx
    .insert(catalogueNode)
    .values({
      id,
      parentId: parent?.id ?? null,
      kind,
      code: options.code ?? (await nextCode(tx, parent)),
      path: `${parent?.path ?? '/'}${id}/`,
      sortOrder: options.sortOrder ?? (await nextSortOrder(tx, parent?.id ?? null)),
      namePinyin: keys.pinyin,
      nameInitials: keys.initials,
      active: options.active ?? true,
      createdAt: options.now,
      updatedAt: options.now,
      ...fields,
    })
    .returning();
  if (!row) throw new Error('insert catalogue node returned nothing');
  return row;
}

async function checkItemCodes(db: DbOrTx, locale: Locale, input: { department: string; trade?: string | null }) {
  await requireDictionaryCode(db, locale, 'handling_department', 'department', input.department);
  if (input.trade) await requireDictionaryCode(db, locale, 'trade', 'trade', input.trade);
}

async function createNode(
  deps: Deps,
  ctx: AuthedContext,
  kind: CatalogueRow['kind'],
  input: { parentId?: string | null; code?: string; name: string },
  fields: NodeFields,
): Promise<CatalogueNodeDto> {
  requireGroupScope(ctx.actor.scope);
  return write(deps, ctx, async (tx, audit) => {
    await lockCatalogue(tx);
    const parent = await resolveParent(tx, ctx.locale, input.parentId);
    if (parent && depthOf(parent.path) + 1 > (kind === 'category' ? MAX_DEPTH - 1 : MAX_DEPTH)) {
      throw parentProblem(ctx.locale, 'depth');
    }
    if (input.code) await requireFreeCode(tx, ctx.locale, input.code);
    await requireFreeName(tx, ctx.locale, parent?.id ?? null, input.name);
    const row = await insertNode(tx, parent, kind, fields, { code: input.code, now: deps.clock() });
    audit.record({
      action: 'catalogue.create',
      entityType: 'catalogue_node',
      entityId: row.id,
      summary: `投诉问题标准库新增${kind === 'category' ? '分类' : '问题'}「${row.name}」（${row.code}）`,
      after: row,
    });
    return describe(tx, row);
  });
}

async function updateNode(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  kind: CatalogueRow['kind'],
  input: { parentId?: string | null; code?: string; name: string },
  fields: NodeFields,
): Promise<CatalogueNodeDto> {
  requireGroupScope(ctx.actor.scope);
  return write(deps, ctx, async (tx, audit) => {
    await lockCatalogue(tx);
    const before = await requireNode(tx, id, kind);
    // Omitted: stays where it is; null: the top level.
    const parentId = input.parentId === undefined ? before.parentId : input.parentId;
    const moving = parentId !== before.parentId;
    const parent = moving ? await resolveParent(tx, ctx.locale, parentId) : null;
    const code = input.code ?? before.code;
    if (code !== before.code) await requireFreeCode(tx, ctx.locale, code, id);
    if (moving || input.name !== before.name) await requireFreeName(tx, ctx.locale, parentId, input.name, id);
    const keys = nameKeys(input.name);
    const changes: Partial<CatalogueRow> = {
      ...fields,
      code,
      namePinyin: keys.pinyin,
      nameInitials: keys.initials,
      updatedAt: deps.clock(),
    };
    if (moving) {
      changes.path = await moveNode(tx, ctx.locale, before, parent);
      changes.parentId = parentId;
      changes.sortOrder = await nextSortOrder(tx, parentId);
    }
    const [row] = await tx.update(catalogueNode).set(changes).where(eq(catalogueNode.id, id)).returning();
    if (!row) throw new AppError('CATALOGUE_NODE_NOT_FOUND');
    audit.record({
      action: moving ? 'catalogue.move' : 'catalogue.update',
      entityType: 'catalogue_node',
      entityId: id,
      summary: moving
        ? `投诉问题标准库移动「${row.name}」到${parent ? `「${parent.name}」下` : '顶层'}`
        : `投诉问题标准库修改「${row.name}」`,
      before,
      after: row,
    });
    return describe(tx, row);
  });
}

export function createCategory(deps: Deps, ctx: AuthedContext, input: CategoryInput) {
  return createNode(deps, ctx, 'category', input, categoryFields(input.name));
}

export function updateCategory(deps: Deps, ctx: AuthedContext, id: string, input: CategoryInput) {
  return updateNode(deps, ctx, id, 'category', input, categoryFields(input.name));
}

export async function createItem(deps: Deps, ctx: AuthedContext, input: ItemInput) {
  requireGroupScope(ctx.actor.scope);
  await checkItemCodes(deps.db, ctx.locale, input);
  return createNode(deps, ctx, 'item', input, itemFields(input));
}

export async function updateItem(deps: Deps, ctx: AuthedContext, id: string, input: ItemInput) {
  requireGroupScope(ctx.actor.scope);
  await checkItemCodes(deps.db, ctx.locale, input);
  return updateNode(deps, ctx, id, 'item', input, itemFields(input));
}

/**
 * Switches a node on or off. Switching a category off takes its whole subtree out of effect
 * without touching the children's own switches, so switching it on again restores the subtree
 * as it was (an item disabled on its own stays disabled).
 */
export async function setActive(deps: Deps, ctx: AuthedContext, id: string, active: boolean) {
  requireGroupScope(ctx.actor.scope);
  return write(deps, ctx, async (tx, audit) => {
    await lockCatalogue(tx);
    const before = await requireNode(tx, id);
    const [row] = await tx
      .update(catalogueNode)
      .set({ active, updatedAt: deps.clock() })
      .where(eq(catalogueNode.id, id))
      .returning();
    if (!row) throw new AppError('CATALOGUE_NODE_NOT_FOUND');
    audit.record({
      action: active ? 'catalogue.enable' : 'catalogue.disable',
      entityType: 'catalogue_node',
      entityId: id,
      summary: `投诉问题标准库${active ? '启用' : '停用'}「${row.name}」`,
      before: { active: before.active },
      after: { active },
    });
    return describe(tx, row);
  });
}

/**
 * Deletes a node nothing refers to. No ticket refers to an item yet; a category with anything
 * below it is refused (409) — empty it first, or disable it.
 */
export async function deleteNode(deps: Deps, ctx: AuthedContext, id: string): Promise<void> {
  requireGroupScope(ctx.actor.scope);
  await write(deps, ctx, async (tx, audit) => {
    await lockCatalogue(tx);
    const before = await requireNode(tx, id);
    const [child] = await tx
      .select({ id: catalogueNode.id })
      .from(catalogueNode)
      .where(eq(catalogueNode.parentId, id))
      .limit(1);
    if (child) throw new AppError('CATALOGUE_HAS_CHILDREN', { name: before.name });
    await tx.delete(catalogueNode).where(eq(catalogueNode.id, id));
    audit.record({
      action: 'catalogue.delete',
      entityType: 'catalogue_node',
      entityId: id,
      summary: `投诉问题标准库删除「${before.name}」（${before.code}）`,
      before,
    });
  });
}

/** Orders the children of one parent: every child, each once, in the new order. */
export async function reorder(
  deps: Deps,
  ctx: AuthedContext,
  input: { parentId: string | null; ids: string[] },
): Promise<CatalogueNodeDto[]> {
  requireGroupScope(ctx.actor.scope);
  return write(deps, ctx, async (tx, audit) => {
    await lockCatalogue(tx);
    const parent = await resolveParent(tx, ctx.locale, input.parentId);
    const children = await tx
      .select()
      .from(catalogueNode)
      .where(parent ? eq(catalogueNode.parentId, parent.id) : isNull(catalogueNode.parentId));
    const expected = new Set(children.map((c) => c.id));
    const given = new Set(input.ids);
    if (given.size !== input.ids.length || given.size !== expected.size || input.ids.some((i) => !expected.has(i))) {
      throw new AppError('CATALOGUE_REORDER_MISMATCH', { count: expected.size });
    }
    const now = deps.clock();
    const rows: CatalogueRow[] = [];
    for (const [index, id] of input.ids.entries()) {
      const [row] = await tx
        .update(catalogueNode)
        .set({ sortOrder: (index + 1) * 10, updatedAt: now })
        .where(eq(catalogueNode.id, id))
        .returning();
      if (row) rows.push(row);
    }
    audit.record({
      action: 'catalogue.reorder',
      entityType: 'catalogue_node',
      entityId: parent?.id ?? null,
      summary: `投诉问题标准库调整「${parent?.name ?? '顶层'}」下的顺序`,
      before: children.sort((x, y) => x.sortOrder - y.sortOrder).map((c) => c.name),
      after: rows.map((r) => r.name),
    });
    return Promise.all(rows.map((r) => describe(tx, r)));
  });
}

// ── export ─────────────────────────────────────────────────────────────────

export interface ExportRow {
  /** The categories above the item, top first; for an empty category, the category itself too. */
  categories: string[];
  /** Null for a category with nothing below it, so that an export imported again recreates it. */
  item: CatalogueRow | null;
}

/** Every item with the names of the categories above it, in tree order (the import's columns). */
export async function exportRows(deps: Deps): Promise<ExportRow[]> {
  const rows = await allRows(deps.db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: ExportRow[] = [];
  const walk = (node: CatalogueTreeNode, above: string[]) => {
    const row = byId.get(node.id);
    if (!row) return;
    if (row.kind === 'item') {
      out.push({ categories: above, item: row });
      return;
    }
    const path = [...above, row.name];
    if (node.children.length === 0) out.push({ categories: path, item: null });
    for (const child of node.children) walk(child, path);
  };
  for (const root of buildTree(rows, false)) walk(root, []);
  return out;
}
