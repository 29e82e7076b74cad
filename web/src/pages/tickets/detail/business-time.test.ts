import { describe, expect, it } from 'vitest';
import { businessSecondsBetween, localDate, type WorkCalendar, zonedInstant } from './business-time';

// 2026-11-26 is a Thursday; 11-28/29 the weekend.
const standard: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  shifts: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
  working: new Map([
    ['2026-11-26', true],
    ['2026-11-27', true],
    ['2026-11-28', false],
    ['2026-11-29', false],
    ['2026-11-30', true],
  ]),
};
const at = (date: string, time: string) => zonedInstant(date, time, 'Asia/Shanghai');

describe('zonedInstant', () => {
  it('reads a Beijing wall time as the instant eight hours earlier in UTC', () => {
    expect(new Date(at('2026-11-26', '09:00')).toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(localDate(at('2026-11-26', '23:30'), 'Asia/Shanghai')).toBe('2026-11-26');
  });
});

describe('businessSecondsBetween', () => {
  it('counts only the shifts: the evening and the lunch break do not count', () => {
    expect(businessSecondsBetween(standard, at('2026-11-26', '17:00'), at('2026-11-27', '10:00'))).toBe(2 * 3600);
    expect(businessSecondsBetween(standard, at('2026-11-26', '11:30'), at('2026-11-26', '14:00'))).toBe(3600);
  });

  it('skips days off and reads backwards as negative (time past a deadline)', () => {
    expect(businessSecondsBetween(standard, at('2026-11-27', '17:00'), at('2026-11-30', '10:00'))).toBe(2 * 3600);
    expect(businessSecondsBetween(standard, at('2026-11-27', '10:00'), at('2026-11-26', '17:00'))).toBe(-2 * 3600);
  });

  it('answers null for a day it does not know', () => {
    expect(businessSecondsBetween(standard, at('2026-11-30', '10:00'), at('2026-12-01', '10:00'))).toBeNull();
  });

  it('takes a 24:00 shift end as midnight', () => {
    const allDay: WorkCalendar = { ...standard, shifts: [{ start: '00:00', end: '24:00' }] };
    expect(businessSecondsBetween(allDay, at('2026-11-26', '22:00'), at('2026-11-27', '01:00'))).toBe(3 * 3600);
  });
});
