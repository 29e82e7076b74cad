// Warranty arithmetic (保修期): the statutory minimums per trade, the end of a warranty counted
// in months or heating seasons, and which contractor answers for a room's trade on a day. Pure
// functions on calendar days (YYYY-MM-DD), so the service desk, the room drawer and the tests
// all compute the same answer.
import type { Locale } from '../../platform/locale.js';
import type { warrantyUnits } from './contractor.table.js';

export type WarrantyUnit = (typeof warrantyUnits)[number];

export interface WarrantyPeriod {
  unit: WarrantyUnit;
  value: number;
}

/**
 * 《建设工程质量管理条例》第四十条: the minimum warranty of each trade in normal use.
 *   (一) 地基基础工程和主体结构工程: the design life in the design documents — 50 years here;
 *   (二) 屋面防水工程、有防水要求的卫生间、房间和外墙面的防渗漏: 5 years;
 *   (三) 供热与供冷系统: 2 heating (and cooling) seasons;
 *   (四) 电气管线、给排水管道、设备安装和装修工程: 2 years.
 * Other trades (doors and windows, landscape, …) have no statutory minimum: the contract decides.
 */
export const statutoryMinimums: Readonly<Record<string, WarrantyPeriod & { item: 1 | 2 | 3 | 4 }>> = {
  structure: { unit: 'months', value: 600, item: 1 },
  roof_waterproofing: { unit: 'months', value: 60, item: 2 },
  wet_room_waterproofing: { unit: 'months', value: 60, item: 2 },
  heating: { unit: 'heating_seasons', value: 2, item: 3 },
  electrical: { unit: 'months', value: 24, item: 4 },
  plumbing: { unit: 'months', value: 24, item: 4 },
  equipment: { unit: 'months', value: 24, item: 4 },
  decoration: { unit: 'months', value: 24, item: 4 },
};

const zhItems = ['', '（一）', '（二）', '（三）', '（四）'];
const enItems = ['', 'i', 'ii', 'iii', 'iv'];

/** Where a trade's minimum is written: 《建设工程质量管理条例》第四十条第一款第（二）项; null for other trades. */
export function statutoryBasis(trade: string, locale: Locale): string | null {
  const found = statutoryMinimums[trade];
  if (!found) return null;
  return locale === 'zh-CN'
    ? `《建设工程质量管理条例》第四十条第一款第${zhItems[found.item]}项`
    : `Regulation on the Quality Management of Construction Projects, art. 40(1)(${enItems[found.item]})`;
}

export function statutoryMinimum(trade: string): WarrantyPeriod | null {
  const found = statutoryMinimums[trade];
  return found ? { unit: found.unit, value: found.value } : null;
}

