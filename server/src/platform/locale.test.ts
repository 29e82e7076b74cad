import { describe, expect, it } from 'vitest';
import { formatDateTime, localeFromHeader } from './locale.js';

describe('localeFromHeader', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9', 'en-US'],
    ['en', 'en-US'],
    ['EN-GB', 'en-US'],
    [' en-US ', 'en-US'],
    ['fr-FR,en;q=0.5', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
  ])('%s → %s', (header, expected) => {
    expect(localeFromHeader(header)).toBe(expected);
  });
});

describe('formatDateTime', () => {
  it('formats in Beijing time by default', () => {
    expect(formatDateTime(new Date('2026-11-24T06:30:00.000Z'))).toBe('2026-11-24 14:30');
  });

  it('crosses midnight into the next Beijing day and writes the hour as 00', () => {
    expect(formatDateTime(new Date('2026-11-24T16:05:00.000Z'))).toBe('2026-11-25 00:05');
  });

  it('honours another time zone', () => {
    expect(formatDateTime(new Date('2026-11-24T06:30:00.000Z'), 'Europe/London')).toBe('2026-11-24 06:30');
    expect(formatDateTime(new Date('2026-07-01T06:30:00.000Z'), 'Europe/London')).toBe('2026-07-01 07:30');
  });
});
