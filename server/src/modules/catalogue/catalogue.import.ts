// Importing the catalogue from a spreadsheet (XLSX or CSV): one synchronous request, all or
// nothing. Rows are read (header found under title rows), parsed alone, then decided against the
// catalogue as it is — upsert by code, else by category path + name — and written in one
// transaction only when every row is good.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Locale } from '../../platform/locale.js';
import { requireGroupScope } from '../../platform/scope.js';
import { nameKeys } from '../customer/customer.names.js';
import { dictionary, dictionaryItem } from '../dictionary/dictionary.table.js';
import { detectHeaderRow, HEADER_SEARCH_ROWS, normaliseHeader } from '../import/import.fields.js';
import { isBlank, readRows, type SheetFormat, type SheetRow } from '../import/import.reader.js';
import { text } from '../import/import.values.js';
import { parseSeverity, parseTicketTypes, parseYesNo } from './catalogue.labels.js';
import type { ImportResult } from './catalogue.schema.js';
import { MAX_LIMIT_MINUTES } from './catalogue.schema.js';
import { type CatalogueRow, lockCatalogue, MAX_DEPTH } from './catalogue.service.js';
import { catalogueNode, type Severity, type TicketType } from './catalogue.table.js';

/** Catalogues are small; a file larger than this is a mistake (or someone else's ticket list). */
export const IMPORT_MAX_ROWS = 5000;

export const catalogueColumns = [
  'level1',
  'level2',
  'name',
  'code',
  'types',
  'department',
  'severity',
  'response',
  'resolution',
  'returnVisit',
  'trade',
  'calendarTime',
  'status',
] as const;
export type CatalogueColumn = (typeof catalogueColumns)[number];

/** Header texts, compared after normaliseHeader (brackets with units, spaces, colons dropped). */
const columnAliases: Record<CatalogueColumn, readonly string[]> = {
  level1: ['一级分类', '一级类别', '问题大类', '大类', '分类', '类别', 'category', 'level1'],
  level2: ['二级分类', '二级类别', '问题小类', '小类', '子分类', 'subcategory', 'level2'],
  name: ['问题名称', '标准问题', '问题', '问题项', '名称', 'item', 'name'],
  code: ['编码', '问题编码', '编号', '代码', 'code'],
  types: ['适用类型', '工单类型', '业务类型', '类型', 'tickettypes', 'types'],
  department: ['处理部门', '责任部门', '部门', 'department'],
  severity: ['紧急程度', '严重程度', '紧急度', '优先级', 'severity'],
  response: ['响应时限', '响应时间', 'response', 'responsetime'],
  resolution: ['处理时限', '解决时限', '完成时限', '处理时间', 'resolution', 'resolutiontime'],
  returnVisit: ['是否回访', '需要回访', '回访', 'returnvisit'],
  trade: ['专业', '所属专业', '工程专业', 'trade'],
  calendarTime: ['是否按自然时间', '按自然时间', '自然时间', '是否自然时间', 'calendartime'],
  status: ['状态', '是否启用', '启用', 'status', 'active'],
};

const aliasIndex = new Map<string, CatalogueColumn>();
for (const column of catalogueColumns) {
  for (const alias of columnAliases[column]) aliasIndex.set(normaliseHeader(alias), column);
}

function columnFor(header: string): CatalogueColumn | undefined {
  const key = normaliseHeader(header);
  return key ? aliasIndex.get(key) : undefined;
}

type Unit = 'minutes' | 'hours';
interface Columns {
  index: Partial<Record<CatalogueColumn, number>>;
  /** 响应时限（小时） is in hours; （分钟） in minutes. */
  units: { response: Unit; resolution: Unit };
}

function unitOf(header: string): Unit {
  return /分钟|min/i.test(header) ? 'minutes' : 'hours';
}

/** As for rooms (import.fields.ts): the top row naming the most known columns, at least two. */
export function detectColumns(rows: readonly (readonly string[])[]): { headerIndex: number; columns: Columns } | null {
  const best = detectHeaderRow(rows, columnFor);
  const headers = rows[best];
  if (!headers) return null;
  const columns: Columns = { index: {}, units: { response: 'hours', resolution: 'hours' } };
  headers.forEach((header, i) => {
    const column = columnFor(header);
    if (!column || columns.index[column] !== undefined) return;
    columns.index[column] = i;
    if (column === 'response' || column === 'resolution') columns.units[column] = unitOf(header);
  });
  return { headerIndex: best, columns };
}

