/**
 * npm run bench -- [--scenario B0,B1,...] [--scale demo|tiny|small|medium|large] [--duration 10]
 *                  [--connections 50] [--json out.json]
 *
 * The benchmark harness of the measurement issue (docs/PERFORMANCE.md says what each number
 * means). It prepares a database of its own — a fresh temporary PGlite directory, or with
 * DATABASE_URL a new database on that PostgreSQL server, dropped at the end — fills it (the demo
 * data, or the scale generator's), starts `server/src/main.ts` on it as a child process and
 * loads it with autocannon after a warm-up. Baselines (B0) are measured in the same run, so the
 * ratios say how close Linli comes to the limits of this machine, whatever the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { type Database, openPglite, openPostgres } from '../db/client.js';
import { bootstrap } from '../db/seeds/bootstrap.js';
import { seedDemo } from '../db/seeds/demo.js';
import { DEMO_CALLER } from '../db/seeds/demo-calls.js';
import type { GenerateScale, Scale, ScaleSummary } from '../db/seeds/scale/scale.js';
import { createDeps } from '../deps.js';
import { ctiHeaders } from '../modules/callcenter/cti.signature.js';
import { sweepDue } from '../modules/ticket/ticket.sweep.js';
import type { Deps } from '../platform/context.js';
import { Secrets } from '../platform/secrets.js';
import {
  type BenchOptions,
  type BenchResult,
  benchUsage,
  formatResult,
  makeResult,
  parseBenchArgs,
  percentile,
  type ResultInput,
  UsageError,
} from './bench/measure.js';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${benchUsage}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(benchUsage);
  process.exit(0);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ── the database of this run ───────────────────────────────────────────────

const adminUrl = process.env.DATABASE_URL || undefined;
const kind: BenchResult['database'] = adminUrl ? 'postgresql' : 'pglite';
const workDir = mkdtempSync(join(tmpdir(), 'linli-bench-'));
const dataDir = join(workDir, 'data');
mkdirSync(join(dataDir, 'files'), { recursive: true });
/** --database: an existing database of generated data, used as it is (not created, filled or dropped). */
const reuse = options.database !== undefined;
if (reuse && (!adminUrl || !process.env.SECRET_KEY)) {
  process.stderr.write(
    '--database 需要 DATABASE_URL 和生成数据时用的 SECRET_KEY / --database needs DATABASE_URL and the SECRET_KEY the data was generated with\n',
  );
  process.exit(2);
}
const benchDbName = options.database ?? `linli_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
const benchUrl = adminUrl ? withDatabase(adminUrl, benchDbName) : undefined;
const secretKey = reuse ? (process.env.SECRET_KEY as string) : randomBytes(32).toString('base64');
const ctiSecretValue = randomBytes(24).toString('hex');
const password = `Bench-${randomBytes(6).toString('hex')}`;
const serverPort = options.port;
const helloPort = options.port + 1;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createBenchDatabase() {
  if (!adminUrl || reuse) return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${benchDbName}`);
  } finally {
    await client.end();
  }
}

