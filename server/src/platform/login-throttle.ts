/**
 * Per-IP limit on failed logins (QUALITY.md 2), next to the per-account lockout that lives in
 * the database. Only failures count: a call center behind one NAT address logs in together at
 * the start of a shift, and that must not lock anyone out. Kept in memory per instance; the
 * account lockout is the durable protection.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly perHour: number,
  ) {}

  /** Seconds to wait before this IP may try again, or 0. */
  retryAfter(ip: string, now = Date.now()): number {
    const times = this.prune(ip, now);
    const lastMinute = times.filter((t) => t > now - 60_000);
    if (lastMinute.length >= this.perMinute) {
      return Math.ceil(((lastMinute[lastMinute.length - this.perMinute] as number) + 60_000 - now) / 1000);
    }
    if (times.length >= this.perHour) {
      return Math.ceil(((times[times.length - this.perHour] as number) + 3_600_000 - now) / 1000);
    }
    return 0;
  }

  recordFailure(ip: string, now = Date.now()): void {
    const times = this.prune(ip, now);
    times.push(now);
    this.failures.set(ip, times);
  }

  private prune(ip: string, now: number): number[] {
    const times = (this.failures.get(ip) ?? []).filter((t) => t > now - 3_600_000);
    if (times.length === 0) this.failures.delete(ip);
    else this.failures.set(ip, times);
    if (this.failures.size > 10_000) {
      for (const key of this.failures.keys()) {
        if (this.failures.size <= 5_000) break;
        this.failures.delete(key);
      }
    }
    return times;
  }
}
