import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type Calendar = Json<paths['/api/calendars']['get']['responses'][200]>[number];
export type CalendarYear = Json<paths['/api/calendars/{calendarId}/year/{year}']['get']['responses'][200]>;
export type YearDay = CalendarYear['days'][number];
export type DayKind = YearDay['kind'];
export type Deadline = Json<paths['/api/calendars/{calendarId}/deadline']['post']['responses'][200]>;
export type HolidayYears = Json<paths['/api/holiday-years']['get']['responses'][200]>;
export type HolidayYear = Json<paths['/api/holiday-years/{year}']['get']['responses'][200]>;
export type HolidayDay = HolidayYear['days'][number];
export type Shift = Calendar['shifts'][number];

/** ISO weekdays, Monday first. */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** The official names, for the holiday form's suggestions. */
export const holidayNames = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];

/** ISO weekday (1 = Monday … 7 = Sunday) of YYYY-MM-DD. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Days from `from` to `to` inclusive (YYYY-MM-DD). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 366; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export interface DayRun {
  kind: string;
  name: string;
  from: string;
  to: string;
  count: number;
}

/**
 * Consecutive days of the same kind and name as runs, in date order: 春节 off 15–23 February
 * reads as one run, its two make-up Saturdays as two.
 */
export function runsOf(days: readonly { date: string; kind: string; name: string | null }[]): DayRun[] {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const runs: DayRun[] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    const next = last ? new Date(Date.parse(`${last.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : null;
    const name = d.name ?? '';
    if (last && last.kind === d.kind && last.name === name && next === d.date) {
      last.to = d.date;
      last.count += 1;
    } else {
      runs.push({ kind: d.kind, name, from: d.date, to: d.date, count: 1 });
    }
  }
  return runs;
}

/** Business minutes as the desk says them: 7 小时 30 分 / 7 h 30 min. */
export function durationParts(minutes: number): { hours: number; minutes: number } {
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** Shifts as "09:00–12:00、13:30–18:00". */
export function shiftsText(shifts: readonly Shift[], separator: string): string {
  return shifts.map((s) => `${s.start}–${s.end}`).join(separator);
}

/** Whether a calendar counts every minute of every day (24小时值班). */
export function roundTheClock(c: Pick<Calendar, 'workWeek' | 'shifts'>): boolean {
  return (
    c.workWeek.length === 7 && c.shifts.length === 1 && c.shifts[0]?.start === '00:00' && c.shifts[0]?.end === '24:00'
  );
}

/** A CSV to fill in for the holiday import (UTF-8 with a BOM, so Excel reads the Chinese). */
export function holidayTemplateCsv(year: number): string {
  return `\uFEFF日期,类型,名称\n${year}-01-01,放假,元旦\n${year}-02-01至${year}-02-07,放假,春节\n${year}-01-30,调休上班,春节\n`;
}
