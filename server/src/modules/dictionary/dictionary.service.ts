import { and, asc, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requireGroupScope } from '../../platform/scope.js';
import { dictionary, dictionaryItem } from './dictionary.table.js';

type DictionaryRow = typeof dictionary.$inferSelect;
type ItemRow = typeof dictionaryItem.$inferSelect;

function present(row: DictionaryRow, itemCount: number) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    description: row.description,
    builtin: row.builtin,
    itemCount,
  };
}

function presentItem(row: ItemRow) {
  return {
    id: row.id,
    dictionaryId: row.dictionaryId,
    code: row.code,
    label: row.label,
    labelEn: row.labelEn,
    sortOrder: row.sortOrder,
    active: row.active,
  };
}

export async function listDictionaries(deps: Deps) {
  const [rows, counts] = await Promise.all([
    deps.db.select().from(dictionary).orderBy(asc(dictionary.code)),
    deps.db
      .select({ id: dictionaryItem.dictionaryId, n: count() })
      .from(dictionaryItem)
      .groupBy(dictionaryItem.dictionaryId),
  ]);
  const byId = new Map(counts.map((c) => [c.id, c.n]));
  return rows.map((r) => present(r, byId.get(r.id) ?? 0));
}

async function byCode(db: DbOrTx, code: string): Promise<DictionaryRow> {
  const [row] = await db.select().from(dictionary).where(eq(dictionary.code, code));
  if (!row) throw new AppError('DICTIONARY_NOT_FOUND');
  return row;
}

async function byId(db: DbOrTx, id: string): Promise<DictionaryRow> {
  const [row] = await db.select().from(dictionary).where(eq(dictionary.id, id));
  if (!row) throw new AppError('DICTIONARY_NOT_FOUND');
  return row;
}

export async function listItems(deps: Deps, code: string, includeInactive: boolean) {
  const dict = await byCode(deps.db, code);
  const rows = await deps.db
    .select()
    .from(dictionaryItem)
    .where(
      includeInactive
        ? eq(dictionaryItem.dictionaryId, dict.id)
        : and(eq(dictionaryItem.dictionaryId, dict.id), eq(dictionaryItem.active, true)),
    )
    .orderBy(asc(dictionaryItem.sortOrder), asc(dictionaryItem.code));
  return rows.map(presentItem);
}

/**
 * One item of a dictionary by their codes, for other modules that store a dictionary code
 * (a contact's relation, an event's category): the dictionary's name, and the item or null.
 */
export async function findDictionaryItem(db: DbOrTx, dictionaryCode: string, itemCode: string) {
  const [row] = await db
    .select({ name: dictionary.name, nameEn: dictionary.nameEn, item: dictionaryItem })
    .from(dictionary)
    .leftJoin(dictionaryItem, and(eq(dictionaryItem.dictionaryId, dictionary.id), eq(dictionaryItem.code, itemCode)))
    .where(eq(dictionary.code, dictionaryCode));
  return { name: row?.name ?? dictionaryCode, nameEn: row?.nameEn ?? null, item: row?.item ?? null };
}

/** Every item of every dictionary, grouped by dictionary, for the Excel export. */
export async function exportDictionaryItems(deps: Deps) {
  return deps.db
    .select({
      dictionaryCode: dictionary.code,
      dictionaryName: dictionary.name,
      code: dictionaryItem.code,
      label: dictionaryItem.label,
      labelEn: dictionaryItem.labelEn,
      sortOrder: dictionaryItem.sortOrder,
      active: dictionaryItem.active,
    })
    .from(dictionaryItem)
    .innerJoin(dictionary, eq(dictionary.id, dictionaryItem.dictionaryId))
    .orderBy(asc(dictionary.code), asc(dictionaryItem.sortOrder), asc(dictionaryItem.code));
}

type DictionaryInput = { code: string; name: string; nameEn?: string | null; description?: string | null };

export async function createDictionary(deps: Deps, ctx: AuthedContext, input: DictionaryInput) {
  requireGroupScope(ctx.actor.scope);
  const existing = await deps.db.select({ id: dictionary.id }).from(dictionary).where(eq(dictionary.code, input.code));
  if (existing.length) throw new AppError('CODE_TAKEN', { code: input.code });
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(dictionary)
      .values({
        code: input.code,
        name: input.name,
        nameEn: input.nameEn ?? null,
        description: input.description ?? null,
      })
      .returning();
    if (!row) throw new Error('insert dictionary returned nothing');
    audit.record({
      action: 'dictionary.create',
      entityType: 'dictionary',
      entityId: row.id,
      summary: `新建字典「${row.name}」`,
      after: row,
    });
    return present(row, 0);
  });
}

