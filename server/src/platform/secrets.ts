import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A stored value the master key does not open: the database (or its backup) was written with
 * another key.
 */
export class DecryptError extends Error {
  constructor() {
    super('the master key does not decrypt this value: the data was encrypted with another key');
  }
}

/**
 * Sensitive fields at rest (QUALITY.md 18): AES-256-GCM for the value and an HMAC-SHA256 keyed
 * hash for exact-match lookup, both derived from one master key.
 */
export class Secrets {
  private readonly encryptionKey: Buffer;
  private readonly hashKey: Buffer;
  /** The telephony link's signing secret when CTI_SECRET is unset (hex of an HKDF-derived key). */
  readonly ctiSecret: string;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'linli field encryption', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'linli lookup hash', 32));
    this.ctiSecret = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'linli cti signature', 32)).toString(
      'hex',
    );
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith('v1:')) throw new Error('unknown ciphertext version');
    const data = Buffer.from(stored.slice(3), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptError();
    }
  }

  /** Same input, same output: for finding a row by an encrypted value without decrypting. */
  hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex');
  }
}

/**
 * The master key comes from SECRET_KEY (base64 of 32 bytes) or, when that is unset, from a key
 * file made at first start (DATA_DIR/secret.key, readable by the owner only). Several instances
 * on one PostgreSQL database must share the same key: set SECRET_KEY for them.
 */
export function loadMasterKey(secretKey: string | undefined, keyFile: string): Buffer {
  if (secretKey) {
    const key = Buffer.from(secretKey, 'base64');
    if (key.length !== 32) throw new Error('SECRET_KEY must be the base64 encoding of 32 bytes');
    return key;
  }
  if (existsSync(keyFile)) return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  mkdirSync(dirname(keyFile), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  return key;
}
