import { describe, expect, it } from 'vitest';
import { RuntimeMonitor } from './runtime-stats.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RuntimeMonitor', () => {
  it('sees the event loop held busy, and reports memory', async () => {
    const monitor = new RuntimeMonitor().start();
    try {
      await sleep(100);
      // Hold the one thread for 200 ms: the next tick runs at least ~180 ms late.
      const until = performance.now() + 200;
      while (performance.now() < until) {
        // busy
      }
      await sleep(60);
      const stats = monitor.read();
      expect(stats.eventLoopDelay.lastMinute.samples).toBeGreaterThan(2);
      expect(stats.eventLoopDelay.lastMinute.maxMs).toBeGreaterThanOrEqual(150);
      expect(stats.eventLoopDelay.sinceStart.maxMs).toBe(stats.eventLoopDelay.lastMinute.maxMs);
      expect(stats.rssMb).toBeGreaterThan(10);
      expect(stats.pid).toBe(process.pid);
    } finally {
      monitor.stop();
    }
  });

  it('answers zeros before the first sample', () => {
    const stats = new RuntimeMonitor().read();
    expect(stats.eventLoopDelay.lastMinute).toEqual({ samples: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });
});
