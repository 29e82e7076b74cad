import { describe, expect, it } from 'vitest';
import { formatResult, makeResult, parseBenchArgs, percentile, ratio, scenarioIds, UsageError } from './measure.js';

describe('bench arguments', () => {
  it('defaults to every scenario on demo data, 10 s, 50 connections', () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({
      scenarios: [...scenarioIds],
      scale: 'demo',
      duration: 10,
      connections: 50,
      due: 10_000,
      importRows: 100_000,
      port: 4700,
      help: false,
    });
    expect(o.json).toBeUndefined();
  });

  it('takes a scenario list in any case and order, once each, in the canonical order', () => {
    const o = parseBenchArgs(['--scenario', 'b2, B0,B2', '--scale', 'small', '--duration', '2.5', '--json', 'o.json']);
    expect(o.scenarios).toEqual(['B0', 'B2']);
    expect(o.scale).toBe('small');
    expect(o.duration).toBe(2.5);
    expect(o.json).toBe('o.json');
    // B6 runs last, after the server has stopped; the load mix after the single scenarios.
    expect(parseBenchArgs(['--scenario', 'b6,mix,b7,b1']).scenarios).toEqual(['B1', 'B7', 'MIX', 'B6']);
    expect(parseBenchArgs(['--import-rows', '5000']).importRows).toBe(5000);
  });

  it('refuses what it does not know, saying what it expected', () => {
    expect(() => parseBenchArgs(['--scenario', 'B9'])).toThrow(/B9.*B0, B1/);
    expect(() => parseBenchArgs(['--scenario', ','])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--scale', 'huge'])).toThrow(/huge/);
    expect(() => parseBenchArgs(['--connections', '0'])).toThrow(/connections/);
    expect(() => parseBenchArgs(['--connections', '2.5'])).toThrow(/integer/);
    expect(() => parseBenchArgs(['--duration', 'ten'])).toThrow(/duration/);
    expect(() => parseBenchArgs(['--port', '70000'])).toThrow(/port/);
    expect(() => parseBenchArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--import-rows', '1e3.5'])).toThrow(/import-rows/);
  });

  it('takes an existing database of generated data, by name only', () => {
    expect(parseBenchArgs(['--scale', 'large', '--database', 'linli_large']).database).toBe('linli_large');
    expect(parseBenchArgs([]).database).toBeUndefined();
    expect(() => parseBenchArgs(['--database', 'linli_large'])).toThrow(/--scale/);
    expect(() => parseBenchArgs(['--scale', 'large', '--database', 'x; drop table y'])).toThrow(/database name/);
  });

  it('allows no warm-up', () => {
    expect(parseBenchArgs(['--warmup', '0']).warmup).toBe(0);
    expect(parseBenchArgs([]).warmup).toBe(2);
  });
});

describe('percentile and ratio', () => {
  it('uses the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([], 99)).toBeNaN();
  });

  it('divides by a usable baseline only', () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(1, 3)).toBe(0.333);
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(5, null)).toBeNull();
    expect(ratio(Number.NaN, 10)).toBeNull();
  });
});

describe('result objects', () => {
  const context = { database: 'pglite' as const, scale: 'demo' as const };

  it('have exactly the documented fields', () => {
    const r = makeResult(context, {
      scenario: 'B1',
      metric: 'caller-ID pop throughput',
      value: 1234.5678,
      unit: 'req/s',
      baseline: { name: 'bare Fastify req/s', value: 2000 },
      goal: { on: 'ratio', op: '>=', limit: 0.5 },
    });
    expect(Object.keys(r).sort()).toEqual(
      [
        'scenario',
        'database',
        'scale',
        'metric',
        'value',
        'unit',
        'baseline_name',
        'baseline_value',
        'ratio',
        'goal',
        'pass',
      ].sort(),
    );
    expect(r).toEqual({
      scenario: 'B1',
      database: 'pglite',
      scale: 'demo',
      metric: 'caller-ID pop throughput',
      value: 1234.57,
      unit: 'req/s',
      baseline_name: 'bare Fastify req/s',
      baseline_value: 2000,
      ratio: 0.617,
      goal: 'ratio ≥ 0.5',
      pass: true,
    });
    expect(formatResult(r)).toMatch(/B1 .*1234\.57 req\/s.*ratio 0\.617.*PASS/);
  });

  it('judge value goals strictly and miss a ratio goal without a baseline', () => {
    const p99 = (value: number) =>
      makeResult(context, {
        scenario: 'B1',
        metric: 'p99',
        value,
        unit: 'ms',
        goal: { on: 'value', op: '<', limit: 10 },
      });
    expect(p99(9.99).pass).toBe(true);
    expect(p99(10).pass).toBe(false);
    expect(p99(10).goal).toBe('< 10 ms');
    const noBaseline = makeResult(context, {
      scenario: 'B2',
      metric: 'rps',
      value: 100,
      unit: 'req/s',
      baseline: { name: 'raw INSERT tx/s', value: null },
      goal: { on: 'ratio', op: '>=', limit: 0.4 },
    });
    expect(noBaseline.ratio).toBeNull();
    expect(noBaseline.pass).toBe(false);
    const plain = makeResult(context, { scenario: 'B0', metric: 'bare', value: 1, unit: 'req/s' });
    expect([plain.goal, plain.pass, plain.baseline_name, plain.ratio]).toEqual([null, null, null, null]);
  });

  it('record a scenario that could not run as missed', () => {
    const r = makeResult(context, { scenario: 'B2', metric: 'error', value: 0, unit: '', error: 'no answer' });
    expect(r).toMatchObject({ metric: 'error: no answer', pass: false, goal: 'runs' });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
