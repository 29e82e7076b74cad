import { describe, expect, it } from 'vitest';
import { maskBankAccount, maskEmail, maskIdNumber, maskMobile, maskPersonal } from './mask.js';

describe('maskMobile', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('138-1234-5678')).toBe('138****5678');
  });

  it('hides short values entirely', () => {
    expect(maskMobile('12345')).toBe('****');
  });
});

describe('maskIdNumber', () => {
  it('keeps the first six and last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('hides short values entirely', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
  });
});

describe('maskBankAccount', () => {
  it('keeps the first four and last four digits, however the number was typed', () => {
    expect(maskBankAccount('6222021001123456789')).toBe('6222 **** **** 6789');
    expect(maskBankAccount('6222 0210 0112 3456 789')).toBe('6222 **** **** 6789');
    expect(maskBankAccount('31050161393600000123')).toBe('3105 **** **** 0123');
  });

  it('gives the same result when applied to its own output, and hides short values entirely', () => {
    expect(maskBankAccount(maskBankAccount('6222021001123456789'))).toBe('6222 **** **** 6789');
    expect(maskBankAccount('1234567')).toBe('****');
  });
});

describe('maskEmail', () => {
  it('keeps the first letter and the domain', () => {
    expect(maskEmail('zhou.min@linli.cn')).toBe('z***@linli.cn');
  });
});

describe('maskPersonal', () => {
  it('masks personal fields at any depth and drops secrets', () => {
    const input = {
      name: '周敏',
      mobile: '13916620001',
      passwordHash: '$argon2id$secret',
      nested: { phone: '02158881200', idNumber: '11010519491231002X', token: 'abc', email: 'a@b.cn' },
      list: [{ callerPhone: '13700000000', password: 'x', newPassword: 'y', currentPassword: 'z' }],
      account: { accountNumber: '6222021001123456789', bankAccount: '6228480012345678' },
    };
    expect(maskPersonal(input)).toEqual({
      name: '周敏',
      mobile: '139****0001',
      nested: { phone: '021****1200', idNumber: '110105********002X', email: 'a***@b.cn' },
      list: [{ callerPhone: '137****0000' }],
      account: { accountNumber: '6222 **** **** 6789', bankAccount: '6228 **** **** 5678' },
    });
    expect(JSON.stringify(maskPersonal(input))).not.toContain('argon2');
  });

  it('turns dates into ISO strings and keeps empty or missing personal fields as they are', () => {
    const at = new Date('2026-11-24T06:30:00.000Z');
    expect(maskPersonal({ at, mobile: '', phone: null, email: undefined })).toEqual({
      at: '2026-11-24T06:30:00.000Z',
      mobile: '',
      phone: null,
      email: null,
    });
  });

  it('does not modify its input', () => {
    const input = { mobile: '13916620001' };
    maskPersonal(input);
    expect(input.mobile).toBe('13916620001');
  });
});
