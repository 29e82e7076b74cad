import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, CalendarRangeError, type CalendarSpec, type OwnDay } from './calendar.engine.js';
import { bundledOnly, type HolidaySource, holidaySource, isBundledYear } from './calendar.holidays.js';
import { isoDate, localPoint, MINUTE_MS, parseClock } from './calendar.zone.js';

const standard: CalendarSpec = {
  timeZone: 'Asia/Shanghai',
  workWeek: [1, 2, 3, 4, 5],
  shifts: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
  statutory: true,
};
const shanghaiCompany: CalendarSpec = {
  ...standard,
  workWeek: [1, 2, 3, 4, 5, 6],
  shifts: [
    { start: '08:30', end: '12:00' },
    { start: '13:00', end: '17:30' },
  ],
};
const roundTheClock: CalendarSpec = {
  timeZone: 'Asia/Shanghai',
  workWeek: [1, 2, 3, 4, 5, 6, 7],
  shifts: [{ start: '00:00', end: '24:00' }],
  statutory: false,
};

const calendar = (spec: CalendarSpec = standard, own: OwnDay[] = [], holidays: HolidaySource = bundledOnly) =>
  new BusinessCalendar(spec, own, holidays);

/** Beijing wall time → instant. */
const bj = (local: string) => new Date(`${local}:00+08:00`);
/** Instant → Beijing wall time "YYYY-MM-DD HH:MM". */
const wall = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function due(cal: BusinessCalendar, start: string, minutes: number) {
  const r = cal.addBusinessMinutes(bj(start), minutes);
  return { deadline: wall(r.deadline), provisional: r.provisional };
}

describe('the bundled 2026 schedule (chinese-days 1.5.7)', () => {
  it('has the Spring Festival off from Sunday 15 to Monday 23 February, with Saturdays 14 and 28 as make-up days', () => {
    const cal = calendar();
    for (const date of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-23']) {
      expect(cal.dayStatus(date)).toMatchObject({ kind: 'holiday', working: false, name: '春节' });
    }
    expect(cal.dayStatus('2026-02-14')).toMatchObject({ kind: 'makeup', working: true, name: '春节' });
    expect(cal.dayStatus('2026-02-28')).toMatchObject({ kind: 'makeup', working: true, name: '春节' });
    expect(cal.dayStatus('2026-02-24')).toMatchObject({ kind: 'workday', working: true, name: null });
    expect(cal.dayStatus('2026-02-21')).toMatchObject({ kind: 'holiday' });
    expect(cal.dayStatus('2026-03-01')).toMatchObject({ kind: 'weekend', working: false });
  });

  it('has National Day off 1–7 October with Sunday 20 September and Saturday 10 October worked', () => {
    const cal = calendar();
    expect(cal.dayStatus('2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节', nameEn: 'National Day' });
    expect(cal.dayStatus('2026-10-07')).toMatchObject({ kind: 'holiday' });
    expect(cal.dayStatus('2026-09-20')).toMatchObject({ kind: 'makeup', working: true });
    expect(cal.dayStatus('2026-10-10')).toMatchObject({ kind: 'makeup', working: true });
    expect(cal.dayStatus('2026-09-25')).toMatchObject({ kind: 'holiday', name: '中秋节' });
  });

  it('counts the same working days as chinese-days itself (make-up days included)', () => {
    for (const year of [2024, 2025, 2026]) {
      const cal = calendar();
      const ours = cal.year(year).filter((d) => d.working).length;
      expect(ours, String(year)).toBe(chineseDays.getWorkdaysInRange(`${year}-01-01`, `${year}-12-31`, true).length);
    }
  });

  it('knows which years it has: through 2026, not 2027', () => {
    expect(isBundledYear(2026)).toBe(true);
    expect(isBundledYear(2027)).toBe(false);
    // chinese-days itself says "not a holiday" for 1 January 2027: that is why it is not asked.
    expect(chineseDays.getDayDetail('2027-01-01').work).toBe(true);
    expect(calendar().dayStatus('2027-01-01')).toMatchObject({ kind: 'workday', unscheduled: true });
  });
});

