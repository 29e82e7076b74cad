// Cell values as people type them → the ledger's values. Pure and locale-free: each parser
// returns the value, null for an empty cell, or a problem the caller turns into a reason.
import type { IdType } from '../../platform/identity.js';
import type { OccupancyRole } from '../customer/customer.table.js';
import type { RoomStatus, RoomType } from '../property/property.table.js';
import type { Cell } from './import.reader.js';

export type Parsed<T> = { ok: true; value: T | null } | { ok: false };

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const bad = { ok: false } as const;

/** The text a cell shows, trimmed; numbers without float noise (1201, 89.5). */
export function text(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return isoDay(cell);
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Number(cell.toFixed(6)));
  const t = String(cell)
    .replace(/[\u00a0\u3000]/g, ' ')
    .trim();
  return t === '' ? null : t;
}

function isoDay(d: Date): string {
  // Spreadsheet dates have no time zone: exceljs gives them as UTC midnight.
  return d.toISOString().slice(0, 10);
}

function validDay(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return isoDay(date);
}

/**
 * A date as a real date cell, an Excel serial number, or text: 2024-03-05, 2024/3/5, 2024.3.5,
 * 2024年3月5日, 20240305.
 */
export function parseDate(cell: Cell): Parsed<string> {
  if (cell === null) return ok(null);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? bad : ok(isoDay(cell));
  if (typeof cell === 'number') {
    // Days since 1899-12-30 (Excel's epoch with its 1900 leap-year quirk folded in).
    if (cell < 1 || cell > 80_000) return bad;
    return ok(isoDay(new Date(Date.UTC(1899, 11, 30) + Math.floor(cell) * 86_400_000)));
  }
  const t = text(cell);
  if (!t) return ok(null);
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return bad;
  const day = validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  return day ? ok(day) : bad;
}

/** Square metres: 89.5, "89.50", "1,089.5", "89.5㎡", "89.5 平方米". Two decimals, positive. */
export function parseArea(cell: Cell): Parsed<string> {
  if (cell === null) return ok(null);
  let n: number;
  if (typeof cell === 'number') n = cell;
  else {
    const t = text(cell);
    if (!t) return ok(null);
    const cleaned = t.replace(/,/g, '').replace(/\s*(㎡|m²|m2|平方米|平米|平)$/i, '');
    if (!/^\d+(\.\d+)?$/.test(cleaned)) return bad;
    n = Number(cleaned);
  }
  if (!Number.isFinite(n) || n <= 0 || n >= 100_000_000) return bad;
  return ok(n.toFixed(2));
}

/** 12, "12", "12层", "12F", "-1" (basement), "B1". */
export function parseFloor(cell: Cell): Parsed<number> {
  if (cell === null) return ok(null);
  const t = text(cell);
  if (!t) return ok(null);
  const basement = /^B(\d{1,2})$/i.exec(t);
  if (basement) return ok(-Number(basement[1]));
  const m = /^(-?\d{1,3})\s*(层|楼|F)?$/i.exec(t);
  return m ? ok(Number(m[1])) : bad;
}

function lookup<T extends string>(table: Record<string, T>, keys: readonly T[]) {
  return (cell: Cell): Parsed<T> => {
    const t = text(cell);
    if (!t) return ok(null);
    const key = t.replace(/\s/g, '').toLowerCase();
    if ((keys as readonly string[]).includes(key)) return ok(key as T);
    const value = table[key];
    return value ? ok(value) : bad;
  };
}

export const parseRoomType = lookup<RoomType>(
  {
    住宅: 'residence',
    住房: 'residence',
    公寓: 'residence',
    别墅: 'residence',
    洋房: 'residence',
    高层住宅: 'residence',
    商铺: 'shop',
    商业: 'shop',
    底商: 'shop',
    店铺: 'shop',
    写字楼: 'office',
    办公: 'office',
    办公室: 'office',
    车位: 'parking',
    停车位: 'parking',
    车库: 'parking',
    储藏室: 'storage',
    储藏间: 'storage',
    储物间: 'storage',
    杂物间: 'storage',
  },
  ['residence', 'shop', 'office', 'parking', 'storage'],
);