// ── reading and parsing ────────────────────────────────────────────────────

export interface DictionaryIndex {
  department: Map<string, string>;
  trade: Map<string, string>;
}

/** Active items of 处理部门 and 专业, found by code, Chinese label or English label. */
async function dictionaryIndex(db: Deps['db']): Promise<DictionaryIndex> {
  const rows = await db
    .select({
      dictionary: dictionary.code,
      code: dictionaryItem.code,
      label: dictionaryItem.label,
      labelEn: dictionaryItem.labelEn,
    })
    .from(dictionaryItem)
    .innerJoin(dictionary, eq(dictionary.id, dictionaryItem.dictionaryId))
    .where(and(inArray(dictionary.code, ['handling_department', 'trade']), eq(dictionaryItem.active, true)));
  const index: DictionaryIndex = { department: new Map(), trade: new Map() };
  for (const r of rows) {
    const map = r.dictionary === 'trade' ? index.trade : index.department;
    for (const key of [r.code, r.label, r.labelEn]) if (key) map.set(key.toLowerCase(), r.code);
  }
  return index;
}

export interface ParsedRow {
  row: number;
  categories: string[];
  name: string | null;
  code: string | null;
  types?: TicketType[];
  department?: string;
  severity?: Severity;
  responseMinutes?: number;
  resolutionMinutes?: number;
  returnVisitRequired?: boolean;
  /** Undefined: not given (kept); null: cleared with 无. */
  trade?: string | null;
  calendarTime?: boolean;
  active?: boolean;
}

export interface Rejection {
  row: number;
  name: string | null;
  reason: string;
}

const say = (locale: Locale, zh: string, en: string) => (locale === 'zh-CN' ? zh : en);

/** 2 / "2小时" / "30分钟" / "3天" (a day: 8 business hours, or 24 hours in calendar time). */
function parseLimit(raw: string, unit: Unit, calendarTime: boolean): number | null {
  const m =
    /^(\d+(?:\.\d+)?)\s*(小时|个小时|h|hr|hrs|hours?|分钟|分|min|mins|minutes?|天|日|个工作日|工作日|d|days?)?$/i.exec(
      raw.replace(/\s+/g, ''),
    );
  if (!m) return null;
  const value = Number(m[1]);
  const word = (m[2] ?? '').toLowerCase();
  let minutes: number;
  if (/^(分钟|分|min|mins|minutes?)$/.test(word)) minutes = value;
  else if (/^(天|日|个工作日|工作日|d|days?)$/.test(word)) minutes = value * (calendarTime ? 24 : 8) * 60;
  else if (word) minutes = value * 60;
  else minutes = unit === 'minutes' ? value : value * 60;
  return Math.round(minutes);
}

const NAME_MAX = 40;
const CODE_PATTERN = /^[A-Za-z0-9._-]{1,40}$/;