describe('addBusinessMinutes: fixed cases on 标准工作日历 (Mon–Fri 09:00–12:00, 13:30–18:00)', () => {
  const cal = calendar();

  it('crosses the 2026 Spring Festival: from the make-up Saturday to the Tuesday after', () => {
    // Saturday 14 Feb is worked; 15–23 Feb are off; Tuesday 24 Feb is the next working day.
    expect(due(cal, '2026-02-14T17:00', 120)).toEqual({ deadline: '2026-02-24 10:00', provisional: false });
    // Three working days from Friday 13 February: the 13th, the 14th, then the 24th.
    expect(due(cal, '2026-02-13T09:00', 3 * 450)).toEqual({ deadline: '2026-02-24 18:00', provisional: false });
    // Started on the first day of the holiday, counting waits for the 24th.
    expect(due(cal, '2026-02-16T10:00', 30)).toEqual({ deadline: '2026-02-24 09:30', provisional: false });
  });

  it('lands on a make-up Saturday', () => {
    expect(due(cal, '2026-02-13T17:00', 120)).toEqual({ deadline: '2026-02-14 10:00', provisional: false });
    expect(due(cal, '2026-02-27T17:30', 60)).toEqual({ deadline: '2026-02-28 09:30', provisional: false });
    // National Day: Wednesday 30 September 17:00 + 2 hours → Thursday 8 October 10:00.
    expect(due(cal, '2026-09-30T17:00', 120)).toEqual({ deadline: '2026-10-08 10:00', provisional: false });
    expect(due(cal, '2026-10-09T17:00', 120)).toEqual({ deadline: '2026-10-10 10:00', provisional: false });
  });

  it('starts in the lunch break: counting begins at 13:30', () => {
    expect(due(cal, '2026-11-24T12:30', 60)).toEqual({ deadline: '2026-11-24 14:30', provisional: false });
    expect(due(cal, '2026-11-24T12:00', 1)).toEqual({ deadline: '2026-11-24 13:31', provisional: false });
  });

  it('starts after hours: counting begins at the next working morning', () => {
    expect(due(cal, '2026-11-24T20:00', 30)).toEqual({ deadline: '2026-11-25 09:30', provisional: false });
    // Friday evening → Monday.
    expect(due(cal, '2026-11-27T19:00', 30)).toEqual({ deadline: '2026-11-30 09:30', provisional: false });
    // Early morning: the same day.
    expect(due(cal, '2026-11-24T06:00', 30)).toEqual({ deadline: '2026-11-24 09:30', provisional: false });
  });

  it('crosses midnight, on office hours and around the clock', () => {
    expect(due(cal, '2026-11-24T17:30', 60)).toEqual({ deadline: '2026-11-25 09:30', provisional: false });
    const duty = calendar(roundTheClock);
    expect(due(duty, '2026-11-24T23:30', 60)).toEqual({ deadline: '2026-11-25 00:30', provisional: false });
    // Around the clock ignores the official schedule: the Spring Festival counts too.
    expect(due(duty, '2026-02-16T10:00', 24 * 60)).toEqual({ deadline: '2026-02-17 10:00', provisional: false });
  });

  it('ends a limit that fills a shift at the end of that shift, not at the start of the next', () => {
    expect(due(cal, '2026-11-24T09:00', 180)).toEqual({ deadline: '2026-11-24 12:00', provisional: false });
    expect(due(cal, '2026-11-24T09:00', 450)).toEqual({ deadline: '2026-11-24 18:00', provisional: false });
  });

  it('takes 0 minutes as the start itself, even outside working hours', () => {
    expect(due(cal, '2026-11-24T20:00', 0)).toEqual({ deadline: '2026-11-24 20:00', provisional: false });
    expect(due(cal, '2026-11-24T10:00', 0)).toEqual({ deadline: '2026-11-24 10:00', provisional: false });
  });

  it('keeps the seconds of the start', () => {
    const r = cal.addBusinessMinutes(new Date('2026-11-24T02:15:30.250Z'), 1);
    expect(r.deadline.toISOString()).toBe('2026-11-24T02:16:30.250Z');
  });

  it('refuses negative minutes and deadlines more than ten years away', () => {
    expect(() => cal.addBusinessMinutes(bj('2026-11-24T10:00'), -1)).toThrow(RangeError);
    expect(() => cal.addBusinessMinutes(bj('2026-11-24T10:00'), 450 * 260 * 11)).toThrow(CalendarRangeError);
    expect(() => cal.businessMinutesBetween(bj('2026-11-24T10:00'), bj('2037-11-24T10:00'))).toThrow(
      CalendarRangeError,
    );
    expect(() => calendar(roundTheClock).addBusinessMinutes(bj('2026-11-24T10:00'), 60 * 24 * 3700)).toThrow(
      CalendarRangeError,
    );
  });
});

