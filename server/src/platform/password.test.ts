import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './password.js';

describe('checkPasswordPolicy', () => {
  it('refuses fewer than eight characters under both profiles', () => {
    expect(checkPasswordPolicy('Ab1!xyz', 'default')).toBe('length');
    expect(checkPasswordPolicy('Ab1!xyz', 'dengbao')).toBe('length');
  });

  it('refuses common passwords whatever their case', () => {
    expect(checkPasswordPolicy('12345678', 'default')).toBe('common');
    expect(checkPasswordPolicy('PassWord1', 'default')).toBe('common');
    expect(checkPasswordPolicy('woaini1314', 'dengbao')).toBe('common');
  });

  it('default accepts any eight-character password that is not common', () => {
    expect(checkPasswordPolicy('abcdefgh1', 'default')).toBeNull();
    expect(checkPasswordPolicy('zhangxiaomei', 'default')).toBeNull();
  });

  it('dengbao requires three of four character classes', () => {
    expect(checkPasswordPolicy('abcdefgh1', 'dengbao')).toBe('classes');
    expect(checkPasswordPolicy('abcdefgh!', 'dengbao')).toBe('classes');
    expect(checkPasswordPolicy('Abcdefgh1', 'dengbao')).toBeNull();
    expect(checkPasswordPolicy('abcdefg1!', 'dengbao')).toBeNull();
    expect(checkPasswordPolicy('ABCDEFG1!', 'dengbao')).toBeNull();
  });
});

describe('generatePassword', () => {
  const samples = Array.from({ length: 200 }, generatePassword);

  it('issues twelve characters that pass the stricter policy', () => {
    for (const p of samples) {
      expect(p).toHaveLength(12);
      expect(checkPasswordPolicy(p, 'dengbao')).toBeNull();
    }
  });

  it('avoids look-alike characters', () => {
    for (const p of samples) expect(p).not.toMatch(/[0O1lI]/);
  });

  it('does not repeat itself', () => {
    expect(new Set(samples).size).toBe(samples.length);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('hashes with Argon2id at the OWASP minimum and verifies only the right password', async () => {
    const stored = await hashPassword('Demo@2026!');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'Demo@2026!')).toBe(true);
    expect(await verifyPassword(stored, 'demo@2026!')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same-password')).not.toBe(await hashPassword('same-password'));
  });

  it('answers false, not an exception, for a corrupt stored hash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
  });
});
