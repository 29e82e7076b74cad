// Shared pieces of the process-level reliability checks (run.ts): the databases of a run, real
// server processes, HTTP and SSE clients, and a TCP proxy that can cut the database away.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const serverDir = fileURLToPath(new URL('..', import.meta.url));
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const say = (line: string) => process.stdout.write(`${line}\n`);

/** A failed assertion of a check (its message is the check's failure line). */
export class CheckFailure extends Error {}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** What every check gets: where to make databases, the run's secrets, its ports. */
export interface RunContext {
  adminUrl: string;
  /** A new database copied from the run's seeded template; dropped at the end of the run. */
  createDatabase(label: string): Promise<string>;
  secretKey: string;
  ctiSecret: string;
  password: string;
  dataDir: string;
  options: Record<string, string>;
}

/** A pg pool for a check's own queries (straight to the database, never through a proxy). */
export function openPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', () => {});
  return pool;
}

export async function scalar<T = number>(pool: pg.Pool, text: string, params: unknown[] = []): Promise<T> {
  const result = await pool.query(text, params);
  const row = result.rows[0] as Record<string, unknown> | undefined;
  const [name, value] = row ? (Object.entries(row)[0] ?? []) : [];
  // count(*) arrives as a string (bigint).
  return (name === 'count' && typeof value === 'string' ? Number(value) : value) as T;
}

// ── server processes ───────────────────────────────────────────────────────

export interface ServerOptions {
  port: number;
  databaseUrl: string;
  ctx: RunContext;
  env?: Record<string, string>;
}

/** `node --import tsx src/main.ts` on one port and database, started, killed and started again. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  private output = '';
  starts = 0;
  lastStartMs = 0;

  constructor(readonly options: ServerOptions) {
    ServerProcess.all.add(this);
  }

  /** Every server of the run, so that the runner can kill what a failed check left. */
  static readonly all = new Set<ServerProcess>();

  get base(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get log(): string {
    return this.output.slice(-4000);
  }

  /** Spawns the server and waits until GET /api/health answers 200 (at most `timeoutMs`). */
  async start(timeoutMs = 60_000): Promise<number> {
    if (this.alive) throw new Error(`server on ${this.options.port} is already running`);
    const started = Date.now();
    const { ctx } = this.options;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: {
        ...process.env,
        PORT: String(this.options.port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.options.databaseUrl,
        DATA_DIR: ctx.dataDir,
        SECRET_KEY: ctx.secretKey,
        CTI_SECRET: ctx.ctiSecret,
        DEMO_PASSWORD: ctx.password,
        LOG_LEVEL: 'warn',
        LOGIN_FAILURES_PER_MINUTE: '1000',
        LOGIN_FAILURES_PER_HOUR: '10000',
        CTI_EVENTS_PER_MINUTE: '100000',
        WEB_DIST: '',
        NODE_ENV: 'production',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = started + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server on ${this.options.port} exited (${child.exitCode ?? child.signalCode}):\n${this.log}`);
      }
      try {
        const response = await fetch(`${this.base}/api/health`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.ok) {
          this.lastStartMs = Date.now() - started;
          return this.lastStartMs;
        }
      } catch {
        // not listening yet
      }
      await sleep(40);
    }
    throw new Error(`server on ${this.options.port} did not answer /api/health within ${timeoutMs} ms:\n${this.log}`);
  }

  /** SIGKILL, waiting until the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (the graceful shutdown), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

// ── HTTP ───────────────────────────────────────────────────────────────────

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
  ms: number;
}

/** One request; throws on a network error or after `timeoutMs` (an AbortError). */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text, ms: Date.now() - started };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const answer = await call(base, 'POST', '/api/auth/login', { body: { username, password } });
  assert(answer.status === 200, `login ${username}: ${answer.status} ${answer.text.slice(0, 200)}`);
  const cookies = answer.headers.getSetCookie().map((c) => c.split(';')[0]);
  return cookies.join('; ');
}

/** A reception with one repair ticket in 邻里花园 (SH-LLHY), as the agent kefu may create it. */
export async function receptionBody(pool: pg.Pool, content: string) {
  const projectId = await projectIdOf(pool, 'SH-LLHY');
  return { projectId, channel: 'phone', content, tickets: [{ type: 'repair', dispatch: { mode: 'none' } }] };
}

const projectIds = new Map<string, string>();
export async function projectIdOf(pool: pg.Pool, code: string): Promise<string> {
  const known = projectIds.get(code);
  if (known) return known;
  const id = await scalar<string>(pool, 'select id from project where code = $1', [code]);
  assert(id, `project ${code} missing`);
  projectIds.set(code, id);
  return id;
}

// ── Server-Sent Events ─────────────────────────────────────────────────────

export interface SseEvent {
  event: string;
  data: unknown;
  at: number;
}

/** A GET /api/events stream, collecting its events. */
export class SseClient {
  readonly events: SseEvent[] = [];
  private request: http.ClientRequest | undefined;
  private waiters: (() => void)[] = [];

  static async open(base: string, cookie: string): Promise<SseClient> {
    const client = new SseClient();
    await client.connect(base, cookie);
    return client;
  }

  private connect(base: string, cookie: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = http.get(`${base}/api/events`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new CheckFailure(`GET /api/events: ${res.statusCode}`));
          res.resume();
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            this.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
          if (buffer === '' || chunk.includes(': connected')) resolve();
        });
        res.on('error', () => {});
      });
      request.on('error', reject);
      this.request = request;
    });
  }

  private parse(block: string) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trim());
    }
    if (data.length === 0) return;
    let parsed: unknown = data.join('\n');
    try {
      parsed = JSON.parse(parsed as string);
    } catch {
      // keep the text
    }
    this.events.push({ event, data: parsed, at: Date.now() });
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The first event (already received or arriving within `timeoutMs`) that matches; null if none. */
  async waitFor(match: (e: SseEvent) => boolean, timeoutMs: number): Promise<SseEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request?.destroy();
  }
}

// ── a TCP proxy that can cut the database away ─────────────────────────────

/**
 * Forwards 127.0.0.1:`port` to `target`. `down()` destroys every open connection and stops
 * listening, so new connections are refused; `up()` listens again.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  connections = 0;

  constructor(
    readonly port: number,
    readonly target: { host: string; port: number },
  ) {}

  async up(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      this.connections++;
      const upstream = net.connect(this.target.port, this.target.host);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', close);
      upstream.on('error', close);
      client.on('close', close);
      upstream.on('close', close);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function randomSecret(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