describe('a year without an official schedule', () => {
  it('marks a deadline that crosses into 2027 provisional, and one that stays in 2026 not', () => {
    const cal = calendar();
    // 1 January 2027 is probably 元旦, but nobody knows 2027 yet: it counts as a Friday, provisionally.
    expect(due(cal, '2026-12-31T17:00', 120)).toEqual({ deadline: '2027-01-01 10:00', provisional: true });
    expect(due(cal, '2026-12-31T17:00', 60)).toEqual({ deadline: '2026-12-31 18:00', provisional: false });
    // Starting after hours on the last day of 2026 reads only 2027's days.
    expect(due(cal, '2026-12-31T19:00', 30)).toEqual({ deadline: '2027-01-01 09:30', provisional: true });
  });

  it('is final once the schedule is published', () => {
    const published = holidaySource({
      years: [2027],
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'holiday', name: '元旦' },
        { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      ],
    });
    const cal = calendar(standard, [], published);
    expect(due(cal, '2026-12-31T17:00', 120)).toEqual({ deadline: '2027-01-04 10:00', provisional: false });
    expect(cal.dayStatus('2027-01-01')).toMatchObject({ kind: 'holiday', name: '元旦', unscheduled: false });
  });

  it('is never provisional for a calendar that ignores the official schedule, nor in calendar time', () => {
    expect(due(calendar({ ...standard, statutory: false }), '2026-12-31T17:00', 120).provisional).toBe(false);
    const r = calendar().addBusinessMinutes(bj('2026-12-31T17:00'), 120, 'calendar');
    expect({ deadline: wall(r.deadline), provisional: r.provisional }).toEqual({
      deadline: '2026-12-31 19:00',
      provisional: false,
    });
  });

  it('is not provisional where an own day decides', () => {
    const cal = calendar(standard, [{ date: '2027-01-01', kind: 'off', note: '元旦' }]);
    expect(cal.dayStatus('2027-01-01')).toMatchObject({ kind: 'own_off', unscheduled: false });
    // 4 January 2027 is decided by the working week alone: still provisional.
    expect(due(cal, '2026-12-31T17:00', 120)).toEqual({ deadline: '2027-01-04 10:00', provisional: true });
  });
});

