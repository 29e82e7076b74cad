// The deadline arithmetic of a business calendar (工作日历). Pure: the calendar, its own days and
// the official holiday schedule come in, instants go out; nothing here reads the database or the
// clock.
//
// Rules, in order of precedence, for whether a local date is a working day:
//   1. the calendar's own day (a project's closed day, an extra working day);
//   2. if the calendar follows the official schedule (`statutory`): a holiday (放假) is off and a
//      make-up working day (调休上班, often a Saturday or Sunday) is on;
//   3. the working week (ISO weekdays).
// On a working day only the minutes inside the shifts count ("09:00"–"12:00", "13:30"–"18:00",
// local time in the calendar's zone). "24:00" ends a shift at midnight, so a round-the-clock
// calendar (24小时值班) is one shift "00:00"–"24:00" on all seven days, not following the
// official schedule.
//
// Decisions:
//   - A deadline is the earliest instant at which the business minutes have elapsed, so three
//     business hours from 09:00 are due at 12:00 (the end of the morning shift), not at 13:30.
//   - A start outside working time (lunch break, evening, weekend, holiday) starts counting at the
//     next shift.
//   - 0 minutes is the start itself, even outside working time ("due at once"). This keeps
//     add(s, a + b) = add(add(s, a), b) for every a, b ≥ 0; counting from the next working
//     instant instead would break it where a deadline falls on the end of a shift.
//   - Minutes may be fractional and instants keep their seconds: the arithmetic is in
//     milliseconds.
//   - `provisional`: the result depends on a day of a year whose official schedule nobody has
//     (neither chinese-days nor a published holiday_day list). Such a day is decided by the
//     working week alone and the result must be recomputed once the schedule is published.
//     Calendars that ignore the official schedule, own days, and calendar-time (24×7) arithmetic
//     are never provisional.
//   - Calendar-time mode (24×7, for urgent items) counts every minute: start + minutes.
//   - The search is bounded: a deadline or a span more than 10 years away is refused
//     (CalendarRangeError) rather than searched for.
//   - Days are walked one at a time, each costing a few arithmetic steps and about one time-zone
//     lookup; minutes are never walked one by one.
import type { HolidaySource, OfficialDay } from './calendar.holidays.js';
import type { Shift } from './calendar.table.js';
import {
  DAY_MS,
  dayNumber,
  isoDate,
  isoWeekday,
  localPoint,
  MINUTE_MS,
  parseClock,
  resolveWall,
  yearOf,
} from './calendar.zone.js';

export interface CalendarSpec {
  timeZone: string;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  workWeek: readonly number[];
  shifts: readonly Shift[];
  /** Follow the official schedule (法定节假日 off, 调休 make-up days on). */
  statutory: boolean;
}

export interface OwnDay {
  date: string;
  kind: 'off' | 'work';
  note: string | null;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup' | 'own_off' | 'own_work';

export interface DayStatus {
  date: string;
  kind: DayKind;
  working: boolean;
  /** The official day's name (春节), also under an own day that overrides it. */
  name: string | null;
  nameEn: string | null;
  /** The own day's note (社区活动日). */
  note: string | null;
  /** Decided without an official schedule that would matter (a statutory calendar, a year nobody has). */
  unscheduled: boolean;
}

export type ClockMode = 'business' | 'calendar';

export interface DeadlineResult {
  deadline: Date;
  provisional: boolean;
}

export interface SpanResult {
  /** Business minutes (may be fractional); negative when the end is before the start. */
  minutes: number;
  provisional: boolean;
}

/** Ten years and a leap day or three: farther than any time limit of a service desk. */
export const MAX_SPAN_DAYS = 3653;

export class CalendarRangeError extends Error {
  constructor() {
    super(`the result lies more than ${MAX_SPAN_DAYS} days away`);
  }
}

/** Shifts as minute ranges, checked: HH:MM, start < end, ordered, not overlapping, at least one. */
export function shiftMinutes(shifts: readonly Shift[]): [number, number][] {
  if (shifts.length === 0) throw new Error('a calendar needs at least one shift');
  const out: [number, number][] = [];
  for (const s of shifts) {
    const start = parseClock(s.start);
    const end = parseClock(s.end);
    if (start === null || end === null || start >= end || start >= 24 * 60)
      throw new Error(`bad shift ${s.start}–${s.end}`);
    const prev = out[out.length - 1];
    if (prev && start < prev[1]) throw new Error(`shift ${s.start}–${s.end} overlaps or is out of order`);
    out.push([start, end]);
  }
  return out;
}

interface DayFacts {
  working: boolean;
  unscheduled: boolean;
}

export class BusinessCalendar {
  private readonly shifts: [number, number][];
  private readonly workWeek: Set<number>;
  private readonly ownDays: Map<string, OwnDay>;
  /** Local midnight → its instant and offset, per day number (a bounded memo). */
  private readonly midnights = new Map<number, { instant: number; offset: number }>();
  private lastOffset: number | undefined;