export const parseRoomStatus = lookup<RoomStatus>(
  {
    未售: 'unsold',
    待售: 'unsold',
    已售: 'sold',
    已售未交付: 'sold',
    已交付: 'delivered',
    已交房: 'delivered',
    已入住: 'occupied',
    入住: 'occupied',
    自住: 'occupied',
    空置: 'vacant',
    空置房: 'vacant',
    装修: 'decorating',
    装修中: 'decorating',
  },
  ['unsold', 'sold', 'delivered', 'occupied', 'vacant', 'decorating'],
);

export const parseKind = lookup<'person' | 'organisation'>(
  {
    个人: 'person',
    自然人: 'person',
    个人客户: 'person',
    单位: 'organisation',
    企业: 'organisation',
    公司: 'organisation',
    机构: 'organisation',
    组织: 'organisation',
    单位客户: 'organisation',
    企业客户: 'organisation',
  },
  ['person', 'organisation'],
);

export const parseIdType = lookup<IdType>(
  {
    身份证: 'resident_id',
    居民身份证: 'resident_id',
    二代身份证: 'resident_id',
    港澳通行证: 'hk_macao_permit',
    港澳居民来往内地通行证: 'hk_macao_permit',
    回乡证: 'hk_macao_permit',
    台胞证: 'taiwan_permit',
    台湾居民来往大陆通行证: 'taiwan_permit',
    护照: 'passport',
    统一社会信用代码: 'uscc',
    营业执照: 'uscc',
    社会信用代码: 'uscc',
  },
  ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'uscc'],
);

export const parseGender = lookup<'male' | 'female'>(
  { 男: 'male', 女: 'female', 男性: 'male', 女性: 'female', m: 'male', f: 'female' },
  ['male', 'female'],
);

export const parseRole = lookup<OccupancyRole>(
  {
    业主: 'owner',
    产权人: 'owner',
    房东: 'owner',
    租户: 'tenant',
    承租人: 'tenant',
    租客: 'tenant',
    住户: 'resident',
    居住人: 'resident',
    家属: 'resident',
  },
  ['owner', 'tenant', 'resident'],
);

/** "9", "9栋", "9号楼", "9幢", "9座", "A座" → the building code ("9", "A"). */
export function buildingCode(value: string): string | null {
  const t = value.replace(/\s/g, '').toUpperCase();
  const m = /^(?:第)?([0-9A-Z]{1,10}?)(?:号楼|号|栋|幢|座|楼|#)?$/.exec(t);
  return m?.[1] ? m[1] : null;
}

/** "2", "2单元", "二单元" is not understood (digits and letters only). */
export function unitCode(value: string): string | null {
  const t = value.replace(/\s/g, '').toUpperCase();
  const m = /^([0-9A-Z]{1,10}?)(?:单元|门|梯)?$/.exec(t);
  return m?.[1] ? m[1] : null;
}

/** "1201", "1201室", "1201号" → "1201". */
export function roomNumber(value: string): string | null {
  const t = value.replace(/\s/g, '').toUpperCase();
  const m = /^([0-9A-Z][0-9A-Z-]{0,19}?)(?:室|号|房)?$/.exec(t);
  return m?.[1] ? m[1] : null;
}

/** The floor a room number implies when the sheet has no floor column: 1201 → 12, 302 → 3. */
export function floorFromNumber(number: string): number | null {
  const m = /^(\d{3,4})$/.exec(number);
  if (!m?.[1]) return null;
  const floor = Number(m[1].slice(0, -2));
  return floor > 0 ? floor : null;
}

/**
 * An 18-digit ID typed into a number cell has been rounded by the spreadsheet program (only
 * 15 significant digits survive): it cannot be recovered, and must not be guessed.
 */
export function idNumberLostToNumberCell(cell: Cell): boolean {
  return typeof cell === 'number' && Math.abs(cell) >= 1e15;
}