describe('own days and other calendars', () => {
  it('an own day off skips a working day; an own working day counts on a holiday', () => {
    const cal = calendar(standard, [
      { date: '2026-11-25', kind: 'off', note: '社区活动日' },
      { date: '2026-10-02', kind: 'work', note: '国庆值班' },
    ]);
    expect(cal.dayStatus('2026-11-25')).toMatchObject({ kind: 'own_off', working: false, note: '社区活动日' });
    expect(due(cal, '2026-11-24T17:30', 60)).toEqual({ deadline: '2026-11-26 09:30', provisional: false });
    expect(cal.dayStatus('2026-10-02')).toMatchObject({ kind: 'own_work', working: true, name: '国庆节' });
    expect(due(cal, '2026-09-30T17:00', 120)).toEqual({ deadline: '2026-10-02 10:00', provisional: false });
  });

  it('上海公司客服日历 works Saturdays but not the Spring Festival', () => {
    const cal = calendar(shanghaiCompany);
    expect(due(cal, '2026-11-27T17:00', 60)).toEqual({ deadline: '2026-11-28 09:00', provisional: false });
    expect(due(cal, '2026-02-14T17:00', 60)).toEqual({ deadline: '2026-02-24 09:00', provisional: false });
    expect(due(cal, '2026-11-28T12:10', 30)).toEqual({ deadline: '2026-11-28 13:30', provisional: false });
  });

  it('a calendar without the official schedule works through holidays by its working week', () => {
    const cal = calendar({ ...standard, statutory: false });
    expect(cal.dayStatus('2026-10-01')).toMatchObject({ kind: 'workday', name: null });
    expect(due(cal, '2026-09-30T17:00', 120)).toEqual({ deadline: '2026-10-01 10:00', provisional: false });
  });

  it('uses local time of its own zone', () => {
    const urumqi = calendar({ ...standard, timeZone: 'Asia/Urumqi' }); // UTC+6
    const r = urumqi.addBusinessMinutes(new Date('2026-11-24T03:00:00Z'), 60); // 09:00 local
    expect(r.deadline.toISOString()).toBe('2026-11-24T04:00:00.000Z');
  });

  it('counts real minutes across a daylight-saving change', () => {
    const ny = calendar({ ...roundTheClock, timeZone: 'America/New_York' });
    // 8 March 2026: clocks jump from 02:00 to 03:00, so the local day has 23 hours.
    const day = ny.businessMinutesBetween(new Date('2026-03-08T05:00:00Z'), new Date('2026-03-09T04:00:00Z'));
    expect(day.minutes).toBe(23 * 60);
    const r = ny.addBusinessMinutes(new Date('2026-03-08T06:00:00Z'), 120);
    expect(r.deadline.toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });
});

describe('businessMinutesBetween', () => {
  const cal = calendar();

  it('pauses overnight and over the lunch break', () => {
    expect(cal.businessMinutesBetween(bj('2026-11-24T17:00'), bj('2026-11-25T10:00'))).toEqual({
      minutes: 120,
      provisional: false,
    });
    expect(cal.businessMinutesBetween(bj('2026-11-24T11:00'), bj('2026-11-24T14:00')).minutes).toBe(90);
  });

  it('skips the Spring Festival and is negative backwards', () => {
    expect(cal.businessMinutesBetween(bj('2026-02-14T17:00'), bj('2026-02-24T10:00')).minutes).toBe(120);
    expect(cal.businessMinutesBetween(bj('2026-02-24T10:00'), bj('2026-02-14T17:00')).minutes).toBe(-120);
  });

  it('is provisional when it spans a day of 2027', () => {
    expect(cal.businessMinutesBetween(bj('2026-12-31T17:00'), bj('2027-01-01T10:00'))).toEqual({
      minutes: 120,
      provisional: true,
    });
  });
});

// ── properties ─────────────────────────────────────────────────────────────

const zones = ['Asia/Shanghai', 'Asia/Urumqi', 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];

/** Shifts from an even number of distinct quarter-hour boundaries: sorted, not overlapping. */
const shiftsArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 })
  .filter((xs) => xs.length % 2 === 0)
  .map((xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const clock = (q: number) =>
      `${String(Math.floor((q * 15) / 60)).padStart(2, '0')}:${String((q * 15) % 60).padStart(2, '0')}`;
    const shifts = [];
    for (let i = 0; i < sorted.length; i += 2) {
      shifts.push({ start: clock(sorted[i] as number), end: clock(sorted[i + 1] as number) });
    }
    return shifts;
  });

/** Calendars with at least two working hours a week, so 20 000 minutes stay within ten years. */
const specArb: fc.Arbitrary<CalendarSpec> = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    workWeek: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    shifts: shiftsArb,
    statutory: fc.boolean(),
  })
  .filter((spec) => {
    const perDay = spec.shifts.reduce((n, s) => n + (parseClock(s.end) ?? 0) - (parseClock(s.start) ?? 0), 0);
    return perDay * spec.workWeek.length >= 120;
  });

const ownDaysArb = fc.uniqueArray(
  fc.record({
    date: fc.integer({ min: 20_450, max: 20_480 }).map((d) => isoDate(d)), // Dec 2025 – Jan 2026
    kind: fc.constantFrom('off' as const, 'work' as const),
    note: fc.constant(null),
  }),
  { selector: (d) => d.date, maxLength: 4 },
);

/** Instants from mid-2025 to mid-2027 (into the year without a schedule), on whole minutes or not. */
const startArb = fc.integer({ min: Date.UTC(2025, 5, 1), max: Date.UTC(2027, 5, 1) }).map((ms) => new Date(ms));
const minutesArb = fc.integer({ min: 0, max: 20_000 });