async function dropBenchDatabase() {
  if (!adminUrl || reuse) return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${benchDbName} with (force)`);
  } finally {
    await client.end();
  }
}

async function openBenchDatabase(): Promise<Database> {
  return benchUrl ? openPostgres(benchUrl) : openPglite(join(dataDir, 'db'));
}

function depsFor(database: Database): Deps {
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(benchUrl ? { DATABASE_URL: benchUrl } : {}),
    SECRET_KEY: secretKey,
    CTI_SECRET: ctiSecretValue,
  });
  return createDeps(database, config, new Secrets(Buffer.from(secretKey, 'base64')));
}

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

// ── preparing the data ─────────────────────────────────────────────────────

interface Samples {
  companyId: string;
  /** Users the HTTP scenarios log in as: an agent (scoped), a company head, an administrator. */
  agent: string;
  head: string;
  admin: string;
  password: string;
  extension: string | null;
  phones: string[];
  names: string[];
  initials: string[];
  projects: string[];
  /** The name of the first project: B7's workbook puts its rooms there. */
  projectName: string | null;
  /** B7's first building number: above the project's own (the large scale's run past 101). */
  firstFreeBuilding: number;
  /** Rooms with a current occupant, for the tickets of B2. */
  homes: { projectId: string; roomId: string; customerId: string }[];
  repairItem: string | null;
}

type GenerateModule = { generateScale: GenerateScale; scaleStaffPassword: (seed: number) => string };
type GeneratedSamples = ScaleSummary['samples'];

/** The scale data generator (another branch while this was written): a clear stop without it. */
async function loadGenerator(): Promise<GenerateModule> {
  const path = '../db/seeds/scale/generate.js';
  let mod: Partial<GenerateModule>;
  try {
    mod = await import(path);
  } catch (error) {
    throw new UsageError(
      `--scale ${options.scale} 需要数据生成器 server/src/db/seeds/scale/generate.ts（尚未合并？） / ` +
        `needs the scale data generator server/src/db/seeds/scale/generate.ts: ${(error as Error).message}`,
    );
  }
  if (typeof mod.generateScale !== 'function' || typeof mod.scaleStaffPassword !== 'function') {
    throw new UsageError('generate.ts 未导出 generateScale / generate.ts has no generateScale export');
  }
  return mod as GenerateModule;
}

async function prepare(): Promise<Samples> {
  const started = Date.now();
  const database = await openBenchDatabase();
  try {
    await database.migrate();
    const deps = depsFor(database);
    await bootstrap(deps);
    let generated: GeneratedSamples | null = null;
    let staffPassword = password;
    if (options.scale === 'demo') await seedDemo(deps, password);
    else if (reuse) {
      const mod = await loadGenerator();
      staffPassword = mod.scaleStaffPassword(options.seed);
      // The generator's first company is its first agent's scope.
      const [first] = await rows<{ companyId: string }>(
        database,
        sql`select ra.scope_org_id as "companyId" from role_assignment ra join app_user u on u.id = ra.user_id
            where u.username = 'gen_agent011' and ra.scope_kind = 'org'`,
      );
      if (!first) {
        throw new UsageError(
          `数据库 ${benchDbName} 中没有生成的数据（gen_agent011）/ database ${benchDbName} holds no generated data (gen_agent011)`,
        );
      }
      generated = { companyId: first.companyId, projectIds: [], phones: [], customerNames: [], roomCodes: [] };
      say(`沿用数据库 / using database ${benchDbName} as it is`);
    } else {
      // The generator wants an empty database and brings its own staff (gen_admin, gen_agent011 …).
      const mod = await loadGenerator();
      staffPassword = mod.scaleStaffPassword(options.seed);
      let lastProgress = 0;
      say(`生成 ${options.scale} 规模数据 / generating ${options.scale} data …`);
      const summary = await mod.generateScale(database, deps.secrets, {
        scale: options.scale as Scale,
        seed: options.seed,
        now: new Date(),
        onProgress: (p) => {
          // One line rewritten on a terminal; a line every two seconds into a log.
          const now = Date.now();
          if (!process.stdout.isTTY && now - lastProgress < 2000) return;
          lastProgress = now;
          const line = `  ${p.table} ${p.rows}${p.total ? `/${p.total}` : ''} (${Math.round(p.rowsPerSecond)} rows/s)`;
          process.stdout.write(process.stdout.isTTY ? `\r${line.padEnd(70)}` : `${line}\n`);
        },
      });
      if (process.stdout.isTTY) process.stdout.write('\n');
      generated = summary.samples;
    }
    // Demo scale: the Shanghai company, its agent 张晓梅 (kefu, extension 8001) and its head of
    // customer service (kfhead). Generated scales: the generator's first company and its first
    // agent (scope: the company), given an extension here so that the calls ring at their desk.
    const [sh] = await rows<{ id: string }>(
      database,
      sql`select coalesce(company_id, id) as id from organization where code = 'SH'`,
    );
    const companyId = generated?.companyId ?? sh?.id;
    if (!companyId) throw new Error('bench: no company to measure');
    const agent = generated ? 'gen_agent011' : 'kefu';
    const head = generated ? 'gen_agent011' : 'kfhead';
    if (generated) {
      await database.db.execute(
        sql`update app_user set extension = '8001' where username = ${agent} and extension is null`,
      );
    }
    const [ext] = await rows<{ extension: string | null }>(
      database,
      sql`select extension from app_user where username = ${agent}`,
    );
    const phoneRows = await rows<{ number: string }>(
      database,
      sql`select distinct p.number from customer_phone p join customer c on c.id = p.customer_id
          where c.company_id = ${companyId} and c.active and p.number ~ '^1[3-9][0-9]{9}$'
          order by p.number limit 20`,
    );
    const phones = [
      ...new Set([
        ...(generated?.phones ?? []),
        ...(generated ? [] : [DEMO_CALLER]),
        ...phoneRows.map((r) => r.number),
      ]),
    ].slice(0, 20);
    const people = await rows<{ name: string; initials: string }>(
      database,
      sql`select name, name_initials as initials from customer
          where company_id = ${companyId} and kind = 'person' and active order by code limit 20`,
    );
    const names = [...new Set([...(generated?.customerNames ?? []), ...people.map((p) => p.name)])].slice(0, 20);
    const projects = await rows<{ id: string; name: string }>(
      database,
      sql`select id, name from project where company_id = ${companyId} order by code`,
    );
    const homes = await rows<{ projectId: string; roomId: string; customerId: string }>(
      database,
      sql`select distinct on (o.room_id) o.project_id as "projectId", o.room_id as "roomId", o.customer_id as "customerId"
          from occupancy o join project p on p.id = o.project_id
          where p.company_id = ${companyId} and o.to_date is null order by o.room_id limit 50`,
    );
    const [topBuilding] = projects[0]
      ? await rows<{ n: number | null }>(
          database,
          sql`select max(nullif(regexp_replace(code, '[^0-9]', '', 'g'), '')::int) as n from building
              where project_id = ${projects[0].id}`,
        )
      : [];
    const [item] = await rows<{ id: string }>(
      database,
      sql`select id from catalogue_node where kind = 'item' and active and 'repair' = any(ticket_types)
          order by sort_order, name limit 1`,
    );
    say(`数据已就绪 / data ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return {
      companyId,
      agent,
      head,
      admin: generated ? 'gen_admin' : 'admin',
      password: staffPassword,
      extension: ext?.extension ?? null,
      phones,
      names,
      initials: people.map((p) => p.initials).filter((i) => i.length >= 2),
      projects: projects.map((p) => p.id),
      projectName: projects[0]?.name ?? null,
      firstFreeBuilding: Math.max(101, (topBuilding?.n ?? 0) + 1),
      homes,
      repairItem: item?.id ?? null,
    };
  } finally {
    await database.close();
  }
}

// ── the server under test ──────────────────────────────────────────────────

let server: ChildProcess | undefined;
let serverOutput = '';

