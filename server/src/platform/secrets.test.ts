import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMasterKey, Secrets } from './secrets.js';

const key = Buffer.alloc(32, 7);
const secrets = new Secrets(key);
const idNumber = '11010519491231002X';

/** The stored form with one byte of its decoded payload flipped at `index`. */
function flip(stored: string, index: number): string {
  const data = Buffer.from(stored.slice(3), 'base64');
  data[index] = (data[index] as number) ^ 0x01;
  return `v1:${data.toString('base64')}`;
}

describe('Secrets: encryption (AES-256-GCM)', () => {
  it('decrypts what it encrypted, including Chinese text and the empty string', () => {
    for (const plain of [idNumber, '上海市浦东新区锦绣路 1888 弄', '']) {
      expect(secrets.decrypt(secrets.encrypt(plain))).toBe(plain);
    }
  });

  it('stores a versioned value that does not contain the plain text', () => {
    const stored = secrets.encrypt(idNumber);
    expect(stored).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(idNumber);
    expect(stored).not.toContain(idNumber.slice(-6));
    // 12-byte IV, 16-byte tag, then as many bytes as the UTF-8 plain text.
    expect(Buffer.from(stored.slice(3), 'base64')).toHaveLength(12 + 16 + idNumber.length);
  });

  it('uses a random IV: the same value encrypts differently each time', () => {
    const a = secrets.encrypt(idNumber);
    const b = secrets.encrypt(idNumber);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64').subarray(0, 12)).not.toEqual(
      Buffer.from(b.slice(3), 'base64').subarray(0, 12),
    );
    expect(secrets.decrypt(a)).toBe(idNumber);
    expect(secrets.decrypt(b)).toBe(idNumber);
  });

  it('refuses a tampered ciphertext, IV or tag', () => {
    const stored = secrets.encrypt(idNumber);
    expect(() => secrets.decrypt(flip(stored, 30))).toThrow();
    expect(() => secrets.decrypt(flip(stored, 0))).toThrow();
    expect(() => secrets.decrypt(flip(stored, 15))).toThrow();
    const data = Buffer.from(stored.slice(3), 'base64');
    expect(() => secrets.decrypt(`v1:${data.subarray(0, data.length - 1).toString('base64')}`)).toThrow();
  });

  it('refuses a value encrypted under another master key', () => {
    const other = new Secrets(Buffer.alloc(32, 8));
    expect(() => other.decrypt(secrets.encrypt(idNumber))).toThrow();
  });

  it('refuses an unknown version', () => {
    const stored = secrets.encrypt(idNumber);
    expect(() => secrets.decrypt(stored.replace(/^v1:/, 'v2:'))).toThrow(/version/);
    expect(() => secrets.decrypt(idNumber)).toThrow(/version/);
  });

  it('needs a master key of exactly 32 bytes', () => {
    expect(() => new Secrets(Buffer.alloc(31))).toThrow(/32 bytes/);
    expect(() => new Secrets(Buffer.alloc(33))).toThrow(/32 bytes/);
  });
});

describe('Secrets: keyed hash (HMAC-SHA256)', () => {
  it('is stable: the same value always hashes the same, also in another instance with the same key', () => {
    expect(secrets.hash(idNumber)).toBe(secrets.hash(idNumber));
    expect(new Secrets(Buffer.from(key)).hash(idNumber)).toBe(secrets.hash(idNumber));
    expect(secrets.hash(idNumber)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells different values apart', () => {
    expect(secrets.hash(idNumber)).not.toBe(secrets.hash('110105194912310021'));
    expect(secrets.hash('002X')).not.toBe(secrets.hash('002x'));
  });

  it('depends on the master key, so it cannot be looked up without it', () => {
    expect(new Secrets(Buffer.alloc(32, 8)).hash(idNumber)).not.toBe(secrets.hash(idNumber));
  });
});

describe('loadMasterKey', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linli-key-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a key file readable by its owner only on first start, then reuses it', () => {
    const file = join(dir, 'data', 'secret.key');
    const first = loadMasterKey(undefined, file);
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const content = readFileSync(file, 'utf8');
    expect(Buffer.from(content.trim(), 'base64')).toEqual(first);

    const second = loadMasterKey(undefined, file);
    expect(second).toEqual(first);
    expect(readFileSync(file, 'utf8')).toBe(content);
    // Data encrypted before a restart still decrypts after it.
    expect(new Secrets(second).decrypt(new Secrets(first).encrypt(idNumber))).toBe(idNumber);
  });

  it('makes a different key for another data directory', () => {
    const a = loadMasterKey(undefined, join(dir, 'a', 'secret.key'));
    const b = loadMasterKey(undefined, join(dir, 'b', 'secret.key'));
    expect(a).not.toEqual(b);
  });

  it('prefers SECRET_KEY and then writes no file', () => {
    const file = join(dir, 'secret.key');
    const configured = Buffer.alloc(32, 3);
    expect(loadMasterKey(configured.toString('base64'), file)).toEqual(configured);
    expect(() => statSync(file)).toThrow();
  });

  it('refuses a SECRET_KEY of the wrong length', () => {
    const file = join(dir, 'secret.key');
    expect(() => loadMasterKey(Buffer.alloc(16).toString('base64'), file)).toThrow(/SECRET_KEY/);
    expect(() => loadMasterKey(Buffer.alloc(33).toString('base64'), file)).toThrow(/SECRET_KEY/);
    expect(() => statSync(file)).toThrow();
  });
});
