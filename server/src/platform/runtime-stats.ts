import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/**
 * The server process as an operator (and `npm run bench`'s load mix) sees it: resident memory,
 * heap, and the event-loop delay — how late a timer fires because the one JavaScript thread was
 * busy, the number behind "the whole server feels slow" (QUALITY 32: p99 < 100 ms under load).
 *
 * A timer asks to run every 20 ms and records how late it runs (Node's own monitor cannot be
 * merged into other histograms on Node 20); every 10 s the samples move into a ring of six
 * windows, so the answer covers the last minute as well as the whole life of the process.
 */
const TICK_MS = 20;
const WINDOW_MS = 10_000;
const WINDOWS = 6;

export interface DelayStats {
  /** Samples in the range (about one per 20 ms). */
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RuntimeStats {
  pid: number;
  uptimeSeconds: number;
  rssMb: number;
  heapUsedMb: number;
  eventLoopDelay: { lastMinute: DelayStats; sinceStart: DelayStats };
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;

function stats(h: RecordableHistogram): DelayStats {
  if (h.count === 0) return { samples: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
  return { samples: h.count, p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}

export class RuntimeMonitor {
  private monitor = createHistogram();
  private readonly total = createHistogram();
  private readonly ring: RecordableHistogram[] = [];
  private timers: ReturnType<typeof setInterval>[] = [];
  private last = 0;

  start(): this {
    this.last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      const lateMs = Math.max(0, now - this.last - TICK_MS);
      this.last = now;
      this.monitor.record(Math.max(1, Math.round(lateMs * 1e6)));
    }, TICK_MS);
    const rotate = setInterval(() => this.rotate(), WINDOW_MS);
    this.timers = [tick, rotate];
    for (const t of this.timers) t.unref();
    return this;
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private rotate(): void {
    const window = this.monitor;
    this.monitor = createHistogram();
    this.total.add(window);
    this.ring.push(window);
    if (this.ring.length > WINDOWS - 1) this.ring.shift();
  }

  read(): RuntimeStats {
    const lastMinute = createHistogram();
    for (const h of this.ring) lastMinute.add(h);
    if (this.monitor.count > 0) lastMinute.add(this.monitor);
    const sinceStart = createHistogram();
    sinceStart.add(this.total);
    if (this.monitor.count > 0) sinceStart.add(this.monitor);
    const memory = process.memoryUsage();
    return {
      pid: process.pid,
      uptimeSeconds: Math.round(process.uptime()),
      rssMb: mb(memory.rss),
      heapUsedMb: mb(memory.heapUsed),
      eventLoopDelay: { lastMinute: stats(lastMinute), sinceStart: stats(sinceStart) },
    };
  }
}