async function startServer(): Promise<void> {
  const profile = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(options.profile)}`] : [];
  server = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: String(serverPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: benchUrl ?? '',
      SECRET_KEY: secretKey,
      CTI_SECRET: ctiSecretValue,
      CTI_EVENTS_PER_MINUTE: '100000',
      DEMO_PASSWORD: password,
      LOG_LEVEL: 'warn',
      // Several logins from one address in a few seconds must not look like guessing.
      LOGIN_FAILURES_PER_MINUTE: '1000',
      LOGIN_FAILURES_PER_HOUR: '10000',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    serverOutput = (serverOutput + chunk.toString()).slice(-20_000);
    // BENCH_SERVER_LOG=file keeps the server's whole log (warnings and errors at LOG_LEVEL=warn).
    if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, chunk);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${serverOutput}`);
    try {
      const response = await fetch(`${base()}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`server did not answer /api/health within 120 s:\n${serverOutput}`);
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const base = () => `http://127.0.0.1:${serverPort}`;

/** The server's resident set size in MB, from /proc (Linux); null elsewhere. */
function serverRss(): number | null {
  if (!server?.pid) return null;
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

async function login(username: string, password: string): Promise<string> {
  const response = await fetch(`${base()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  return cookie.join('; ');
}

async function getJson<T>(cookie: string, path: string): Promise<T> {
  const response = await fetch(`${base()}${path}`, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

// ── load ───────────────────────────────────────────────────────────────────

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
}

type Requests = NonNullable<autocannon.Options['requests']>;

async function cannon(
  scenario: string | null,
  path: string,
  init: { cookie?: string; requests?: Requests; method?: 'GET' | 'POST' },
  url = base(),
) {
  const run = (seconds: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: `${url}${path}`,
          method: init.method ?? 'GET',
          connections: options.connections,
          duration: seconds,
          headers: init.cookie ? { cookie: init.cookie } : {},
          ...(init.requests ? { requests: init.requests } : {}),
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
  if (options.warmup > 0) await run(options.warmup);
  const r = await run(options.duration);
  const load: Load = {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    // autocannon counts timeouts among the errors.
    failures: r.errors + r.non2xx,
  };
  if (load.failures > 0) {
    const codes = Object.entries(r.statusCodeStats ?? {})
      .map(([code, s]) => `${code}×${(s as { count: number }).count}`)
      .join(' ');
    say(
      `  ! ${load.failures} requests failed: ${r.errors} errors (${r.timeouts} of them timeouts), ${r.non2xx} answered non-2xx; answers: ${codes || 'none'}`,
    );
  }
  if (load.failures > 0 && scenario) {
    report({
      scenario,
      metric: 'failed requests',
      value: load.failures,
      unit: 'req',
      goal: { on: 'value', op: '<', limit: 1 },
    });
  }
  if (load.requests - r.non2xx <= 0) {
    throw new Error(
      `no request to ${path || 'the server'} succeeded within ${options.duration} s (slower than the window at ${options.connections} connections?)`,
    );
  }
  return load;
}

/** Runs `op` from `concurrency` workers for `seconds`; ops per second and latencies in ms. */
async function loop(seconds: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let n = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await op(n++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { perSecond: latencies.length / seconds, p99: percentile(latencies, 99) };
}

/** One request at a time, a few times each: the median per path (a diagnosis, not a result). */
async function probe(cookie: string, paths: string[], times = 5) {
  for (const path of paths) {
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      await getJson(cookie, path);
      ms.push(performance.now() - t0);
    }
    say(`  alone: ${percentile(ms, 50).toFixed(1).padStart(7)} ms  ${decodeURIComponent(path)}`);
  }
}

// ── the scenarios ──────────────────────────────────────────────────────────

const results: BenchResult[] = [];
const baselines: { fastifyRps: number | null; insertTps: number | null; selectPs: number | null } = {
  fastifyRps: null,
  insertTps: null,
  selectPs: null,
};

function report(input: ResultInput) {
  const r = makeResult({ database: kind, scale: options.scale }, input);
  results.push(r);
  say(formatResult(r));
}

/**
 * Waits until the server is idle again: requests a load run left queued (autocannon stops
 * waiting, the server does not) would otherwise be measured as the next scenario's latency.
 * Idle: /api/health (one `select 1`) answers in under 25 ms three times running; at most 120 s.
 */
async function settle() {
  if (!server || server.exitCode !== null) return;
  const deadline = Date.now() + 120_000;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const t0 = performance.now();
    await fetch(`${base()}/api/health`).catch(() => null);
    quick = performance.now() - t0 < 25 ? quick + 1 : 0;
    if (quick < 3) await sleep(100);
  }
}

async function withRss(id: string, title: string, body: () => Promise<void>) {
  await settle();
  const before = serverRss();
  say(`\n${id} ${title}`);
  const t0 = Date.now();
  try {
    await body();
  } catch (error) {
    // One scenario failing (no answer within the window, say) does not end the run.
    // A failed query's message quotes its SQL; the database's own reason is in `cause`.
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    const first = (error as Error).message.split('\n')[0] ?? '';
    const message = `${first.length > 200 ? `${first.slice(0, 200)} …` : first}${cause ? ` — ${cause}` : ''}`;
    say(`  ✗ ${message}`);
    report({ scenario: id, metric: 'error', value: 0, unit: '', error: message });
  }
  const after = serverRss();
  say(`  (${((Date.now() - t0) / 1000).toFixed(1)} s; server RSS ${before ?? '–'} → ${after ?? '–'} MB)`);
}

/** B0: bare Fastify in its own process on this Node; raw INSERT transactions and PK SELECTs over the server's driver. */
async function b0() {
  const hello = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import Fastify from 'fastify';
       const app = Fastify({ logger: false });
       app.get('/', async () => ({ hello: 'world' }));
       await app.listen({ port: ${helloPort}, host: '127.0.0.1' });
       process.stdout.write('ready\\n');`,
    ],
    { cwd: serverDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      hello.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      hello.once('exit', (code) => reject(new Error(`bare Fastify exited (${code})`)));
    });
    const load = await cannon('B0', '/', {}, `http://127.0.0.1:${helloPort}`);
    baselines.fastifyRps = load.rps;
    report({ scenario: 'B0', metric: 'bare Fastify hello-world', value: load.rps, unit: 'req/s' });
  } finally {
    hello.kill('SIGTERM');
  }

  // The raw driver: PGlite in a directory of its own (the server holds the other one), or a
  // pool of the server's size on the bench database.
  const scratch =
    'create table bench_scratch (id bigserial primary key, payload text not null, at timestamptz not null default now())';
  const seconds = options.duration;
  if (benchUrl) {
    const pool = new pg.Pool({ connectionString: benchUrl, max: 10 });
    try {
      await pool.query(scratch);
      const insertTx = async (i: number) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query('insert into bench_scratch (payload) values ($1)', [`row ${i}`]);
          await client.query('commit');
        } finally {
          client.release();
        }
      };
      await loop(Math.min(2, seconds), options.connections, insertTx);
      const ins = await loop(seconds, options.connections, insertTx);
      const { rows: countRows } = await pool.query<{ n: string }>('select max(id) as n from bench_scratch');
      const max = Number(countRows[0]?.n ?? 1);
      const select = (i: number) =>
        pool.query('select payload from bench_scratch where id = $1', [1 + ((i * 7919) % max)]);
      await loop(Math.min(2, seconds), options.connections, select);
      const sel = await loop(seconds, options.connections, select);
      reportDriver(ins, sel);
    } finally {
      await pool.query('drop table if exists bench_scratch').catch(() => {});
      await pool.end();
    }
  } else {
    const db = await PGlite.create({ dataDir: join(workDir, 'scratch') });
    try {
      await db.exec(scratch);
      const insertTx = (i: number) =>
        db.transaction(async (tx) => {
          await tx.query('insert into bench_scratch (payload) values ($1)', [`row ${i}`]);
        });
      // One connection: more workers would only queue.
      await loop(Math.min(2, seconds), 1, insertTx);
      const ins = await loop(seconds, 1, insertTx);
      const max = Number(
        (await db.query<{ n: number }>('select max(id)::int as n from bench_scratch')).rows[0]?.n ?? 1,
      );
      const select = (i: number) =>
        db.query('select payload from bench_scratch where id = $1', [1 + ((i * 7919) % max)]);
      await loop(Math.min(2, seconds), 1, select);
      const sel = await loop(seconds, 1, select);
      reportDriver(ins, sel);
    } finally {
      await db.close();
    }
  }
}

