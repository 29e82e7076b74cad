import { describe, expect, it } from 'vitest';
import { datesBetween, isoWeekday, roundTheClock, runsOf } from './shared';

describe('calendar helpers', () => {
  it('reads ISO weekdays, Monday first', () => {
    expect(isoWeekday('2026-02-14')).toBe(6);
    expect(isoWeekday('2026-02-15')).toBe(7);
    expect(isoWeekday('2026-02-16')).toBe(1);
  });

  it('lists the days of a range, across a month end', () => {
    expect(datesBetween('2027-01-30', '2027-02-02')).toEqual(['2027-01-30', '2027-01-31', '2027-02-01', '2027-02-02']);
    expect(datesBetween('2027-02-02', '2027-02-01')).toEqual([]);
  });

  it('groups the 2026 Spring Festival into one run off and two make-up Saturdays', () => {
    const days = [
      { date: '2026-02-28', kind: 'workday', name: '春节' },
      { date: '2026-02-14', kind: 'workday', name: '春节' },
      ...datesBetween('2026-02-15', '2026-02-23').map((date) => ({ date, kind: 'holiday', name: '春节' })),
    ];
    expect(runsOf(days)).toEqual([
      { kind: 'workday', name: '春节', from: '2026-02-14', to: '2026-02-14', count: 1 },
      { kind: 'holiday', name: '春节', from: '2026-02-15', to: '2026-02-23', count: 9 },
      { kind: 'workday', name: '春节', from: '2026-02-28', to: '2026-02-28', count: 1 },
    ]);
  });

  it('tells a round-the-clock calendar', () => {
    expect(roundTheClock({ workWeek: [1, 2, 3, 4, 5, 6, 7], shifts: [{ start: '00:00', end: '24:00' }] })).toBe(true);
    expect(roundTheClock({ workWeek: [1, 2, 3, 4, 5], shifts: [{ start: '00:00', end: '24:00' }] })).toBe(false);
  });
});
