import { describe, expect, it } from 'vitest';
import { isStale, liveSecondsLeft, type ServerClock } from './sla-live';

const at = '2026-11-26T05:15:00.000Z'; // 13:15 in Beijing
const received = 1_000_000;

describe('liveSecondsLeft', () => {
  it('counts down while business time runs, and stops at the end of the shift', () => {
    const clock: ServerClock = {
      state: 'running',
      secondsLeft: 900,
      ticking: true,
      at,
      changesAt: '2026-11-26T05:25:00.000Z', // the shift ends 10 minutes later
    };
    expect(liveSecondsLeft(clock, received, received)).toBe(900);
    expect(liveSecondsLeft(clock, received, received + 61_500)).toBe(839);
    expect(liveSecondsLeft(clock, received, received + 3_600_000)).toBe(300);
    expect(isStale(clock, received, received + 599_000)).toBe(false);
    expect(isStale(clock, received, received + 600_000)).toBe(true);
  });

  it('stands still in the lunch break, paused or stopped, and goes negative when overdue', () => {
    const lunch: ServerClock = { state: 'running', secondsLeft: 1800, ticking: false, at, changesAt: at };
    expect(liveSecondsLeft(lunch, received, received + 120_000)).toBe(1800);
    const paused: ServerClock = { state: 'paused', secondsLeft: 600, ticking: false, at, changesAt: null };
    expect(liveSecondsLeft(paused, received, received + 86_400_000)).toBe(600);
    expect(isStale(paused, received, received + 86_400_000)).toBe(false);
    const late: ServerClock = { state: 'running', secondsLeft: 30, ticking: true, at, changesAt: null };
    expect(liveSecondsLeft(late, received, received + 90_000)).toBe(-60);
  });
});