function reportDriver(ins: { perSecond: number; p99: number }, sel: { perSecond: number; p99: number }) {
  baselines.insertTps = ins.perSecond;
  baselines.selectPs = sel.perSecond;
  report({ scenario: 'B0', metric: `raw INSERT transactions (${kind})`, value: ins.perSecond, unit: 'tx/s' });
  report({ scenario: 'B0', metric: `raw primary-key SELECT (${kind})`, value: sel.perSecond, unit: 'q/s' });
}

/** B1: the screen pop of a ringing call — phone → customers, their rooms, open tickets. */
async function b1(samples: Samples, agentCookie: string) {
  // Ring the agent's extension once per sample number (signed telephony events, as a switch would).
  for (const [i, number] of samples.phones.entries()) {
    const body = JSON.stringify({
      event: 'ringing',
      callId: `bench-${process.pid}-${i}`,
      direction: 'inbound',
      callerNumber: number,
      calledNumber: '4008200000',
      ...(samples.extension ? { extension: samples.extension } : {}),
    });
    const response = await fetch(`${base()}/api/cti/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ctiHeaders(ctiSecretValue, body) },
      body,
    });
    if (!response.ok) throw new Error(`CTI ringing: ${response.status} ${await response.text()}`);
  }
  const calls = await getJson<{ data: { id: string; callerNumber: string }[] }>(
    agentCookie,
    '/api/calls?pageSize=100&state=ringing',
  );
  const ids = calls.data.map((c) => c.id).slice(0, samples.phones.length);
  if (ids.length === 0) throw new Error('B1: no ringing calls visible to the agent');
  const pop = await getJson<{ customers: unknown[] }>(agentCookie, `/api/calls/${ids[0]}/pop`);
  say(`  ${ids.length} calls ringing; the first pops ${pop.customers.length} customer(s)`);
  await probe(
    agentCookie,
    ids.slice(0, 2).map((id) => `/api/calls/${id}/pop`),
  );
  const load = await cannon('B1', '', {
    cookie: agentCookie,
    requests: ids.map((id) => ({ path: `/api/calls/${id}/pop` })),
  });
  report({
    scenario: 'B1',
    metric: 'caller-ID pop p99 (GET /api/calls/{id}/pop)',
    value: load.p99,
    unit: 'ms',
    goal: { on: 'value', op: '<', limit: 10 },
  });
  report({
    scenario: 'B1',
    metric: 'caller-ID pop throughput',
    value: load.rps,
    unit: 'req/s',
    baseline: { name: 'bare Fastify req/s', value: baselines.fastifyRps },
    goal: baselines.fastifyRps ? { on: 'ratio', op: '>=', limit: 0.5 } : null,
  });
}

/** B2: a reception record with one repair ticket over HTTP (validation, SLA, routing, audit, outbox). */
async function b2(samples: Samples, agentCookie: string) {
  if (samples.homes.length === 0) throw new Error('B2: no occupied rooms in the company');
  let i = 0;
  const body = () => {
    const home = samples.homes[i++ % samples.homes.length] as Samples['homes'][number];
    return JSON.stringify({
      projectId: home.projectId,
      channel: 'phone',
      customerId: home.customerId,
      roomId: home.roomId,
      content: `压测报修 ${i}：厨房水龙头漏水`,
      tickets: [{ type: 'repair', ...(samples.repairItem ? { catalogueItemId: samples.repairItem } : {}) }],
    });
  };
  // One by hand first: the body is valid and what one create costs alone.
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const response = await fetch(`${base()}/api/receptions`, {
      method: 'POST',
      headers: { cookie: agentCookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: body(),
    });
    if (response.status !== 201)
      throw new Error(`B2: POST /api/receptions ${response.status} ${await response.text()}`);
    say(`  alone: ${(performance.now() - t0).toFixed(1).padStart(7)} ms  POST /api/receptions`);
  }
  const load = await cannon('B2', '/api/receptions', {
    cookie: agentCookie,
    method: 'POST',
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: {
            ...request.headers,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: body(),
        }),
      },
    ],
  });
  report({
    scenario: 'B2',
    metric: 'ticket create throughput (POST /api/receptions)',
    value: load.rps,
    unit: 'req/s',
    baseline: { name: 'raw INSERT tx/s', value: baselines.insertTps },
    goal: baselines.insertTps ? { on: 'ratio', op: '>=', limit: 0.4 } : null,
  });
  report({ scenario: 'B2', metric: 'ticket create p99', value: load.p99, unit: 'ms' });
}

function monthStart(now = new Date()): string {
  // Beijing calendar month (UTC+8, no daylight saving).
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** B3: the scoped ticket list, a page of 20, cycling through filter mixes. */
async function b3(samples: Samples, agentCookie: string) {
  const project = samples.projects[0];
  const mixes = [
    '',
    'state=new&state=dispatched&state=accepted&state=in_progress',
    'type=repair&sort=resolution_due_asc',
    'overdue=true',
    project ? `projectId=${project}&state=resolved` : 'state=resolved',
    `from=${monthStart()}`,
    `q=${encodeURIComponent('漏水')}`,
    'mine=owner',
  ];
  const paths = mixes.map((m) => `/api/tickets?pageSize=20${m ? `&${m}` : ''}`);
  await probe(agentCookie, paths);
  const load = await cannon('B3', '', { cookie: agentCookie, requests: paths.map((path) => ({ path })) });
  report({
    scenario: 'B3',
    metric: `ticket list p99 (${mixes.length} filter mixes)`,
    value: load.p99,
    unit: 'ms',
    goal: { on: 'value', op: '<', limit: 30 },
  });
  report({ scenario: 'B3', metric: 'ticket list throughput', value: load.rps, unit: 'req/s' });
}

/** B4: customer search by name substring, pinyin initials and phone suffix. */
async function b4(samples: Samples, agentCookie: string) {
  const terms = [
    ...samples.names.map((n) => (n.length > 2 ? n.slice(1, 3) : n.slice(0, 1))),
    ...samples.initials.map((i) => i.slice(0, 2)),
    ...samples.phones.map((p) => p.slice(-4)),
  ];
  if (terms.length === 0) throw new Error('B4: no customers to search for');
  const paths = terms.map((t) => `/api/customers?pageSize=20&q=${encodeURIComponent(t)}`);
  await probe(
    agentCookie,
    [paths[0], paths[samples.names.length], paths[paths.length - 1]].filter((p) => p !== undefined),
  );
  const load = await cannon('B4', '', { cookie: agentCookie, requests: paths.map((path) => ({ path })) });
  report({
    scenario: 'B4',
    metric: `customer search p99 (${terms.length} terms)`,
    value: load.p99,
    unit: 'ms',
    goal: { on: 'value', op: '<', limit: 50 },
  });
  report({ scenario: 'B4', metric: 'customer search throughput', value: load.rps, unit: 'req/s' });
}

/**
 * B5: the month's counts for one company as its head sees them on opening the workbench — the
 * overview, the to-do counts and the month's ticket count, fetched together as the page does.
 * One user, one request set at a time: the time of a page, not a throughput.
 */
async function b5(headCookie: string) {
  const paths = ['/api/dashboard/summary', '/api/workbench', `/api/tickets?pageSize=1&from=${monthStart()}`];
  const once = async () => {
    const t0 = performance.now();
    await Promise.all(paths.map((p) => getJson(headCookie, p)));
    return performance.now() - t0;
  };
  for (let i = 0; i < 5; i++) await once();
  const times: number[] = [];
  const end = performance.now() + Math.min(options.duration, 10) * 1000;
  while (performance.now() < end || times.length < 10) times.push(await once());
  report({
    scenario: 'B5',
    metric: `company month counts p95 (${times.length} page loads)`,
    value: percentile(times, 95),
    unit: 'ms',
    goal: { on: 'value', op: '<', limit: 300 },
  });
}

/** The server's peak resident set size in MB since the last `resetPeakRss` (VmHWM, Linux). */
function serverPeakRss(): number | null {
  if (!server?.pid) return null;
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** Starts the peak over from the current RSS (writing 5 to clear_refs resets VmHWM); false where not allowed. */
function resetPeakRss(): boolean {
  if (!server?.pid) return false;
  try {
    writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * The B7 workbook: what another program's export looks like — a title row merged across the
 * columns above the Chinese headers, then one room with its owner per row: new buildings (101…,
 * or above the project's own) of the company's first project, 4 units, 25 floors, 20 rooms a
 * floor (1 000 rooms a building), each owner a person with a valid resident ID number and a
 * mobile, move-in dates as text.
 */
async function writeImportWorkbook(
  path: string,
  count: number,
  projectName: string,
  firstBuilding: number,
): Promise<void> {
  const { personName, mobile } = await import('../db/seeds/scale/people.js');
  const { residentIdCheckChar } = await import('../platform/identity.js');
  const { Rng } = await import('../db/seeds/scale/random.js');
  const rng = new Rng(options.seed * 7919 + 17);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('房间客户');
  const headers = [
    '项目名称',
    '楼栋',
    '单元',
    '楼层',
    '房号',
    '建筑面积',
    '客户姓名',
    '证件号码',
    '手机号码',
    '客户类型',
    '入伙日期',
  ];
  const title = sheet.addRow([`${projectName} 房间与业主清单（压测 ${count} 行）`]);
  sheet.mergeCells(1, 1, 1, headers.length);
  title.commit();
  sheet.addRow(headers).commit();
  // ID numbers unique by construction (a county the generator never uses, the birth day and the
  // sequence from the row's index): random ones collide about once per 4 000 rows at this count,
  // and a number met twice under two names is rightly refused.
  const firstBirth = Date.UTC(1950, 0, 1);
  const idNumber = (i: number) => {
    const birth = new Date(firstBirth + (i % 20_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `650102${birth}${String(Math.floor(i / 20_000)).padStart(3, '0')}`;
    return `${first17}${residentIdCheckChar(first17)}`;
  };
  for (let i = 0; i < count; i++) {
    const building = firstBuilding + Math.floor(i / 1000);
    const unit = 1 + (Math.floor(i / 500) % 2) + 2 * (Math.floor(i / 250) % 2);
    const floor = 1 + (Math.floor(i / 10) % 25);
    const room = `${floor}${String(1 + (i % 10) + 10 * (Math.floor(i / 250) % 2)).padStart(2, '0')}`;
    const name = personName(rng).name;
    const day = 1 + (i % 28);
    sheet
      .addRow([
        projectName,
        `${building}栋`,
        `${unit}单元`,
        floor,
        room,
        Math.round((60 + rng.next() * 90) * 100) / 100,
        name,
        idNumber(i),
        mobile(rng),
        '个人',
        `2024/${1 + (i % 12)}/${day}`,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * B7: an XLSX of `--import-rows` rooms with their owners (100 000 by default) uploaded to
 * `POST /api/imports` as the administrator, polled until the background job is done: seconds from
 * the upload to done (goal < 20 s) and the server's peak RSS meanwhile (goal < 1 GB).
 */
async function b7(samples: Samples, adminCookie: string) {
  if (!samples.projectName) throw new Error('B7: the company has no project');
  const path = join(workDir, 'b7-rooms-customers.xlsx');
  const w0 = performance.now();
  await writeImportWorkbook(path, options.importRows, samples.projectName, samples.firstFreeBuilding);
  const bytes = readFileSync(path);
  say(
    `  workbook: ${options.importRows} rows, ${(bytes.length / 1048576).toFixed(1)} MB, written in ${((performance.now() - w0) / 1000).toFixed(1)} s`,
  );
  const peakReset = resetPeakRss();
  let sampledPeak = serverRss() ?? 0;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, serverRss() ?? 0);
  }, 100);
  try {
    const t0 = performance.now();
    const form = new FormData();
    form.append('type', 'rooms-customers');
    form.append('mode', 'skip-bad-rows');
    form.append(
      'file',
      new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      '房间客户导入-压测.xlsx',
    );
    const response = await fetch(`${base()}/api/imports`, {
      method: 'POST',
      headers: { cookie: adminCookie },
      body: form,
    });
    if (response.status !== 202) throw new Error(`B7: POST /api/imports ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    interface ImportState {
      status: string;
      totalRows: number;
      acceptedRows: number;
      rejectedRows: { row: number; reason: string }[];
      created: number;
      updated: number;
      progress?: number;
      phase?: string | null;
    }
    let state: ImportState | null = null;
    let lastLine = 0;
    // How long the job spends queued, counting, checking and writing (as often as it is polled).
    const phases: { name: string; from: number }[] = [];
    const deadline = Date.now() + 30 * 60_000;
    while (Date.now() < deadline) {
      state = await getJson<ImportState>(adminCookie, `/api/imports/${id}`);
      const phase = state.status === 'running' ? (state.phase ?? 'running') : state.status;
      if (phases.at(-1)?.name !== phase) phases.push({ name: phase, from: performance.now() });
      if (state.status === 'done' || state.status === 'failed') break;
      if (Date.now() - lastLine > 5000) {
        lastLine = Date.now();
        say(`  ${state.status} … ${((performance.now() - t0) / 1000).toFixed(0)} s, RSS ${serverRss() ?? '–'} MB`);
      }
      await sleep(250);
    }
    const seconds = (performance.now() - t0) / 1000;
    if (state?.status !== 'done') throw new Error(`B7: the import ended ${state?.status ?? 'not at all'}`);
    const peak = Math.max(sampledPeak, (peakReset ? serverPeakRss() : null) ?? 0);
    say(
      `  ${state.totalRows} rows: ${state.acceptedRows} accepted, ${state.rejectedRows.length} rejected, ${state.created} created, ${state.updated} updated`,
    );
    for (const r of state.rejectedRows.slice(0, 3)) say(`    row ${r.row}: ${r.reason}`);
    say(
      `  phases: ${phases
        .slice(0, -1)
        .map((p, i) => `${p.name} ${(((phases[i + 1]?.from ?? p.from) - p.from) / 1000).toFixed(1)} s`)
        .join(', ')}`,
    );
    report({
      scenario: 'B7',
      metric: `XLSX import of ${options.importRows} rooms + customers`,
      value: seconds,
      unit: 's',
      goal: { on: 'value', op: '<', limit: (20 * options.importRows) / 100_000 },
    });
    report({
      scenario: 'B7',
      metric: `server peak RSS during the import${peakReset ? '' : ' (sampled every 100 ms)'}`,
      value: peak,
      unit: 'MB',
      goal: { on: 'value', op: '<', limit: 1024 },
    });
    if (state.rejectedRows.length > 0) {
      report({
        scenario: 'B7',
        metric: 'rejected rows',
        value: state.rejectedRows.length,
        unit: 'rows',
        goal: { on: 'value', op: '<', limit: 1 },
      });
    }
  } finally {
    clearInterval(sampler);
  }
}

interface RuntimeStats {
  rssMb: number;
  eventLoopDelay: { lastMinute: { samples: number; p50Ms: number; p99Ms: number; maxMs: number } };
}

/**
 * The load mix (QUALITY 32): 50 connections for `--duration` seconds (at least 30), 80 % reads —
 * ticket lists with filters, ticket detail, customer search, the screen pop, the workbench —
 * and 20 % ticket creates, each worker issuing one request after another. p95 per class
 * (reads < 300 ms, creates < 800 ms), error rate (< 0.1 %), the server's event-loop delay p99
 * over the last minute (< 100 ms, from GET /api/system/runtime) and its RSS before and after.
 */
async function mix(samples: Samples, agentCookie: string, adminCookie: string) {
  if (samples.homes.length === 0) throw new Error('MIX: no occupied rooms in the company');
  const tickets = await getJson<{ data: { id: string }[] }>(agentCookie, '/api/tickets?pageSize=50');
  const calls = await getJson<{ data: { id: string }[] }>(agentCookie, '/api/calls?pageSize=20');
  const project = samples.projects[0];
  const reads: string[] = [
    '/api/tickets?pageSize=20',
    '/api/tickets?pageSize=20&state=new&state=dispatched&state=accepted&state=in_progress',
    '/api/tickets?pageSize=20&overdue=true',
    project ? `/api/tickets?pageSize=20&projectId=${project}` : '/api/tickets?pageSize=20&type=repair',
    '/api/workbench',
    ...tickets.data.slice(0, 10).map((t) => `/api/tickets/${t.id}`),
    ...samples.names.slice(0, 5).map((n) => `/api/customers?pageSize=20&q=${encodeURIComponent(n.slice(0, 2))}`),
    ...samples.phones.slice(0, 5).map((p) => `/api/customers?pageSize=20&q=${p.slice(-4)}`),
    ...calls.data.slice(0, 5).map((c) => `/api/calls/${c.id}/pop`),
  ];
  const startStats = await getJson<RuntimeStats>(adminCookie, '/api/system/runtime');
  const seconds = Math.max(options.duration, 30);
  const latency = { read: [] as number[], create: [] as number[] };
  let errors = 0;
  let total = 0;
  const codes = new Map<string, number>();
  let n = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  // The server's RSS every 10 s; a long run (a soak, QUALITY 33) prints it every 5 minutes with
  // the throughput since the last line, and reports the growth over its second half.
  const rssSamples: { at: number; mb: number }[] = [];
  let lastLine = { at: started, total: 0 };
  const sampler = setInterval(() => {
    const mb = serverRss();
    const at = performance.now();
    if (mb !== null) rssSamples.push({ at: at - started, mb });
    if (seconds >= SOAK_SECONDS && at - lastLine.at >= 300_000) {
      const rate = (total - lastLine.total) / ((at - lastLine.at) / 1000);
      say(
        `  ${Math.round((at - started) / 60_000)} min: RSS ${mb ?? '–'} MB, ${rate.toFixed(1)} req/s, ${errors} failed so far`,
      );
      lastLine = { at, total };
    }
  }, 10_000);
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < end) {
        const i = n++;
        const create = i % 5 === 4;
        const t0 = performance.now();
        let status = 0;
        try {
          if (create) {
            const home = samples.homes[i % samples.homes.length] as Samples['homes'][number];
            const response = await fetch(`${base()}/api/receptions`, {
              method: 'POST',
              headers: { cookie: agentCookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
              body: JSON.stringify({
                projectId: home.projectId,
                channel: 'phone',
                customerId: home.customerId,
                roomId: home.roomId,
                content: `压测混合负载 ${i}：楼道灯不亮`,
                tickets: [{ type: 'repair', ...(samples.repairItem ? { catalogueItemId: samples.repairItem } : {}) }],
              }),
              signal: AbortSignal.timeout(30_000),
            });
            status = response.status;
            await response.arrayBuffer();
          } else {
            const response = await fetch(`${base()}${reads[i % reads.length]}`, {
              headers: { cookie: agentCookie },
              signal: AbortSignal.timeout(30_000),
            });
            status = response.status;
            await response.arrayBuffer();
          }
        } catch (error) {
          status = -1;
          codes.set((error as Error).name, (codes.get((error as Error).name) ?? 0) + 1);
        }
        total++;
        if (status < 200 || status >= 300) {
          errors++;
          if (status > 0) codes.set(String(status), (codes.get(String(status)) ?? 0) + 1);
        }
        (create ? latency.create : latency.read).push(performance.now() - t0);
      }
    }),
  );
  clearInterval(sampler);
  // A fresh login: the administrator's session of the start has been idle the whole run, past
  // the 30-minute idle limit in a soak.
  const endStats = await getJson<RuntimeStats>(await login(samples.admin, samples.password), '/api/system/runtime');
  say(
    `  ${total} requests in ${seconds} s: ${latency.read.length} reads, ${latency.create.length} creates, ${errors} failed` +
      (codes.size ? ` (${[...codes].map(([c, k]) => `${c}×${k}`).join(' ')})` : ''),
  );
  report({
    scenario: 'MIX',
    metric: `reads p95 (${reads.length} paths, ${(latency.read.length / seconds).toFixed(0)} req/s)`,
    value: percentile(latency.read, 95),
    unit: 'ms',
    goal: { on: 'value', op: '<', limit: 300 },
  });
  report({
    scenario: 'MIX',
    metric: `creates p95 (${(latency.create.length / seconds).toFixed(1)} req/s)`,
    value: percentile(latency.create, 95),
    unit: 'ms',
    goal: { on: 'value', op: '<', limit: 800 },
  });
  report({
    scenario: 'MIX',
    metric: `error rate (${errors} of ${total})`,
    value: total ? (100 * errors) / total : 100,
    unit: '%',
    goal: { on: 'value', op: '<', limit: 0.1 },
  });
  report({
    scenario: 'MIX',
    metric: `event-loop delay p99, last minute (max ${endStats.eventLoopDelay.lastMinute.maxMs} ms)`,
    value: endStats.eventLoopDelay.lastMinute.p99Ms,
    unit: 'ms',
    goal: { on: 'value', op: '<', limit: 100 },
  });
  report({
    scenario: 'MIX',
    metric: `server RSS at the end (start ${startStats.rssMb} MB)`,
    value: endStats.rssMb,
    unit: 'MB',
    goal: { on: 'value', op: '<', limit: 1024 },
  });
  if (seconds >= SOAK_SECONDS) {
    // Caches and pools fill in the first half; what the second half adds is growth. Medians of
    // the minute around half time and of the last minute, so one GC cycle does not decide it.
    const around = (from: number, to: number) =>
      percentile(
        rssSamples.filter((r) => r.at >= from && r.at <= to).map((r) => r.mb),
        50,
      );
    const half = around((seconds / 2 - 30) * 1000, (seconds / 2 + 30) * 1000);
    const last = around((seconds - 60) * 1000, seconds * 1000);
    report({
      scenario: 'MIX',
      metric: `RSS growth over the second half (${half} → ${last} MB)`,
      value:
        Number.isFinite(half) && Number.isFinite(last) && half > 0
          ? Math.round((1000 * (last - half)) / half) / 10
          : Number.NaN,
      unit: '%',
      goal: { on: 'value', op: '<', limit: 5 },
    });
  }
}