  constructor(
    readonly spec: CalendarSpec,
    ownDays: Iterable<OwnDay>,
    private readonly holidays: HolidaySource,
  ) {
    this.shifts = shiftMinutes(spec.shifts);
    this.workWeek = new Set(spec.workWeek);
    if (this.workWeek.size === 0 || [...this.workWeek].some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      throw new Error('a calendar needs at least one working weekday (1–7)');
    }
    this.ownDays = new Map([...ownDays].map((d) => [d.date, d]));
  }

  /** What a local date is in this calendar, and why. */
  dayStatus(date: string): DayStatus {
    const day = dayNumber(date);
    if (day === null) throw new Error(`not a date: ${date}`);
    return this.statusOf(day);
  }

  isWorkingDay(date: string): boolean {
    return this.dayStatus(date).working;
  }

  private statusOf(day: number): DayStatus {
    const date = isoDate(day);
    const own = this.ownDays.get(date);
    const official: OfficialDay | undefined = this.spec.statutory ? this.holidays.day(date) : undefined;
    const base = { date, name: official?.name ?? null, nameEn: official?.nameEn ?? null, note: null };
    if (own) {
      const working = own.kind === 'work';
      return { ...base, kind: working ? 'own_work' : 'own_off', working, note: own.note, unscheduled: false };
    }
    const unscheduled = this.spec.statutory && this.holidays.source(yearOf(day)) === null;
    if (official?.kind === 'holiday') return { ...base, kind: 'holiday', working: false, unscheduled };
    if (official?.kind === 'workday') return { ...base, kind: 'makeup', working: true, unscheduled };
    const working = this.workWeek.has(isoWeekday(day));
    return { ...base, kind: working ? 'workday' : 'weekend', working, unscheduled };
  }

  private facts(day: number): DayFacts {
    const s = this.statusOf(day);
    return { working: s.working, unscheduled: s.unscheduled };
  }

  private midnight(day: number): { instant: number; offset: number } {
    const known = this.midnights.get(day);
    if (known) return known;
    const resolved = resolveWall(this.spec.timeZone, day * DAY_MS, this.lastOffset);
    this.lastOffset = resolved.offset;
    if (this.midnights.size > 20_000) this.midnights.clear();
    this.midnights.set(day, resolved);
    return resolved;
  }

  /** The shifts of a local day as instants [from, to), whether or not the day is a working day. */
  private spans(day: number): [number, number][] {
    const start = this.midnight(day);
    const end = this.midnight(day + 1);
    // The usual day: 24 hours under one offset, so every local time is midnight + minutes.
    const uniform = end.instant - start.instant === DAY_MS && start.offset === end.offset;
    const at = (minutes: number): number => {
      if (minutes >= 24 * 60) return end.instant;
      if (uniform) return start.instant + minutes * MINUTE_MS;
      return resolveWall(this.spec.timeZone, day * DAY_MS + minutes * MINUTE_MS, start.offset).instant;
    };
    return this.shifts.map(([a, b]) => [at(a), at(b)]);
  }

