import { describe, expect, it } from 'vitest';
import { mobileField, normaliseCallNumber, normaliseMobile } from './phone.js';

describe('normaliseMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['(138) 0013-8000', '13800138000'],
    ['１３８', null],
    ['19912345678', '19912345678'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseMobile(input)).toBe(expected);
  });

  it.each([
    ['138001380001', 'twelve digits'],
    ['1380013800', 'ten digits'],
    ['23800138000', 'starts with 2'],
    ['12800138000', 'second digit 2'],
    ['010-88886666', 'a landline'],
    ['+1 415 555 0100', 'a foreign number'],
    ['1380013800a', 'a letter'],
    ['', 'empty'],
  ])('rejects %s (%s)', (input) => {
    expect(normaliseMobile(input)).toBeNull();
  });
});

describe('mobileField', () => {
  it('normalises what it accepts', () => {
    expect(mobileField.parse(' +86 139-1662-0001 ')).toBe('13916620001');
  });

  it('refuses with the mobile_invalid message key', () => {
    const result = mobileField.safeParse('23800138000');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('mobile_invalid');
  });
});

describe('normaliseCallNumber', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['021-5888-1200', '02158881200'],
    ['(021) 58881200', '02158881200'],
    ['+86 21 5888 1200', '02158881200'],
    ['0086-571-8766-5500', '057187665500'],
    ['400-820-0000', '4008200000'],
    ['95598', '95598'],
    ['8001', '8001'],
    ['+852 9123 4567', '+85291234567'],
    ['anonymous', 'anonymous'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseCallNumber(input).number).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['138-0013-800', 'mobile_length'],
    ['1380013800012', 'mobile_length'],
    ['021-588', 'landline_length'],
    ['13800l38000', 'characters'],
    ['+86 12', 'length'],
    ['12', 'length'],
    ['+1', 'international'],
  ])('rejects %s (%s)', (input, problem) => {
    expect(normaliseCallNumber(input).problem).toBe(problem);
  });
});
