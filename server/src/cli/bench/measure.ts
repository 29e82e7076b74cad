/**
 * The pure parts of the benchmark harness (`npm run bench`): its arguments, percentiles,
 * ratios against the baselines, goals, and the result objects it prints and writes as JSON.
 */
import { parseArgs } from 'node:util';

export const scenarioIds = ['B0', 'B1', 'B2', 'B3', 'B4', 'B5', 'B7', 'MIX', 'B6'] as const;
export type ScenarioId = (typeof scenarioIds)[number];
export const benchScales = ['demo', 'tiny', 'small', 'medium', 'large'] as const;
export type BenchScale = (typeof benchScales)[number];

export interface BenchOptions {
  scenarios: ScenarioId[];
  scale: BenchScale;
  /** Seconds of measured load per HTTP scenario (after the warm-up). */
  duration: number;
  /** Seconds of warm-up load before each HTTP scenario (not measured). */
  warmup: number;
  connections: number;
  /** Due SLA timers inserted for B6. */
  due: number;
  /** Rows of the workbook B7 imports. */
  importRows: number;
  /** Where to write the results as a JSON array; undefined: print only. */
  json?: string;
  /** First of the ports the harness uses (server, bare Fastify). */
  port: number;
  seed: number;
  /**
   * An existing database on DATABASE_URL's server, used as it is (made beforehand by
   * `npm run seed -- --scale …` with the same SECRET_KEY): neither created, filled nor dropped.
   */
  database?: string;
  /** Directory for the server's CPU profile (node --cpu-prof), written when it stops. */
  profile?: string;
  help: boolean;
}

export const benchUsage = `用法 / usage:
  npm run bench -- [--scenario B0,B1,...] [--scale demo|tiny|small|medium|large] [--duration 秒]
                   [--warmup 秒] [--connections 50] [--due 10000] [--import-rows 100000] [--json out.json] [--port 4700] [--seed 1]
                   [--profile 目录/dir]   (服务器的 CPU 剖析 / the server's CPU profile, node --cpu-prof)
  DATABASE_URL 已设置时在该 PostgreSQL 上新建并最后删除一个临时数据库；否则用临时目录中的 PGlite。
  With DATABASE_URL set it creates (and at the end drops) its own database on that server;
  otherwise it runs on PGlite in a fresh temporary directory.
  --database 名称：改用该服务器上已有的数据库（先以同一 SECRET_KEY 运行 npm run seed -- --scale …），不新建、不写入、不删除。
  --database NAME uses that existing database instead (made by npm run seed -- --scale … with the
  same SECRET_KEY): not created, filled or dropped.
例 / example:
  npm run bench -- --scenario B0,B1,B2 --duration 5
  DATABASE_URL=postgres://…/postgres SECRET_KEY=… npm run bench -- --scale large --database linli_large
`;

export class UsageError extends Error {}

function positiveNumber(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `--${name} 须为正${integer ? '整' : ''}数 / --${name} must be a positive ${integer ? 'integer' : 'number'}: ${raw}`,
    );
  }
  return n;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' },
        scale: { type: 'string', default: 'demo' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        due: { type: 'string' },
        'import-rows': { type: 'string' },
        json: { type: 'string' },
        port: { type: 'string' },
        seed: { type: 'string' },
        profile: { type: 'string' },
        database: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  let scenarios: ScenarioId[] = [...scenarioIds];
  if (v.scenario !== undefined) {
    const wanted = v.scenario
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const unknown = wanted.filter((s) => !(scenarioIds as readonly string[]).includes(s));
    if (wanted.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `未知的场景 / unknown scenario: ${unknown.join(', ') || '(empty)'}（可选 / choose from ${scenarioIds.join(', ')}）`,
      );
    }
    // In the canonical order, once each: the ratios need B0 measured first.
    scenarios = scenarioIds.filter((s) => wanted.includes(s));
  }
  const scale = v.scale as BenchScale;
  if (!(benchScales as readonly string[]).includes(scale)) {
    throw new UsageError(`未知的规模 / unknown scale: ${v.scale}（可选 / choose from ${benchScales.join(', ')}）`);
  }
  const port = positiveNumber('port', v.port, 4700, true);
  if (port > 65534) throw new UsageError(`--port 须小于 65535 / --port must be below 65535: ${v.port}`);
  const connections = positiveNumber('connections', v.connections, 50, true);
  if (connections > 1000) throw new UsageError('--connections 最多 1000 / at most 1000');
  if (v.database !== undefined) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(v.database)) {
      throw new UsageError(
        `--database 须为数据库名（小写字母、数字、下划线） / --database must be a database name: ${v.database}`,
      );
    }
    if (scale === 'demo') {
      throw new UsageError(
        '--database 需要 --scale 标明其中生成数据的规模 / --database needs --scale naming the generated data in it',
      );
    }
  }
  return {
    scenarios,
    scale,
    database: v.database,
    duration: positiveNumber('duration', v.duration, 10),
    warmup: v.warmup === '0' ? 0 : positiveNumber('warmup', v.warmup, 2),
    connections,
    due: positiveNumber('due', v.due, 10_000, true),
    importRows: positiveNumber('import-rows', v['import-rows'], 100_000, true),
    json: v.json,
    port,
    seed: positiveNumber('seed', v.seed, 1, true),
    profile: v.profile,
    help: v.help ?? false,
  };
}