/** From this length on, a MIX run is a soak: RSS lines every 5 minutes and its growth reported. */
const SOAK_SECONDS = 600;

/**
 * B6 (server stopped, so that its every-minute sweep does not fire our timers): N due SLA timers
 * among non-due ones, `sweepDue` timed in this process; then as many non-due rows again and N
 * new due timers, timed again. Cost following the due rows means a ratio near 1.
 */
async function b6() {
  const database = await openBenchDatabase();
  try {
    const deps = depsFor(database);
    const due = options.due;
    const open = await rows<{ id: string; round: number }>(
      database,
      sql`select id, round from ticket
          where state in ('new', 'dispatched', 'accepted', 'in_progress', 'reopened') and paused_at is null
          order by created_at limit 5000`,
    );
    if (open.length === 0) throw new Error('B6: no open tickets to time');
    // Levels above any ladder and above an earlier run's on the same database (--database).
    const [top] = await rows<{ level: number }>(
      database,
      sql`select coalesce(max(level), 0)::int as level from sla_timer`,
    );
    let level = Math.max(1000, (top?.level ?? 0) + 1);
    // Mostly warnings and overdue marks, every fifth an escalation: what a day's sweeps fire.
    const timerKinds = ['warning', 'due', 'warning', 'due', 'escalation'] as const;
    /**
     * Timers on open tickets. Levels from 1000 on keep each row apart from the real ones under
     * the unique (ticket, round, clock, kind, level); warnings and overdue marks do not read it.
     */
    const insertTimers = async (count: number, fireAt: (k: number) => Date | null, fired: boolean) => {
      let k = 0;
      while (k < count) {
        const batch = [];
        for (const t of open) {
          if (k + batch.length >= count) break;
          batch.push(
            sql`(${t.id}, ${t.round}, 'resolution', ${timerKinds[level % timerKinds.length]}, ${level}, ${fireAt(k + batch.length)}, ${fired ? new Date() : null})`,
          );
        }
        for (let s = 0; s < batch.length; s += 500) {
          await database.db.execute(
            sql`insert into sla_timer (ticket_id, round, clock, kind, level, fire_at, fired_at) values ${sql.join(batch.slice(s, s + 500), sql`, `)}`,
          );
        }
        k += batch.length;
        level++;
      }
    };
    const now = Date.now();
    const past = (k: number) => new Date(now - 60_000 - k);
    const future = (k: number) => new Date(now + 86_400_000 + k);
    // Non-due: half waiting for a future time, half fired long ago (the table's history).
    const padding = Math.max(due * 5, 10_000);
    const pad = async () => {
      await insertTimers(padding / 2, future, false);
      await insertTimers(padding / 2, past, true);
    };
    const tableSize = async () =>
      Number((await rows<{ n: number }>(database, sql`select count(*)::int as n from sla_timer`))[0]?.n ?? 0);
    const timeSweep = async () => {
      const t0 = performance.now();
      const r = await sweepDue(deps, new Date(), { limit: due + 1000 });
      return { seconds: (performance.now() - t0) / 1000, fired: r.fired + r.cancelled };
    };
    await pad();
    await sweepDue(deps, new Date(), { limit: 100_000 }); // whatever the demo left due
    await insertTimers(due, past, false);
    const size1 = await tableSize();
    const first = await timeSweep();
    say(`  ${first.fired} due among ${size1} timer rows: ${first.seconds.toFixed(2)} s`);
    // Twice the non-due rows: as many again, half future, half fired.
    await insertTimers(Math.ceil(size1 / 2), future, false);
    await insertTimers(Math.floor(size1 / 2), past, true);
    await insertTimers(due, past, false);
    const size2 = await tableSize();
    const second = await timeSweep();
    say(`  ${second.fired} due among ${size2} timer rows: ${second.seconds.toFixed(2)} s`);
    const goalSeconds = (5 * due) / 10_000;
    report({
      scenario: 'B6',
      metric: `SLA sweep, ${due} due of ${size1} rows`,
      value: first.seconds,
      unit: 's',
      goal: { on: 'value', op: '<', limit: goalSeconds },
    });
    report({
      scenario: 'B6',
      metric: `SLA sweep, ${due} due of ${size2} rows`,
      value: second.seconds,
      unit: 's',
      baseline: { name: `sweep at ${size1} rows`, value: first.seconds },
      goal: { on: 'value', op: '<', limit: goalSeconds },
    });
  } finally {
    await database.close();
  }
}

