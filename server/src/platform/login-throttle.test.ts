import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const t0 = Date.parse('2026-11-24T01:00:00.000Z');
const ip = '203.0.113.7';

describe('LoginThrottle', () => {
  it('allows six failures a minute, then asks to wait until the oldest leaves the window', () => {
    const throttle = new LoginThrottle(6, 30);
    for (let i = 0; i < 5; i++) throttle.recordFailure(ip, t0 + i * 1000);
    expect(throttle.retryAfter(ip, t0 + 5000)).toBe(0);
    throttle.recordFailure(ip, t0 + 5000);
    expect(throttle.retryAfter(ip, t0 + 6000)).toBe(54);
    expect(throttle.retryAfter(ip, t0 + 59_500)).toBe(1);
    expect(throttle.retryAfter(ip, t0 + 60_001)).toBe(0);
  });

  it('does not count checks or successes, only failures', () => {
    const throttle = new LoginThrottle(6, 30);
    for (let i = 0; i < 100; i++) expect(throttle.retryAfter(ip, t0 + i)).toBe(0);
    for (let i = 0; i < 5; i++) throttle.recordFailure(ip, t0 + 200 + i);
    for (let i = 0; i < 100; i++) expect(throttle.retryAfter(ip, t0 + 300 + i)).toBe(0);
  });

  it('limits each address separately', () => {
    const throttle = new LoginThrottle(6, 30);
    for (let i = 0; i < 6; i++) throttle.recordFailure(ip, t0 + i);
    expect(throttle.retryAfter(ip, t0 + 10)).toBeGreaterThan(0);
    expect(throttle.retryAfter('198.51.100.1', t0 + 10)).toBe(0);
  });

  it('applies the hourly limit to failures spread below the per-minute limit', () => {
    const throttle = new LoginThrottle(6, 30);
    // One failure every 90 s: never six in a minute, thirty within 45 minutes.
    for (let i = 0; i < 29; i++) throttle.recordFailure(ip, t0 + i * 90_000);
    const last = t0 + 29 * 90_000;
    expect(throttle.retryAfter(ip, last)).toBe(0);
    throttle.recordFailure(ip, last);
    const wait = throttle.retryAfter(ip, last + 1000);
    // The oldest failure (t0) leaves the hour at t0 + 60 min.
    expect(wait).toBe(Math.ceil((t0 + 3_600_000 - (last + 1000)) / 1000));
    expect(wait).toBeGreaterThan(60);
    expect(throttle.retryAfter(ip, t0 + 3_600_001)).toBe(0);
  });
});