/** The p-th percentile (0–100) of the samples by the nearest-rank method; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** value ÷ baseline, rounded to three places; null without a usable baseline. */
export function ratio(value: number, baseline: number | null | undefined): number | null {
  if (baseline === null || baseline === undefined || !Number.isFinite(baseline) || baseline <= 0) return null;
  if (!Number.isFinite(value)) return null;
  return Math.round((value / baseline) * 1000) / 1000;
}

/** A goal: on the value (`p99 < 10 ms`) or on the ratio to the baseline (`≥ 50 % of bare Fastify`). */
export type Goal = { on: 'value'; op: '<' | '>='; limit: number } | { on: 'ratio'; op: '<' | '>='; limit: number };

export function goalText(goal: Goal | null, unit: string): string | null {
  if (!goal) return null;
  if (goal.on === 'value') return `${goal.op === '<' ? '<' : '≥'} ${goal.limit} ${unit}`;
  return `ratio ${goal.op === '<' ? '<' : '≥'} ${goal.limit}`;
}

export function meets(goal: Goal | null, value: number, r: number | null): boolean | null {
  if (!goal) return null;
  const x = goal.on === 'value' ? value : r;
  if (x === null || !Number.isFinite(x)) return false;
  return goal.op === '<' ? x < goal.limit : x >= goal.limit;
}

/** One line of results, as printed and as written with --json. */
export interface BenchResult {
  scenario: string;
  database: 'pglite' | 'postgresql';
  scale: BenchScale;
  metric: string;
  value: number;
  unit: string;
  baseline_name: string | null;
  baseline_value: number | null;
  ratio: number | null;
  goal: string | null;
  pass: boolean | null;
}

export interface ResultInput {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number | null } | null;
  goal?: Goal | null;
  /** The scenario could not be measured: the line says why and counts as missed. */
  error?: string;
}

const round = (n: number) => (Number.isFinite(n) ? Math.round(n * 100) / 100 : n);

export function makeResult(
  context: { database: BenchResult['database']; scale: BenchScale },
  input: ResultInput,
): BenchResult {
  const baselineValue = input.baseline?.value ?? null;
  const r = input.baseline ? ratio(input.value, baselineValue) : null;
  const goal = input.goal ?? null;
  if (input.error !== undefined) {
    return {
      scenario: input.scenario,
      database: context.database,
      scale: context.scale,
      metric: `error: ${input.error}`,
      value: 0,
      unit: '',
      baseline_name: null,
      baseline_value: null,
      ratio: null,
      goal: 'runs',
      pass: false,
    };
  }
  return {
    scenario: input.scenario,
    database: context.database,
    scale: context.scale,
    metric: input.metric,
    value: round(input.value),
    unit: input.unit,
    baseline_name: input.baseline?.name ?? null,
    baseline_value: baselineValue === null ? null : round(baselineValue),
    ratio: r,
    goal: goalText(goal, input.unit),
    pass: meets(goal, input.value, r),
  };
}

/** The one line a result prints as. */
export function formatResult(r: BenchResult): string {
  const parts = [`${r.scenario.padEnd(4)} ${r.metric.padEnd(34)} ${String(r.value).padStart(10)} ${r.unit.padEnd(5)}`];
  if (r.baseline_name) parts.push(`vs ${r.baseline_name} ${r.baseline_value ?? '–'} → ratio ${r.ratio ?? '–'}`);
  if (r.goal) parts.push(`goal ${r.goal}: ${r.pass ? 'PASS' : 'MISS'}`);
  return parts.join('  ');
}
