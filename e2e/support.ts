import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const shotsDir = join(root, 'e2e', 'screenshots');
export const DEMO_PASSWORD = 'Demo@2026!';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * With E2E_DATABASE_URL (a PostgreSQL server whose user may create databases), each server gets
 * a new database there with the demo data (`npm run seed -- demo`), dropped when it stops.
 */
async function postgresDatabase(secretKey: string): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = process.env.E2E_DATABASE_URL;
  if (!serverUrl) return null;
  const { default: pg } = await import('pg');
  const name = `linli_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/src/cli/seed.ts'), 'demo'], {
    cwd: root,
    // The server is started with the same master key: it refuses data it cannot decrypt.
    env: { ...process.env, DATABASE_URL: url, SECRET_KEY: secretKey, DEMO_PASSWORD, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding ${name} failed:\n${seeded.stdout}${seeded.stderr}`);
  return {
    url,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Starts `server/src/main.ts` on a data directory and waits until it answers. */
async function launch(dataDir: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      WEB_DIST: join(root, 'web/dist'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * The demo data, seeded once per run: `npm run test:e2e` names a directory in E2E_TEMPLATE_DIR;
 * the first server of the run seeds an embedded database there and stops, and every server
 * after it (this one included) starts on a copy. Seeding is the slow part of a start, and the
 * journeys run one file at a time, so the first file makes it and the others reuse it.
 */
async function templateCopy(dataDir: string): Promise<boolean> {
  const template = process.env.E2E_TEMPLATE_DIR;
  if (!template) return false;
  const ready = join(template, 'seeded');
  if (!existsSync(ready)) {
    rmSync(template, { recursive: true, force: true });
    mkdirSync(template, { recursive: true });
    const { child } = await launch(template, {});
    await stopChild(child);
    if (child.exitCode !== 0)
      throw new Error(`seeding the journeys' template database failed (exit ${child.exitCode})`);
    writeFileSync(ready, new Date().toISOString());
  }
  cpSync(template, dataDir, { recursive: true, filter: (src) => src !== ready && !src.endsWith('linli.pid') });
  return true;
}

/**
 * Starts the product as `npm start` would, on a fresh embedded database with demo data (or a
 * fresh PostgreSQL database with it, when E2E_DATABASE_URL is set).
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-e2e-'));
  const secretKey = randomBytes(32).toString('base64');
  const postgres = await postgresDatabase(secretKey);
  if (!postgres) await templateCopy(dataDir);
  const { url, child } = await launch(dataDir, {
    ...(postgres ? { DATABASE_URL: postgres.url, SECRET_KEY: secretKey } : {}),
    ...env,
  });
  return {
    url,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
      await postgres?.drop();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPage(browser: Browser, locale = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale,
    timezoneId: 'Asia/Shanghai',
    // The app turns antd's animations off for people who ask for less motion: the journeys do
    // too, so a click never lands on a menu or dropdown still sliding into place.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: false });
}

export async function login(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

export async function logout(page: Page): Promise<void> {
  // The user menu opens on hover with an animation: click its item once it is there and still.
  // A hover that lands while a closing modal still fades may open the menu and lose it again:
  // try the menu a few times before calling it a failure.
  const item = page.getByRole('menuitem', { name: /退出登录/ });
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await page.getByTestId('current-user').hover();
      await item.waitFor({ state: 'visible', timeout: 5_000 });
      await item.click({ timeout: 5_000 });
      await page.waitForURL(/\/login/, { timeout: 5_000 });
      return;
    } catch {
      if (/\/login/.test(page.url())) return;
      await page.mouse.move(0, 0);
    }
  }
  try {
    await page.waitForURL(/\/login/);
  } catch (error) {
    await screenshot(page, 'logout-failed');
    throw error;
  }
}

/**
 * One server (fresh embedded database) and one browser for a spec file, started before its
 * tests and stopped after them.
 */
export function serverAndBrowser(env: Record<string, string> = {}): { server(): RunningServer; browser(): Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startServer(env);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    server: () => server as RunningServer,
    browser: () => browser as Browser,
  };
}