/** Whether the minute that ends at `end` was inside a shift of a working day. */
function endsInWorkingTime(cal: BusinessCalendar, end: Date): boolean {
  const p = localPoint(cal.spec.timeZone, end.getTime() - 1);
  if (!cal.dayStatus(isoDate(p.day)).working) return false;
  const minute = p.ms / MINUTE_MS;
  return cal.spec.shifts.some((s) => minute >= (parseClock(s.start) ?? 0) && minute < (parseClock(s.end) ?? 0));
}

describe('properties (fast-check)', () => {
  const runs = { numRuns: 150 };

  it('adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(specArb, ownDaysArb, startArb, minutesArb, minutesArb, (spec, own, start, a, b) => {
        const cal = calendar(spec, own);
        const once = cal.addBusinessMinutes(start, a + b).deadline.getTime();
        const twice = cal.addBusinessMinutes(cal.addBusinessMinutes(start, a).deadline, b).deadline.getTime();
        expect(twice).toBe(once);
      }),
      runs,
    );
  });

  it('a deadline of more than 0 minutes is never in non-working time', () => {
    fc.assert(
      fc.property(specArb, ownDaysArb, startArb, fc.integer({ min: 1, max: 20_000 }), (spec, own, start, m) => {
        const cal = calendar(spec, own);
        const { deadline } = cal.addBusinessMinutes(start, m);
        expect(deadline.getTime()).toBeGreaterThan(start.getTime());
        expect(endsInWorkingTime(cal, deadline)).toBe(true);
      }),
      runs,
    );
  });

  it('the business minutes from the start to the deadline are the minutes added', () => {
    fc.assert(
      fc.property(specArb, ownDaysArb, startArb, minutesArb, (spec, own, start, m) => {
        const cal = calendar(spec, own);
        const added = cal.addBusinessMinutes(start, m);
        const between = cal.businessMinutesBetween(start, added.deadline);
        expect(between.minutes).toBe(m);
        expect(between.provisional).toBe(added.provisional);
      }),
      runs,
    );
  });

  it('is monotonic in minutes', () => {
    fc.assert(
      fc.property(specArb, startArb, minutesArb, minutesArb, (spec, start, a, b) => {
        const cal = calendar(spec);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(cal.addBusinessMinutes(start, lo).deadline.getTime()).toBeLessThanOrEqual(
          cal.addBusinessMinutes(start, hi).deadline.getTime(),
        );
      }),
      runs,
    );
  });

  it('business minutes add up over consecutive spans', () => {
    fc.assert(
      fc.property(
        specArb,
        startArb,
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        (spec, a, x, y) => {
          const cal = calendar(spec);
          const b = new Date(a.getTime() + x);
          const c = new Date(b.getTime() + y);
          const whole = cal.businessMinutesBetween(a, c).minutes;
          const parts = cal.businessMinutesBetween(a, b).minutes + cal.businessMinutesBetween(b, c).minutes;
          expect(parts).toBeCloseTo(whole, 6);
        },
      ),
      runs,
    );
  });

  it('is never provisional without the official schedule or before 2027', () => {
    fc.assert(
      fc.property(specArb, startArb, minutesArb, (spec, start, m) => {
        const cal = calendar(spec);
        const r = cal.addBusinessMinutes(start, m);
        if (!spec.statutory) expect(r.provisional).toBe(false);
        if (r.deadline.getTime() < Date.UTC(2026, 11, 31, 9)) expect(r.provisional).toBe(false);
      }),
      runs,
    );
  });

  it('agrees with counting minute by minute (Beijing, small limits)', () => {
    const whole = fc.integer({ min: Date.UTC(2026, 0, 20), max: Date.UTC(2026, 2, 10) }).map((ms) => {
      return new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS);
    });
    fc.assert(
      fc.property(
        fc.constantFrom(standard, shanghaiCompany, roundTheClock),
        whole,
        fc.integer({ min: 1, max: 1_500 }),
        (spec, start, m) => {
          const cal = calendar(spec);
          let t = start.getTime();
          let left = m;
          for (let guard = 0; guard < 20 * 1_440; guard++) {
            if (endsInWorkingTime(cal, new Date(t + MINUTE_MS))) left -= 1;
            t += MINUTE_MS;
            if (left === 0) break;
          }
          expect(cal.addBusinessMinutes(start, m).deadline.getTime()).toBe(t);
        },
      ),
      { numRuns: 25 },
    );
  });
});
