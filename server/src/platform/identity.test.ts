import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkResidentId,
  checkUscc,
  idProblemMessages,
  normaliseIdNumber,
  readIdentity,
  residentIdBirthDate,
  residentIdCheckChar,
  usccCheckChar,
} from './identity.js';

/** The day the tests treat as today (Beijing morning of 2026-11-24). */
const today = new Date('2026-11-24T01:30:00.000Z');

/** A resident ID number with the right check digit for its first 17 characters. */
const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

describe('resident ID numbers (GB 11643)', () => {
  it.each([
    ['11010519491231002X', 'Beijing, check digit X'],
    ['310115199003071239', 'Shanghai Pudong'],
    ['440300198001010011', 'Shenzhen'],
    [withCheck('33010620000229004'), 'born on a leap day'],
    [withCheck('31011519000101001'), 'born on the first day allowed'],
    [withCheck('31011520261124001'), 'born today'],
  ])('accepts %s (%s)', (id) => {
    expect(checkResidentId(id, today)).toBeNull();
    expect(checkIdNumber('resident_id', id, today)).toBeNull();
  });

  it('computes the check character, including X for a remainder of 2', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('31011519900307123')).toBe('9');
  });

  it('reads the date of birth', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(residentIdBirthDate(withCheck('31011519900230123'))).toBeNull();
  });

  it('normalises a lowercase x, spaces and hyphens before checking', () => {
    expect(normaliseIdNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(normaliseIdNumber(' 110105 1949-1231 002x ')).toBe('11010519491231002X');
    expect(checkResidentId(normaliseIdNumber('11010519491231002x'), today)).toBeNull();
    // Unnormalised, a lowercase x is not the check character.
    expect(checkResidentId('11010519491231002x', today)).toBe('format');
  });

  it('refuses a wrong check digit', () => {
    expect(checkResidentId('110105194912310021', today)).toBe('check_digit');
    expect(checkResidentId('310115199003071238', today)).toBe('check_digit');
  });

  it.each([
    ['31011519900230123', 'February 30th'],
    ['31011519900431123', 'April 31st'],
    ['31011519000229123', 'February 29th of 1900, not a leap year'],
    ['31011519901301123', 'month 13'],
    ['31011519900100123', 'day 0'],
    ['31011518991231123', 'before 1900'],
    ['31011520261125123', 'tomorrow'],
    ['31011520300101123', 'a future year'],
  ])('refuses the impossible birth date in %s (%s), even with a right check digit', (first17) => {
    expect(checkResidentId(withCheck(first17), today)).toBe('birth_date');
  });

  it('counts calendar days in Beijing: just after midnight there, today is already the next day', () => {
    const justAfterMidnight = new Date('2026-11-24T00:30:00+08:00');
    expect(checkResidentId(withCheck('31011520261124001'), justAfterMidnight)).toBeNull();
    expect(checkResidentId(withCheck('31011520261125001'), justAfterMidnight)).toBe('birth_date');
    const justBeforeMidnight = new Date('2026-11-23T23:30:00+08:00');
    expect(checkResidentId(withCheck('31011520261124001'), justBeforeMidnight)).toBe('birth_date');
  });

  it('refuses an unknown region', () => {
    expect(checkResidentId(withCheck('99010519491231002'), today)).toBe('region');
    expect(checkResidentId(withCheck('00010519491231002'), today)).toBe('region');
  });

  it.each([
    ['1101051949123100', 'too short'],
    ['11010519491231002X1', 'too long'],
    ['11010519491231X02X', 'X in the middle'],
    ['11010519491231002Y', 'another letter'],
    ['', 'empty'],
  ])('refuses %s (%s) as a format problem', (id) => {
    expect(checkResidentId(id, today)).toBe('format');
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts the commonly cited example, whose check character is verified here', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(checkUscc('91350100M000100Y43')).toBeNull();
    expect(checkIdNumber('uscc', '91350100M000100Y43', today)).toBeNull();
  });

  it('accepts a code built with its check character', () => {
    const first17 = '91310115MA1234567';
    const code = first17 + usccCheckChar(first17);
    expect(checkUscc(code)).toBeNull();
  });

  it('refuses a wrong check character', () => {
    expect(checkUscc('91350100M000100Y44')).toBe('check_digit');
    expect(checkUscc('91350100M000100Y4A')).toBe('check_digit');
  });

  it.each([
    ['91350100M000100Y4', 'too short'],
    ['91350100M000100Y433', 'too long'],
    ['91350100I000100Y43', 'the letter I, never used'],
    ['91350100O000100Y43', 'the letter O, never used'],
    ['91350100S000100Y43', 'the letter S, never used'],
    ['91350100m000100y43', 'lower case'],
    ['91A50100M000100Y43', 'a letter in the region code (characters 3 to 8)'],
  ])('refuses %s (%s) as a format problem', (code) => {
    expect(checkUscc(code)).toBe('format');
  });

  it('is upper-cased by normaliseIdNumber, so lower case typed by an agent passes after it', () => {
    expect(checkUscc(normaliseIdNumber('91350100m000100y43'))).toBeNull();
  });
});

describe('travel permits and passports', () => {
  it.each([
    ['hk_macao_permit', 'H12345678'],
    ['hk_macao_permit', 'M1234567890'],
    ['taiwan_permit', '12345678'],
    ['taiwan_permit', '1234567890'],
    ['passport', 'E12345678'],
    ['passport', 'G1234567'],
    ['passport', 'X1234'],
  ] as const)('accepts %s %s', (type, value) => {
    expect(checkIdNumber(type, value, today)).toBeNull();
  });

  it.each([
    ['hk_macao_permit', 'C12345678', 'a prefix other than H or M'],
    ['hk_macao_permit', 'H1234567', 'seven digits'],
    ['hk_macao_permit', 'H123456789', 'nine digits'],
    ['taiwan_permit', '123456789', 'nine digits'],
    ['taiwan_permit', 'T12345678', 'a letter'],
    ['passport', 'E123', 'too short'],
    ['passport', 'E123456789012345678', 'too long'],
    ['passport', 'E1234567#', 'a symbol'],
  ] as const)('refuses %s %s (%s)', (type, value, _why) => {
    expect(checkIdNumber(type, value, today)).toBe('format');
  });
});

describe('messages', () => {
  it('has a Chinese and an English message for every problem', () => {
    for (const problem of ['format', 'region', 'birth_date', 'check_digit'] as const) {
      expect(idProblemMessages[problem]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(idProblemMessages[problem]['en-US']).toMatch(/^[A-Z]/);
    }
  });
});

describe("a customer's identity", () => {
  const id = withCheck('11010519491231002');
  const code = `91310115MA1000001${usccCheckChar('91310115MA1000001')}`;

  it('has no type without a number, and reads a number without a type by the kind of customer', () => {
    expect(readIdentity('person', 'passport', null, today)).toEqual({ idType: null, problem: null });
    expect(readIdentity('person', null, id, today)).toEqual({ idType: 'resident_id', problem: null });
    expect(readIdentity('organisation', null, code, today)).toEqual({ idType: 'uscc', problem: null });
  });

  it('refuses a social credit code for a person, and a number that does not fit its type', () => {
    expect(readIdentity('person', 'uscc', code, today).problem).toEqual({ field: 'idType' });
    expect(readIdentity('organisation', null, id, today)).toMatchObject({
      idType: 'uscc',
      problem: { field: 'idNumber' },
    });
    expect(readIdentity('person', null, `${id.slice(0, 17)}0`, today).problem?.field).toBe('idNumber');
  });
});
