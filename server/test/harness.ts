import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect, inject } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { seedDemoTickets } from '../src/db/seeds/demo-tickets.js';
import { auditEntry } from '../src/modules/audit/audit.table.js';
import type { Deps } from '../src/platform/context.js';
import type { ZodApp } from '../src/platform/routes.js';
import {
  DEFAULT_NOW,
  DEMO_PASSWORD,
  openEmpty,
  openFromTemplate,
  seedTestDatabase,
  testConfig,
  testDeps,
} from './template-db.js';

export { DEFAULT_NOW, DEMO_PASSWORD, TEST_MASTER_KEY } from './template-db.js';

/** The time as the server sees it; tests move it instead of waiting. */
export interface TestClock {
  readonly now: Date;
  advance(ms: number): Date;
  set(date: Date | string): Date;
}

export function createClock(start: Date = DEFAULT_NOW): TestClock {
  let current = new Date(start);
  return {
    get now() {
      return new Date(current);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
      return new Date(current);
    },
    set(date) {
      current = new Date(date);
      return new Date(current);
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface TestAppOptions {
  /** Environment-style settings passed to loadConfig (e.g. LOGIN_FAILURES_PER_MINUTE). */
  env?: Record<string, string>;
  now?: Date;
  /** Also seed the service desk's demo tickets (slow: ~25 tickets through the services). */
  demoTickets?: boolean;
}

type InjectArgs = InjectOptions & { cookie?: string };

export interface TestApp {
  app: ZodApp;
  deps: Deps;
  clock: TestClock;
  database: Database;
  /** Logs in through the API and returns the Cookie header value for later requests. */
  login(username: string, password?: string, extra?: InjectOptions): Promise<string>;
  /** app.inject with an optional `cookie` shorthand for the session cookie header. */
  inject(options: InjectArgs): Promise<LightMyRequestResponse>;
  /** The audit entries written while answering this response, in order. */
  auditEntries(response: LightMyRequestResponse): Promise<(typeof auditEntry.$inferSelect)[]>;
  /** Another app instance on the same database and clock, with other settings (closed by close()). */
  buildApp(env: Record<string, string>): Promise<ZodApp>;
  close(): Promise<void>;
}

/** Uploaded files of this test file's apps, removed by close(). */
const filesDir = mkdtempSync(join(tmpdir(), 'linli-test-files-'));

function configFrom(env: Record<string, string> | undefined): Config {
  return testConfig(filesDir, env);
}

/** The Cookie header value carrying the session set by a login or password change. */
export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'linli_session');
  if (!cookie?.value) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `linli_session=${cookie.value}`;
}

/**
 * One seeded database and app per test file (open it in beforeAll): migrations, built-in roles
 * and dictionaries, and the demo organisation with its seven accounts (password DEMO_PASSWORD).
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = createClock(options.now);
  const url = process.env.TEST_DATABASE_URL;
  // The run's seeded database (global-setup.ts) was made at DEFAULT_NOW: a file starting at
  // another time seeds its own.
  const atDefaultTime = clock.now.getTime() === DEFAULT_NOW.getTime();
  const fromTemplate = atDefaultTime ? await openFromTemplate(inject('testTemplate'), url) : null;
  const { database, drop } = fromTemplate ?? (await openEmpty(url));
  const extraApps: ZodApp[] = [];
  try {
    if (!fromTemplate) await seedTestDatabase(database, filesDir, clock.now);
    const config = configFrom(options.env);
    const deps = testDeps(database, config, () => clock.now);
    if (options.demoTickets) await seedDemoTickets(deps);
    const app = await buildApp(deps, { logger: false });
    await app.ready();

    const inject = ({ cookie, headers, ...rest }: InjectArgs) =>
      app.inject({ ...rest, headers: { ...headers, ...(cookie ? { cookie } : {}) } });

    return {
      app,
      deps,
      clock,
      database,
      inject,
      async login(username, password = DEMO_PASSWORD, extra = {}) {
        const response = await app.inject({
          ...extra,
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password },
        });
        if (response.statusCode !== 200) {
          throw new Error(`login as ${username} failed with ${response.statusCode}: ${response.body}`);
        }
        return sessionCookie(response);
      },
      auditEntries(response) {
        const requestId = String(response.headers['x-request-id']);
        return deps.db
          .select()
          .from(auditEntry)
          .where(eq(auditEntry.requestId, requestId))
          .orderBy(asc(auditEntry.seq));
      },
      async buildApp(env) {
        const other = await buildApp({ ...deps, config: configFrom({ ...options.env, ...env }) }, { logger: false });
        await other.ready();
        extraApps.push(other);
        return other;
      },
      async close() {
        for (const other of extraApps) await other.close();
        await app.close();
        await deps.jobs.stop();
        rmSync(filesDir, { recursive: true, force: true });
        await database.close();
        await drop();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    await drop().catch(() => {});
    throw error;
  }
}

/** The JSON body of a response, typed by the caller. */
export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}

// ── answers ────────────────────────────────────────────────────────────────

/** A page of a list endpoint. */
export interface Page<T> {
  data: T[];
  total: number;
  /** Lists counted up to a cap say when there are more. */
  totalCapped?: boolean;
  current: number;
  pageSize: number;
}

/** An application/problem+json answer. */
export interface Problem {
  code: string;
  status: number;
  detail: string;
  errors?: { field: string; in: string; message: string }[];
}

export const hasChinese = /[\u4e00-\u9fff]/;

/** The JSON body of an answer with this status (200 unless told). */
export function ok<T>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(status);
  return json<T>(response);
}

/** A problem+json answer with this status and code. */
export function expectProblem<P extends Problem = Problem>(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): P {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json<P>(response);
  expect({ status: response.statusCode, code: body.code }, response.body.slice(0, 300)).toEqual({ status, code });
  return body;
}

/** The same, its detail in Chinese. */
export function expectChineseProblem<P extends Problem = Problem>(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): P {
  const body = expectProblem<P>(response, status, code);
  expect(body.detail).toMatch(hasChinese);
  return body;
}

/** A 400 naming the given field of the body or query. */
export function expectInvalid(response: LightMyRequestResponse, field: string): Problem {
  const body = expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(body.errors?.map((e) => e.field)).toContain(field);
  return body;
}

/** The first sheet of an Excel download as rows of cell text, header first. */
export async function sheetRows(response: LightMyRequestResponse): Promise<string[][]> {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return rows;
}