// ── the run ────────────────────────────────────────────────────────────────

async function run() {
  say(
    `Linli bench: ${options.scenarios.join(',')} on ${kind}${benchUrl ? ` (database ${benchDbName})` : ''}, scale ${options.scale}, ` +
      `${options.duration} s per scenario after ${options.warmup} s warm-up, ${options.connections} connections`,
  );
  if (options.scale !== 'demo') await loadGenerator();
  await createBenchDatabase();
  const samples = await prepare();
  const http = options.scenarios.filter((s) => s !== 'B6');
  if (http.length > 0) {
    await startServer();
    say(`server pid ${server?.pid} on ${base()}, RSS ${serverRss() ?? '–'} MB`);
    const agent = await login(samples.agent, samples.password);
    const head = await login(samples.head, samples.password);
    const admin = await login(samples.admin, samples.password);
    for (const id of http) {
      if (id === 'B0') await withRss('B0', 'baselines', () => b0());
      if (id === 'B1') await withRss('B1', 'caller-ID lookup (screen pop)', () => b1(samples, agent));
      if (id === 'B2') await withRss('B2', 'ticket create over HTTP', () => b2(samples, agent));
      if (id === 'B3') await withRss('B3', 'scoped ticket list', () => b3(samples, agent));
      if (id === 'B4') await withRss('B4', 'customer search', () => b4(samples, agent));
      if (id === 'B5') await withRss('B5', 'monthly dashboard counts', () => b5(head));
      if (id === 'B7') await withRss('B7', 'XLSX import of rooms and customers', () => b7(samples, admin));
      if (id === 'MIX') await withRss('MIX', 'load mix, 80 % reads / 20 % creates', () => mix(samples, agent, admin));
    }
    await stopServer();
  }
  if (options.scenarios.includes('B6')) {
    await withRss('B6', 'SLA sweep (in this process, server stopped)', () => b6());
  }
  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
    say(`\n结果已写入 / results written to ${options.json}`);
  }
  const missed = results.filter((r) => r.pass === false);
  say(`\n${results.length} results, ${results.filter((r) => r.pass).length} goals met, ${missed.length} missed`);
}

async function cleanUp() {
  await stopServer().catch(() => {});
  await dropBenchDatabase().catch((error: unknown) =>
    process.stderr.write(`could not drop ${benchDbName}: ${(error as Error).message}\n`),
  );
  rmSync(workDir, { recursive: true, force: true });
}

process.on('SIGINT', () => {
  void cleanUp().finally(() => process.exit(130));
});

try {
  await run();
} catch (error) {
  process.stderr.write(
    `\n${error instanceof UsageError ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exitCode = error instanceof UsageError ? 2 : 1;
} finally {
  await cleanUp();
}
