import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkResidentId,
  checkUscc,
  normaliseIdNumber,
  residentIdBirthDate,
  residentIdCheckChar,
  residentIdGender,
  usccCheckChar,
} from './identity';

const today = new Date('2026-06-01T00:00:00Z');

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the worked example of the standard', () => {
    // GB 11643-1999 appendix: 11010519491231002X
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(checkResidentId('11010519491231002X', today)).toBeNull();
  });

  it('names what is wrong', () => {
    expect(checkResidentId('1101051949123100', today)).toBe('format');
    expect(checkResidentId('99010519491231002X', today)).toBe('region');
    expect(checkResidentId('110105194902300021', today)).toBe('birth_date');
    expect(checkResidentId('110105203001010011', today)).toBe('birth_date');
    expect(checkResidentId('110105194912310021', today)).toBe('check_digit');
  });

  it('reads the birth date and gender', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(residentIdGender('11010519491231002X')).toBe('female');
    expect(residentIdGender('110105194912310010')).toBe('male');
  });

  it('normalises what agents type', () => {
    expect(normaliseIdNumber(' 110105 1949 1231 002x ')).toBe('11010519491231002X');
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('checks the check character', () => {
    const first17 = '91310115MA1K3A8B2';
    const code = first17 + usccCheckChar(first17);
    expect(checkUscc(code)).toBeNull();
    const wrong = first17 + (code.endsWith('0') ? '1' : '0');
    expect(checkUscc(wrong)).toBe('check_digit');
    expect(checkUscc('91310115MA1K3A8')).toBe('format');
  });

  it('leaves permits and passports to the server', () => {
    expect(checkIdNumber('passport', 'E12345678', today)).toBeNull();
  });
});