export async function updateDictionary(deps: Deps, ctx: AuthedContext, id: string, input: DictionaryInput) {
  requireGroupScope(ctx.actor.scope);
  const before = await byId(deps.db, id);
  const code = before.builtin ? before.code : input.code;
  const clash = await deps.db.select({ id: dictionary.id }).from(dictionary).where(eq(dictionary.code, code));
  if (clash.some((c) => c.id !== id)) throw new AppError('CODE_TAKEN', { code });
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(dictionary)
      .set({
        code,
        name: input.name,
        nameEn: input.nameEn ?? null,
        description: input.description ?? null,
        updatedAt: deps.clock(),
      })
      .where(eq(dictionary.id, id))
      .returning();
    if (!row) throw new AppError('DICTIONARY_NOT_FOUND');
    audit.record({
      action: 'dictionary.update',
      entityType: 'dictionary',
      entityId: id,
      summary: `修改字典「${row.name}」`,
      before,
      after: row,
    });
    const [n] = await tx.select({ n: count() }).from(dictionaryItem).where(eq(dictionaryItem.dictionaryId, id));
    return present(row, n?.n ?? 0);
  });
}

export async function deleteDictionary(deps: Deps, ctx: AuthedContext, id: string) {
  requireGroupScope(ctx.actor.scope);
  const before = await byId(deps.db, id);
  if (before.builtin) throw new AppError('DICTIONARY_BUILTIN');
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(dictionary).where(eq(dictionary.id, id));
    audit.record({
      action: 'dictionary.delete',
      entityType: 'dictionary',
      entityId: id,
      summary: `删除字典「${before.name}」`,
      before,
    });
  });
}

type ItemInput = { code: string; label: string; labelEn?: string | null; sortOrder: number; active: boolean };

async function itemCodeTaken(db: DbOrTx, dictionaryId: string, code: string, exceptId?: string) {
  const rows = await db
    .select({ id: dictionaryItem.id })
    .from(dictionaryItem)
    .where(and(eq(dictionaryItem.dictionaryId, dictionaryId), eq(dictionaryItem.code, code)));
  return rows.some((r) => r.id !== exceptId);
}

export async function createItem(deps: Deps, ctx: AuthedContext, dictionaryId: string, input: ItemInput) {
  requireGroupScope(ctx.actor.scope);
  const dict = await byId(deps.db, dictionaryId);
  if (await itemCodeTaken(deps.db, dict.id, input.code)) throw new AppError('CODE_TAKEN', { code: input.code });
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(dictionaryItem)
      .values({ dictionaryId: dict.id, ...input, labelEn: input.labelEn ?? null })
      .returning();
    if (!row) throw new Error('insert dictionary item returned nothing');
    audit.record({
      action: 'dictionary.item_create',
      entityType: 'dictionary_item',
      entityId: row.id,
      summary: `字典「${dict.name}」新增「${row.label}」`,
      after: row,
    });
    return presentItem(row);
  });
}

export async function updateItem(
  deps: Deps,
  ctx: AuthedContext,
  dictionaryId: string,
  itemId: string,
  input: ItemInput,
) {
  requireGroupScope(ctx.actor.scope);
  const dict = await byId(deps.db, dictionaryId);
  const [before] = await deps.db
    .select()
    .from(dictionaryItem)
    .where(and(eq(dictionaryItem.id, itemId), eq(dictionaryItem.dictionaryId, dict.id)));
  if (!before) throw new AppError('DICTIONARY_ITEM_NOT_FOUND');
  if (await itemCodeTaken(deps.db, dict.id, input.code, itemId)) throw new AppError('CODE_TAKEN', { code: input.code });
  return write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(dictionaryItem)
      .set({ ...input, labelEn: input.labelEn ?? null, updatedAt: deps.clock() })
      .where(eq(dictionaryItem.id, itemId))
      .returning();
    if (!row) throw new AppError('DICTIONARY_ITEM_NOT_FOUND');
    audit.record({
      action: 'dictionary.item_update',
      entityType: 'dictionary_item',
      entityId: itemId,
      summary: `字典「${dict.name}」修改「${row.label}」`,
      before,
      after: row,
    });
    return presentItem(row);
  });
}

export async function deleteItem(deps: Deps, ctx: AuthedContext, dictionaryId: string, itemId: string) {
  requireGroupScope(ctx.actor.scope);
  const dict = await byId(deps.db, dictionaryId);
  const [before] = await deps.db
    .select()
    .from(dictionaryItem)
    .where(and(eq(dictionaryItem.id, itemId), eq(dictionaryItem.dictionaryId, dict.id)));
  if (!before) throw new AppError('DICTIONARY_ITEM_NOT_FOUND');
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(dictionaryItem).where(eq(dictionaryItem.id, itemId));
    audit.record({
      action: 'dictionary.item_delete',
      entityType: 'dictionary_item',
      entityId: itemId,
      summary: `字典「${dict.name}」删除「${before.label}」`,
      before,
    });
  });
}