/** A heating season in north China runs from 15 November to 15 March of the next year. */
export const HEATING_SEASON = { start: '11-15', end: '03-15' } as const;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const m = DAY_PATTERN.exec(day);
  if (!m) throw new Error(`not a calendar day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The day `months` months after `day`: the same day of the month, or the month's last day when
 * it has no such day (民法典 第二百零二条: 到期月的对应日为期间的最后一日；没有对应日的，月末日为
 * 期间的最后一日). 2024-02-29 + 12 months = 2025-02-28; 2023-08-31 + 6 months = 2024-02-29.
 */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = parts(day);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

/**
 * The last day of `seasons` heating seasons counted from `start`. Only whole seasons count: the
 * first is the one beginning on or after the start (a start on 15 November counts that season;
 * a start in the middle of a season does not, though the warranty covers the rest of it). The
 * warranty then ends on 15 March after the last counted season. Delivered 2023-06-30, 2 seasons:
 * 2023/24 and 2024/25, to 2025-03-15; delivered 2023-12-01: 2024/25 and 2025/26, to 2026-03-15.
 */
export function heatingSeasonsEnd(start: string, seasons: number): string {
  const [y] = parts(start);
  const firstSeasonYear = start <= `${pad(y, 4)}-${HEATING_SEASON.start}` ? y : y + 1;
  return `${pad(firstSeasonYear + seasons, 4)}-${HEATING_SEASON.end}`;
}

/** The last day inside a warranty that starts on `start` (both days included). */
export function warrantyEnd(start: string, period: WarrantyPeriod): string {
  return period.unit === 'months' ? addMonths(start, period.value) : heatingSeasonsEnd(start, period.value);
}

/**
 * Whether a warranty is at least as long as a minimum. In the same unit the values compare; in
 * different units the warranty must end no earlier whatever the start day (checked over a whole
 * leap-year cycle), or on the given start day when the scope fixes one.
 */
export function covers(warranty: WarrantyPeriod, minimum: WarrantyPeriod, fixedStart?: string | null): boolean {
  if (warranty.unit === minimum.unit) return warranty.value >= minimum.value;
  if (fixedStart) return warrantyEnd(fixedStart, warranty) >= warrantyEnd(fixedStart, minimum);
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
    const start = new Date(t).toISOString().slice(0, 10);
    if (warrantyEnd(start, warranty) < warrantyEnd(start, minimum)) return false;
  }
  return true;
}

/** 5年, 1年6个月, 8个月, 2个采暖期 — or 5 years, 18 months, 2 heating seasons. */
export function periodLabel(period: WarrantyPeriod, locale: Locale): string {
  const { unit, value } = period;
  const zh = locale === 'zh-CN';
  if (unit === 'heating_seasons') {
    return zh ? `${value}个采暖期` : `${value} heating season${value === 1 ? '' : 's'}`;
  }
  const years = Math.floor(value / 12);
  const months = value % 12;
  if (zh) {
    if (years === 0) return `${months}个月`;
    return months === 0 ? `${years}年` : `${years}年${months}个月`;
  }
  if (months === 0) return `${years} year${years === 1 ? '' : 's'}`;
  return `${value} months`;
}

/** The calendar day an instant falls on in a time zone (a project's; Beijing by default). */
export function dayIn(instant: Date, timeZone = 'Asia/Shanghai'): string {
  const formatted = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
  return formatted;
}

// ── who answers for a room's trade ─────────────────────────────────────────

/** A work scope as the lookup needs it: the contractor's active ones in the room's project. */
export interface ScopeCandidate<C = unknown> {
  scopeId: string;
  buildingId: string | null;
  trade: string;
  warrantyUnit: WarrantyUnit;
  warrantyValue: number;
  startDate: string | null;
  contractor: C;
}

export type WarrantyReason =
  /** No contractor's scope covers this trade in the room's building or project. */
  | 'no_scope'
  /** The scope counts from delivery, and the room has no delivery date yet. */
  | 'no_start_date'
  /** The warranty starts after the day asked about. */
  | 'not_started'
  /** The warranty ended before the day asked about. */
  | 'expired';

export interface WarrantyAnswer<C = unknown> {
  trade: string;
  at: string;
  contractor: C | null;
  scopeId: string | null;
  /** A scope for the room's building overrides one for the whole project. */
  basis: 'building' | 'project' | null;
  warranty: WarrantyPeriod | null;
  /** Where the start comes from: the room's delivery date, or the scope's own start date. */
  startBasis: 'delivery_date' | 'scope_start_date' | null;
  start: string | null;
  end: string | null;
  inWarranty: boolean;
  /** Why the room is not in warranty; null when it is. */
  reason: WarrantyReason | null;
  statutoryMinimum: WarrantyPeriod | null;
}

/**
 * Who answers for `trade` in a room on day `at`: the scope for the room's building if there is
 * one, else the scope for the whole project; its warranty counts from the scope's start date, or
 * else the room's delivery date, and covers `at` when start ≤ at ≤ end.
 */
export function resolveWarranty<C>(input: {
  room: { buildingId: string; deliveryDate: string | null };
  trade: string;
  at: string;
  scopes: readonly ScopeCandidate<C>[];
}): WarrantyAnswer<C> {
  const { room, trade, at } = input;
  const ofTrade = input.scopes.filter((s) => s.trade === trade);
  const byBuilding = ofTrade.find((s) => s.buildingId !== null && s.buildingId === room.buildingId);
  const byProject = ofTrade.find((s) => s.buildingId === null);
  const scope = byBuilding ?? byProject;
  const base = { trade, at, statutoryMinimum: statutoryMinimum(trade) };
  if (!scope) {
    return {
      ...base,
      contractor: null,
      scopeId: null,
      basis: null,
      warranty: null,
      startBasis: null,
      start: null,
      end: null,
      inWarranty: false,
      reason: 'no_scope',
    };
  }
  const warranty: WarrantyPeriod = { unit: scope.warrantyUnit, value: scope.warrantyValue };
  const start = scope.startDate ?? room.deliveryDate;
  const found = {
    ...base,
    contractor: scope.contractor,
    scopeId: scope.scopeId,
    basis: byBuilding ? ('building' as const) : ('project' as const),
    warranty,
    startBasis: scope.startDate ? ('scope_start_date' as const) : ('delivery_date' as const),
  };
  if (!start) return { ...found, start: null, end: null, inWarranty: false, reason: 'no_start_date' };
  const end = warrantyEnd(start, warranty);
  const reason: WarrantyReason | null = at < start ? 'not_started' : at > end ? 'expired' : null;
  return { ...found, start, end, inWarranty: reason === null, reason };
}