  /**
   * The instant at which `minutes` business minutes have elapsed since `start`; see the decisions
   * at the top of this file. Throws CalendarRangeError beyond ten years.
   */
  addBusinessMinutes(start: Date, minutes: number, mode: ClockMode = 'business'): DeadlineResult {
    const startMs = start.getTime();
    if (!Number.isFinite(startMs)) throw new RangeError('invalid start');
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be zero or more');
    let remaining = Math.round(minutes * MINUTE_MS);
    if (mode === 'calendar') {
      if (remaining > MAX_SPAN_DAYS * DAY_MS) throw new CalendarRangeError();
      return { deadline: new Date(startMs + remaining), provisional: false };
    }
    if (remaining === 0) return { deadline: new Date(startMs), provisional: false };
    const first = localPoint(this.spec.timeZone, startMs).day;
    let provisional = false;
    for (let day = first; day <= first + MAX_SPAN_DAYS; day++) {
      const spans = this.spans(day);
      const last = spans[spans.length - 1];
      // The start day after its last shift: nothing of it counts, whatever kind of day it is.
      if (!last || last[1] <= startMs) continue;
      const facts = this.facts(day);
      if (facts.unscheduled) provisional = true;
      if (!facts.working) continue;
      for (const [a, b] of spans) {
        const from = Math.max(a, startMs);
        if (from >= b) continue;
        const available = b - from;
        if (remaining <= available) return { deadline: new Date(from + remaining), provisional };
        remaining -= available;
      }
    }
    throw new CalendarRangeError();
  }

  /**
   * The business minutes between two instants (for paused clocks and the share of a limit used):
   * the minutes inside shifts of working days. Negative when `to` is before `from`.
   */
  businessMinutesBetween(from: Date, to: Date, mode: ClockMode = 'business'): SpanResult {
    const a = from.getTime();
    const b = to.getTime();
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError('invalid instant');
    if (b < a) {
      const r = this.businessMinutesBetween(to, from, mode);
      return { minutes: -r.minutes, provisional: r.provisional };
    }
    if (b - a > (MAX_SPAN_DAYS + 1) * DAY_MS) throw new CalendarRangeError();
    if (mode === 'calendar') return { minutes: (b - a) / MINUTE_MS, provisional: false };
    if (a === b) return { minutes: 0, provisional: false };
    const first = localPoint(this.spec.timeZone, a).day;
    const lastDay = localPoint(this.spec.timeZone, b).day;
    let total = 0;
    let provisional = false;
    for (let day = first; day <= lastDay; day++) {
      const spans = this.spans(day);
      if (!spans.some(([x, y]) => x < b && y > a)) continue;
      const facts = this.facts(day);
      if (facts.unscheduled) provisional = true;
      if (!facts.working) continue;
      for (const [x, y] of spans) {
        const lo = Math.max(x, a);
        const hi = Math.min(y, b);
        if (hi > lo) total += hi - lo;
      }
    }
    return { minutes: total / MINUTE_MS, provisional };
  }

  /**
   * Whether business time runs at `at` (inside a shift of a working day) and until when it keeps
   * doing so or not: the end of the current shift, or the start of the next working shift (null
   * when none comes within ten years). A live countdown ticks only while `working`.
   */
  runningAt(at: Date): { working: boolean; until: Date | null } {
    const t = at.getTime();
    if (!Number.isFinite(t)) throw new RangeError('invalid instant');
    const first = localPoint(this.spec.timeZone, t).day;
    for (let day = first; day <= first + MAX_SPAN_DAYS; day++) {
      if (!this.facts(day).working) continue;
      for (const [a, b] of this.spans(day)) {
        if (b <= t) continue;
        if (a <= t) return { working: true, until: new Date(b) };
        return { working: false, until: new Date(a) };
      }
    }
    return { working: false, until: null };
  }

  /** Every day of a year with its kind, for the year view. */
  year(year: number): DayStatus[] {
    const first = dayNumber(`${String(year).padStart(4, '0')}-01-01`);
    const last = dayNumber(`${String(year).padStart(4, '0')}-12-31`);
    if (first === null || last === null) throw new RangeError('invalid year');
    const out: DayStatus[] = [];
    for (let d = first; d <= last; d++) out.push(this.statusOf(d));
    return out;
  }

  /** Business minutes of a working day (the sum of its shifts), for display. */
  get minutesPerDay(): number {
    return this.shifts.reduce((n, [a, b]) => n + b - a, 0);
  }
}