/** One data row alone: its cells read, checked and turned into codes; reasons for what is wrong. */
export function parseRow(
  sheetRow: SheetRow,
  columns: Columns,
  dictionaries: DictionaryIndex,
  locale: Locale,
): { parsed: ParsedRow } | { rejection: Rejection } {
  const cell = (column: CatalogueColumn): string | null => {
    const i = columns.index[column];
    return i === undefined ? null : text(sheetRow.cells[i] ?? null);
  };
  const reasons: string[] = [];
  const name = cell('name');
  const level1 = cell('level1');
  const categories = [level1, ...(cell('level2')?.split(/\s*[›>]\s*/) ?? [])]
    .map((c) => c?.trim() ?? '')
    .filter(Boolean);
  if (!level1) reasons.push(say(locale, '一级分类不能为空', 'the first-level category is empty'));
  for (const n of [...categories, ...(name ? [name] : [])]) {
    if (n.length > NAME_MAX)
      reasons.push(say(locale, `“${n}”超过 ${NAME_MAX} 个字`, `"${n}" is longer than ${NAME_MAX}`));
  }
  if (categories.length + (name ? 1 : 0) > MAX_DEPTH) {
    reasons.push(say(locale, `分类最多 ${MAX_DEPTH - 1} 级`, `categories are at most ${MAX_DEPTH - 1} levels deep`));
  }
  const parsed: ParsedRow = { row: sheetRow.row, categories, name, code: null };

  const code = cell('code');
  if (code) {
    if (CODE_PATTERN.test(code)) parsed.code = code;
    else
      reasons.push(
        say(locale, `编码“${code}”格式不正确（字母、数字、点、下划线或连字符）`, `the code "${code}" is malformed`),
      );
  }
  const types = cell('types');
  if (types) {
    const result = parseTicketTypes(types);
    if ('unknown' in result) {
      reasons.push(
        say(
          locale,
          `适用类型“${result.unknown}”无法识别（可填 投诉、报修、咨询、建议、查询、表扬）`,
          `ticket type "${result.unknown}" is unknown (complaint, repair, consultation, suggestion, query, praise)`,
        ),
      );
    } else if (result.types.length) parsed.types = result.types;
  }
  const department = cell('department');
  if (department) {
    const found = dictionaries.department.get(department.toLowerCase());
    if (found) parsed.department = found;
    else
      reasons.push(
        say(
          locale,
          `处理部门“${department}”不在数据字典“处理部门”中`,
          `department "${department}" is not in the dictionary`,
        ),
      );
  }
  const trade = cell('trade');
  if (trade) {
    if (['无', '-', '—', 'none'].includes(trade.toLowerCase())) parsed.trade = null;
    else {
      const found = dictionaries.trade.get(trade.toLowerCase());
      if (found) parsed.trade = found;
      else reasons.push(say(locale, `专业“${trade}”不在数据字典“专业”中`, `trade "${trade}" is not in the dictionary`));
    }
  }
  const severity = cell('severity');
  if (severity) {
    const found = parseSeverity(severity);
    if (found) parsed.severity = found;
    else
      reasons.push(
        say(
          locale,
          `紧急程度“${severity}”无法识别（可填 一般、较急、紧急、特急）`,
          `severity "${severity}" is unknown (low, normal, high, urgent)`,
        ),
      );
  }
  const yesNoCell = (column: 'returnVisit' | 'calendarTime' | 'status', zh: string, en: string) => {
    const value = cell(column);
    if (!value) return undefined;
    const parsedValue = column === 'status' ? parseStatus(value) : parseYesNo(value);
    if (parsedValue === undefined) {
      reasons.push(
        say(
          locale,
          `${zh}“${value}”无法识别（可填 ${column === 'status' ? '启用、停用' : '是、否'}）`,
          `${en} "${value}" is not ${column === 'status' ? 'active/inactive' : 'yes/no'}`,
        ),
      );
    }
    return parsedValue;
  };
  parsed.returnVisitRequired = yesNoCell('returnVisit', '是否回访', 'return visit');
  parsed.calendarTime = yesNoCell('calendarTime', '是否按自然时间', 'calendar time');
  parsed.active = yesNoCell('status', '状态', 'status');
  for (const [column, key, zh, en] of [
    ['response', 'responseMinutes', '响应时限', 'response limit'],
    ['resolution', 'resolutionMinutes', '处理时限', 'resolution limit'],
  ] as const) {
    const value = cell(column);
    if (!value) continue;
    const minutes = parseLimit(value, columns.units[column], parsed.calendarTime ?? false);
    if (minutes === null || minutes < 1 || minutes > MAX_LIMIT_MINUTES) {
      reasons.push(
        say(
          locale,
          `${zh}“${value}”须为大于 0、不超过一年的时长（如 2 或 0.5）`,
          `${en} "${value}" must be a positive duration up to a year`,
        ),
      );
    } else parsed[key] = minutes;
  }
  if (parsed.responseMinutes && parsed.resolutionMinutes && parsed.resolutionMinutes < parsed.responseMinutes) {
    reasons.push(say(locale, '处理时限不能短于响应时限', 'the resolution limit is shorter than the response limit'));
  }
  if (!name && (code || types || department || parsed.responseMinutes || parsed.resolutionMinutes)) {
    reasons.push(say(locale, '问题名称不能为空', 'the item name is empty'));
  }
  if (reasons.length) return { rejection: { row: sheetRow.row, name: name ?? level1, reason: reasons.join('；') } };
  return { parsed };
}

function parseStatus(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['启用', '有效', '正常', 'active', 'enabled'].includes(v)) return true;
  if (['停用', '禁用', '无效', 'inactive', 'disabled'].includes(v)) return false;
  return parseYesNo(value);
}

