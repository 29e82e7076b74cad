// The official holiday schedule (法定节假日 and 调休): the years bundled with chinese-days, and
// the years an administrator published (holiday_day rows) after the State Council announced them.
import chineseDays from 'chinese-days';
import { dayNumber, isoDate } from './calendar.zone.js';

export type OfficialKind = 'holiday' | 'workday';

/** A day of the official schedule: a day off (holiday) or a make-up working day (workday, 调休). */
export interface OfficialDay {
  kind: OfficialKind;
  /** 春节, 国庆节 … */
  name: string;
  nameEn: string | null;
}

export type ScheduleSource = 'bundled' | 'published';

/**
 * Where the official schedule comes from. `source(year)` is null for a year nobody has a schedule
 * for: its days are then decided by the working week alone and any deadline crossing them is
 * provisional. chinese-days says "not a holiday" for such a year instead of "unknown", which is
 * why it is only asked about the years it has.
 */
export interface HolidaySource {
  source(year: number): ScheduleSource | null;
  /** The official entry of a date of a covered year; undefined for an ordinary day. */
  day(date: string): OfficialDay | undefined;
}

// chinese-days spells some names short; the State Council's notice uses these.
const zhNames: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/** The first and last years worth asking chinese-days about (its data starts with 2004). */
const SCAN_FROM = 2000;

const bundledYears = new Map<number, Map<string, OfficialDay>>();

/** The bundled schedule of a year (empty map: chinese-days has no data for that year). */
export function bundledYear(year: number): ReadonlyMap<string, OfficialDay> {
  let days = bundledYears.get(year);
  if (days) return days;
  days = new Map();
  const first = dayNumber(`${year}-01-01`);
  const last = dayNumber(`${year}-12-31`);
  if (first !== null && last !== null && year >= SCAN_FROM) {
    for (let d = first; d <= last; d++) {
      const date = isoDate(d);
      const detail = chineseDays.getDayDetail(date);
      // An ordinary day's name is its weekday ("Friday"); a scheduled day's is "Spring Festival,春节,4".
      const [en, zh] = detail.name.split(',');
      if (zh === undefined || en === undefined) continue;
      days.set(date, { kind: detail.work ? 'workday' : 'holiday', name: zhNames[zh] ?? zh, nameEn: en });
    }
  }
  bundledYears.set(year, days);
  return days;
}

/** Whether chinese-days has the official schedule of the year. */
export function isBundledYear(year: number): boolean {
  return bundledYear(year).size > 0;
}

/** The years chinese-days covers, from its first up to `until`. */
export function bundledYearList(until: number): number[] {
  const out: number[] = [];
  for (let y = SCAN_FROM; y <= until; y++) if (isBundledYear(y)) out.push(y);
  return out;
}

export interface PublishedDay {
  date: string;
  kind: OfficialKind;
  name: string;
}

/**
 * The bundled schedule for the years chinese-days has, and the published schedules for the
 * others (a published year that chinese-days later gains keeps the bundled one).
 */
export function holidaySource(published: { years: Iterable<number>; days: Iterable<PublishedDay> }): HolidaySource {
  const publishedYears = new Set(published.years);
  const publishedDays = new Map<string, OfficialDay>();
  for (const d of published.days) publishedDays.set(d.date, { kind: d.kind, name: d.name, nameEn: null });
  const source = (year: number): ScheduleSource | null =>
    isBundledYear(year) ? 'bundled' : publishedYears.has(year) ? 'published' : null;
  return {
    source,
    day(date) {
      const year = Number(date.slice(0, 4));
      const from = source(year);
      if (from === 'bundled') return bundledYear(year).get(date);
      if (from === 'published') return publishedDays.get(date);
      return undefined;
    },
  };
}

/** The bundled schedule only (unit tests, and before any year is published). */
export const bundledOnly: HolidaySource = holidaySource({ years: [], days: [] });
