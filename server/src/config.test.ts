import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.database).toBe('pglite');
    expect(config.LOGIN_FAILURES_PER_MINUTE).toBe(6);
    expect(config.LOGIN_FAILURES_PER_HOUR).toBe(30);
    expect(config.COOKIE_SECURE).toBe(false);
    expect(config.dataDir).toBe(resolve(process.cwd(), 'data'));
    expect(config.dbDir).toBe(resolve(process.cwd(), 'data', 'db'));
  });

  it('parses numbers and booleans from strings, ignoring empty values', () => {
    const config = loadConfig({ PORT: '8080', COOKIE_SECURE: 'true', DATA_DIR: '/srv/linli', HOST: '' });
    expect(config.PORT).toBe(8080);
    expect(config.COOKIE_SECURE).toBe(true);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.dbDir).toBe('/srv/linli/db');
  });

  it.each(['abc', '0', '70000', '80.5'])('refuses PORT=%s with a message naming PORT', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: port })).toThrow(/PORT/);
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', COOKIE_SECURE: 'yes' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/LOG_LEVEL/);
      expect(message).toMatch(/COOKIE_SECURE/);
    }
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://linli@db.internal:5432/linli' });
    expect(config.database).toBe('postgresql');
    expect(loadConfig({ DATABASE_URL: 'postgresql://x@y/z' }).database).toBe('postgresql');
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@localhost/linli' })).toThrow(/DATABASE_URL/);
  });

  it('refuses a demo password shorter than eight characters', () => {
    expect(() => loadConfig({ DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
  });

  it('takes a SECRET_KEY of 32 bytes in base64, else keeps the master key in DATA_DIR/secret.key', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    expect(loadConfig({ SECRET_KEY: key }).SECRET_KEY).toBe(key);
    const config = loadConfig({ DATA_DIR: '/srv/linli' });
    expect(config.SECRET_KEY).toBeUndefined();
    expect(config.keyFile).toBe('/srv/linli/secret.key');
  });

  it('refuses a SECRET_KEY that is not 32 bytes, naming SECRET_KEY', () => {
    expect(() => loadConfig({ SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/SECRET_KEY/);
    expect(() => loadConfig({ SECRET_KEY: 'not a key' })).toThrow(/SECRET_KEY/);
  });
});
