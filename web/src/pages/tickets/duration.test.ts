import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';

describe('formatDuration', () => {
  it('says the two largest units that are not zero', () => {
    expect(formatDuration(3 * 3600, 'zh-CN')).toBe('3 小时');
    expect(formatDuration(2 * 86_400 + 3 * 3600 + 59, 'zh-CN')).toBe('2 天 3 小时');
    expect(formatDuration(86_400 + 20 * 60, 'zh-CN')).toBe('1 天');
    expect(formatDuration(3600 + 5 * 60 + 7, 'en-US')).toBe('1h 5m');
  });

  it('shows seconds only under an hour when asked', () => {
    expect(formatDuration(15 * 60 + 20, 'zh-CN', { seconds: true })).toBe('15 分 20 秒');
    expect(formatDuration(15 * 60 + 20, 'zh-CN')).toBe('15 分');
    expect(formatDuration(2 * 3600 + 20, 'zh-CN', { seconds: true })).toBe('2 小时');
    expect(formatDuration(42, 'en-US', { seconds: true })).toBe('42s');
  });

  it('reads a negative span (time past a deadline) by its size', () => {
    expect(formatDuration(-3 * 3600, 'zh-CN')).toBe('3 小时');
    expect(formatDuration(0, 'zh-CN')).toBe('0 分');
  });

  it('counts business days of eight working hours', () => {
    expect(formatDuration(24 * 3600, 'zh-CN', { business: true })).toBe('3 个工作日');
    expect(formatDuration(10 * 3600, 'zh-CN', { business: true })).toBe('1 个工作日 2 小时');
    expect(formatDuration(10 * 3600, 'en-US', { business: true })).toBe('1 workday 2h');
  });
});