/** Reads the file: the header (under any title rows), then at most IMPORT_MAX_ROWS data rows. */
export async function readCatalogueSheet(path: string, format: SheetFormat) {
  const top: SheetRow[] = [];
  const data: SheetRow[] = [];
  let columns: Columns | undefined;
  const settle = (): Columns => {
    const found = detectColumns(top.map((r) => r.cells.map((c) => text(c) ?? '')));
    if (!found) throw new AppError('CATALOGUE_IMPORT_NO_HEADER');
    const headerRow = top[found.headerIndex]?.row ?? 0;
    for (const r of top) if (r.row > headerRow && !isBlank(r)) data.push(r);
    return found.columns;
  };
  const tooMany = () => new AppError('CATALOGUE_IMPORT_TOO_MANY_ROWS', { max: IMPORT_MAX_ROWS });
  for await (const row of readRows(path, format)) {
    if (!columns) {
      top.push(row);
      if (top.length >= HEADER_SEARCH_ROWS) columns = settle();
    } else if (!isBlank(row)) data.push(row);
    if (data.length > IMPORT_MAX_ROWS) throw tooMany();
  }
  columns ??= settle();
  if (data.length > IMPORT_MAX_ROWS) throw tooMany();
  return { columns, rows: data };
}

function requireColumns(columns: Columns, locale: Locale): void {
  const missing: string[] = [];
  if (columns.index.level1 === undefined) missing.push(say(locale, '一级分类', 'first-level category'));
  if (columns.index.name === undefined) missing.push(say(locale, '问题名称', 'item name'));
  if (missing.length)
    throw new AppError('CATALOGUE_IMPORT_COLUMNS_MISSING', { columns: missing.join(say(locale, '、', ', ')) });
}

// ── deciding against the catalogue ─────────────────────────────────────────

interface PlannedCategory {
  key: string;
  parentKey: string | null;
  name: string;
}

interface ItemValues {
  name: string;
  ticketTypes: TicketType[];
  department: string;
  severity: Severity;
  responseMinutes: number;
  resolutionMinutes: number;
  calendarTime: boolean;
  returnVisitRequired: boolean;
  trade: string | null;
  active: boolean;
}

interface PlannedItem {
  row: number;
  /** An existing item to update, or none to create. */
  existing: CatalogueRow | null;
  /** Existing category id, or the key of a planned one. */
  parentKey: string;
  code: string | null;
  values: ItemValues;
}

export interface Plan {
  categories: PlannedCategory[];
  creates: PlannedItem[];
  updates: PlannedItem[];
  unchanged: number;
  rejected: Rejection[];
}

/**
 * Decides every parsed row against the catalogue's rows: which categories to add, which items
 * to create, which to change (and which are already as the file says). Pure, so that the check
 * before the transaction and the one inside it agree.
 */
