import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskMobile, maskPersonal } from './mask.js';

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
    };
    expect(maskPersonal(input)).toEqual({
      name: '周敏',
      mobile: '139****0001',
      nested: { phone: '021****1200', idNumber: '110105********002X', email: 'a***@b.cn' },
      list: [{ callerPhone: '137****0000' }],
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
