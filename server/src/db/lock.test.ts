import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock.js';

const lockModule = fileURLToPath(new URL('./lock.ts', import.meta.url));

/** A second server process that takes the lock on `dir` and holds it until killed. */
function holdLockInChild(dir: string): Promise<ChildProcess> {
  const code = `const { lockDataDir } = await import(${JSON.stringify(lockModule)});
lockDataDir(${JSON.stringify(dir)});
process.stdout.write('locked\\n');
setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}: ${stderr}`)));
  });
}

describe('lockDataDir', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linli-lock-'));
  });

  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a pid file and removes it on unlock', () => {
    const unlock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'linli.pid'), 'utf8')).toBe(String(process.pid));
    unlock();
    expect(existsSync(join(dir, 'linli.pid'))).toBe(false);
  });

  it('creates a missing data directory', () => {
    const nested = join(dir, 'a', 'b');
    const unlock = lockDataDir(nested);
    expect(existsSync(join(nested, 'linli.pid'))).toBe(true);
    unlock();
  });

  it('refuses a directory locked by another running process, naming it', async () => {
    child = await holdLockInChild(dir);
    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).pid).toBe(child.pid);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(String(child.pid));
    // The holder's pid file is left alone.
    expect(readFileSync(join(dir, 'linli.pid'), 'utf8')).toBe(String(child.pid));
  });

  it('takes over the lock once the holder has died', async () => {
    child = await holdLockInChild(dir);
    const exited = new Promise((resolve) => child?.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const unlock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'linli.pid'), 'utf8')).toBe(String(process.pid));
    unlock();
  });

  it('takes over a stale pid file left by a process that no longer exists', () => {
    writeFileSync(join(dir, 'linli.pid'), '2147483646');
    const unlock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'linli.pid'), 'utf8')).toBe(String(process.pid));
    unlock();
  });

  it('takes over an unreadable pid file', () => {
    writeFileSync(join(dir, 'linli.pid'), 'garbage');
    const unlock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'linli.pid'), 'utf8')).toBe(String(process.pid));
    unlock();
  });
});