export function decide(parsedRows: ParsedRow[], existing: CatalogueRow[], locale: Locale): Plan {
  const plan: Plan = { categories: [], creates: [], updates: [], unchanged: 0, rejected: [] };
  const byId = new Map(existing.map((r) => [r.id, r]));
  const byCode = new Map(existing.map((r) => [r.code.toLowerCase(), r]));
  // (parent key, name) → node key; parent key '' for the top level. Keys are ids of existing
  // nodes or `new:` keys of planned categories.
  const childKey = (parent: string | null, name: string) => `${parent ?? ''}\u0000${name}`;
  const byName = new Map<string, { key: string; kind: CatalogueRow['kind'] }>();
  for (const r of existing) byName.set(childKey(r.parentId, r.name), { key: r.id, kind: r.kind });
  const plannedDepth = new Map<string, number>();
  const depthOfKey = (key: string) =>
    plannedDepth.get(key) ?? byId.get(key)?.path.split('/').filter(Boolean).length ?? 0;
  /** Item key (id or new key) → the row that set it first. */
  const claimed = new Map<string, number>();
  const codesClaimed = new Map<string, number>();

  for (const p of parsedRows) {
    const reject = (reason: string) =>
      plan.rejected.push({ row: p.row, name: p.name ?? p.categories[0] ?? null, reason });
    // The categories, found by name or planned.
    let parentKey: string | null = null;
    let blocked: string | null = null;
    const newHere: PlannedCategory[] = [];
    for (const name of p.categories) {
      const hit = byName.get(childKey(parentKey, name));
      if (hit && hit.kind === 'item') {
        blocked = say(locale, `“${name}”是一个问题，不是分类`, `"${name}" is an item, not a category`);
        break;
      }
      if (hit) {
        parentKey = hit.key;
        continue;
      }
      const key = `new:${plan.categories.length + newHere.length}`;
      newHere.push({ key, parentKey, name });
      plannedDepth.set(key, (parentKey ? depthOfKey(parentKey) : 0) + 1);
      byName.set(childKey(parentKey, name), { key, kind: 'category' });
      parentKey = key;
    }
    if (blocked) {
      for (const c of newHere) byName.delete(childKey(c.parentKey, c.name));
      reject(blocked);
      continue;
    }
    plan.categories.push(...newHere);
    if (!p.name || !parentKey) continue;

    // The item: by code, else by its place and name.
    const byItsCode = p.code ? byCode.get(p.code.toLowerCase()) : undefined;
    const atPlace = byName.get(childKey(parentKey, p.name));
    let target: CatalogueRow | null = null;
    if (byItsCode) {
      if (byItsCode.kind !== 'item') {
        reject(
          say(
            locale,
            `编码“${p.code}”属于分类“${byItsCode.name}”`,
            `the code "${p.code}" belongs to the category "${byItsCode.name}"`,
          ),
        );
        continue;
      }
      if (atPlace && atPlace.key !== byItsCode.id) {
        reject(
          say(
            locale,
            `该分类下已有“${p.name}”（编码 ${byId.get(atPlace.key)?.code ?? '新建'}），与编码“${p.code}”不是同一个问题`,
            `the category already holds "${p.name}" under another code than "${p.code}"`,
          ),
        );
        continue;
      }
      target = byItsCode;
    } else if (atPlace) {
      if (atPlace.kind !== 'item') {
        reject(say(locale, `“${p.name}”是分类，不是问题`, `"${p.name}" is a category, not an item`));
        continue;
      }
      const row = byId.get(atPlace.key);
      if (!row) {
        const earlier = claimed.get(atPlace.key);
        reject(say(locale, `与第 ${earlier} 行是同一个问题`, `the same item as row ${earlier}`));
        continue;
      }
      if (p.code && p.code.toLowerCase() !== row.code.toLowerCase()) {
        reject(
          say(
            locale,
            `该分类下已有“${p.name}”，编码为 ${row.code}，与表中编码“${p.code}”不一致`,
            `"${p.name}" exists with the code ${row.code}, not "${p.code}"`,
          ),
        );
        continue;
      }
      target = row;
    }
    const itemKey = target?.id ?? `item:${childKey(parentKey, p.name)}`;
    const earlier = claimed.get(itemKey) ?? (p.code ? codesClaimed.get(p.code.toLowerCase()) : undefined);
    if (earlier !== undefined) {
      reject(say(locale, `与第 ${earlier} 行是同一个问题`, `the same item as row ${earlier}`));
      continue;
    }
    if (depthOfKey(parentKey) + 1 > MAX_DEPTH) {
      reject(say(locale, `分类最多 ${MAX_DEPTH - 1} 级`, `categories are at most ${MAX_DEPTH - 1} levels deep`));
      continue;
    }

    const before = target;
    const values: Partial<ItemValues> = {
      name: p.name,
      ticketTypes: p.types ?? before?.ticketTypes,
      department: p.department ?? before?.department ?? undefined,
      severity: p.severity ?? before?.severity ?? 'low',
      responseMinutes: p.responseMinutes ?? before?.responseMinutes ?? undefined,
      resolutionMinutes: p.resolutionMinutes ?? before?.resolutionMinutes ?? undefined,
      calendarTime: p.calendarTime ?? before?.calendarTime ?? false,
      returnVisitRequired: p.returnVisitRequired ?? before?.returnVisitRequired ?? true,
      trade: p.trade === undefined ? (before?.trade ?? null) : p.trade,
      active: p.active ?? before?.active ?? true,
    };
    const missing: string[] = [];
    if (!values.ticketTypes?.length) missing.push(say(locale, '适用类型', 'ticket types'));
    if (!values.department) missing.push(say(locale, '处理部门', 'department'));
    if (!values.responseMinutes) missing.push(say(locale, '响应时限', 'response limit'));
    if (!values.resolutionMinutes) missing.push(say(locale, '处理时限', 'resolution limit'));
    if (missing.length) {
      reject(say(locale, `新问题须填写：${missing.join('、')}`, `a new item needs: ${missing.join(', ')}`));
      continue;
    }
    const complete = values as ItemValues;
    if (complete.resolutionMinutes < complete.responseMinutes) {
      reject(say(locale, '处理时限不能短于响应时限', 'the resolution limit is shorter than the response limit'));
      continue;
    }
    claimed.set(itemKey, p.row);
    if (p.code) codesClaimed.set(p.code.toLowerCase(), p.row);
    if (!target) {
      byName.set(childKey(parentKey, p.name), { key: itemKey, kind: 'item' });
      plan.creates.push({ row: p.row, existing: null, parentKey, code: p.code, values: complete });
      continue;
    }
    if (target.parentId !== parentKey || target.name !== p.name) {
      // A move or a rename: the old place is free, the new one taken.
      byName.delete(childKey(target.parentId, target.name));
      byName.set(childKey(parentKey, p.name), { key: target.id, kind: 'item' });
    }
    if (sameItem(target, parentKey, complete)) plan.unchanged++;
    else plan.updates.push({ row: p.row, existing: target, parentKey, code: p.code, values: complete });
  }
  plan.rejected.sort((a, b) => a.row - b.row);
  return plan;
}

function sameItem(row: CatalogueRow, parentKey: string, v: ItemValues): boolean {
  return (
    row.parentId === parentKey &&
    row.name === v.name &&
    [...row.ticketTypes].sort().join() === [...v.ticketTypes].sort().join() &&
    row.department === v.department &&
    row.severity === v.severity &&
    row.responseMinutes === v.responseMinutes &&
    row.resolutionMinutes === v.resolutionMinutes &&
    row.calendarTime === v.calendarTime &&
    row.returnVisitRequired === v.returnVisitRequired &&
    row.trade === v.trade &&
    row.active === v.active
  );
}

// ── writing ────────────────────────────────────────────────────────────────

/** Codes and sort orders handed out while applying a plan, without asking the database each time. */
class Allocator {
  private readonly used: Set<string>;
  private readonly childCodes = new Map<string | null, string[]>();
  private readonly maxSort = new Map<string | null, number>();
  constructor(rows: CatalogueRow[]) {
    this.used = new Set(rows.map((r) => r.code.toLowerCase()));
    for (const r of rows) this.add(r.parentId, r.code, r.sortOrder);
  }
  add(parentId: string | null, code: string, sortOrder: number) {
    this.used.add(code.toLowerCase());
    this.childCodes.set(parentId, [...(this.childCodes.get(parentId) ?? []), code]);
    this.maxSort.set(parentId, Math.max(this.maxSort.get(parentId) ?? 0, sortOrder));
  }
  /** Codes the file gives to new items: generated codes must not take them. */
  reserve(code: string) {
    this.used.add(code.toLowerCase());
  }
  sortOrder(parentId: string | null): number {
    return (this.maxSort.get(parentId) ?? 0) + 10;
  }
  code(parentId: string | null, parentCode: string): string {
    const siblings = this.childCodes.get(parentId) ?? [];
    let next = siblings.length + 1;
    for (const c of siblings) {
      const rest = c.slice(parentCode.length);
      if (c.startsWith(parentCode) && /^\d+$/.test(rest)) next = Math.max(next, Number(rest) + 1);
    }
    for (;;) {
      const candidate = `${parentCode}${String(next).padStart(2, '0')}`;
      if (candidate.length > 40) return `N${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
      if (!this.used.has(candidate.toLowerCase())) return candidate;
      next++;
    }
  }
}

async function applyPlan(tx: Tx, plan: Plan, rows: CatalogueRow[], now: Date) {
  const alloc = new Allocator(rows);
  const nodes = new Map(rows.map((r) => [r.id, r]));
  const resolved = new Map<string, CatalogueRow>();
  const node = (key: string | null): CatalogueRow | null =>
    key ? (resolved.get(key) ?? nodes.get(key) ?? null) : null;
  const insert = async (
    parent: CatalogueRow | null,
    kind: CatalogueRow['kind'],
    values: Partial<CatalogueRow> & { name: string },
    code: string | null,
  ) => {
    const id = randomUUID();
    const keys = nameKeys(values.name);
    const parentId = parent?.id ?? null;
    const sortOrder = alloc.sortOrder(parentId);
    const finalCode = code ?? alloc.code(parentId, parent?.code ?? '');
    alloc.add(parentId, finalCode, sortOrder);
    const [row] = await tx
      .insert(catalogueNode)
      .values({
        ...values,
        id,
        parentId,
        kind,
        code: finalCode,
        path: `${parent?.path ?? '/'}${id}/`,
        sortOrder,
        namePinyin: keys.pinyin,
        nameInitials: keys.initials,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert catalogue node returned nothing');
    return row;
  };
  for (const item of plan.creates) if (item.code) alloc.reserve(item.code);
  for (const c of plan.categories) {
    resolved.set(
      c.key,
      await insert(node(c.parentKey), 'category', { name: c.name, returnVisitRequired: false }, null),
    );
  }
  for (const item of plan.creates) {
    await insert(node(item.parentKey), 'item', item.values, item.code);
  }
  for (const item of plan.updates) {
    const before = item.existing as CatalogueRow;
    const parent = node(item.parentKey);
    if (!parent) throw new Error('planned parent missing');
    const keys = nameKeys(item.values.name);
    const moving = parent.id !== before.parentId;
    const sortOrder = moving ? alloc.sortOrder(parent.id) : before.sortOrder;
    if (moving) alloc.add(parent.id, before.code, sortOrder);
    await tx
      .update(catalogueNode)
      .set({
        ...item.values,
        namePinyin: keys.pinyin,
        nameInitials: keys.initials,
        parentId: parent.id,
        path: `${parent.path}${before.id}/`,
        sortOrder,
        updatedAt: now,
      })
      .where(eq(catalogueNode.id, before.id));
  }
}

/**
 * The import as one request: reads and checks every row; when any is bad, answers with the
 * reasons and writes nothing; else writes everything in one transaction with one audit entry.
 */
export async function importCatalogue(
  deps: Deps,
  ctx: AuthedContext,
  upload: { path: string; format: SheetFormat; fileName: string },
): Promise<ImportResult> {
  requireGroupScope(ctx.actor.scope);
  const { columns, rows } = await readCatalogueSheet(upload.path, upload.format);
  requireColumns(columns, ctx.locale);
  const dictionaries = await dictionaryIndex(deps.db);
  const parsed: ParsedRow[] = [];
  const rejected: Rejection[] = [];
  for (const row of rows) {
    const result = parseRow(row, columns, dictionaries, ctx.locale);
    if ('parsed' in result) parsed.push(result.parsed);
    else rejected.push(result.rejection);
  }
  const snapshot = await deps.db.select().from(catalogueNode);
  const first = decide(parsed, snapshot, ctx.locale);
  const empty = {
    rowCount: rows.length,
    createdCategories: 0,
    createdItems: 0,
    updatedItems: 0,
    unchangedItems: 0,
  };
  const allRejected = [...rejected, ...first.rejected].sort((a, b) => a.row - b.row);
  if (allRejected.length || rows.length === 0) return { applied: false, ...empty, rejected: allRejected };

  return write(deps, ctx, async (tx, audit) => {
    await lockCatalogue(tx);
    const current = await tx.select().from(catalogueNode);
    // Decided again under the lock: someone may have changed the catalogue meanwhile.
    const plan = decide(parsed, current, ctx.locale);
    if (plan.rejected.length) throw new AppError('CONFLICT');
    await applyPlan(tx, plan, current, deps.clock());
    const result: ImportResult = {
      applied: true,
      rowCount: rows.length,
      createdCategories: plan.categories.length,
      createdItems: plan.creates.length,
      updatedItems: plan.updates.length,
      unchangedItems: plan.unchanged,
      rejected: [],
    };
    audit.record({
      action: 'catalogue.import',
      entityType: 'catalogue_node',
      summary: `导入投诉问题标准库「${upload.fileName}」：新增分类 ${result.createdCategories} 个、问题 ${result.createdItems} 个，更新 ${result.updatedItems} 个，未变 ${result.unchangedItems} 个`,
      after: {
        file: upload.fileName,
        ...result,
        created: plan.creates.map((c) => c.values.name),
        updated: plan.updates.map((u) => ({ code: u.existing?.code, name: u.values.name })),
      },
    });
    return result;
  });
}
